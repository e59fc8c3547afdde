"""How entries are ordered and grouped in any listing: by date, by title, in titled sections.

The lowest layer the kinds, the model and the pages share: it knows entries only by the attributes
it sorts on (``date``, ``sort_title``, ``id``), so that a kind can say how its registry is grouped
without importing the model, and the model can order back-links without importing the pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.model.content import Entry


@dataclass(frozen=True)
class Section:
    """A titled group of entries in a listing."""

    title: str
    entries: list[Entry]
    note: str = ""
    anchor: str = ""
    segment: str = ""
    """The address segment of the section's own page when its registry is split (default: the title's slug)."""
    continued: bool = False
    """The rest of a section that began on an earlier page."""


def sort_by_date(entries: Iterable[Any]) -> list[Any]:
    """Newest first; entries without a date last; ties by title, then id (each entry's ``date_key``)."""
    return sorted(entries, key=attrgetter("date_key"))


def sort_by_title(entries: Iterable[Any]) -> list[Any]:
    return sorted(entries, key=lambda e: (e.sort_title, e.id))


def by_year(entries: list[Entry]) -> list[Section]:
    """Entries (in the given order) by the year of their date, newest year first; undated last."""
    years: dict[int, list[Entry]] = defaultdict(list)
    for entry in entries:
        years[entry.date.year if entry.date else 0].append(entry)
    return [Section(str(year) if year else "Без даты", years[year], anchor=f"y{year}") for year in sorted(years, reverse=True)]
