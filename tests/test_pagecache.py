"""Converted pages kept between builds (generator/engines/mkdocs/pagecache.py).

A warm build takes every unchanged page from ``.cache/innopub/pages.sqlite`` and writes the very site a build
without the cache writes; a changed page, or one whose link now leads elsewhere, is converted anew; MkDocs'
warnings about links are said on every build. The cache is untrusted (a pull request can commit one): a planted
entry's HTML is sanitized like any page, an entry with markup in its title or headings, or one that unpacks to more
than the limit, is not used; a broken file, a link in the file's place, a build killed with ``kill -9`` while it
wrote, a full disk: the build converts the pages and writes the same site.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from generator.engines.mkdocs import pagecache
from generator.engines.mkdocs.pagecache import PageCache
from tests.conftest import ENV, ROOT, project, run
from tests.fixtures.sites import different


@functools.cache
def _bomb() -> bytes:
    return zlib.compress(b" " * 100_000_000, 9)


BUILD = [sys.executable, "-m", "mkdocs", "build", "-v"]
COUNTS = re.compile(r"Кэш преобразованных страниц: (\d+) взято, (\d+) преобразовано")


def _build(root: Path) -> tuple[int, int, str]:
    """A plain ``mkdocs build`` of ``root``: (pages taken from the cache, pages converted, what it logged)."""
    result = run(BUILD, root, ENV)
    assert result.returncode == 0, result.stderr[-3000:]
    counts = COUNTS.findall(result.stderr)
    assert len(counts) == 1, result.stderr[-3000:]
    return int(counts[0][0]), int(counts[0][1]), result.stderr


def _db(root: Path) -> Path:
    return root / ".cache" / "innopub" / "pages.sqlite"


def _rows(root: Path) -> list[tuple[bytes, bytes]]:
    with sqlite3.connect(_db(root)) as db:
        return db.execute("SELECT key, value FROM pages").fetchall()


def _rewrite(root: Path, change) -> int:
    """Each stored entry passed through ``change`` (a dict → a dict, or raw bytes); how many were changed."""
    changed = 0
    db = sqlite3.connect(_db(root))
    for key, value in db.execute("SELECT key, value FROM pages").fetchall():
        entry = json.loads(zlib.decompress(value))
        new = change(entry)
        if new is None:
            continue
        packed = new if isinstance(new, bytes) else zlib.compress(json.dumps(new, ensure_ascii=False).encode())
        db.execute("UPDATE pages SET value = ? WHERE key = ?", (packed, key))
        changed += 1
    db.commit()
    db.close()
    return changed


@pytest.fixture(scope="module")
def cold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built once with an empty cache: the site every other build here must write."""
    root = project(tmp_path_factory.mktemp("cold"), ROOT / "content")
    taken, converted, _ = _build(root)
    assert taken == 0 and converted > 100
    assert len(_rows(root)) == converted
    return root


