"""``innopub publish``: the monthly steps end to end on a temp copy of the demo content."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.conftest import ROOT, innopub, project, soup
from tests.fixtures.content import BASE, NEW_PRACTICE


def test_publish_previous_month(demo_root: Path, tmp_path: Path) -> None:
    root = project(tmp_path / "site", ROOT / "content")
    shutil.copytree(demo_root / ".cache", root / ".cache")  # a warm cache, as on a machine that built before
    (root / "content/practices/chitaem-vmeste.md").write_text(NEW_PRACTICE, encoding="utf-8")

    # The demo's "today" is 2026-11-25, so the previous month is October 2026.
    result = innopub("publish", "--month", "previous", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    issue_file = root / "content/bulletin/2026-10.md"
    meta = yaml.safe_load(issue_file.read_text(encoding="utf-8").split("---")[1])
    assert (meta["number"], meta["total"]) == (2, 5)  # after the demo's 2026-04 issue № 1 (4)
    assert meta["items"] == ["practices/chitaem-vmeste"]

    site = root / "site"
    page = soup(site / "bulletin/2026-10/index.html")
    assert "Сетевой проект «Читаем вместе» для начальной школы" in page.get_text()
    assert (site / "bulletin/2026-10/2026-10.pdf").stat().st_size > 10_000
    assert (site / "bulletin/2026-10/2026-10.epub").is_file()
    home = soup(site / "index.html")
    assert "Вестник №\u00a02 (5), октябрь 2026" in home.select_one("#bulletin").find_next("ul").get_text()
    assert "bulletin/2026-10/" in (site / "bulletin/feed.xml").read_text(encoding="utf-8")
    archive = soup(site / "bulletin/index.html").get_text()
    assert "2026" in archive and "Вестник №\u00a03 (3), июнь 2024" in archive

    # The next run for the same month changes nothing and says so.
    frozen = issue_file.read_text(encoding="utf-8")
    again = innopub("publish", "--month", "2026-10", cwd=root)
    assert again.returncode == 0
    assert "ничего не изменено" in again.stdout
    assert issue_file.read_text(encoding="utf-8") == frozen


def test_publish_of_an_empty_month_still_builds(tmp_path: Path) -> None:
    root = project(tmp_path, dict(BASE))
    result = innopub("publish", "--month", "2026-08", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Выпуск не создан: за август 2026 нет ни одной опубликованной записи" in result.stderr
    assert not (root / "content/bulletin").exists()
    assert (root / "site/index.html").is_file()


def test_publish_refuses_a_month_before_a_published_issue(tmp_path: Path) -> None:
    """The demo has the issue of April 2026, № 1 (4): October 2025 (two entries) would take № 5 after it (issue 19)."""
    root = project(tmp_path, ROOT / "content")
    result = innopub("publish", "--month", "2025-10", cwd=root)
    assert result.returncode == 1
    assert (
        "content/bulletin/2025-10.md: выпуск за октябрь 2025 не создан: уже есть выпуск за более поздний месяц — апрель 2026 "
        "(content/bulletin/2026-04.md, № 1 (4))" in result.stderr
    ), result.stderr
    assert not (root / "content/bulletin/2025-10.md").exists()
    assert not (root / "site").exists()
