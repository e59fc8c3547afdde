"""The search index is built in parts, one Pagefind process each, and joined (generator/search/bundle.py):
the joined bundle must hold exactly what one Pagefind run over the same pages holds."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from generator.pages.facets import EXCLUDE_SELECTORS
from generator.search.bundle import Files, MergeError, indexed_pages, load_bundle, merge_bundles, read
from generator.search.indexer import PagefindProcess
from tests.conftest import ROOT, project, run


def decoded(bundle: Path) -> dict:
    """A bundle as plain data keyed by page URL, so that page numbers and file names do not matter."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    (language,) = entry["languages"].values()
    meta = read(bundle / f"pagefind.{language['hash']}.pf_meta")
    urls = [json.loads(_fragment(bundle, name))["url"] for name, *_ in meta[1]]

    def pages(packed: list) -> dict[str, list]:
        found, number = {}, 0
        for delta, *rest in packed:
            number += delta
            found[urls[number]] = rest
        return found

    words = {}
    for _, _, chunk in meta[2]:
        for word, packed, forms in read(bundle / "index" / f"{chunk}.pf_index")[0]:
            words[word] = (pages(packed), {form: pages(p) for form, p in forms})
    filters = {}
    for name, file_hash in meta[3]:
        _, values = read(bundle / "filter" / f"{file_hash}.pf_filter")
        filters[name] = {value: sorted(urls[n] for n in numbers) for value, numbers in values}
    return {
        "page_count": language["page_count"],
        "pages": sorted(urls),
        "word_counts": sorted((urls[i], *rest) for i, (_, *rest) in enumerate(meta[1])),  # 1.6: and the fragment group
        "words": words,
        "filters": filters,
        "fragments": indexed_pages(bundle),
        "fields": meta[5],
    }


def _fragment(bundle: Path, name: str) -> bytes:
    import gzip

    return gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())[len(b"pagefind_dcd") :]


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
    from tests.conftest import serve
    from tests.test_search import header_search

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


def documents() -> list[tuple[str, str]]:
    """Small pages in Russian with titles, «ё» spellings, facets and metadata, as the plugin writes them."""
    words = ["краеведение", "наставничество", "площадка", "Ёлкина", "Березкин", "проект", "школа", "теплица"]
    pages = []
    for n in range(12):
        text = " ".join(words[(n + i) % len(words)] for i in range(5 + n))
        date = f'<span hidden data-pagefind-meta="date[data-value]" data-value="{n + 1} мая"></span>' if n % 3 else ""
        facet = f'<span hidden data-pagefind-filter="Год[data-value]" data-value="{2020 + n % 4}"></span>'
        body = f"<h1>Запись {n} {words[n % len(words)]}</h1><p>{text}</p><h2 id='s{n}'>Итоги</h2><p>{words[-1 - n % 3]}</p>"
        pages.append((f"/x/{n}/", f'<html lang="ru"><body><div data-pagefind-body>{date}{facet}{body}</div></body></html>'))
    return pages


def raw_bundle(pages: list[tuple[str, str]], executable: Path | None = None) -> Files:
    """The files one Pagefind process writes for ``pages`` (the wheel's Pagefind, or ``executable``)."""
    process = PagefindProcess(EXCLUDE_SELECTORS, executable)
    try:
        for url, html in pages:
            process.add(url, html)
        process.finish()
        return process.wait()
    finally:
        process.close()


def on_disk(files: Files, folder: Path) -> Path:
    for path, raw in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(raw)
    return folder


def test_joining_keeps_what_pagefind_wrote(tmp_path: Path) -> None:
    pages = documents()
    pagefind = decoded(on_disk(raw_bundle(pages), tmp_path / "pagefind"))
    merge_bundles([raw_bundle(pages[:1]), raw_bundle(pages[1:9]), raw_bundle(pages[9:])], tmp_path / "joined")  # the first part has no «date»
    merge_bundles([raw_bundle(pages)], tmp_path / "alone")
    assert decoded(tmp_path / "joined") == pagefind == decoded(tmp_path / "alone")
    assert pagefind["page_count"] == 12 and set(pagefind["filters"]["Год"]) == {"2020", "2021", "2022", "2023"}
    assert any(forms for _, forms in pagefind["words"].values())  # «ёлкина» beside the stem «елкин»
