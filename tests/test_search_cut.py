"""The search index's parts while the editions are made (issue 22): the part being filled is cut when the build waits
for the editions (no Pagefind idles meanwhile), and while the typesetting workers run one Pagefind works at a time.
Where the parts end does not change the joined bundle."""

from __future__ import annotations

from pathlib import Path

from generator.pages.facets import EXCLUDE_SELECTORS
from generator.search.indexer import Indexer
from generator.search.pack import read_pack


def page(n: int) -> tuple[str, str]:
    body = f"<h1>Статья {n}</h1><p>Наставничество молодых педагогов, сборник номер {n}.</p>"
    return f"/articles/{n}/", f'<html lang="ru"><body><div data-pagefind-body>{body}</div></body></html>'


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_cut_part_and_parts_one_at_a_time_join_to_the_same_bundle(tmp_path: Path) -> None:
    plain = Indexer(EXCLUDE_SELECTORS, part_size=4, expected=9)
    for n in range(9):
        plain.add(*page(n))
    assert (plain.write(tmp_path / "plain").parts) == 3

    events: list[str] = []
    spared = Indexer(EXCLUDE_SELECTORS, part_size=4, expected=9, progress=events.append, sparing=lambda: True)
    for n in range(6):  # the pages converted; the rest wait for the editions
        spared.add(*page(n))
        if n == 4:  # a new part has started: the last one had handed over its files already
            first = spared._parts[0]
            handed = any(name.endswith(".pf_meta") for name in read_pack(first.folder)) if first.folder.is_file() else False
            assert first.finished and handed, "the first part's files not yet handed over (its pack holds no .pf_meta)"
    assert spared.cut() == 2 + 1  # the two parts so far and one for the 3 pages to come
    assert spared.cut() is None  # nothing being filled
    for n in range(6, 9):
        spared.add(*page(n))
    result = spared.write(tmp_path / "spared")
    assert (result.pages, result.parts) == (9, 3)
    assert events.count("part") == 3

    assert files_of(tmp_path / "spared") == files_of(tmp_path / "plain")


def test_nothing_is_cut_once_every_page_is_in(tmp_path: Path) -> None:
    indexer = Indexer(EXCLUDE_SELECTORS, part_size=4, expected=3)
    for n in range(3):
        indexer.add(*page(n))
    assert indexer.cut() is None  # the parts are being joined
    assert indexer.write(tmp_path / "bundle").parts == 1