def _copy(cold: Path, tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(cold, root, symlinks=True)
    return root


def test_a_warm_build_takes_every_page_from_the_cache_and_writes_the_same_site(cold: Path, tmp_path: Path) -> None:
    root = _copy(cold, tmp_path)
    taken, converted, _ = _build(root)
    assert (taken, converted) == (len(_rows(cold)), 0)
    assert different(cold / "site", root / "site") == []


def test_a_changed_page_is_converted_anew_and_unused_entries_are_dropped(cold: Path, tmp_path: Path) -> None:
    root = _copy(cold, tmp_path)
    report = next((root / "content" / "reports").rglob("*.md"))
    text = report.read_text(encoding="utf-8")
    report.write_text(text + "\n\n## Новый раздел отчёта\n\nДобавленный абзац.\n", encoding="utf-8")
    taken, converted, _ = _build(root)
    assert converted >= 1 and taken >= len(_rows(cold)) - 5
    assert len(_rows(root)) == taken + converted  # the report's old entry is gone
    fresh = _copy(root, tmp_path / "fresh")
    _db(fresh).unlink()
    assert _build(fresh)[:2] == (0, taken + converted)
    assert different(root / "site", fresh / "site") == []
    page = (root / "site").joinpath(*report.relative_to(root / "content").with_suffix("").parts, "index.html")
    assert "Добавленный абзац." in page.read_text(encoding="utf-8")


LINKS = {
    "a.md": "---\ntitle: Страница А\n---\n\n# Страница А\n\nСм. [страницу Б](b.md) и [реестр отчётов](/reports/).\n",
    "b.md": "---\ntitle: Страница Б\n---\n\n# Страница Б\n\nТекст.\n",
}
ABSOLUTE = "contains an absolute link '/reports/'"  # MkDocs' own message (validation.links.absolute_links: info)


def test_links_are_resolved_again_and_their_messages_said_on_every_build(tmp_path: Path) -> None:
    root = project(tmp_path / "links", LINKS)
    taken, converted, first = _build(root)
    assert taken == 0 and first.count(ABSOLUTE) == 1
    page = root / "site" / "a" / "index.html"
    assert 'href="../b/"' in page.read_text(encoding="utf-8")
    cold = page.read_bytes()
    taken, converted, second = _build(root)
    assert converted == 0 and taken >= 2
    assert second.count(ABSOLUTE) == 1, second[-3000:]  # a taken from the cache, MkDocs still says it, once
    assert page.read_bytes() == cold


def test_a_link_resolved_otherwise_converts_the_page_anew(tmp_path: Path) -> None:
    root = project(tmp_path / "links", LINKS)
    _build(root)
    page = root / "site" / "a" / "index.html"
    cold = page.read_bytes()

    def elsewhere(entry: dict) -> dict | None:  # a stored resolution this build's files no longer give
        if not any(url == "b.md" for url, _ in entry["links"]):
            return None
        entry["links"] = [[url, "../elsewhere/" if url == "b.md" else new] for url, new in entry["links"]]
        entry["content"] = entry["content"].replace('href="../b/"', 'href="../elsewhere/"')
        return entry

    assert _rewrite(root, elsewhere) == 1
    taken, converted, said = _build(root)
    assert converted == 1 and taken >= 1
    assert said.count(ABSOLUTE) == 1  # said by the conversion, not also by the replay that failed
    assert page.read_bytes() == cold


def test_a_planted_entry_is_sanitized_like_any_page(cold: Path, tmp_path: Path) -> None:
    root = _copy(cold, tmp_path)

    def plant(entry: dict) -> dict:
        entry["content"] += '<p>ПОДМЕНА</p><script>alert(1)</script><img src="x" onerror="alert(2)">'
        return entry

    assert _rewrite(root, plant) > 100
    converted = _build(root)[1]
    assert converted == 0
    pages = list((root / "site").rglob("index.html"))
    planted = [page for page in pages if "ПОДМЕНА" in page.read_text(encoding="utf-8")]
    assert len(planted) > 100  # taken from the cache...
    for page in planted:  # ...and sanitized as any converted page
        html = page.read_text(encoding="utf-8")
        assert "alert(1)" not in html and "onerror" not in html


@pytest.mark.parametrize(
    "spoil",
    [
        lambda entry: {**entry, "title": '<img src=x onerror="alert(1)">'},
        lambda entry: {**entry, "toc": [{"level": 2, "id": "x", "name": "<script>alert(1)</script>", "children": []}]},
        lambda entry: {**entry, "toc": [{"level": 2, "id": 'x" onmouseover="alert(1)', "name": "Раздел", "children": []}]},
        lambda entry: {**entry, "links": "не список"},
        lambda entry: {**entry, "extra": 1},
        lambda entry: zlib.compress(b"[" * 100_000 + b"]" * 100_000),
        lambda entry: _bomb(),  # unpacks past the limit (100 MB of spaces, 100 KB packed)
        lambda entry: b"not zlib at all",
    ],
    ids=["title-markup", "toc-markup", "toc-id-quote", "links-type", "unknown-key", "deep-json", "zip-bomb", "not-packed"],
)
def test_an_entry_that_does_not_pass_is_not_used(cold: Path, tmp_path: Path, spoil) -> None:
    root = _copy(cold, tmp_path)
    assert _rewrite(root, spoil) > 100
    taken, converted, _ = _build(root)
    assert taken == 0 and converted > 100
    assert different(cold / "site", root / "site") == []


def test_a_broken_cache_file_is_replaced(cold: Path, tmp_path: Path) -> None:
    root = _copy(cold, tmp_path)
    _db(root).write_bytes(b"SQLite format 3\x00" + os.urandom(20000))
    taken, converted, _ = _build(root)
    assert taken == 0 and converted > 100
    assert different(cold / "site", root / "site") == []
    assert len(_rows(root)) == converted


@pytest.mark.parametrize("name", ["pages.sqlite", "pages.sqlite-journal"])
def test_a_link_in_the_cache_files_place_is_never_written_through(cold: Path, tmp_path: Path, name: str) -> None:
    root = _copy(cold, tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"outside the project")
    place = root / ".cache" / "innopub" / name
    place.unlink(missing_ok=True)
    place.symlink_to(outside)
    _build(root)
    assert outside.read_bytes() == b"outside the project"
    assert not _db(root).is_symlink() and len(_rows(root)) > 100
    assert different(cold / "site", root / "site") == []


def test_a_build_killed_while_it_writes_the_cache_leaves_a_usable_one(cold: Path, tmp_path: Path) -> None:
    root = _copy(cold, tmp_path)
    _db(root).unlink()
    journal = _db(root).with_name("pages.sqlite-journal")
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=root,
        env=ENV,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not journal.exists() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert journal.exists(), "the build wrote the cache in a transaction (its journal beside it)"
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    with sqlite3.connect(_db(root)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    taken, converted, _ = _build(root)
    assert taken == 0 and converted > 100  # the killed build's transaction undone
    assert different(cold / "site", root / "site") == []
    assert _build(root)[:2] == (converted, 0)


def test_a_full_disk_leaves_the_cache_alone_and_keeps_what_was_committed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)], capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"a small tmpfs cannot be mounted here (a full disk is simulated with one): {mounted.stderr.strip()}")
    try:
        entry = pagecache.entry_of("<p>Первая</p>", [], "Первая", {"x"}, [])
        limit = 1_000_000
        cache = PageCache(folder)
        cache.put(b"first", entry, limit)
        cache.close(prune=False)
        cache = PageCache(folder)
        with caplog.at_level("INFO", logger="mkdocs.plugins.innopub"):
            for number in range(1000):  # 4.5 MB of pages that hardly compress, on a disk of 256 KB
                cache.put(number.to_bytes(4, "big"), pagecache.entry_of(os.urandom(4000).hex(), [], None, set(), []), limit)
            assert cache.get(b"first", limit) is None  # given up for the rest of the build, no exception
            cache.close(prune=True)
        assert caplog.text.count("диск заполнен") == 1, caplog.text
        cache = PageCache(folder)  # the build's transaction undone, the last one kept
        assert cache.get(b"first", limit) == entry
        cache.close(prune=False)
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


