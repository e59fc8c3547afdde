"""Deterministic builds: the same content built twice, in another folder and on another
"day" (SOURCE_DATE_EPOCH), gives byte-identical output, so a deploy uploads only what changed."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import ENV, INNOPUB, ROOT, project, soup


def digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def second_build(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = project(tmp_path_factory.mktemp("again") / "elsewhere", ROOT / "content")
    env = {**ENV, "SOURCE_DATE_EPOCH": "1000000000"}  # another build day: 2001-09-09
    result = subprocess.run([*INNOPUB, "build"], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def differing(first: Path, second: Path) -> tuple[dict[str, str], dict[str, str], list[str]]:
    a, b = digests(first), digests(second)
    return a, b, sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def test_two_builds_are_byte_identical(demo: Path, second_build: Path) -> None:
    a, _, changed = differing(demo, second_build)
    assert not changed, changed
    kinds = {Path(name).suffix for name in a}
    assert {".html", ".xml", ".gz"} <= kinds  # pages, feed, sitemap all compared
    assert "feed.xml" in a and "sitemap.xml" in a and "sitemap.xml.gz" in a
    # The search index too: Pagefind writes filters from hash maps, in an order that changes from
    # run to run (Pagefind/pagefind#638); generator/search/bundle.py writes them sorted.
    assert {"pagefind/pagefind-entry.json", "pagefind/fragment", "pagefind/index", "pagefind/filter"} <= {
        n.rsplit("/", 1)[0] if "/" in n[9:] else n for n in a
    }


def test_sitemap_dates_come_from_the_content(second_build: Path) -> None:
    """The build made on 2001-09-09 (SOURCE_DATE_EPOCH) dates no page by that day: each by its content."""
    dates = re.findall(r"<lastmod>([^<]+)</lastmod>", (second_build / "sitemap.xml").read_text(encoding="utf-8"))
    assert dates and not any(d.startswith("2001-") for d in dates)  # not the build's day
    assert len(set(dates)) > 5  # each entry's own date
    assert "2025-06-30" in dates  # content/reports/gimnaziya-1-rcoo-2024-2025.md: date: 2025-06-30


# One clock (issue 19, item 11) -------------------------------------------------------------------------

DECISION = """---
title: Решение совета о функциональной грамотности
kind: решение совета
date: 2026-01-20
issuer: shkola-3-lesnoj
items:
  - text: Провести открытые уроки
    responsible: [shkola-3-lesnoj]
    due: 2026-03-01
---
"""
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря")


def build_in_zone(folder: Path, tz: str, epoch: str | None) -> Path:
    """The golden fixture (and a decision with an overdue point) built without ``today:`` on a machine in ``tz``."""
    folder.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "theme", folder / "theme")
    shutil.copytree(ROOT / "tests/golden/content", folder / "content")
    (folder / "content/decisions").mkdir()
    (folder / "content/decisions/reshenie-soveta.md").write_text(DECISION, encoding="utf-8")
    env = {k: v for k, v in ENV.items() if k not in ("SOURCE_DATE_EPOCH", "TZ")} | {"TZ": tz}
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    result = subprocess.run([*INNOPUB, "build", "-q"], cwd=folder, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "site"


def as_of(site: Path) -> str:
    """The day the control page says it is «по состоянию на»."""
    return soup(site / "control/index.html").select_one(".innopub-lead time")["datetime"]


def moscow_today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Moscow")).date()


@pytest.mark.slow  # builds a site four times
def test_builds_on_machines_in_different_time_zones_are_byte_identical(tmp_path: Path) -> None:
    """UTC−12 and UTC+14 are 26 hours apart: their calendar days always differ, now and at any SOURCE_DATE_EPOCH."""
    for attempt in range(3):  # again only if Moscow's midnight passed during the two builds
        day = moscow_today()
        west = build_in_zone(tmp_path / f"west-{attempt}", "Etc/GMT+12", None)
        east = build_in_zone(tmp_path / f"east-{attempt}", "Pacific/Kiritimati", None)
        if moscow_today() == day:
            break
    _, _, changed = differing(west, east)
    assert not changed, changed
    assert as_of(west) == day.isoformat()  # the site's day: Moscow's

    # 2026-03-31 22:30 UTC is 1 April 01:30 in Moscow: the control is «по состоянию на 1 апреля 2026 г.», its point
    # (due 1 March) 31 days overdue, on a machine in UTC and on one in UTC+14 alike.
    utc = build_in_zone(tmp_path / "utc", "UTC", "1774996200")
    kiritimati = build_in_zone(tmp_path / "kiritimati", "Pacific/Kiritimati", "1774996200")
    _, _, changed = differing(utc, kiritimati)
    assert not changed, changed
    lead = soup(utc / "control/index.html").select_one(".innopub-lead").get_text(" ", strip=True)
    assert "по состоянию на 1 апреля 2026\u00a0г." in lead, lead
    assert "просрочен на 31\u00a0день" in soup(utc / "control/index.html").get_text(" ", strip=True)
    assert f"{day.day} {MONTHS[day.month - 1]} {day.year}" in soup(west / "control/index.html").select_one(".innopub-lead").get_text(" ")
