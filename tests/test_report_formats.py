"""``innopub check --format github|gitlab`` on broken corpora, read back as the hostings read them.

The workflow commands are decoded by a parser written here from the Actions toolkit's rules
(``@actions/core`` ``lib/command.js``: ``::name k=v,k=v::data``; data escapes ``%`` ``\\r`` ``\\n``,
properties also ``:`` and ``,``), not by innopub's code; the job summary is rendered with a
CommonMark + GFM-tables parser; the GitLab report is validated against a JSON Schema written from
GitLab's documentation of the Code Quality format.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from generator.commands.report import GITHUB_SUMMARY_BYTES, github_commands, github_summary
from generator.common.problems import Level, Problem
from tests.conftest import ENV, INNOPUB, project, run
from tests.fixtures.escapes import BROKEN, ORG, REPORT

# Not the variables of a runner the tests themselves may run on: each test sets its own.
BASE_ENV = {k: v for k, v in ENV.items() if not k.startswith(("GITHUB_", "CI_"))}


def innopub(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """A fresh process when ``env`` sets a variable (or the tests run on a runner), else a fork (tests/conftest.py ``run``)."""
    return run([*INNOPUB, *args], cwd, {**BASE_ENV, **env})


# What is wrong in BROKEN, by hand: (path from the repository's root, line, level, words of the message).
SITE = "site/content"
EXPECTED = [
    (f"{SITE}/organizations/50%,a:b.md", 1, "error", "недопустимое имя файла «50%,a:b»"),
    (f"{SITE}/platforms/nastavnichestvo.md", 3, "error", "«МИП: 50%, да | *<b>важно</b>*»"),
    (f"{SITE}/platforms/nastavnichestvo.md", 6, "error", "управляющий символ U+000A"),
    (f"{SITE}/platforms/nastavnichestvo.md", 6, "error", "«Учитель\n::error file=mkdocs.yml,line=1::внедрено\\x0d»"),
    (f"{SITE}/reports/otchet.md", 3, "error", "несуществующая дата 2024-13-01"),
    (f"{SITE}/reports/otchet.md", 4, "error", "«x%y,z:w» — не идентификатор"),
    (f"{SITE}/reports/otchet.md", 4, "error", "нет записи «x%y,z:w»"),
    (f"{SITE}/reports/otchet.md", 7, "warning", "неизвестное поле «поле:1,2%»"),
]
COMMAND = re.compile(r"::(?P<name>[a-z]+)(?: (?P<props>.*?))?::(?P<data>.*)", re.DOTALL)


def unescape(text: str, codes: dict[str, str]) -> str:
    """One pass over ``%XX``: each escape decoded once, as the runner decodes them."""
    return re.sub("%(" + "|".join(codes) + ")", lambda m: codes[m[1]], text)


DATA_CODES = {"25": "%", "0D": "\r", "0A": "\n"}
PROPERTY_CODES = {**DATA_CODES, "3A": ":", "2C": ","}


def parse_commands(stdout: str) -> list[dict]:
    """Every line of standard output as the runner reads a workflow command; a line that is not one fails."""
    commands = []
    for line in stdout.splitlines():
        match = COMMAND.fullmatch(line)
        assert match, f"not a workflow command: {line!r}"
        props = {}
        for pair in (match["props"] or "").split(","):
            key, sep, value = pair.partition("=")
            assert sep, f"property without «=» in {line!r}"
            props[key] = unescape(value, PROPERTY_CODES)
        commands.append({"name": match["name"], **props, "message": unescape(match["data"], DATA_CODES)})
    return commands


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A git repository whose site (mkdocs.yml, content/) is in its subfolder site/."""
    root = tmp_path / "repo"
    project(root / "site", BROKEN)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def test_github_commands_land_on_the_lines_of_the_files(repo: Path) -> None:
    # Run from a subfolder of the content: paths are still relative to the repository's root.
    result = innopub("-f", "../../mkdocs.yml", "check", "--format", "github", cwd=repo / "site/content/reports")
    assert result.returncode == 1, result.stderr
    commands = parse_commands(result.stdout)
    assert [(c["file"], int(c["line"]), c["name"]) for c in commands] == [e[:3] for e in EXPECTED]
    for command, (path, line, level, words) in zip(commands, EXPECTED, strict=True):
        assert (repo / command["file"]).is_file(), command["file"]
        assert command["message"].startswith(f"{path}:{line}: ") and words in command["message"]
        assert command["title"] == ("innopub: ошибка в материале" if level == "error" else "innopub: предупреждение")
        assert set(command) == {"name", "file", "line", "title", "message"}
    # The escapes themselves, as the toolkit writes them.
    raw = result.stdout.splitlines()
    assert "file=site/content/organizations/50%25%2Ca%3Ab.md,line=1,title=innopub%3A ошибка в материале::" in raw[0]
    assert "«МИП: 50%25, да | *<b>важно</b>*»" in raw[1] and "Учитель%0A::error file=mkdocs.yml,line=1::внедрено\\x0d»" in raw[3]
    # The value's «command» is inside a message: no line of the output points at mkdocs.yml.
    assert not any(line.startswith("::error file=mkdocs.yml") for line in raw)
    assert "Найдено 7 ошибок" in result.stderr


