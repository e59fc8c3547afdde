"""The search index is built in parts, one Pagefind process each, and joined (generator/search/bundle.py):
the joined bundle must hold exactly what one Pagefind run over the same pages holds."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from generator.search.bundle import MergeError, load_bundle, merge_bundles
from tests.conftest import ROOT, project, run, serve
from tests.fixtures.search import decoded, documents, header_search, on_disk, raw_bundle, read, unzipped


@pytest.fixture(scope="module")
def in_parts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built with 7 entry pages per Pagefind process: nine parts joined."""
    root = project(tmp_path_factory.mktemp("parts"), ROOT / "content", "      search_part_size: 7\n")
    result = run([sys.executable, "-m", "mkdocs", "build"], root)
    assert result.returncode == 0, result.stderr
    # The summary: 61 entry pages in 9 parts of 7, or 10 when the part being filled was cut as the build waited for
    # editions still being made (generator/search/indexer.py, Indexer.cut: it depends on how fast the editions are)
    assert re.search("61\xa0страница, (9|10)\xa0частей[.]", result.stderr), result.stderr[-600:]
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
        assert "practices/mezhpredmetnaya-zadacha-sukhona/" in header_search(page, url, "елкина", every=True)
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


def fragment_names(bundle: Path) -> list[str]:
    """The fragment names the ``.pf_meta`` lists, in page order (read with the tests' own decoder)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    (language,) = entry["languages"].values()
    return [name for name, *_ in read(bundle / f"pagefind.{language['hash']}.pf_meta")[1]]


def test_fragments_are_numbered_in_page_order_under_a_tag_of_the_bundle(tmp_path: Path) -> None:
    """Names are not content hashes (30 KB of the 75 KB meta at 10,000 entries): ``ru_<tag><page number in base 36>``."""
    pages = documents()
    merge_bundles([raw_bundle(pages[:5]), raw_bundle(pages[5:])], tmp_path / "joined")
    names = fragment_names(tmp_path / "joined")
    tag = names[0][3:9]
    assert re.fullmatch(r"[0-9a-z]{6}", tag)
    assert names == [f"ru_{tag}{n}" for n in "0123456789ab"]
    assert sorted(p.name for p in (tmp_path / "joined" / "fragment").iterdir()) == sorted(f"{name}.pf_fragment" for name in names)
    folder = tmp_path / "joined" / "fragment"
    urls = [json.loads(unzipped(folder / f"{name}.pf_fragment"))["url"] for name in names]
    assert urls == [url for url, _ in pages]  # numbered in the order the pages were added
    # The word-index chunks and the filters are numbered under the same tag.
    assert all(p.name.startswith(f"ru_{tag}") for folder in ("index", "filter") for p in (tmp_path / "joined" / folder).iterdir())


def test_any_change_to_any_page_renames_every_fragment(tmp_path: Path) -> None:
    """A fragment cached before a deploy (GitHub Pages: ten minutes) is never asked for under a name that now means
    another page: one changed word on the last page renames the first page's fragment too, whose bytes stayed."""
    pages = documents()
    changed = [*pages[:-1], (pages[-1][0], pages[-1][1].replace("Итоги", "Выводы"))]
    merge_bundles([raw_bundle(pages)], tmp_path / "before")
    merge_bundles([raw_bundle(changed)], tmp_path / "after")
    before, after = fragment_names(tmp_path / "before"), fragment_names(tmp_path / "after")
    assert len(before) == len(after) == 12 and not set(before) & set(after)
    first = "fragment/{}.pf_fragment"
    assert (tmp_path / "before" / first.format(before[0])).read_bytes() == (tmp_path / "after" / first.format(after[0])).read_bytes()
    # A page added at the end (every other page the same) renames them all as well.
    merge_bundles([raw_bundle([*pages, ("/x/new/", pages[0][1])])], tmp_path / "added")
    assert not set(before) & set(fragment_names(tmp_path / "added"))


def test_the_same_pages_give_the_same_names_and_bytes(tmp_path: Path) -> None:
    pages = documents()
    merge_bundles([raw_bundle(pages[:1]), raw_bundle(pages[1:9]), raw_bundle(pages[9:])], tmp_path / "parts")
    merge_bundles([raw_bundle(pages)], tmp_path / "alone")
    merge_bundles([raw_bundle(pages)], tmp_path / "again")
    assert load_bundle(tmp_path / "parts") == load_bundle(tmp_path / "alone") == load_bundle(tmp_path / "again")
