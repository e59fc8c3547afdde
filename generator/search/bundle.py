"""Stage 5c: Pagefind bundles: which versions can be joined, joining the parts of a site's index; what a bundle holds.

Every piece of knowledge about Pagefind's file format lives here: ``generator/search/indexer.py`` only
asks :func:`joinable` whether the selected Pagefind's parts can be joined.

Pagefind keeps every page of an index in memory until it writes, and its peak at writing is
about 360 KB per entry page (3.6 GB for 10,000 entries; 1.6 about the same: 373–383 MB instead
of 358–372 MB at 1,000 entries). ``generator/search/indexer.py`` therefore indexes the site in parts of a
few thousand pages, each in its own Pagefind process that exits once it has handed over its part's
files, and this module joins the parts. Readers get one bundle, exactly as one Pagefind run would write it: pages
numbered in the order they were added, every word's pages in one list, the word index cut into
chunks by Pagefind's own rule, filters merged.

The bundle format is Pagefind 1.5's (gzip, the ``pagefind_dcd`` signature, then CBOR):

* ``pagefind.<lang>_<hash>.pf_meta``: ``[version, [[fragment name, word count], …],
  [[first word, last word, chunk name], …], [[filter, file name], …], sorts, meta fields]``; Pagefind names
  fragments, chunks and filters after hashes of their bytes, the joined bundle numbers them under a tag of the
  whole bundle (``generator/search/names.py``), rounds the word counts (``generator/search/lengths.py``) and
  writes the meta at gzip level 9;
* ``index/*.pf_index``: ``[[[stem, pages, [[exact form, pages], …]], …]]`` where pages are
  ``[[page delta, locations, in metadata], …]``: page numbers are deltas from the previous page
  (the first from 0); locations are copied as they are; in the metadata locations each field is
  marked by ``-1 - its index`` in the meta's field list, renumbered when the joined list differs;
* ``filter/*.pf_filter``: ``[filter, [[value, [page, …]], …]]`` with absolute page numbers;
* ``fragment/*.pf_fragment``: one page each, independent of its number: copied as they are.

Pagefind 1.6 writes the same files with one addition, compared on the demo and on 1,000 generated
entries (``tests/test_search_versions.py``): a page in the ``.pf_meta`` is ``[fragment hash, word
count, fragment group]``, the group being ``""`` unless ``max_fragments`` bundles fragments into
shared files (never set here; a group is refused). Fragments and filters decode to the same data,
and words too but for splitting: a word with dots (a date «31.03.2022», an address «pravo.gov.ru»)
also gives its joined tail («032022», «govru»), and its parts weigh ¾ of what they did (location
markers −9 → −7, −5 → −4): 31 more words and 45 changed on the demo, none at 1,000 generated entries.
It cuts the word index a little finer (69 chunks instead of 63 at 1,000 entries), sorts its filters
(Pagefind/pagefind#1124), and its scripts and WebAssembly are its own.

Another version is not guessed at: ``generator/search/indexer.py`` then indexes in one Pagefind process.
``tests/test_search_index.py`` checks that a bundle joined from parts holds the same words, pages,
locations and filters as a single Pagefind run.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import heapq
import itertools
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import cbor2

from generator.search.lengths import rounded
from generator.search.names import BundleTag, numbered
from generator.search.pack import PackError, read_pack

SIGNATURE = b"pagefind_dcd"
SUPPORTED = ("1.5.", "1.6.")
"""The versions whose format is described above; their parts are joined."""
CHUNK_BUDGET = 20_000
"""Pagefind closes a word-index chunk once its words hold this many page entries plus locations."""
VERSION, PAGES, CHUNKS, FILTERS, SORTS, FIELDS = range(6)
"""Positions in the ``.pf_meta`` list."""


Files = dict[str, bytes]
"""A bundle in memory: its files' paths (``index/ru_1a2b3c4.pf_index``) and bytes, as Pagefind writes them."""