def test_escaping_of_carriage_returns_and_line_breaks_in_file_names_and_messages() -> None:
    # A content file's name cannot carry them (the reader writes them out as \x0d), so the values are made here.
    problem = Problem("content/a\r\nb,c:d%e.md", 7, "первая строка\r\n::warning::вторая, 100%: конец")
    (line,) = github_commands([problem], summary=False)
    assert "\r" not in line and "\n" not in line
    assert line.startswith("::error file=content/a%0D%0Ab%2Cc%3Ad%25e.md,line=7,title=innopub%3A ошибка в материале::")
    (command,) = parse_commands(line)
    assert command["file"] == "content/a\r\nb,c:d%e.md"
    # The message goes as the plain report shows it: a carriage return written out, a line break kept.
    assert command["message"] == "content/a\r\nb,c:d%e.md:7: первая строка\\x0d\n::warning::вторая, 100%: конец"


def summary_table(markdown: str) -> list[list[str]]:
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    table = BeautifulSoup(html, "lxml").find("table")
    assert table is not None, markdown[:500]
    assert not table.find_all(["img", "script", "iframe"])
    assert all(a["href"].startswith("https://git.example.org/") for a in table.find_all("a"))
    return [[cell.get_text("\n") for cell in row.find_all("td")] for row in table.find_all("tr")[1:]]


def test_summary_lists_every_problem_in_russian(repo: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_SERVER_URL": "https://git.example.org", "GITHUB_REPOSITORY": "rono/site"}
    env["GITHUB_SHA"] = "0123456789abcdef0123456789abcdef01234567"
    result = innopub("check", "--format", "github", cwd=repo / "site", **env)
    assert result.returncode == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Проверка материалов: не пройдена\n")
    assert "7\u00a0ошибок, 1\u00a0предупреждение" in text
    rows = summary_table(text)
    assert [(r[0], int(r[1]), r[2]) for r in rows] == [(p, n, "ошибка" if lv == "error" else "предупреждение") for p, n, lv, _ in EXPECTED]
    for row, (_, _, _, words) in zip(rows, EXPECTED, strict=True):
        assert words in row[3]  # text stays text: «%», «:», «,», «|», «*», «<b>» and the line break survive Markdown
    html = MarkdownIt("commonmark").enable("table").render(text)
    link = BeautifulSoup(html, "lxml").find("a")
    assert link["href"] == f"https://git.example.org/rono/site/blob/{env['GITHUB_SHA']}/site/content/organizations/50%25%2Ca%3Ab.md#L1"
    # Appended, as the runner expects: a second step writing to the same file keeps the first.
    innopub("check", "--format", "github", cwd=repo / "site", **env)
    assert summary.read_text(encoding="utf-8") == text + text


def many_broken(count: int) -> dict[str, str]:
    """``count`` organizations, each with a kind not in the vocabulary (an error) and an unknown field (a warning)."""
    org = ORG.replace("kind: школа", "kind: училище").replace("---\ntitle:", "---\nlishnee: 1\ntitle:")
    return {f"organizations/shkola-{i:02d}.md": org for i in range(count)}


@pytest.mark.parametrize("with_summary", [True, False])
def test_past_ten_annotations_a_notice_says_where_the_rest_are(tmp_path: Path, with_summary: bool) -> None:
    root = project(tmp_path / "site", many_broken(12))
    summary = tmp_path / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(summary)} if with_summary else {}
    result = innopub("check", "--format", "github", cwd=root, **env)
    commands = parse_commands(result.stdout)
    # The notice first (notices have their own 10), then all 24 problems: the log keeps every one.
    assert commands[0]["name"] == "notice"
    assert "первые 10 из 12\u00a0ошибок и первые 10 из 12\u00a0предупреждений" in commands[0]["message"]
    assert ("в сводке задания" if with_summary else "в журнале этого шага") in commands[0]["message"]
    assert [c["name"] for c in commands[1:]].count("error") == 12 and [c["name"] for c in commands[1:]].count("warning") == 12
    if with_summary:
        rows = summary_table(summary.read_text(encoding="utf-8"))
        assert len(rows) == 24 and {r[0] for r in rows} == {f"content/organizations/shkola-{i:02d}.md" for i in range(12)}
        assert "только первые 10 ошибок" in summary.read_text(encoding="utf-8")
    else:
        assert not summary.exists()


