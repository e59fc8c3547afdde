"""The kinds of entries of the editors' contract, one module each (see :mod:`generator.kinds.base`)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from generator.kinds import articles, bulletin, collections, decisions, events, organizations, platforms, practices, reports
from generator.kinds.base import EditionHead, Kind, Monitoring
from generator.listing.order import Section

if TYPE_CHECKING:
    from generator.model.content import Entry

KINDS: dict[str, Kind] = {
    module.KIND.folder: module.KIND for module in (organizations, platforms, reports, practices, events, articles, collections, bulletin, decisions)
}
"""Kinds in the order the site lists them."""

__all__ = ["KINDS", "EditionHead", "Kind", "Monitoring", "by_kind", "holding"]


def by_kind(entries: list[Entry]) -> list[Section]:
    """Entries grouped by kind in the site's order of kinds, each group in the given order."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[entry.kind.folder].append(entry)
    return [Section(KINDS[f].registry, groups[f], anchor=f"kind-{f}") for f in KINDS if f in groups]


def holding() -> list[Kind]:
    """Kinds whose entries hold others and get a PDF and an EPUB (collections, bulletin issues)."""
    return [kind for kind in KINDS.values() if kind.contents_field]
