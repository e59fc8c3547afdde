"""The problems of ``innopub check`` in the forms the hostings read, so that editors see them in their requests.

- ``github``: workflow commands (``::error file=…,line=…,title=…::…``), escaped exactly as the Actions
  toolkit escapes them (``@actions/core``, ``lib/command.js``: ``escapeData`` and ``escapeProperty``), so
  that each problem is an annotation on its line of the pull request; GitHub shows 10 errors and
  10 warnings per step, so past that a notice says so and the whole list is in the job summary
  (``$GITHUB_STEP_SUMMARY``, Markdown, in Russian), written whenever the runner gives its file.
  Gitea and Forgejo Actions run the same workflows and read the same commands.
- ``gitlab``: GitLab's Code Quality report (a JSON array of ``description``, ``check_name``,
  ``fingerprint``, ``severity``, ``location.path``, ``location.lines.begin``), shown in the merge request.

Paths are relative to the repository's root (the folder that holds ``.git``), wherever the check is
run from, since that is what both hostings match against the files of the request. Nothing here
knows the site engine: it takes :class:`~generator.common.problems.Problems` and returns text.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import quote

from generator.common import atomic, failure, safeout
from generator.common.problems import InnopubError, Level, Problem, one_line, shown
from generator.common.russian import count_of

FORMATS = ("text", "github", "gitlab")
# GitHub shows at most this many annotations of each kind (error, warning, notice) per step
# (actions/toolkit, docs/problem-matchers.md «Limitations»); the rest are dropped silently.
GITHUB_ANNOTATIONS_PER_STEP = 10
# A step summary larger than 1 MiB is refused whole («supports content up to a size of 1024k»).
GITHUB_SUMMARY_BYTES = 1024 * 1024
_SUMMARY_RESERVE = 8 * 1024  # the heading, the counts and the closing line
GITLAB_SEVERITY = {Level.ERROR: "major", Level.WARNING: "minor"}
GITLAB_CHECK = {Level.ERROR: "innopub.error", Level.WARNING: "innopub.warning"}
_TITLE = {Level.ERROR: "innopub: ошибка в материале", Level.WARNING: "innopub: предупреждение"}
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation mark may be escaped (CommonMark 2.4)


def repository_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``.git`` (a folder, or a file in a worktree)."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def rebase(problems: Iterable[Problem], cwd: Path, root: Path) -> list[Problem]:
    """The problems with paths relative to ``root`` instead of ``cwd`` (``/``-separated), sorted."""
    rebased = []
    for p in problems:
        path = os.path.relpath(os.path.normpath(cwd / p.path), root).replace(os.sep, "/")
        rebased.append(Problem(path, p.line, p.message, p.level))
    return sorted(rebased)


def escape_data(text: str) -> str:
    """``escapeData`` of ``@actions/core``: the message of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """``escapeProperty`` of ``@actions/core``: a ``key=value`` of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, properties: Mapping[str, str], message: str) -> str:
    """``::command key=value,key=value::message``; empty values are left out, as the toolkit does."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items() if value)
    return f"::{command}{' ' + props if props else ''}::{escape_data(message)}"


def github_commands(problems: list[Problem], summary: bool) -> list[str]:
    """One ``::error`` / ``::warning`` per problem; first a ``::notice`` if some will not be shown on their lines."""
    lines = []
    errors = sum(p.level is Level.ERROR for p in problems)
    warnings = len(problems) - errors
    if max(errors, warnings) > GITHUB_ANNOTATIONS_PER_STEP:
        where = "в сводке задания (Summary)" if summary else "в журнале этого шага"
        parts = []
        if errors > GITHUB_ANNOTATIONS_PER_STEP:
            parts.append(f"первые {GITHUB_ANNOTATIONS_PER_STEP} из {count_of(errors, 'ошибки', 'ошибок', 'ошибок')}")
        if warnings > GITHUB_ANNOTATIONS_PER_STEP:
            parts.append(f"первые {GITHUB_ANNOTATIONS_PER_STEP} из {count_of(warnings, 'предупреждения', 'предупреждений', 'предупреждений')}")
        text = (
            f"На строках файлов показаны {' и '.join(parts)} "
            f"(GitHub показывает не больше {GITHUB_ANNOTATIONS_PER_STEP} каждого вида); полный список — {where}."
        )
        lines.append(workflow_command("notice", {"title": "innopub: показаны не все замечания"}, text))
    for p in problems:
        properties = {"file": p.path, "line": str(p.line), "title": _TITLE[p.level]}
        lines.append(workflow_command(p.level.value, properties, f"{p.path}:{p.line}: {shown(p.message)}"))
    return lines


def markdown_text(text: str) -> str:
    """Text that stays text in GitHub's Markdown, in a table cell too: punctuation escaped, lines joined."""
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", shown(text))
    return "<br>".join(text.splitlines()) or " "


