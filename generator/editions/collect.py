"""Stage 4 (collections): what a collection or a bulletin issue holds, and which entries a month's issue takes.

What an edition prints is its kind's business (:meth:`generator.kinds.base.Kind.contents`): a
``conference`` collection its articles by its ``sections``, a digest the entries its ``includes:``
selected, a bulletin issue its frozen ``items:`` by kind. The selection itself is resolved while
linking (:mod:`generator.model.selection`).
"""

from __future__ import annotations

from generator.common.russian import fold
from generator.kinds import KINDS, holding
from generator.listing.order import Section
from generator.model.content import ContentModel, Entry


def contents(entry: Entry) -> list[Section]:
    """The sections a collection or a bulletin issue prints, in order."""
    return entry.kind.contents(entry)


def items_of(entry: Entry) -> list[Entry]:
    return [e for section in contents(entry) for e in section.entries]


def month_entries(published: list[Entry], year: int, month: int) -> list[Entry]:
    """Every published entry of a dated kind dated in the month: by kind, then by date and title."""
    found = [e for e in published if e.kind.publication and e.date and (e.date.year, e.date.month) == (year, month)]
    order = {folder: i for i, folder in enumerate(KINDS)}
    return sorted(found, key=lambda e: (order[e.kind.folder], e.date, fold(e.title), e.id))


def published_collections(model: ContentModel) -> list[Entry]:
    """Collections and bulletin issues: the entries that get a PDF and an EPUB."""
    return [entry for kind in holding() for entry in model.entries.get(kind.folder, [])]