class MergeError(RuntimeError):
    """The parts cannot be joined (an unsupported Pagefind version or feature)."""


def joinable(version: str) -> bool:
    """Whether bundles of this Pagefind version (``1.5.2``) can be joined; if not, the site is indexed in one process."""
    return version.startswith(SUPPORTED)


def supported_versions() -> str:
    """The joinable versions in words, for messages: «1.5.x, 1.6.x»."""
    return ", ".join(f"{prefix}x" for prefix in SUPPORTED)


def supported_requirement() -> str:
    """The pip requirement that installs a joinable version: ``pagefind[extended]>=1.5,<1.7``."""
    first, last = (tuple(int(n) for n in prefix.strip(".").split(".")) for prefix in (SUPPORTED[0], SUPPORTED[-1]))
    return f"pagefind[extended]>={first[0]}.{first[1]},<{last[0]}.{last[1] + 1}"


def decode(raw: bytes, name: str) -> Any:
    """A Pagefind index file's data: gzip, the signature, then CBOR."""
    data = gzip.decompress(raw)
    if not data.startswith(SIGNATURE):
        raise MergeError(f"Pagefind: неизвестный формат файла {name}")
    return cbor2.loads(data[len(SIGNATURE) :])


def read(path: Path) -> Any:
    return decode(path.read_bytes(), path.name)


def load_bundle(folder: Path) -> Files:
    """A bundle written to disk, as :data:`Files`."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class _Output:
    """The joined bundle's folder: the meta named after a hash of its content, the rest numbered (names.py)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        for sub in ("fragment", "index", "filter"):
            (folder / sub).mkdir(parents=True)

    def put(self, raw: bytes, folder: str, prefix: str, length: int, suffix: str, stem: str = "") -> str:
        """Write ``raw`` (already Pagefind's bytes) under ``<prefix>_<hash>``, longer if taken by other bytes."""
        digest = hashlib.sha256(raw).hexdigest()
        while True:
            name = f"{prefix}_{digest[:length]}"
            path = self.folder / folder / f"{stem}{name}{suffix}"
            if not path.exists() or path.read_bytes() == raw:
                path.write_bytes(raw)
                return name
            length += 1

    def encode(self, data: Any, folder: str, prefix: str, length: int, suffix: str, stem: str = "", level: int = 6) -> str:
        # Level 6, not Pagefind's 9: 1 % larger files, a quarter of the time (8.6 s → 2.2 s at 10,000 entries).
        return self.put(packed(data, level), folder, prefix, length, suffix, stem)

    def numbered(self, files: list[bytes], folder: str, suffix: str, names: Iterable[str]) -> list[str]:
        """Write ``files`` under ``names`` (see ``generator/search/names.py``); return the names."""
        written = []
        for raw, name in zip(files, names, strict=False):
            (self.folder / folder / f"{name}{suffix}").write_bytes(raw)
            written.append(name)
        return written


def packed(data: Any, level: int = 6) -> bytes:
    """Pagefind's bytes of a meta, chunk or filter: gzip (no time in its header), the signature, CBOR."""
    return gzip.compress(SIGNATURE + cbor2.dumps(data), compresslevel=level, mtime=0)