def github_summary(problems: list[Problem], entries: int, strict: bool, env: Mapping[str, str]) -> str:
    """The job summary in Russian: the counts, then a table of every problem (as much as 1 MiB holds)."""
    errors = sum(p.level is Level.ERROR for p in problems)
    warnings = len(problems) - errors
    failed = errors or (strict and warnings)
    head = [
        f"## Проверка материалов: {'не пройдена' if failed else 'пройдена'}",
        "",
        f"Проверено: {count_of(entries, 'запись', 'записи', 'записей')}; "
        f"{count_of(errors, 'ошибка', 'ошибки', 'ошибок')}, {count_of(warnings, 'предупреждение', 'предупреждения', 'предупреждений')}"
        + (" (строгий режим: предупреждения тоже не пропускают сайт)." if strict and warnings else "."),
        "",
    ]
    if not problems:
        return "\n".join(head)
    if max(errors, warnings) > GITHUB_ANNOTATIONS_PER_STEP:
        head += [
            f"На строках файлов запроса GitHub показывает только первые {GITHUB_ANNOTATIONS_PER_STEP} ошибок "
            f"и {GITHUB_ANNOTATIONS_PER_STEP} предупреждений; здесь — все.",
            "",
        ]
    head += ["| Файл | Строка | Вид | Что не так |", "|---|---:|---|---|"]
    blob = _blob_url(env)
    rows, size, left = [], sum(len(line.encode()) + 1 for line in head), 0
    for p in problems:
        file = markdown_text(p.path)
        line = f"[{p.line}]({blob}/{quote(p.path)}#L{p.line})" if blob else str(p.line)
        kind = "ошибка" if p.level is Level.ERROR else "предупреждение"
        row = f"| {file} | {line} | {kind} | {markdown_text(p.message)} |"
        size += len(row.encode()) + 1
        if size > GITHUB_SUMMARY_BYTES - _SUMMARY_RESERVE:
            left += 1
            continue
        rows.append(row)
    tail = (
        ["", f"Ещё {count_of(left, 'замечание', 'замечания', 'замечаний')} не поместились в сводку (предел GitHub — 1 МБ): они в журнале шага."]
        if left
        else []
    )
    return "\n".join([*head, *rows, *tail, ""])


def _blob_url(env: Mapping[str, str]) -> str | None:
    """Where the checked commit's files are shown (``…/owner/repo/blob/<sha>``), if the runner says."""
    server, repo, sha = (env.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    if not (server.startswith("https://") and re.fullmatch(r"[\w.-]+/[\w.-]+", repo) and re.fullmatch(r"[0-9a-f]{40,64}", sha)):
        return None
    return f"{server.rstrip('/')}/{repo}/blob/{sha}"


def fingerprint(problem: Problem) -> str:
    """The same problem at the same place has the same fingerprint in every pipeline (GitLab compares them)."""
    return hashlib.sha256(f"{problem.path}\0{problem.line}\0{problem.message}".encode()).hexdigest()


def gitlab_report(problems: list[Problem]) -> str:
    """GitLab's Code Quality report: a JSON array, UTF-8 without a byte order mark (GitLab refuses one)."""
    issues = [
        {
            "description": shown(p.message),
            "check_name": GITLAB_CHECK[p.level],
            "fingerprint": fingerprint(p),
            "severity": GITLAB_SEVERITY[p.level],
            "location": {"path": p.path, "lines": {"begin": p.line}},
        }
        for p in problems
    ]
    # «##[» written as «#\u0023[» (the same JSON string): printed under GitHub Actions, no value starts a legacy command.
    return json.dumps(issues, ensure_ascii=False, indent=2).replace("##[", "#\\u0023[") + "\n"


def run(
    fmt: str, problems: list[Problem], entries: int, *, strict: bool, cwd: Path, root: Path, output: Path | None, env: Mapping[str, str]
) -> list[str]:
    """Write the ``github`` or ``gitlab`` form of ``problems``; return the lines for standard output.

    ``github``: the commands, returned (for :func:`deliver`), and, if ``GITHUB_STEP_SUMMARY`` is set, the summary
    appended to that file. ``gitlab``: the report into ``output``, or returned for standard output. A file that
    cannot be written is the environment's fault, not innopub's: :class:`NotWritten` names it.
    """
    problems = rebase(problems, cwd, root)
    to_stdout = output is None or str(output) == "-"
    if fmt == "gitlab":
        text = gitlab_report(problems)
        if to_stdout:
            return [text.rstrip("\n")]
        _write(output, text, "отчёт (--output)")
        return []
    summary_file = env.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        try:
            with open(summary_file, "a", encoding="utf-8") as summary:
                summary.write(github_summary(problems, entries, strict, env))
        except OSError as exc:
            raise NotWritten(summary_file, "сводку задания (GITHUB_STEP_SUMMARY)", exc) from None
    return github_commands(problems, bool(summary_file))


def deliver(commands: list[str], output: Path | None) -> None:
    """innopub's workflow commands: on standard output, past the guard of :mod:`generator.common.safeout`, or into ``output``
    (a workflow prints that file once it has resumed the commands it stopped while innopub read the content)."""
    if output is None or str(output) == "-":
        for line in commands:
            safeout.command(line)
    else:
        _write(output, "".join(f"{line}\n" for line in commands), "замечания (--output)")


def _write(path: Path, text: str, what: str) -> None:
    try:
        atomic.write_text(path, text)
    except OSError as exc:
        raise NotWritten(path, what, exc) from None


class NotWritten(InnopubError):
    """A report's file cannot be written (a missing folder, a folder in its place, a read-only or full disk)."""

    def __init__(self, path: str | os.PathLike, what: str, exc: OSError) -> None:
        super().__init__(
            f"Не удалось записать {what} в {one_line(os.fspath(path))}: {failure.os_reason(exc)}. "
            "Это не ошибка в материалах: проверьте путь и права на запись."
        )
