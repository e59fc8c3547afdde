"""Every page of a Site converted and made whole by the Site itself, for an engine that does not convert Markdown (Zensical).

The pages are converted as MkDocs converts them (:mod:`generator.render.convert`), then made whole by
``Site.page_content`` (sanitized, the template's parts around them; entry pages go to the search index as they come),
as in a MkDocs build.
"""

from __future__ import annotations

import html as html_lib
import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from generator.common.russian import no_break_after_number_sign
from generator.read.addresses import url_of
from generator.render.convert import Converter
from generator.render.renderer import page_meta
from generator.site.boundary import EnginePage, TocItem

if TYPE_CHECKING:
    from generator.site.site import Site


def rendered_pages(site: Site) -> Iterator[EnginePage]:
    """The generated pages, then the editors' own, each converted and made whole, in a stable order."""
    assert site.model is not None
    converter = Converter(site.config.markdown_extensions)
    for spec in site.specs.values():
        html, toc = converter.convert(spec.path, site.page_markdown(spec.path, spec.body))
        content = site.page_content(spec.path, spec.url, html)
        items = [(2, a, t) for a, t in content.before] + toc + [(2, a, t) for a, t in content.after]
        yield EnginePage(spec.path, no_break_after_number_sign(spec.title), content.html, _toc(items), site.page_head(spec.path) or "")
    for page in site.model.pages:
        document = site.loader.document(page.path)
        if document is None:
            continue
        html, toc = converter.convert(page.path, site.page_markdown(page.path, document.body))
        meta, _ = page_meta(document.meta)
        first = next((text for level, _, text in toc if level == 1), None)
        title = page.title or first or posixpath.splitext(posixpath.basename(page.path))[0]
        hide = tuple(meta.get("hide", ()))
        description = html_lib.unescape(meta["description"]) if "description" in meta else None
        content = site.page_content(page.path, url_of(page.path), html)
        yield EnginePage(page.path, no_break_after_number_sign(title), content.html, _toc(toc), description=description, hide=hide)


def _toc(items: list[tuple[int, str, str]]) -> tuple[TocItem, ...]:
    return tuple(TocItem(level, anchor, text) for level, anchor, text in items)
