"""DOIs of a conference collection and its articles, made by one rule from the settings' Crossref prefix.

The rule (README, «Crossref»; the editors' guide) is stable as long as the file names are: the collection's DOI is
``<prefix>/<collection id>``, an article's ``<prefix>/<collection id>.<article id>`` — ids are lower-case Latin
letters, digits and hyphens, which a DOI's suffix takes as they are, and an address never changes while the file
name stays. Only a ``kind: conference`` collection and its articles get DOIs (the Crossref deposit is made for
them alone), and only when the site has an address (``site_url``: a DOI resolves to a page of it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.model.content import Entry


def deposited_collection(entry: Entry) -> Entry | None:
    """The conference collection whose deposit registers ``entry``'s DOI (itself, or an article's collection)."""
    if entry.kind.folder == "collections":
        return entry if entry.meta.kind == "conference" else None
    if entry.kind.folder == "articles":
        collection = entry.ref("collection")
        return collection if collection is not None and collection.meta.kind == "conference" else None
    return None


def doi_of(entry: Entry, prefix: str | None, site_url: str | None) -> str | None:
    """The DOI of a conference collection or of one of its articles; ``None`` for anything else, or without a prefix
    or the site's address."""
    if not prefix or not site_url:
        return None
    collection = deposited_collection(entry)
    if collection is None:
        return None
    return f"{prefix}/{collection.id}" if entry is collection else f"{prefix}/{collection.id}.{entry.id}"


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"
