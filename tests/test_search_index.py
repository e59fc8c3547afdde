"""The search index is built in parts, one Pagefind process each, and joined (generator/search/bundle.py):
the joined bundle must hold exactly what one Pagefind run over the same pages holds."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from generator.search.bundle import MergeError, load_bundle, merge_bundles
from tests.conftest import ROOT, project, run, serve
from tests.fixtures.search import decoded, documents, header_search, on_disk, raw_bundle


@pytest.fixture(scope="module")
def in_parts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built with 7 entry pages per Pagefind process: nine parts joined."""
    root = project(tmp_path_factory.mktemp("parts"), ROOT / "content", "      search_part_size: 7\n")
    result = run([sys.executable, "-m", "mkdocs", "build"], root)
    assert result.returncode == 0, result.stderr
    assert "61\xa0страница, 9\xa0частей." in result.stderr  # the summary: 61 entry pages, in 9 parts
    return root / "site"


def test_parts_joined_hold_what_one_run_holds(demo: Path, in_parts: Path) -> None:
    one, joined = decoded(demo / "pagefind"), decoded(in_parts / "pagefind")
    assert one["page_count"] == joined["page_count"] == len(one["pages"]) >= 40
    assert one["words"].keys() == joined["words"].keys()
    assert one == joined
    forms = [forms for _, forms in one["words"].values() if forms]
    assert forms, "exact forms (such as «ё» spellings) are kept beside the stems"


def test_search_works_on_the_joined_index(in_parts: Path, browser) -> None:
    page = browser.new_page()
    with serve(in_parts, "innopub") as url:
        assert "practices/mezhpredmetnaya-zadacha-sukhona/" in header_search(page, url, "елкина")
    page.close()


def test_an_unknown_pagefind_version_is_refused(demo: Path, tmp_path: Path) -> None:
    part = load_bundle(demo / "pagefind")
    part["pagefind-entry.json"] = json.dumps({**json.loads(part["pagefind-entry.json"]), "version": "2.0.0"}).encode()
    with pytest.raises(MergeError, match=r"Pagefind 2\.0\.0"):
        merge_bundles([part], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_joining_keeps_what_pagefind_wrote(tmp_path: Path) -> None:
    pages = documents()
    pagefind = decoded(on_disk(raw_bundle(pages), tmp_path / "pagefind"))
    merge_bundles([raw_bundle(pages[:1]), raw_bundle(pages[1:9]), raw_bundle(pages[9:])], tmp_path / "joined")  # the first part has no «date»
    merge_bundles([raw_bundle(pages)], tmp_path / "alone")
    assert decoded(tmp_path / "joined") == pagefind == decoded(tmp_path / "alone")
    assert pagefind["page_count"] == 12 and set(pagefind["filters"]["Год"]) == {"2020", "2021", "2022", "2023"}
    assert any(forms for _, forms in pagefind["words"].values())  # «ёлкина» beside the stem «елкин»
