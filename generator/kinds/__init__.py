"""The kinds of entries of the editors' contract, one module each (see :mod:`generator.kinds.base`)."""

from __future__ import annotations

from generator.kinds import articles, bulletin, collections, decisions, events, organizations, platforms, practices, reports
from generator.kinds.base import SITE_ORDER, EditionHead, Kind, Monitoring, by_kind
from generator.settings.vocabularies import declare

KINDS: dict[str, Kind] = {}
"""Kinds in the order the site lists them."""

__all__ = ["KINDS", "EditionHead", "Kind", "Monitoring", "by_kind", "holding", "register"]


def register(kind: Kind) -> Kind:
    """Add ``kind`` to the site: its registry, its vocabularies (options of ``mkdocs.yml``), its place in the order."""
    KINDS[kind.folder] = kind
    for vocabulary in kind.vocabularies:
        declare(vocabulary)
    SITE_ORDER[:] = KINDS  # what a kind's own hooks group by (:func:`by_kind`), without importing this registry
    return kind


for module in (organizations, platforms, reports, practices, events, articles, collections, bulletin, decisions):
    register(module.KIND)


def holding() -> list[Kind]:
    """Kinds whose entries hold others and get a PDF and an EPUB (collections, bulletin issues)."""
    return [kind for kind in KINDS.values() if kind.contents_field]
