"""Progress and the summary: a real ``innopub build`` through a pipe and in a pseudo-terminal, ``--quiet``,
``--verbose``, a plain ``mkdocs build`` and ``innopub publish``; what each shows is read back."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.common.progress import folder_size, size
from generator.model.load import load_content
from generator.settings.config import load_config
from tests.conftest import ENV, INNOPUB, ROOT, innopub, project, run, write_files
from tests.fixtures.content import BASE, NEW_PRACTICE, REPORT
from tests.fixtures.terminal import on_a_terminal

NBSP = "\u00a0"
STAGES = ["Проверка материалов", "Издания PDF и EPUB", "Разметка страниц", "Запись страниц", "Поисковый индекс"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The demo built once through a pipe, with no edition cache and no kept editions: every edition is made anew."""
    root = project(tmp_path_factory.mktemp("progress"), ROOT / "content")
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, result


def _counts(root: Path) -> tuple[int, int, int, int]:
    """Entries of the model, HTML files of the site, editions (PDF files), redirects: counted apart from innopub's report."""
    site = load_config(root / "mkdocs.yml")
    model, _ = load_content(site.docs_dir, site.settings)
    # admin/ is the web editor's bundle, copied as it is: not a page the build renders
    html = len([p for p in (root / "site").rglob("*.html") if "admin" not in p.relative_to(root / "site").parts])
    editions = len([p for p in (root / "site").rglob("*.pdf") if p.stem == p.parent.name])  # /collections/<id>/<id>.pdf; not attachments
    return len(model.all()), html, editions, len(model.redirects)


def test_pipe_shows_each_stage_in_plain_lines_and_a_true_summary(built) -> None:
    root, result = built
    shown = result.stdout + result.stderr
    assert "\x1b" not in shown, "no escape codes in a pipe"
    for stage in STAGES:
        assert f"{stage}:" in result.stderr, stage
    lines = result.stderr.splitlines()
    assert lines.index(next(x for x in lines if x.startswith("Издания PDF и EPUB:"))) < lines.index(
        next(x for x in lines if x.startswith("Запись страниц:"))
    ), "stages in the order they run"
    assert len(lines) < 60, "a few lines per stage, not one per page"
    for stage in STAGES:  # its start, then its end, once
        ended = [x for x in lines if x.startswith(f"{stage}:") and " за " in x]
        assert len(ended) == 1, ended

    entries, html, editions, redirects = _counts(root)
    summary = result.stdout.splitlines()
    assert summary[0].startswith("Сайт собран в site/ за ")
    assert summary[1].startswith(f"  {entries}{NBSP}запис"), summary[1]
    pages = html - redirects  # every HTML file but the redirects: entry, listing, ordinary pages and 404.html
    assert f", {pages}{NBSP}страниц" in summary[1]
    assert f"Издания PDF и EPUB: {editions} (заново {editions})." in result.stdout
    assert f"Издания PDF и EPUB: {editions}{NBSP}изданий за " in result.stderr
    assert f"Поисковый индекс: {size(folder_size(root / 'site/pagefind'))}, {entries}{NBSP}" in result.stdout
    assert "Время: проверка " in result.stdout and " · издания " in result.stdout and " · поиск " in result.stdout
    written = [p.read_text(encoding="utf-8", errors="replace") for p in (root / "site").rglob("*") if p.suffix in {".html", ".xml", ".json"}]
    assert not any("Время: проверка" in text or "Сайт собран в" in text for text in written), "the summary goes to the terminal only"

    shutil.rmtree(root / "editions")  # made anew by no build: taken from .cache/innopub/ and kept again
    cached = innopub("build", cwd=root)
    assert cached.returncode == 0, cached.stderr
    assert f"Издания PDF и EPUB: {editions} (из кэша {editions})." in cached.stdout
    again = innopub("build", cwd=root)  # published editions are kept now: served from editions/
    assert again.returncode == 0, again.stderr
    assert f"Издания PDF и EPUB: {editions} (из editions/ {editions})." in again.stdout


def _in_terminal(args: list[str], cwd: Path, timeout: float = 300) -> tuple[int, str]:
    """Run ``args`` on a pseudo-terminal of 120 columns; everything it showed, escape codes included."""
    return on_a_terminal(args, cwd, {**ENV, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}, timeout=timeout)


def test_terminal_gets_a_live_display_and_the_summary(built) -> None:
    root, _ = built
    code, shown = _in_terminal([*INNOPUB, "build"], root)
    assert code == 0, shown
    assert "\x1b[" in shown, "rich draws in the terminal"
    assert "━" in shown, "progress bars"
    for stage in STAGES:
        assert stage in shown, stage
    entries, html, editions, redirects = _counts(root)
    assert re.search(r"\d+ из \d+", shown), "n of m while a stage runs"
    assert f"✓\x1b[0m Издания PDF и EPUB: {editions}{NBSP}изданий за " in shown, "an ended stage printed whole above the display"
    assert "Сайт собран в site/ за " in shown
    assert re.search(rf"{entries}{NBSP}запис(ь|и|ей), {html - redirects}{NBSP}страниц", shown), "the counts (the plural by the number)"
    assert f"Издания PDF и EPUB: {editions} (из editions/ {editions})." in shown


