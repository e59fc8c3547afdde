"""Deterministic builds: the same content built twice, in another folder and on another
"day" (SOURCE_DATE_EPOCH), gives byte-identical output, so a deploy uploads only what changed."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ENV, INNOPUB, ROOT, project


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
    # run to run (Pagefind/pagefind#638); generator/bundle.py writes them sorted.
    assert {"pagefind/pagefind-entry.json", "pagefind/fragment", "pagefind/index", "pagefind/filter"} <= {
        n.rsplit("/", 1)[0] if "/" in n[9:] else n for n in a
    }


def test_sitemap_dates_come_from_the_content(second_build: Path) -> None:
    """The build made on 2001-09-09 (SOURCE_DATE_EPOCH) dates no page by that day: each by its content."""
    dates = re.findall(r"<lastmod>([^<]+)</lastmod>", (second_build / "sitemap.xml").read_text(encoding="utf-8"))
    assert dates and not any(d.startswith("2001-") for d in dates)  # not the build's day
    assert len(set(dates)) > 5  # each entry's own date
    assert "2025-06-30" in dates  # content/reports/gimnaziya-1-rcoo-2024-2025.md: date: 2025-06-30