def merge_bundles(parts: list[Files], folder: Path) -> int:
    """Join the bundles in ``parts`` (in page order) into ``folder``, which must not exist; return the page count.

    Python's cycle collector is paused meanwhile: decoding creates millions of small lists
    (acyclic, freed as they go), and in a build whose heap holds every page each collection
    walks it all: at 10,000 entries joining took 38 s with the collector, 10 s without.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _merge(parts, folder)
    finally:
        if paused:
            gc.enable()


def _merge(parts: list[Files], folder: Path) -> int:
    entries = [json.loads(part["pagefind-entry.json"]) for part in parts]
    for entry in entries:
        if not joinable(str(entry.get("version", ""))) or entry.get("version") != entries[0].get("version"):
            raise MergeError(f"Pagefind {entry.get('version')}: объединение частей индекса проверено только для {supported_versions()}")
    output = _Output(folder)
    for path, raw in parts[0].items():  # the scripts, styles and WebAssembly are the same in every part
        if "/" not in path and path != "pagefind-entry.json" and not path.endswith(".pf_meta"):
            (folder / path).write_bytes(raw)
    merged = dict(entries[0], languages={})
    for lang in sorted({lang for entry in entries for lang in entry["languages"]}):
        found = [(part, entry["languages"][lang]) for part, entry in zip(parts, entries, strict=True) if lang in entry["languages"]]
        metas = [(part, decode(part[f"pagefind.{info['hash']}.pf_meta"], info["hash"])) for part, info in found]
        meta_hash, pages = _merge_language(metas, output, prefix=found[0][1]["hash"].split("_")[0])
        merged["languages"][lang] = {**found[0][1], "hash": meta_hash, "page_count": pages}
    (folder / "pagefind-entry.json").write_text(json.dumps(merged, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return sum(info["page_count"] for info in merged["languages"].values())


def _merge_language(metas: list[tuple[Files, list]], output: _Output, prefix: str) -> tuple[str, int]:
    offsets = list(itertools.accumulate((len(meta[PAGES]) for _, meta in metas), initial=0))
    if any(meta[SORTS] for _, meta in metas):
        raise MergeError("Pagefind: объединение частей индекса с сортировками (data-pagefind-sort) не поддерживается")
    # A page's fragment does not depend on its number: copied as it is, named by its number (names.py).
    if any(group not in ([], [""]) for _, meta in metas for _, _, *group in meta[PAGES]):
        raise MergeError("Pagefind: объединение частей индекса с общими файлами фрагментов (max_fragments) не поддерживается")
    pages = [(part[f"fragment/{name}.pf_fragment"], rounded(words), group) for part, meta in metas for name, words, *group in meta[PAGES]]
    fields = sorted({field for _, meta in metas for field in meta[FIELDS]})
    renumber = [_renumbering(meta[FIELDS], fields) for _, meta in metas]
    chunks = _cut_words(_merged_words(metas, offsets, renumber))
    filters = _packed_filters(metas, offsets)
    tag = BundleTag()
    tag.add(metas[0][1][VERSION], *fields)
    for raw, words, group in pages:
        tag.add(raw, words, *group)
    for first, last, raw in chunks:
        tag.add(first, last, raw)
    for name, raw in filters:
        tag.add(name, raw)
    mark = tag.tag()
    names = output.numbered([raw for raw, _, _ in pages], "fragment", ".pf_fragment", numbered(prefix, mark, len(pages)))
    chunk_names = output.numbered([raw for _, _, raw in chunks], "index", ".pf_index", numbered(prefix, mark, len(chunks)))
    filter_names = output.numbered([raw for _, raw in filters], "filter", ".pf_filter", numbered(prefix, mark, len(filters)))
    meta = [
        metas[0][1][VERSION],
        [[name, words, *group] for name, (_, words, group) in zip(names, pages, strict=True)],  # 1.6: group ""
        [[first, last, name] for name, (first, last, _) in zip(chunk_names, chunks, strict=True)],
        [[filter_name, name] for name, (filter_name, _) in zip(filter_names, filters, strict=True)],
        [],
        fields,
    ]
    # Level 9: every search fetches the meta first (at 10,000 entries 1.5 % smaller than at 6, 0.1 s more).
    return output.encode(meta, "", prefix, 10, ".pf_meta", "pagefind.", level=9), len(pages)


def _words_of(part: Files, meta: list, index: int) -> Iterator[tuple[str, int, list, list]]:
    for _, _, chunk in meta[CHUNKS]:  # chunks and the words in them are in word order
        for word, pages, variants in decode(part[f"index/{chunk}.pf_index"], chunk)[0]:
            yield word, index, pages, variants


def _renumbering(own: list[str], fields: list[str]) -> dict[int, int] | None:
    """How a part's metadata field markers (``-1 - index`` in its field list) change in the joined list."""
    markers = {-1 - i: -1 - fields.index(field) for i, field in enumerate(own)}
    return None if all(old == new for old, new in markers.items()) else markers


