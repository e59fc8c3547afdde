"""The ``innopub`` command: check, new, build. Calls the same stages as the plugin.

No command ends in a traceback: problems of the content are listed, a write the system
refuses (a full disk, a read-only disk) and any unexpected exception are worded in Russian
with what was being done (see :mod:`generator.failure`), Ctrl-C says what was left as it was.
"""

from __future__ import annotations

import argparse
import ctypes
import functools
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

from generator import atomic, failure, progress, publish, report
from generator.cliparse import RussianArgumentParser
from generator.kinds import KINDS
from generator.load import load_content
from generator.problems import InnopubError, russian_count
from generator.russian import count_of
from generator.settings import load_config_file
from generator.skeleton import find_kind, skeleton
from generator.staging import STAGED_ENV, Stage

# What each command was doing when it failed, and what that means for the files.
SITE_KEPT = "сайт не собран; прежняя версия в {site}/ не тронута"
CONSEQUENCES = {
    "check": "проверка не закончена",
    "new": "файл не создан",
    "build": SITE_KEPT,
    "bulletin": "выпуск не записан; прежний файл выпуска, если он был, не тронут",
    "publish": SITE_KEPT,
}


def main(argv: list[str] | None = None) -> int:
    parser = RussianArgumentParser(prog="innopub", description="Публикация инновационного опыта: проверка и сборка сайта.")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path, help="файл настроек (mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="проверить все записи в content/")
    check.add_argument("--strict", action="store_true", help="считать предупреждения ошибками")
    check.add_argument(
        "--format",
        choices=report.FORMATS,
        default="text",
        help="text (по умолчанию); github — аннотации GitHub, Gitea, Forgejo; gitlab — отчёт Code Quality",
    )
    check.add_argument("-o", "--output", type=Path, help="куда записать отчёт --format gitlab (по умолчанию — в стандартный вывод)")
    new = commands.add_parser("new", help="создать заготовку записи")
    new.add_argument("kind", help=f"вид записи: {', '.join(KINDS)}")
    new.add_argument("id", help="идентификатор: строчные латинские буквы, цифры и дефисы")
    build = commands.add_parser("build", help="проверить и собрать сайт в site/")
    build.add_argument("--strict", action="store_true", help="считать предупреждения ошибками")
    build.add_argument("-d", "--site-dir", type=Path, help="куда собрать сайт (по умолчанию site_dir из mkdocs.yml)")
    _verbosity(build)
    bulletin = commands.add_parser("bulletin", help="записать выпуск «Вестника» за месяц: content/bulletin/ГГГГ-ММ.md")
    bulletin.add_argument("month", help="месяц ГГГГ-ММ (например 2026-11) или previous — прошлый месяц")
    bulletin.add_argument("--refresh", action="store_true", help="пересобрать список записей уже записанного выпуска (номер не меняется)")
    publish_cmd = commands.add_parser("publish", help="ежемесячная публикация: выпуск «Вестника» за месяц, затем сборка сайта")
    publish_cmd.add_argument("--month", default="previous", help="previous (по умолчанию) или ГГГГ-ММ")
    publish_cmd.add_argument("--strict", action="store_true", help="считать предупреждения ошибками")
    publish_cmd.add_argument("-d", "--site-dir", type=Path, help="куда собрать сайт (по умолчанию site_dir из mkdocs.yml)")
    _verbosity(publish_cmd)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminated)  # a cancelled CI job or `kill`: the same clean stop as Ctrl-C
    failure.step(f"innopub {args.command}", CONSEQUENCES[args.command].format(site="site"))
    try:
        if args.command == "bulletin":
            return publish.run_bulletin(args, _paths)
        if args.command == "publish":
            return publish.run_publish(args, _paths, run_build)
        return {"check": run_check, "new": run_new, "build": run_build}[args.command](args)
    except InnopubError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        terminated = isinstance(exc, Terminated)
        print(f"Прервано ({'сигнал SIGTERM' if terminated else 'Ctrl-C'}): {failure.consequence()}.", file=sys.stderr)
        return 143 if terminated else 130
    except Exception as exc:
        failure.print_traceback_if_debug(exc)
        disk = failure.disk_problem(exc)
        if disk:
            print(f"{disk}, {failure.consequence()}.", file=sys.stderr)
            return 1
        print(failure.unexpected(exc, failure.current()), file=sys.stderr)
        return 2