def test_quiet_shows_nothing_but_problems_and_verbose_more(built, tmp_path: Path) -> None:
    root, plain = built
    quiet = innopub("build", "--quiet", cwd=root)
    assert quiet.returncode == 0
    assert quiet.stdout == "" and quiet.stderr == ""

    verbose = innopub("build", "--verbose", cwd=root)
    assert verbose.returncode == 0, verbose.stderr
    assert "\x1b" not in verbose.stdout + verbose.stderr
    assert "Издания PDF и EPUB: 1 из " in verbose.stderr and "(из editions/)" in verbose.stderr, "each edition"
    assert "Сайт собран за " in verbose.stderr, "MkDocs' own lines (in Russian: «Documentation built in …»)"
    assert "Running `" not in verbose.stderr, "MkDocs' debug lines are not for editors"
    assert len(verbose.stderr.splitlines()) > len(plain.stderr.splitlines())
    assert "Сайт собран в site/" in verbose.stdout

    broken = project(tmp_path, dict(BASE))
    write_files(broken / "content", {"reports/2024/otchet-2024.md": REPORT.replace("2024-06-10", "2024-06-31")})
    failed = innopub("build", "-q", cwd=broken)
    assert failed.returncode == 1
    assert failed.stdout == ""
    assert "несуществующая дата 2024-06-31" in failed.stderr and "прежняя версия в site/ не тронута" in failed.stderr
    assert "Проверка материалов" not in failed.stderr


def test_plain_mkdocs_build_logs_the_stages_at_info(tmp_path: Path) -> None:
    root = project(tmp_path, dict(BASE))
    result = run([sys.executable, "-m", "mkdocs", "build"], root)
    assert result.returncode == 0, result.stderr
    for stage in STAGES:  # the content is checked by the plugin itself, once
        assert f"INFO    -  {stage}:" in result.stderr, stage
    assert "INFO    -  Итог сборки (" in result.stderr
    entries, html, _, redirects = _counts(root)
    assert f"INFO    -    {entries}{NBSP}запис" in result.stderr
    assert f"{html - redirects}{NBSP}страниц" in result.stderr
    assert "\x1b" not in result.stderr

    quiet = run([sys.executable, "-m", "mkdocs", "build", "-q"], root)
    assert quiet.returncode == 0
    assert quiet.stderr == "" and quiet.stdout == ""


def test_publish_shows_its_steps_and_the_summary(built) -> None:
    root, _ = built
    (root / "content/practices/chitaem-vmeste.md").write_text(NEW_PRACTICE, encoding="utf-8")
    result = innopub("publish", "--month", "previous", cwd=root)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    step1, step2 = out.index("Шаг 1 из 2: выпуск «Вестника» за октябрь 2026"), out.index("Шаг 2 из 2: сборка сайта")
    assert step1 < step2
    assert out[step1 + 1].startswith("  Создан content/bulletin/2026-10.md: № 2 (5)")
    assert any(line.startswith("Сайт собран в site/ за ") for line in out[step2:])
    _, _, editions, _ = _counts(root)
    assert f"Издания PDF и EPUB: {editions} (заново 1, из editions/ {editions - 1})." in result.stdout
    assert out[-1] == "Публикация: выпуск за 2026-10 записан, сайт собран."

    again = innopub("publish", "--month", "2026-10", "--quiet", cwd=root)
    assert again.returncode == 0
    assert again.stdout == "" and again.stderr == ""
    nothing = innopub("publish", "--month", "2026-08", cwd=root)
    assert "Выпуск не создан: за август 2026" in nothing.stderr
    assert nothing.stdout.splitlines()[-1] == "Публикация: выпуск за 2026-08 не создан, сайт собран."


def test_plain_lines_stay_few() -> None:
    """A reporter's plain lines: a line when a stage starts and one when it ends, not one per page; the summary's counts."""
    from generator.common.progress import LineReporter, Summary, summary_lines

    lines: list[str] = []
    parent = LineReporter(lines.append)
    parent.stage_started("editions", 3)
    for kind in ("anew", "cached", "kept"):
        parent.advanced("editions", f"«{kind}»", step=0)
        parent.advanced("editions", f"«{kind}»", kind)
    parent.stage_finished("editions")
    parent.stage_started("pages", 400)
    for _ in range(400):
        parent.advanced("pages")
    parent.stage_finished("pages")
    parent.summary(Summary(entries=21, pages=402, redirects=2, editions_anew=1, editions_cached=1, editions_kept=1, index_bytes=3 << 20))
    assert lines[0] == "Издания PDF и EPUB: 3\u00a0издания…"
    assert lines[1].startswith("Издания PDF и EPUB: 3\u00a0издания за ") and lines[1].endswith("(заново 1, из кэша 1, из editions/ 1)")
    assert lines[2:] == ["Разметка страниц: 400\u00a0страниц…", lines[3]] and lines[3].startswith("Разметка страниц: 400\u00a0страниц за ")
    assert parent.result is not None
    summary = summary_lines(parent.result, parent, "site")
    assert summary[1:4] == [
        "  21\u00a0запись, 402\u00a0страницы и 2\u00a0переадресации.",
        "  Издания PDF и EPUB: 3 (заново 1, из кэша 1, из editions/ 1).",
        "  Поисковый индекс: не нужен (нет опубликованных записей).",
    ]
    assert summary[4].startswith("  Время: издания ") and " · разметка " in summary[4]
