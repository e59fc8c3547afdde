"""Long listings split into pages, as blog engines do (Material's blog: ``page/2/``; Pelican: a page size).

A listing of at most ``page_size`` entries (the plugin's setting) stays one page, exactly as before.
A longer one is split:

- a registry (``/reports/``) becomes an overview (its count, facets, sections with their counts,
  the newest entries) and one page per section at ``/<folder>/-/<section>/`` (``/reports/-/2024/``);
  the authors' index likewise, one page per letter at ``/authors/-/<letter>/``. The segment ``-`` is
  one an address of an entry or a person can never have (an entry's id matches
  ``generator/read/reader.py``'s ``ID_PATTERN``, a person's slug is transliterated letters and digits),
  so these pages cannot take an entry's address, whatever the editors name their files;
- every list longer than a page (a section, a letter, a tag, a direction, an archive year) goes on
  at ``<address>page/2/``, ``page/3/``…; its first page keeps the listing's own address.

Nothing here renders HTML: templates get :class:`Pager` and :class:`Section` objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from generator.common.russian import slug
from generator.listing.order import Section

SPLIT = "-"
"""The address segment under which a split registry's section pages live: never an entry's id."""

T = TypeVar("T")


@dataclass(frozen=True)
class Pager:
    """Where a page stands in its listing: page ``number`` of ``count``, the first at ``base``."""

    number: int
    count: int
    base: str
    """The first page's address, ``tags/nastavnichestvo/``; page n > 1 is ``<base>page/<n>/``."""

    def url(self, number: int) -> str:
        return page_url(self.base, number)

    @property
    def prev(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None

    def numbers(self, around: int = 2) -> list[int | None]:
        """Page numbers to show: the first, the last and ``around`` either side of this one; None is a gap."""
        shown = sorted({1, self.count, *range(max(1, self.number - around), min(self.count, self.number + around) + 1)})
        result: list[int | None] = []
        for n in shown:
            if result and n - (result[-1] or 0) == 2:
                result.append(n - 1)  # a gap of one page is shown as that page, not as «…»
            elif result and n - (result[-1] or 0) > 2:
                result.append(None)
            result.append(n)
        return result


def page_url(base: str, number: int) -> str:
    """The address of page ``number`` of the listing whose first page is at ``base``."""
    return base if number == 1 else f"{base}page/{number}/"


def page_path(base: str, number: int) -> str:
    """The virtual source file of page ``number`` of the listing at ``base`` (``tags/x/`` → ``tags/x.md``, ``tags/x/page/2.md``)."""
    stem = base.rstrip("/")
    return f"{stem}.md" if number == 1 else f"{stem}/page/{number}.md"


def page_title(title: str, number: int) -> str:
    return title if number == 1 else f"{title} — страница {number}"


def split(items: Sequence[T], size: int) -> list[list[T]]:
    """``items`` in pages of at most ``size``; an empty listing is one empty page."""
    return [list(items[i : i + size]) for i in range(0, len(items), size)] or [[]]


def split_sections(sections: Sequence[Section], size: int) -> list[list[Section]]:
    """Sections in pages of at most ``size`` entries in all; a section that does not fit goes on on the next page."""
    pages: list[list[Section]] = [[]]
    room = size
    for section in sections:
        rest, continued = section.entries, False
        while rest:
            if room == 0:
                pages.append([])
                room = size
            part, rest = rest[:room], rest[room:]
            pages[-1].append(replace(section, entries=part, continued=continued))
            room -= len(part)
            continued = True
    return pages


def section_starts(pages: Sequence[Sequence[Section]]) -> dict[str, int]:
    """The page (from 1) on which each section of :func:`split_sections`' result begins, by its anchor."""
    return {s.anchor: n for n, page in enumerate(pages, 1) for s in page if not s.continued}


def unique_segments(names: Iterable[str]) -> list[str]:
    """An address segment for each name (its slug), made unique with ``-2``, ``-3``… where slugs coincide."""
    seen: set[str] = set()
    result = []
    for name in names:
        base = slug(name)
        segment, n = base, 1
        while segment in seen:
            n += 1
            segment = f"{base}-{n}"
        seen.add(segment)
        result.append(segment)
    return result