def _verbosity(command: argparse.ArgumentParser) -> None:
    group = command.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", help="только предупреждения и ошибки: без хода сборки и итога")
    group.add_argument("-v", "--verbose", action="store_true", help="подробно: каждое издание, сообщения MkDocs")


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so that ``finally`` blocks remove the staging folder."""


def _terminated(signum, frame) -> None:
    raise Terminated


def _paths(config_file: Path) -> tuple[Path, Path]:
    if not config_file.is_file():
        raise InnopubError(f"нет файла настроек {config_file} (запустите команду из папки сайта или укажите -f)")
    site, _ = load_config_file(config_file)
    root = config_file.parent
    return root / site.docs_dir, root / site.site_dir


def run_check(args: argparse.Namespace, reporter: progress.Reporter | None = None) -> int:
    """``innopub check``; with ``reporter`` (a build), the check is the build's first stage and says so there."""
    fmt = getattr(args, "format", "text")  # `build` checks in the plain form
    try:
        content_dir, _ = _paths(args.config_file)
        _, settings = load_config_file(args.config_file)
    except InnopubError as exc:
        if fmt == "github":  # an annotation of the run, since the settings are no content file's line
            print(report.workflow_command("error", {"title": "innopub: настройки сайта"}, str(exc)))
        raise
    if reporter is not None:
        reporter.stage_started("check")

    def checked(done: int, total: int) -> None:
        if reporter is not None:
            if done == 1:
                reporter.stage_started("check", total)
            reporter.advanced("check")

    model, problems = load_content(content_dir, settings, os.path.relpath(content_dir), checked)
    if fmt != "text":
        root = report.repository_root(content_dir.resolve()) or args.config_file.resolve().parent
        for line in report.run(fmt, problems, len(model.all()), strict=args.strict, cwd=Path.cwd(), root=root, output=args.output, env=os.environ):
            print(line)
    if problems and fmt != "github":  # github: the commands are the list, each with its file and line
        print(problems.report(), file=sys.stderr)
    if problems.failed(args.strict):
        errors = len(problems.errors) + (len(problems.warnings) if args.strict else 0)
        print(russian_count(errors).replace("сайт не собран", "исправьте их"), file=sys.stderr)
        return 1
    total = len(model.all())
    warnings = len(problems.warnings)
    found = f", {count_of(warnings, 'предупреждение', 'предупреждения', 'предупреждений')}" if warnings else ""
    if reporter is not None:
        reporter.stage_finished("check", f"{count_of(total, 'запись', 'записи', 'записей')}, ошибок нет{found}")
    else:  # standard output may be the report
        print(f"Проверено: {count_of(total, 'запись', 'записи', 'записей')}, ошибок нет{found}.", file=sys.stdout if fmt == "text" else sys.stderr)
    return 0


def run_new(args: argparse.Namespace) -> int:
    content_dir, _ = _paths(args.config_file)
    failure.step("innopub new: создание заготовки", CONSEQUENCES["new"])
    kind = find_kind(args.kind)
    text = skeleton(kind, args.id)
    target = content_dir / kind.folder / f"{args.id}.md"
    existing = [p for p in (content_dir / kind.folder).rglob(f"{args.id}.md")] if (content_dir / kind.folder).is_dir() else []
    if existing:
        raise InnopubError(f"{os.path.relpath(existing[0])}: файл уже есть, ничего не изменено (выберите другой идентификатор)")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        atomic.write_text(target, text, exclusive=True)  # whole or not at all; never over an editor's file
    except FileExistsError:
        raise InnopubError(f"{os.path.relpath(target)}: файл уже есть, ничего не изменено (выберите другой идентификатор)") from None
    print(f"Создан {os.path.relpath(target)}: заполните поля и запустите «innopub check».")
    return 0


