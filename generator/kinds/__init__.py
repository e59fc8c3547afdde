"""The kinds of entries of the editors' contract, one module each (see :mod:`generator.kinds.base`)."""

from __future__ import annotations

from generator.kinds import articles, bulletin, collections, decisions, events, organizations, platforms, practices, reports
from generator.kinds.base import SITE_ORDER, EditionHead, Kind, Monitoring, by_kind

KINDS: dict[str, Kind] = {
    module.KIND.folder: module.KIND for module in (organizations, platforms, reports, practices, events, articles, collections, bulletin, decisions)
}
"""Kinds in the order the site lists them."""
SITE_ORDER[:] = KINDS  # what a kind's own hooks group by (:func:`by_kind`), without importing this registry

__all__ = ["KINDS", "EditionHead", "Kind", "Monitoring", "by_kind", "holding"]


def holding() -> list[Kind]:
    """Kinds whose entries hold others and get a PDF and an EPUB (collections, bulletin issues)."""
    return [kind for kind in KINDS.values() if kind.contents_field]
