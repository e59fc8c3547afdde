"""The ``innopub`` command: check, new, build. Calls the same stages as the plugin."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator import publish
from generator.kinds import KINDS
from generator.load import load_content
from generator.problems import InnopubError, russian_count
from generator.russian import count_of
from generator.settings import load_config_file
from generator.skeleton import find_kind, skeleton


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="innopub", description="Публикация инновационного опыта: проверка и сборка сайта.")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path, help="файл настроек (mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="проверить все записи в content/")
    check.add_argument("--strict", action="store_true", help="считать предупреждения ошибками")
    new = commands.add_parser("new", help="создать заготовку записи")
    new.add_argument("kind", help=f"вид записи: {', '.join(KINDS)}")
    new.add_argument("id", help="идентификатор: строчные латинские буквы, цифры и дефисы")
    build = commands.add_parser("build", help="проверить и собрать сайт в site/")
    build.add_argument("--strict", action="store_true", help="считать предупреждения ошибками")
    build.add_argument("-d", "--site-dir", type=Path, help="куда собрать сайт (по умолчанию site_dir из mkdocs.yml)")
    bulletin = commands.add_parser("bulletin", help="записать выпуск «Вестника» за месяц: content/bulletin/ГГГГ-ММ.md")
    bulletin.add_argument("month", help="месяц ГГГГ-ММ (например 2026-11) или previous — прошлый месяц")
    bulletin.add_argument("--refresh", action="store_true", help="пересобрать список записей уже записанного выпуска (номер не меняется)")
    publish_cmd = commands.add_parser("publish", help="ежемесячная публикация: выпуск «Вестника» за месяц, затем сборка сайта")
    publish_cmd.add_argument("--month", default="previous", help="previous (по умолчанию) или ГГГГ-ММ")
    publish_cmd.add_argument("--strict", action="store_true", help="считать предупреждения ошибками")
    publish_cmd.add_argument("-d", "--site-dir", type=Path, help="куда собрать сайт (по умолчанию site_dir из mkdocs.yml)")
    args = parser.parse_args(argv)
    try:
        if args.command == "bulletin":
            return publish.run_bulletin(args, _paths)
        if args.command == "publish":
            return publish.run_publish(args, _paths, run_build)
        return {"check": run_check, "new": run_new, "build": run_build}[args.command](args)
    except InnopubError as exc:
        print(exc, file=sys.stderr)
        return 1


def _paths(config_file: Path) -> tuple[Path, Path]:
    if not config_file.is_file():
        raise InnopubError(f"нет файла настроек {config_file} (запустите команду из папки сайта или укажите -f)")
    site, _ = load_config_file(config_file)
    root = config_file.parent
    return root / site.docs_dir, root / site.site_dir


def run_check(args: argparse.Namespace) -> int:
    content_dir, _ = _paths(args.config_file)
    _, settings = load_config_file(args.config_file)
    model, problems = load_content(content_dir, settings, os.path.relpath(content_dir))
    if problems:
        print(problems.report(), file=sys.stderr)
    if problems.failed(args.strict):
        errors = len(problems.errors) + (len(problems.warnings) if args.strict else 0)
        print(russian_count(errors).replace("сайт не собран", "исправьте их"), file=sys.stderr)
        return 1
    total = len(model.all())
    warnings = len(problems.warnings)
    print(
        f"Проверено: {count_of(total, 'запись', 'записи', 'записей')}, ошибок нет"
        + (f", {count_of(warnings, 'предупреждение', 'предупреждения', 'предупреждений')}." if warnings else ".")
    )
    return 0


def run_new(args: argparse.Namespace) -> int:
    content_dir, _ = _paths(args.config_file)
    kind = find_kind(args.kind)
    text = skeleton(kind, args.id)
    target = content_dir / kind.folder / f"{args.id}.md"
    existing = [p for p in (content_dir / kind.folder).rglob(f"{args.id}.md")] if (content_dir / kind.folder).is_dir() else []
    if existing:
        raise InnopubError(f"{os.path.relpath(existing[0])}: файл уже есть, ничего не изменено (выберите другой идентификатор)")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as out:  # "x": never overwrite an editor's file
        out.write(text)
    print(f"Создан {os.path.relpath(target)}: заполните поля и запустите «innopub check».")
    return 0


def run_build(args: argparse.Namespace) -> int:
    if run_check(argparse.Namespace(config_file=args.config_file, strict=args.strict)) != 0:
        print("Сайт не собран; прежняя версия в site/ не тронута.", file=sys.stderr)
        return 1
    _, site_dir = _paths(args.config_file)
    site_dir = args.site_dir or site_dir
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    staging.chmod(0o755)
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(args.config_file), "-d", str(staging)]
    if args.strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, check=False, env=env)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print("Сборка не удалась; прежняя версия в site/ не тронута.", file=sys.stderr)
        return 1
    swap_in(staging, site_dir)
    print(f"Сайт собран в {os.path.relpath(site_dir)}/")
    return 0


def swap_in(staging: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` with the finished ``staging`` folder (two renames on one file system)."""
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=site_dir.parent))
        old.rmdir()
        site_dir.rename(old)
    staging.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