def _merged_words(metas: list[tuple[Files, list]], offsets: list[int], renumber: list[dict[int, int] | None]) -> Iterator[list]:
    """Every word once, in Pagefind's order (Rust sorts strings by UTF-8 bytes, as Python by code points).

    A word is ``[stem, pages, [[exact form, pages], …]]``: the forms (such as «берёзкина» under
    «березкин») keep their own page lists, joined the same way.
    """
    streams = [_words_of(part, meta, i) for i, (part, meta) in enumerate(metas)]
    for word, group in itertools.groupby(heapq.merge(*streams, key=lambda item: (item[0], item[1])), key=lambda item: item[0]):
        parts = list(group)
        forms: dict[str, list[tuple[int, list]]] = {}
        for _, part, _, variants in parts:
            for form, pages in variants:
                forms.setdefault(form, []).append((offsets[part], _renumbered(pages, renumber[part])))
        pages = _join([(offsets[part], _renumbered(pages, renumber[part])) for _, part, pages, _ in parts])
        yield [word, pages, [[form, _join(forms[form])] for form in sorted(forms)]]


def _renumbered(pages: list, markers: dict[int, int] | None) -> list:
    """A page's third item lists where the word is in the page's metadata (title…), each field
    marked by ``-1 - its index`` in the meta's field list: markers follow the joined list."""
    if markers is None:
        return pages
    return [[number, locations, [markers.get(v, v) if v < 0 else v for v in in_meta]] for number, locations, in_meta in pages]


def _join(lists: list[tuple[int, list]]) -> list:
    """One page list from the lists of consecutive parts (``(offset, pages)``); page numbers are deltas."""
    joined: list = []
    last = 0  # the absolute number of the last page in ``joined``
    for offset, pages in lists:
        if not pages:
            continue
        first_delta, *rest = pages[0]
        joined.append([first_delta + offset - last, *rest])
        joined.extend(pages[1:])
        last = offset + sum(page[0] for page in pages)
    return joined


def _cut_words(words: Iterator[list]) -> list[tuple[str, str, bytes]]:
    """Cut the word index into chunks; return each chunk's ``(from, to, bytes)`` for the meta's list.

    The budget is Pagefind's (page entries plus locations), but a chunk is closed *before* a word
    that would overflow it, not after: Pagefind's own rule puts a word with a long page list
    together with the small words before it, and a query that only reaches one of those small
    words (a query is also matched as a prefix) then fetches the long list too. At 10,000 entries
    «наставничества» fetched the 108 KB chunk of «научн» because «наставничества»» came first in it.

    Nor is a chunk closed between a stem and the words that extend it by an ending (:func:`_ending_of`):
    Pagefind's script asks for the chunk of the word as typed, and its WebAssembly for the chunk of its
    stem. At 10,000 entries «наставничества» fetched the 20.5 KB chunk of the stem «наставничеств» and the
    4.1 KB one that began with «наставничества»» (the word with its closing quote): now one chunk of 21 KB.
    Such a chunk may grow to twice the budget.
    """
    chunks: list[list] = []
    chunk: list = []
    size = 0
    stem = ""  # the full chunk's last word, while the words extending it by an ending join it

    def close() -> None:
        chunks.append([chunk[0][0], chunk[-1][0], packed([chunk])])

    for word in words:
        weight = sum(len(page[1]) + 1 for page in word[1])
        if chunk and size + weight > CHUNK_BUDGET:
            stem = stem or chunk[-1][0]
            if not _ending_of(stem, word[0]) or size + weight > 2 * CHUNK_BUDGET:
                close()
                chunk, size, stem = [], 0, ""
        chunk.append(word)
        size += weight
    if chunk:
        close()
    # Bounds without gaps. Pagefind's script asks, for each word of a query as typed and for its stem, for the first
    # chunk whose bounds hold it, and Pagefind cuts both bounds to the shortest prefixes that tell neighbours apart:
    # the last word of a chunk, and anything between it and the next chunk's first word, then lies beyond every
    # chunk («натал» → «нат» before «нау»: «натальи» is in none), and Pagefind's WebAssembly falls back to the first
    # chunk a prefix of the word reaches, «на» (340 KB) at 10,000 entries: «натальи» and «научный» fetched
    # 600–700 KB. Here a chunk's first word is cut as Pagefind cuts it, the chunk before it reaches up to just below
    # that, the first chunk starts at "" and the last one ends at the last character there is: any word is in a chunk.
    for left, right in itertools.pairwise(chunks):
        common = sum(1 for _ in itertools.takewhile(lambda pair: pair[0] == pair[1], zip(right[0], left[1], strict=False)))
        right[0] = right[0][: common + 1]
        left[1] = _just_below(right[0])
    if chunks:
        chunks[0][0], chunks[-1][1] = "", LAST
    return [(first, last, raw) for first, last, raw in chunks]