FOREVER = "WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM forever) SELECT count(*) FROM forever"
PLANTED_SCHEMAS = {
    "trigger": [f"CREATE TRIGGER hang AFTER INSERT ON pages BEGIN {FOREVER}; END", f"CREATE TRIGGER gone AFTER DELETE ON pages BEGIN {FOREVER}; END"],
    "view": ["ALTER TABLE pages RENAME TO stored", "CREATE VIEW pages AS SELECT key, value FROM stored"],
    "another-table": ["CREATE TABLE notes (text TEXT)"],
}


@pytest.mark.parametrize("planted", sorted(PLANTED_SCHEMAS))
def test_a_cache_file_with_anything_but_the_table_is_replaced_before_it_runs(cold: Path, tmp_path: Path, planted: str) -> None:
    root = _copy(cold, tmp_path)
    report = next((root / "content" / "reports").rglob("*.md"))  # a page to convert, so that the build writes
    report.write_text(report.read_text(encoding="utf-8") + "\n\nЕщё абзац.\n", encoding="utf-8")
    with sqlite3.connect(_db(root)) as db:
        for statement in PLANTED_SCHEMAS[planted]:
            db.execute(statement)
    result = subprocess.run(BUILD, cwd=root, env=ENV, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    [(taken, converted)] = COUNTS.findall(result.stderr)
    assert taken == "0" and int(converted) > 100  # the file replaced: nothing of it used, nothing of it run
    with sqlite3.connect(_db(root)) as db:
        assert {row[:2] for row in db.execute("SELECT type, name FROM sqlite_master")} == {("table", "pages"), ("index", "sqlite_autoindex_pages_1")}