def test_ten_of_each_need_no_notice_and_a_clean_tree_still_writes_its_summary(tmp_path: Path) -> None:
    root = project(tmp_path / "ten", many_broken(10))
    result = innopub("check", "--format", "github", cwd=root)
    assert [c["name"] for c in parse_commands(result.stdout)].count("notice") == 0
    clean = project(tmp_path / "clean", {"organizations/shkola-5.md": ORG})
    summary = tmp_path / "summary.md"
    result = innopub("check", "--format", "github", cwd=clean, GITHUB_STEP_SUMMARY=str(summary))
    assert result.returncode == 0 and result.stdout == ""
    assert "ошибок нет" in result.stderr
    assert summary.read_text(encoding="utf-8").startswith("## Проверка материалов: пройдена\n\nПроверено: 1\u00a0запись; 0\u00a0ошибок")


def test_summary_stays_under_githubs_one_megabyte() -> None:
    problems = [Problem(f"content/reports/otchet-{i:05d}.md", i, "длинное сообщение " * 20, Level.ERROR) for i in range(1, 20001)]
    text = github_summary(problems, 20000, strict=False, env={})
    assert len(text.encode()) <= GITHUB_SUMMARY_BYTES
    rows = summary_table(text)
    assert 1000 < len(rows) < 20000
    more = re.search("Ещё (\\d+)\u00a0замечани[ея] не поместились в сводку", text)
    assert more and int(more[1]) == 20000 - len(rows)


# GitLab's documentation of the Code Quality report («Implement a custom tool»): an array of objects
# with these properties; GitLab's parser drops an issue without description, fingerprint, severity or
# location, and stops at the first such issue.
CODE_QUALITY_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^[^/]"},
                    "lines": {"type": "object", "required": ["begin"], "properties": {"begin": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    },
}