LAST = "\U0010ffff"
"""The last character there is: what the last chunk reaches up to."""


def _just_below(bound: str) -> str:
    """A string below ``bound`` and above every other string before it (near enough): «нау» → «нат\U0010ffff»."""
    code = ord(bound[-1]) - 1
    if 0xD800 <= code <= 0xDFFF:  # no surrogates in UTF-8
        code = 0xD7FF
    return bound[:-1] + chr(code) + LAST if code >= 0 else bound[:-1]


ENDING = 4
"""The longest ending the Russian Snowball stemmer cuts off («иями»), plus nothing: a word that extends a stem
by at most this many characters is kept in the stem's chunk."""


def _ending_of(stem: str, word: str) -> bool:
    """Whether ``word`` is ``stem`` and an ending (a stem of at least 3 characters: not «1» and every number)."""
    return len(stem) >= 3 and word.startswith(stem) and len(word) - len(stem) <= ENDING


def _packed_filters(metas: list[tuple[Files, list]], offsets: list[int]) -> list[tuple[str, bytes]]:
    values: dict[str, dict[str, list[int]]] = {}
    for (part, meta), offset in zip(metas, offsets, strict=False):
        for name, file_hash in meta[FILTERS]:
            _, packed_values = decode(part[f"filter/{file_hash}.pf_filter"], file_hash)
            for value, pages in packed_values:
                values.setdefault(name, {}).setdefault(value, []).extend(page + offset for page in pages)
    return [(name, packed([name, [[value, values[name][value]] for value in sorted(values[name])]])) for name in sorted(values)]


def indexed_pages(bundle: Path) -> dict[str, dict[str, Any]]:
    """What a bundle holds, per page URL: Pagefind's fragment (content, meta, filters, anchors)."""
    pages = {}
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(fragment.read_bytes())
        if not raw.startswith(SIGNATURE):
            raise MergeError(f"Pagefind: неизвестный формат файла {fragment.name}")
        data = json.loads(raw[len(SIGNATURE) :])
        pages[data["url"]] = data
    return pages


def main() -> int:
    """``python -m generator.search.bundle FOLDER PART…``: join the parts (folders of Pagefind's files, or their
    packs, ``generator/search/pack.py``, in page order) into FOLDER; print the page count. Run by ``generator/search/indexer.py`` beside the build."""
    try:
        parts = [load_bundle(Path(part)) if Path(part).is_dir() else read_pack(Path(part)) for part in sys.argv[2:]]
        print(merge_bundles(parts, Path(sys.argv[1])))
    except (MergeError, PackError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