def run_build(args: argparse.Namespace) -> int:
    _, site_dir = _paths(args.config_file)
    site_dir = (args.site_dir or site_dir).resolve()
    kept = SITE_KEPT.format(site=failure.shown(site_dir))
    failure.step("innopub build: подготовка папки сборки", kept)
    quiet = getattr(args, "quiet", False)
    with progress.for_terminal(quiet, getattr(args, "verbose", False)) as reporter:  # closed (the display ends) on failures too
        stage = Stage(site_dir)
        staging = stage.open()  # the lock; a build killed before is cleaned up (or its swap finished) here
        try:
            failure.step("innopub build: проверка материалов", kept)
            if run_check(argparse.Namespace(config_file=args.config_file, strict=args.strict), reporter) != 0:
                print(f"{kept[0].upper()}{kept[1:]}.", file=sys.stderr)
                return 1
            failure.step("innopub build: сборка MkDocs во временную папку", kept)
            if _mkdocs(args, staging, reporter) != 0:
                return 1
            failure.step("innopub build: замена site/ собранным сайтом", kept)
            stage.commit()
        finally:
            stage.discard()  # nothing left after a commit; else the staging folder goes, Ctrl-C included
    if not quiet and reporter.result is not None:
        print("\n".join(progress.summary_lines(reporter.result, reporter, os.path.relpath(site_dir))), flush=True)
    elif not quiet:
        print(f"Сайт собран в {os.path.relpath(site_dir)}/", flush=True)
    return 0


def _mkdocs(args: argparse.Namespace, staging: Path, reporter: progress.Reporter) -> int:
    """``mkdocs build`` into ``staging``: its messages shown as they come, a traceback never.

    The plugin in the child reports its stages as JSON lines on a pipe of their own (never mixed with
    MkDocs' messages, which may quote content); a thread hands them to ``reporter`` as they come.
    """
    quiet = [] if getattr(args, "verbose", False) else ["-q"]  # --verbose: MkDocs' own INFO lines too
    command = [sys.executable, "-m", "mkdocs", "build", *quiet, "-f", str(args.config_file), "-d", str(staging)]
    if args.strict:
        command.append("--strict")
    events, events_in = os.pipe()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", STAGED_ENV: str(staging), progress.PROGRESS_FD_ENV: str(events_in)}
    pipe = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True, "errors": "replace", "pass_fds": (events_in,)}
    try:
        child = subprocess.Popen(command, env=env, preexec_fn=functools.partial(_die_with_parent, os.getpid()), **pipe)
    except BaseException:
        os.close(events)
        raise
    finally:
        os.close(events_in)  # the child holds its own copy: the pipe ends when the child does
    relay = threading.Thread(target=_relay, args=(events, reporter), name="innopub-progress", daemon=True)
    relay.start()
    kept_said, trace = False, []
    try:
        for line in child.stdout:  # MkDocs' log and its final Abort line
            line = line.rstrip("\n")
            if trace or line.startswith("Traceback (most recent call last)"):
                trace.append(line)  # shown only with INNOPUB_DEBUG=1; summed up below
                continue
            if not line.strip() or line.strip() in ("Aborted with a BuildError!", "Aborted!"):
                continue
            line = re.sub(r"^Aborted with (.*) in strict mode!$", r"Сборка остановлена: предупреждения в строгом режиме (--strict): \1.", line)
            line = re.sub(r"^(ERROR\s+-\s+|Error: )", "", line)
            line = re.sub(r"^Error (reading|building) page '(.*)':$", lambda m: f"Ошибка на странице {m[2]}:", line)
            kept_said = kept_said or "не тронута" in line
            print(line, file=sys.stderr, flush=True)
        code = child.wait()
        relay.join()
    except BaseException:
        _stop(child)
        raise
    if trace:
        if failure.debug():
            print("\n".join(trace), file=sys.stderr)
        last = next((t for t in reversed(trace) if t and not t.startswith(" ")), "?")
        print(f"Непредвиденная ошибка (MkDocs, сборка сайта): {last}; {failure.consequence()}. {failure.REPORT_HINT}", file=sys.stderr)
        kept_said = True
    if code != 0 and not kept_said:
        print(f"Сборка не удалась: {failure.consequence()}.", file=sys.stderr)
    return code


def _relay(events: int, reporter: progress.Reporter) -> None:
    with open(events, encoding="utf-8", errors="replace") as stream:
        for line in stream:
            progress.replay(line, reporter)


def _stop(child: subprocess.Popen) -> None:
    """Ctrl-C or a failure of ours: MkDocs gets a moment to stop its own processes, then is killed."""
    if child.poll() is None:
        child.send_signal(signal.SIGINT)
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _die_with_parent(parent: int) -> None:
    """In the MkDocs child: killed with innopub (``kill -9`` included), so no orphan writes on (Linux)."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # innopub died before prctl
        os._exit(1)


if __name__ == "__main__":
    sys.exit(main())
