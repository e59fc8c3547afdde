"""The ``innopub`` command: check, new, build. Calls the same stages as the plugin.

No command ends in a traceback: problems of the content are listed, a write the system
refuses (a full disk, a read-only disk) and any unexpected exception are worded in Russian
with what was being done (see :mod:`generator.common.failure`), Ctrl-C says what was left as it was.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from generator.commands import harvest, live, publish, report
from generator.commands.cliparse import RussianArgumentParser
from generator.commands.skeleton import existing_ids, find_kind, skeleton
from generator.common import atomic, failure, progress, safeout
from generator.common.problems import InnopubError, russian_count
from generator.common.russian import count_of
from generator.coordinators import datasets
from generator.editions import certificate, crossref
from generator.engines import DEFAULT_ENGINE, ENGINES
from generator.kinds import KINDS
from generator.kinds.schema import fields_of
from generator.render import oai
from generator.settings.config import load_config
from generator.site.site import Site
from generator.site.staging import Stage

"""The engines ``innopub build --engine`` builds with (README «Движки»)."""

# What each command was doing when it failed, and what that means for the files.
SITE_KEPT = "сайт не собран; прежняя версия в {site}/ не тронута"
CONSEQUENCES = {
    "check": "проверка не закончена",
    "new": "файл не создан",
    "build": SITE_KEPT,
    "bulletin": "выпуск не записан; прежний файл выпуска, если он был, не тронут",
    "publish": SITE_KEPT,
    "serve": "предпросмотр остановлен; файлы не изменены",
    "harvest": "прежние копии в harvest/ не тронуты",
}


def main(argv: list[str] | None = None) -> int:
    with safeout.guarded_output():  # no line it prints is read as a command by a CI runner or a terminal
        return _main(argv)


def _main(argv: list[str] | None) -> int:
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
    check.add_argument(
        "-o", "--output", type=Path, help="куда записать отчёт --format gitlab или команды --format github (по умолчанию — в стандартный вывод)"
    )
    new = commands.add_parser("new", help="создать заготовку записи")
    new.add_argument("kind", help=f"вид записи: {', '.join(KINDS)}")
    new.add_argument("id", help="идентификатор: строчные латинские буквы, цифры и дефисы")
    build = commands.add_parser("build", help="проверить и собрать сайт в site/")
    build.add_argument("--strict", action="store_true", help="считать предупреждения ошибками")
    build.add_argument("-d", "--site-dir", type=Path, help="куда собрать сайт (по умолчанию site_dir из mkdocs.yml)")
    build.add_argument(
        "--engine",
        choices=ENGINES,
        default=DEFAULT_ENGINE,
        help="чем собирать: " + ", ".join(f"{name} ({e.title})" for name, e in ENGINES.items()) + f"; по умолчанию {DEFAULT_ENGINE}",
    )
    _verbosity(build)
    serve = commands.add_parser("serve", help="предпросмотр сайта: страницы собираются при открытии и обновляются после сохранения")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="адрес и порт (по умолчанию 127.0.0.1:8000)")
    serve.add_argument("--full", action="store_true", help="сначала собрать все страницы, как mkdocs serve")
    bulletin = commands.add_parser("bulletin", help="записать выпуск «Вестника» за месяц: content/bulletin/ГГГГ-ММ.md")
    bulletin.add_argument("month", help="месяц ГГГГ-ММ (например 2026-11) или previous — прошлый месяц")
    bulletin.add_argument("--refresh", action="store_true", help="пересобрать список записей уже записанного выпуска (номер не меняется)")
    publish_cmd = commands.add_parser("publish", help="ежемесячная публикация: выпуск «Вестника» за месяц, затем сборка сайта")
    publish_cmd.add_argument("--month", default="previous", help="previous (по умолчанию) или ГГГГ-ММ")
    publish_cmd.add_argument("--strict", action="store_true", help="считать предупреждения ошибками")
    publish_cmd.add_argument("-d", "--site-dir", type=Path, help="куда собрать сайт (по умолчанию site_dir из mkdocs.yml)")
    _verbosity(publish_cmd)
    commands.add_parser("harvest", help="региональный сайт: собрать выгрузки муниципальных сайтов в harvest/ (только она ходит в сеть)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminated)  # a cancelled CI job or `kill`: the same clean stop as Ctrl-C
    failure.step(f"innopub {args.command}", CONSEQUENCES[args.command].format(site="site"))
    try:
        if args.command == "bulletin":
            return publish.run_bulletin(args)
        if args.command == "publish":
            return publish.run_publish(args, run_build)
        if args.command == "harvest":
            return harvest.run_harvest(args)
        return {"check": run_check, "new": run_new, "build": run_build, "serve": run_serve}[args.command](args)
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


def run_check(args: argparse.Namespace, site: Site | None = None) -> int:
    """``innopub check``; with ``site`` (a build), the check is the build's first stage: the Site it loads
    is the one MkDocs then builds, so the content is read once."""
    fmt = getattr(args, "format", "text")  # `build` checks in the plain form
    try:
        if site is None:
            site = Site(load_config(args.config_file))
    except InnopubError as exc:
        if fmt == "github":  # an annotation of the run, since the settings are no content file's line
            report.deliver([report.workflow_command("error", {"title": "innopub: настройки сайта"}, str(exc))], args.output)
        raise
    building = getattr(args, "building", False)
    problems = site.load(finish=not building)  # a build ends the stage below, with its note
    model = site.model
    assert model is not None
    content_dir = site.config.docs_dir
    lines: list[str] = []
    if fmt != "text":
        root = report.repository_root(content_dir) or site.config.root
        lines = report.run(fmt, problems, len(model.all()), strict=args.strict, cwd=Path.cwd(), root=root, output=args.output, env=os.environ)
    if fmt == "gitlab":
        for line in lines:
            print(line)
    if problems and fmt != "github":  # github: the commands are the list, each with its file and line
        print(problems.report(), file=sys.stderr)
    if not datasets.enabled(site.settings):  # a notice, once: not a problem of the content, never fails --strict
        if fmt == "github":
            lines.append(report.workflow_command("notice", {"title": "innopub: открытые данные"}, datasets.MISSING_SETTINGS))
        else:
            print(f"Замечание: {datasets.MISSING_SETTINGS}.", file=sys.stderr)
    if oai_left := oai.left_out(model, site.settings, site.config.site_url):  # a notice, as the build's warning
        print(f"Замечание: {oai.left_out_warning(oai_left)}.", file=sys.stderr)
    if site.settings.publication.doi_prefix and crossref.depositor_email(site.settings) is None:
        print(f"Замечание: {crossref.NO_EMAIL}.", file=sys.stderr)
    if certificate.notice_needed(site.settings.publication, model):  # issue 24: once, a notice like the open data's
        if fmt == "github":
            lines.append(report.workflow_command("notice", {"title": "innopub: справки о публикации"}, certificate.NO_EDITOR))
        else:
            print(f"Замечание: {certificate.NO_EDITOR}.", file=sys.stderr)
    if fmt == "github":
        report.deliver(lines, args.output)
    if problems.failed(args.strict):
        errors = len(problems.errors) + (len(problems.warnings) if args.strict else 0)
        if building:  # «✗ Проверка материалов: 1 ошибка — остановлено», never a «✓» above «Сайт не собран»
            site.reporter.stage_stopped("check", count_of(errors, "ошибка", "ошибки", "ошибок"))
        print(russian_count(errors).replace("сайт не собран", "исправьте её" if errors == 1 else "исправьте их"), file=sys.stderr)
        return 1
    total = len(model.all())
    warnings = len(problems.warnings)
    found = f", {count_of(warnings, 'предупреждение', 'предупреждения', 'предупреждений')}" if warnings else ""
    if building:
        site.reporter.stage_finished("check", f"{count_of(total, 'запись', 'записи', 'записей')}, ошибок нет{found}")
    else:  # standard output may be the report
        print(f"Проверено: {count_of(total, 'запись', 'записи', 'записей')}, ошибок нет{found}.", file=sys.stdout if fmt == "text" else sys.stderr)
    return 0


def run_new(args: argparse.Namespace) -> int:
    config = load_config(args.config_file)
    content_dir = config.docs_dir
    failure.step("innopub new: создание заготовки", CONSEQUENCES["new"])
    kind = find_kind(args.kind)
    known = {ref: existing_ids(content_dir, ref) for _, ref in fields_of(kind.schema).refs}
    text = skeleton(kind, args.id, config.settings.reference_date(), known)
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


def run_build(args: argparse.Namespace, site: Site | None = None) -> int:
    """``innopub build``: check, build with MkDocs into a staging folder, swap it in only when complete."""
    config = site.config if site is not None else load_config(args.config_file)
    site_dir = (args.site_dir or config.site_dir).resolve()
    kept = SITE_KEPT.format(site=failure.shown(site_dir))
    failure.step("innopub build: подготовка папки сборки", kept)
    quiet = getattr(args, "quiet", False)
    with live.for_terminal(quiet, getattr(args, "verbose", False)) as reporter:  # closed (the display ends) on failures too
        site = Site(config.with_paths(site_dir=site_dir), reporter, reading=site)
        stage = Stage(site_dir)
        staging = stage.open()  # the lock; a build killed before is cleaned up (or its swap finished) here
        try:
            failure.step("innopub build: проверка материалов", kept)
            check = argparse.Namespace(config_file=args.config_file, strict=args.strict, building=True)
            if run_check(check, site) != 0:
                reporter.close()  # the display ends first: «Сайт не собран» is the last line
                print(f"{kept[0].upper()}{kept[1:]}.", file=sys.stderr)
                return 1
            engine = ENGINES[getattr(args, "engine", DEFAULT_ENGINE)]
            failure.step(f"innopub build: сборка {engine.title} во временную папку", kept)
            if not engine.build(site, staging, verbose=getattr(args, "verbose", False), strict=args.strict):
                return 1
            failure.step("innopub build: замена site/ собранным сайтом", kept)
            stage.commit()
        finally:
            stage.discard()  # nothing left after a commit; else the staging folder goes, Ctrl-C included
    if not quiet and reporter.result is not None:
        print("\n".join(live.fit(progress.summary_lines(reporter.result, reporter, os.path.relpath(site_dir)))), flush=True)
    elif not quiet:
        print(f"Сайт собран в {os.path.relpath(site_dir)}/", flush=True)
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """``innopub serve``: the preview; the content is checked by the plugin on every change, in Russian."""
    from generator.engines.mkdocs import files as engine

    config = load_config(args.config_file)
    failure.step("innopub serve: предпросмотр", "предпросмотр остановлен; файлы не изменены")
    engine.serve(config.file, args.dev_addr, lazy=not args.full)
    return 0


if __name__ == "__main__":
    sys.exit(main())
