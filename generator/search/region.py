"""A regional site's search documents of the harvested entries (issue 23, §3).

Every municipality's last harvested entries go into the regional Pagefind index with the entry pages: their title,
summary and plain text, the facets of :func:`generator.pages.region.harvested_record` (with «Муниципалитет»), and the
page on the municipal site as the result's link (``href``). So the regional search finds them with Russian word forms
and filters by municipality, and goes on finding them while a municipal site is down (Pagefind's ``mergeIndex``
would fetch each municipality's index from its site at search time: a site down, or without CORS, would be missing).
They are indexed under an address no page has (``region/<municipality>/<kind>/<id>/``); search.js links to ``href``.
"""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import escape

from generator.model.content import ContentModel
from generator.pages.facets import SEARCH_DOCUMENT
from generator.pages.region import harvested_record
from generator.render.renderer import Renderer


def harvested_documents(model: ContentModel, renderer: Renderer) -> Iterator[tuple[str, str]]:
    """(address indexed, search document) of every harvested entry; its text escaped: an export is untrusted."""
    if model.region is None:
        return
    for h in model.region.entries():
        url = f"region/{h.id}/"
        summary = h.entry.summary
        parts = (h.text,) if summary and summary in h.text else (summary, h.text)  # a summary taken from the text: once
        body = "".join(f"<p>{escape(part)}</p>" for part in parts if part)
        context = {"title": h.entry.title, "record": harvested_record(h), "body": body, "card": "", "listings": ""}
        yield "/" + url, renderer.render_document(SEARCH_DOCUMENT, context, url)


def harvested_count(model: ContentModel) -> int:
    return len(model.region.entries()) if model.region is not None else 0