def test_gitlab_code_quality_report(repo: Path) -> None:
    out = repo / "gl-code-quality-report.json"
    result = innopub("-f", "../../mkdocs.yml", "check", "--format", "gitlab", "--output", str(out), cwd=repo / "site/content/reports")
    assert result.returncode == 1 and result.stdout == ""
    assert "../reports/otchet.md:3: несуществующая дата" in result.stderr  # the plain list in the job's log, as from where it ran
    data = out.read_bytes()
    assert data.startswith(b"[")  # no byte order mark: GitLab's parser refuses one
    issues = json.loads(data)
    jsonschema.validate(issues, CODE_QUALITY_SCHEMA)
    assert [(i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues] == [e[:2] for e in EXPECTED]
    assert [i["severity"] for i in issues] == ["major" if e[2] == "error" else "minor" for e in EXPECTED]
    for issue, (_, _, _, words) in zip(issues, EXPECTED, strict=True):
        assert words in issue["description"]
    # GitLab keeps one issue per fingerprint: distinct problems must not share one, the same must keep it.
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    again = innopub("check", "--format", "gitlab", cwd=repo / "site")  # standard output this time, from the site's folder
    assert again.returncode == 1 and again.stdout.encode() == data
    (repo / "site/content/reports/otchet.md").write_text(REPORT.replace("---\n", "---\n\n", 1), encoding="utf-8")
    moved = {i["description"]: i["fingerprint"] for i in json.loads(innopub("check", "--format", "gitlab", cwd=repo / "site").stdout)}
    before = {i["description"]: i["fingerprint"] for i in issues}
    assert moved["несуществующая дата 2024-13-01 (проверьте день и месяц)"] != before["несуществующая дата 2024-13-01 (проверьте день и месяц)"]
    assert moved[issues[1]["description"]] == before[issues[1]["description"]]  # the platform's file did not change


def test_text_format_is_unchanged(repo: Path) -> None:
    default = innopub("check", cwd=repo / "site")
    text = innopub("check", "--format", "text", cwd=repo / "site")
    assert default.stdout == text.stdout == "" and default.stderr == text.stderr
    assert default.stderr.splitlines()[1].startswith("content/platforms/nastavnichestvo.md:3: недопустимое значение «МИП: 50%, да | *<b>важно</b>*»")


def test_broken_settings_are_an_annotation_of_the_run(tmp_path: Path) -> None:
    root = project(tmp_path / "site", {"organizations/shkola-5.md": ORG})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - innopub:\n", "  - innopub:\n      page_size: много\n", 1), encoding="utf-8")
    result = innopub("check", "--format", "github", cwd=root)
    assert result.returncode == 1
    (command,) = parse_commands(result.stdout)
    assert command["name"] == "error" and command["title"] == "innopub: настройки сайта"
    assert command["message"].startswith("mkdocs.yml: неверные настройки плагина innopub: page_size")


def test_github_commands_into_a_file(repo: Path, tmp_path: Path) -> None:
    """``--output`` with ``--format github``: the commands go into the file (a workflow prints it once it has resumed
    the commands it stopped while innopub read the content, scripts/stop-commands.sh), nothing onto standard output."""
    out = tmp_path / "annotations.txt"
    on_stdout = innopub("check", "--format", "github", cwd=repo / "site")
    result = innopub("check", "--format", "github", "--output", str(out), cwd=repo / "site")
    assert result.returncode == 1 and result.stdout == ""
    assert out.read_text(encoding="utf-8") == on_stdout.stdout
    assert [c["name"] for c in parse_commands(out.read_text(encoding="utf-8"))] == [e[2] for e in EXPECTED]


# Issue 19, item 13: a report's file that cannot be written is the environment's fault — exit 1, one plain Russian
# sentence naming the file and why, never «Непредвиденная ошибка» (exit 2, «report it to the developers»).
@pytest.mark.parametrize(
    ("where", "why"),
    [("missing", "нет такой папки"), ("folder", "по этому пути — папка, а не файл")],
)
def test_a_step_summary_that_cannot_be_written_is_the_environments_fault(tmp_path: Path, where: str, why: str) -> None:
    root = project(tmp_path / "site", {"organizations/shkola-5.md": ORG})
    (tmp_path / "folder").mkdir()
    summary = str(tmp_path / "nonexistent/dir/x") if where == "missing" else str(tmp_path / "folder")
    result = innopub("check", "--format", "github", cwd=root, GITHUB_STEP_SUMMARY=summary)
    assert result.returncode == 1, result.stderr
    assert f"Не удалось записать сводку задания (GITHUB_STEP_SUMMARY) в {summary}: {why}." in result.stderr
    assert "Непредвиденная" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["gitlab", "github"])
@pytest.mark.parametrize(("where", "why"), [("missing", "нет такой папки"), ("folder", "по этому пути — папка, а не файл")])
def test_an_output_that_cannot_be_written_is_the_environments_fault(tmp_path: Path, fmt: str, where: str, why: str) -> None:
    root = project(tmp_path / "site", {"organizations/shkola-5.md": ORG})
    (tmp_path / "folder").mkdir()
    output = str(tmp_path / "nonexistent/dir/report.json") if where == "missing" else str(tmp_path / "folder")
    result = innopub("check", "--format", fmt, "--output", output, cwd=root)
    assert result.returncode == 1, result.stderr
    what = "отчёт (--output)" if fmt == "gitlab" else "замечания (--output)"
    assert f"Не удалось записать {what} в {output}: {why}." in result.stderr
    assert "Непредвиденная" not in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "folder").is_dir() and not list((tmp_path / "folder").iterdir())
