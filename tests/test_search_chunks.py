"""The joined bundle's word-index chunks and word counts (generator/search/bundle.py, lengths.py), without Pagefind:
chunk bounds without gaps, a stem kept with the words that extend it by an ending, word counts rounded.

Pagefind's WebAssembly asks for the first chunk whose bounds hold a word of the query (as typed, and its stem);
a word beyond every chunk's bounds made it load the first chunk a prefix of the word reaches: at 10,000
entries «натальи» and «научный» fetched 600–700 KB, the 340 KB chunk of «на» among them."""

from __future__ import annotations

import gzip

import cbor2

from generator.search.bundle import _cut_words
from generator.search.lengths import rounded
from tests.fixtures.search import SIGNATURE

LAST = "\U0010ffff"


def word(text: str, weight: int) -> list:
    """A word of the index on one page, weighing ``weight`` in Pagefind's budget (its locations plus one)."""
    return [text, [[0, list(range(weight - 1)), []]], []]


def words_of(raw: bytes) -> list[str]:
    data = gzip.decompress(raw)
    assert data.startswith(SIGNATURE)
    return [w[0] for w in cbor2.loads(data[len(SIGNATURE) :])[0]]


def holds(bounds: tuple[str, str], text: str) -> bool:
    return bounds[0] <= text <= bounds[1]


def test_chunk_bounds_leave_no_gap() -> None:
    chunks = _cut_words(iter([word("а", 15000), word("натал", 6000), word("нау", 15000)]))
    assert [words_of(raw) for _, _, raw in chunks] == [["а"], ["натал"], ["нау"]]
    bounds = [(first, last) for first, last, _ in chunks]
    # Pagefind's bounds were ("а", "а"), ("н", "нат"), ("нау", "нау"): «натал» itself was beyond «нат».
    assert bounds == [("", "м" + LAST), ("н", "нат" + LAST), ("нау", LAST)]
    for query, chunk in [("натальи", 1), ("натал", 1), ("нат", 1), ("нау", 2), ("научный", 2), ("а", 0), ("б", 0), ("я", 2), ("1", 0)]:
        first = next(i for i, b in enumerate(bounds) if holds(b, query))  # the first chunk that holds it, as Pagefind looks
        assert first == chunk, query


def test_a_stem_keeps_the_words_that_extend_it_by_an_ending() -> None:
    """«наставничеств» (the stem «наставничества» is searched as) and «наставничества»» (the word with its closing
    quote) in one chunk: at 10,000 entries the query fetched both the stem's 20.5 KB chunk and the next one (4.1 KB)."""
    chunks = _cut_words(iter([word("наставничеств", 19861), word("наставничества»", 1600), word("натал", 2601)]))
    assert [words_of(raw) for _, _, raw in chunks] == [["наставничеств", "наставничества»"], ["натал"]]
    bounds = [(first, last) for first, last, _ in chunks]
    assert [i for i, b in enumerate(bounds) if holds(b, "наставничества")] == [0]
    assert [i for i, b in enumerate(bounds) if holds(b, "наставничеств")] == [0]


def test_no_stem_of_one_or_two_characters_and_no_long_extension() -> None:
    # «1» and every number after it would otherwise make one chunk; «ш» and every word in «ш…» too.
    assert [words_of(raw) for _, _, raw in _cut_words(iter([word("1", 19000), word("10", 2000)]))] == [["1"], ["10"]]
    # «школьникам» is «школ» and six characters: another word, not an ending.
    chunks = _cut_words(iter([word("школ", 19800), word("школьн", 500), word("школьникам", 500)]))
    assert [words_of(raw) for _, _, raw in chunks] == [["школ", "школьн"], ["школьникам"]]
    # A stem's chunk grows to twice the budget at most.
    chunks = _cut_words(iter([word("проект", 19000), word("проекта", 15000), word("проекты", 15000)]))
    assert [words_of(raw) for _, _, raw in chunks] == [["проект", "проекта"], ["проекты"]]


def test_word_counts_keep_six_significant_bits() -> None:
    counts = (0, 1, 63, 64, 127, 128, 129, 131, 226, 1303, 1334, 3400)
    assert [rounded(n) for n in counts] == [0, 1, 63, 64, 128, 128, 128, 132, 228, 1312, 1344, 3392]
