"""``innopub build``, ``innopub new`` and a plain ``mkdocs build`` through the plugin."""

from __future__ import annotations

import filecmp
import sys
from pathlib import Path

import pytest

from tests.conftest import innopub, project, run, write_files
from tests.fixtures.content import BASE, REPORT


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow  # builds a site
def test_failed_build_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    root = project(tmp_path, dict(BASE))
    assert innopub("build", cwd=root).returncode == 0
    before = _tree(root / "site")
    assert "reports/otchet-2024/index.html" in before

    write_files(root / "content", {"reports/2024/otchet-2024.md": REPORT.replace("2024-06-10", "2024-06-31")})
    result = innopub("build", cwd=root)
    assert result.returncode == 1
    assert "content/reports/2024/otchet-2024.md:3: несуществующая дата 2024-06-31" in result.stderr
    assert "прежняя версия в site/ не тронута" in result.stderr
    assert _tree(root / "site") == before
    assert not [p for p in root.iterdir() if p.name.startswith(".site-") and "-prev-" not in p.name], "no staging folder is left behind"


@pytest.mark.slow  # builds a site
def test_failed_mkdocs_stage_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    """The check passes but MkDocs itself fails (a broken mkdocs.yml theme option)."""
    root = project(tmp_path, dict(BASE))
    assert innopub("build", cwd=root).returncode == 0
    before = _tree(root / "site")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("custom_dir: theme", "custom_dir: no-such-theme"), encoding="utf-8")
    assert innopub("build", cwd=root).returncode == 1
    assert _tree(root / "site") == before


@pytest.mark.slow  # builds a site
def test_plain_mkdocs_build_gives_the_same_site(tmp_path: Path) -> None:
    root = project(tmp_path, dict(BASE))
    assert innopub("build", cwd=root).returncode == 0
    result = run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "mkdocs-site"], root)
    assert result.returncode == 0, result.stderr
    ours, theirs = root / "site", root / "mkdocs-site"
    pages = sorted(p.relative_to(ours).as_posix() for p in ours.rglob("*.html"))
    assert pages == sorted(p.relative_to(theirs).as_posix() for p in theirs.rglob("*.html"))
    assert len(pages) > 20
    _, mismatch, errors = filecmp.cmpfiles(ours, theirs, [*pages, "feed.xml", "sitemap.xml", "pagefind/pagefind-entry.json"], shallow=False)
    assert mismatch == [] and errors == []


@pytest.mark.slow  # builds a site
def test_plain_mkdocs_build_fails_with_the_same_messages(tmp_path: Path) -> None:
    root = project(tmp_path, dict(BASE))
    write_files(root / "content", {"reports/2024/otchet-2024.md": REPORT.replace("platform: nastavnichestvo", "platform: net")})
    result = run([sys.executable, "-m", "mkdocs", "build", "-q"], root)
    assert result.returncode != 0
    assert "content/reports/2024/otchet-2024.md:4: неизвестная ссылка: нет записи «net» в content/platforms/" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # builds a site
def test_build_is_deterministic(tmp_path: Path) -> None:
    first = project(tmp_path / "a", dict(BASE))
    second = project(tmp_path / "b", dict(BASE))
    for root in (first, second):
        assert innopub("build", cwd=root).returncode == 0
    a, b = _tree(first / "site"), _tree(second / "site")
    assert a.keys() == b.keys()
    different = [k for k in a if a[k] != b[k] and not k.endswith(".gz")]
    assert different == []


def test_new_writes_a_skeleton_that_passes_once_filled_in(tmp_path: Path) -> None:
    root = project(tmp_path, dict(BASE))
    result = innopub("new", "report", "otchet-2025", cwd=root)
    assert result.returncode == 0, result.stderr
    path = root / "content/reports/otchet-2025.md"
    text = path.read_text(encoding="utf-8")
    assert "# Отчёт площадки." in text and "обязательно" in text

    unfilled = innopub("check", cwd=root)
    assert unfilled.returncode == 1
    assert "content/reports/otchet-2025.md:" in unfilled.stderr and "не заполнено обязательное поле «title»" in unfilled.stderr

    filled = (
        text.replace("title:  ", "title: Отчёт за 2024-2025 учебный год ")
        .replace("platform:  ", "platform: nastavnichestvo ")
        .replace("period:  ", "period: 2024-2025 учебный год ")
        .replace("  - name: ", "  - name: Петрова Анна Ивановна")
    )
    path.write_text(filled, encoding="utf-8")
    result = innopub("check", "--strict", cwd=root)
    assert result.returncode == 0, result.stderr + filled


def test_new_never_overwrites_a_file(tmp_path: Path) -> None:
    root = project(tmp_path, dict(BASE))
    before = (root / "content/reports/2024/otchet-2024.md").read_bytes()
    result = innopub("new", "reports", "otchet-2024", cwd=root)
    assert result.returncode == 1
    assert "content/reports/2024/otchet-2024.md: файл уже есть, ничего не изменено" in result.stderr
    assert (root / "content/reports/2024/otchet-2024.md").read_bytes() == before


def test_new_for_every_kind(tmp_path: Path) -> None:
    root = project(tmp_path, dict(BASE))
    for kind in ("organization", "platform", "practice", "event", "article", "collection", "отчёт"):
        result = innopub("new", kind, f"new-{len(kind)}-{kind.encode().hex()[:6]}", cwd=root)
        assert result.returncode == 0, result.stderr
    bad = innopub("new", "report", "Плохой_id", cwd=root)
    assert bad.returncode == 1 and "недопустимый идентификатор" in bad.stderr
