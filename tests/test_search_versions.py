"""Search with another Pagefind than the wheel's (``INNOPUB_PAGEFIND``): real binaries from npm, which
``make tools`` installs into .tools/ (nothing is downloaded here).

- 1.6.0 writes 1.5's format plus a fragment group per page: its parts are joined, and the joined
  bundle holds what one 1.6 run holds;
- 1.4.0 is a format ``generator/search/bundle.py`` does not know: the whole site goes to one Pagefind
  process, its bundle is written as it is, the build warns once in Russian, and search works.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlencode

import pytest

from generator.pages.facets import EXCLUDE_SELECTORS
from generator.search.binary import PAGEFIND_ENV, IndexerError, pagefind_executable, pagefind_version
from generator.search.bundle import joinable, load_bundle, merge_bundles, read
from generator.search.indexer import Indexer
from tests.conftest import ENV, INNOPUB, ROOT, project, serve
from tests.fixtures.search import decoded, documents, header_search, on_disk, page_results, raw_bundle

WARNING = "Pagefind 1.4.0 ("
"""How the one warning of an unknown version begins (in MkDocs' log, printed by ``innopub build``)."""
ONE_PROCESS = "весь индекс строит один процесс Pagefind"


def npm_pagefind(version: str) -> Path:
    """The ``pagefind_extended`` of Pagefind ``version`` that ``make tools`` installed from npm."""
    for path in sorted((ROOT / ".tools" / "node_modules").glob("**/@pagefind/*/bin/pagefind_extended")):
        if pagefind_version(path) == version:
            return path
    pytest.fail(f"Pagefind {version} from npm is not installed: run `make tools`")


def build(tmp: Path, pagefind: Path, part_size: int | None = None) -> tuple[Path, str]:
    """``innopub build`` of the demo with ``INNOPUB_PAGEFIND=pagefind``: the site folder and what the build printed."""
    root = project(tmp, ROOT / "content", f"      search_part_size: {part_size}\n" if part_size else "")
    shutil.copytree(ROOT / "editions", root / "editions")  # the kept editions, as in the repository: not typeset again
    env = {**ENV, PAGEFIND_ENV: str(pagefind)}
    result = subprocess.run([*INNOPUB, "build"], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site", result.stdout + result.stderr


def version_of(bundle: Path) -> str:
    return json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["version"]


def finds(page, site: str, query: str, expected: str) -> bool:
    """Whether ``expected`` is among the results for ``query``: the header's first five, else the search page's."""
    if expected in header_search(page, site, query):
        return True
    page.goto(site + "search/?" + urlencode({"q": query}))
    page.locator("[data-innopub-search-page-results] li").first.wait_for()
    page.wait_for_timeout(300)
    return expected in page_results(page)


def test_the_binary_tells_its_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PAGEFIND_ENV, raising=False)
    assert pagefind_version(pagefind_executable()).startswith("1.5.")  # the wheel's
    assert pagefind_version(npm_pagefind("1.6.0")) == "1.6.0"
    monkeypatch.setenv(PAGEFIND_ENV, str(npm_pagefind("1.4.0")))
    assert pagefind_version(pagefind_executable()) == "1.4.0"
    assert joinable("1.5.2") and joinable("1.6.0")
    assert not joinable("1.4.0") and not joinable("1.7.0") and not joinable("2.0.0")


def test_innopub_pagefind_must_name_a_pagefind(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(PAGEFIND_ENV, str(tmp_path / "pagefind_extended"))
    with pytest.raises(IndexerError, match=r"INNOPUB_PAGEFIND=.*нет такого исполняемого файла Pagefind"):
        Indexer(EXCLUDE_SELECTORS, 10)
    monkeypatch.setenv(PAGEFIND_ENV, shutil.which("true") or "/bin/true")
    with pytest.raises(IndexerError, match="не похож на Pagefind"):
        Indexer(EXCLUDE_SELECTORS, 10)


def test_pagefind_16_parts_joined_hold_what_one_run_holds(tmp_path: Path) -> None:
    pagefind, pages = npm_pagefind("1.6.0"), documents()
    alone = on_disk(raw_bundle(pages, pagefind), tmp_path / "pagefind")
    merge_bundles([raw_bundle(pages[:1], pagefind), raw_bundle(pages[1:9], pagefind), raw_bundle(pages[9:], pagefind)], tmp_path / "joined")
    assert decoded(tmp_path / "joined") == decoded(alone)
    assert version_of(tmp_path / "joined") == "1.6.0"
    (language,) = json.loads((tmp_path / "joined" / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"].values()
    assert all(len(page) == 3 and page[2] == "" for page in read(tmp_path / "joined" / f"pagefind.{language['hash']}.pf_meta")[1])


@pytest.mark.parametrize("version", ["1.6.0", "1.4.0"])
def test_one_pagefind_run_gives_the_same_bytes_twice(version: str) -> None:
    """The one-process path writes Pagefind's own bytes, so its builds are byte-identical exactly when
    that Pagefind's output is: 1.6.0 sorts its filters (Pagefind/pagefind#1124), 1.4.0 did too; 1.5.2 does not."""
    pagefind = npm_pagefind(version)
    assert raw_bundle(documents(), pagefind) == raw_bundle(documents(), pagefind)


def test_an_unknown_pagefind_is_written_as_it_is(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    pagefind, pages = npm_pagefind("1.4.0"), documents()
    monkeypatch.setenv(PAGEFIND_ENV, str(pagefind))
    events: list[str] = []
    indexer = Indexer(EXCLUDE_SELECTORS, 5, len(pages), events.append)
    for url, html in pages:
        indexer.add(url, html)
    result = indexer.write(tmp_path / "pagefind")
    assert (result.pages, result.parts) == (12, 1)
    assert events == ["part"] * 3  # the progress still counts parts' worth of pages: 5, 10, 12
    assert load_bundle(tmp_path / "pagefind") == raw_bundle(pages, pagefind)
    warnings = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    assert len(warnings) == 1 and "один процесс Pagefind" in warnings[0] and "12\u00a0записей" in warnings[0]


@pytest.fixture(scope="module")
def unknown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo built with Pagefind 1.4.0 and 7 entries a part, which cannot apply: one process."""
    return build(tmp_path_factory.mktemp("pagefind14"), npm_pagefind("1.4.0"), 7)


def test_an_unknown_pagefind_builds_the_site_and_says_why_once(unknown: tuple[Path, str]) -> None:
    site, printed = unknown
    assert printed.count(WARNING) == 1, printed
    warning = next(line for line in printed.splitlines() if line.startswith(WARNING))
    assert "один процесс Pagefind" in warning and "0,37 МБ на запись" in warning and "61\u00a0запись" in warning  # the demo's 61
    assert "search_part_size этого не меняет" in warning and "INNOPUB_PAGEFIND" in warning
    assert "61\u00a0страница, 1\u00a0часть" in printed
    assert version_of(site / "pagefind") == "1.4.0"


def test_search_works_with_an_unknown_pagefind(unknown: tuple[Path, str], browser) -> None:
    page = browser.new_page()
    with serve(unknown[0], "innopub") as url:
        assert finds(page, url, "краеведения", "platforms/ddt-sokol-kraevedenie/")  # the page says «краеведение»
        assert finds(page, url, "Корниловой", "practices/cifrovoj-sled-marshrut/")  # the author Корнилова
    page.close()


@pytest.fixture(scope="module")
def next_release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo built with Pagefind 1.6.0: in one part, and in eight parts of 7 entries."""
    alone, printed = build(tmp_path_factory.mktemp("pagefind16"), npm_pagefind("1.6.0"))
    # the demo's 61 entries; a second part when the one being filled was cut as the build waited for editions still being
    # made (Indexer.cut: it depends on how fast the editions are)
    assert ONE_PROCESS not in printed and re.search("61\u00a0страница, (1\u00a0часть|2\u00a0части)", printed)
    parts, printed = build(tmp_path_factory.mktemp("pagefind16parts"), npm_pagefind("1.6.0"), 7)
    assert ONE_PROCESS not in printed and re.search("61\u00a0страница, (9|10)\u00a0частей", printed)  # 7 a part, or a cut
    return alone / "pagefind", parts / "pagefind"


def test_pagefind_16_is_joined_into_the_bundle_one_part_gives(next_release: tuple[Path, Path]) -> None:
    alone, parts = next_release
    assert version_of(parts) == "1.6.0"
    assert decoded(alone) == decoded(parts)
    assert load_bundle(alone) == load_bundle(parts)  # byte for byte: the joiner decides chunks and names


def test_search_works_on_the_joined_16_index(next_release: tuple[Path, Path], browser) -> None:
    page = browser.new_page()
    with serve(next_release[1].parent, "innopub") as url:
        assert finds(page, url, "елкина", "practices/mezhpredmetnaya-zadacha-sukhona/")  # written «Ёлкина»
        assert finds(page, url, "площадкам", "platforms/kadnikov-agroklass/")
    page.close()
