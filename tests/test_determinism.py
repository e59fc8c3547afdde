"""Deterministic builds: the same content built twice, in another folder and on another
"day" (SOURCE_DATE_EPOCH), gives byte-identical output, so a deploy uploads only what changed."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ENV, INNOPUB, ROOT, project

# Pagefind writes its filter and metadata indexes from hash maps, in an order that sometimes
# changes from run to run (Pagefind/pagefind#638: fragments became stable in 1.3, these did
# not); the pages, fragments and word index are compared byte for byte.
PAGEFIND_UNSTABLE = ("pagefind/filter/", "pagefind/pagefind-entry.json", "pagefind/pagefind.")


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
    changed = [name for name in changed if not name.startswith(PAGEFIND_UNSTABLE)]
    assert not changed, changed
    kinds = {Path(name).suffix for name in a}
    assert {".html", ".xml", ".gz"} <= kinds  # pages, feed, sitemap all compared
    assert "feed.xml" in a and "sitemap.xml" in a and "sitemap.xml.gz" in a
    assert any(name.startswith("pagefind/fragment/") for name in a)  # the search index's fragments too


def test_sitemap_dates_come_from_the_content(demo: Path) -> None:
    dates = re.findall(r"<lastmod>([^<]+)</lastmod>", (demo / "sitemap.xml").read_text(encoding="utf-8"))
    assert dates and not any(d.startswith("2001-") for d in dates)  # not the build's day
    assert len(set(dates)) > 5  # each entry's own date
