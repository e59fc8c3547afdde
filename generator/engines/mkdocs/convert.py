"""One Python-Markdown parser for every page of a build, where MkDocs makes one per page.

MkDocs 1.6's ``Page.render`` builds a new ``markdown.Markdown`` for each page (loading each
extension, building the block and inline parsers) and then converts the page: at 10,000 entries
(17,000 pages) building took 3.2–4.0 s of the build's thread, a third of Python-Markdown's time on a
small page. :class:`Converter` keeps one parser and ``reset()``s it between pages, as
Python-Markdown's documentation asks of a parser used more than once; the rest of ``render`` (MkDocs'
per-page processors, what the page holds afterwards) is :func:`generator.engines.mkdocs.private.render_page`,
checked against MkDocs' source by ``tests/test_mkdocs_private.py``.

It is used only with the MkDocs that function repeats (``private.RENDER_CHECKED``): another keeps its own
``render``. ``tests/test_convert_reuse.py`` builds a site both ways and compares every file.

With a :class:`generator.engines.mkdocs.pagecache.PageCache` (a build, not a preview), a page whose Markdown and
converter are unchanged since a build that kept it is not converted: its HTML, table of contents, title and anchors
come from the cache, its links resolved again (``tests/test_pagecache.py``).
"""

from __future__ import annotations

import logging
from typing import Any

import markdown
import mkdocs

from generator.engines.mkdocs import private
from generator.engines.mkdocs.pagecache import PageCache, converter_fingerprint, entry_limit, entry_of, page_key

log = logging.getLogger("mkdocs.structure.pages")  # MkDocs' own logger: its level decides as in Page.render


class Converter:
    """Converts pages for MkDocs with one reused parser; :meth:`attach` makes a page use it."""

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None
        self._extensions: tuple[Any, Any] | None = None
        self.cache: PageCache | None = None
        self._fingerprint: tuple[tuple[Any, Any], str | None] | None = None

    @staticmethod
    def usable() -> bool:
        """Whether this MkDocs is the one ``render_page`` repeats (else pages keep MkDocs' own ``render``)."""
        return private.render_page_checked(mkdocs.__version__)

    def attach(self, page: Any) -> None:
        """Make MkDocs' ``page.render(config, files)`` convert with the shared parser."""
        page.render = lambda config, files: self._render(page, config, files)

    def _render(self, page: Any, config: Any, files: Any) -> None:
        level = log.getEffectiveLevel()
        cache = self.cache if self.cache is not None and self.cache.usable else None
        fingerprint = self._fingerprint_of(config) if cache is not None else None
        if cache is None or fingerprint is None or page.markdown is None:
            private.render_page(self._parser(config), page, config, files, level)
            return
        key = page_key(fingerprint, page.file.src_uri, page.file.url, page.markdown)
        limit = entry_limit(page.markdown)
        entry = cache.get(key, limit)
        if entry is not None:
            links_to_anchors = private.replay_links(page, config, files, entry["links"])
            if links_to_anchors is not None:
                cache.hits += 1
                private.set_rendered(page, entry["content"], entry["toc"], entry["title"], set(entry["anchors"]), links_to_anchors, level)
                return
        cache.misses += 1
        resolved: list[tuple[str, str]] = []
        md = self._parser(config)
        private.render_page(md, page, config, files, level, resolved)
        tokens = getattr(md, "toc_tokens", [])
        cache.put(key, entry_of(page.content, tokens, private.title_from_render(page), page.present_anchor_ids, resolved), limit)

    def _fingerprint_of(self, config: Any) -> str | None:
        extensions = _extensions_of(config)
        if self._fingerprint is None or self._fingerprint[0] != extensions:
            code = ["mkdocs.structure.pages", "mkdocs.structure.toc", "markdown", "markdown.extensions", private.__name__, __name__]
            self._fingerprint = (extensions, converter_fingerprint(list(extensions[0]), extensions[1], code))
        return self._fingerprint[1]

    def _parser(self, config: Any) -> markdown.Markdown:
        extensions = _extensions_of(config)
        if self._md is None or self._extensions != extensions:  # the same for every page of a build
            self._md = markdown.Markdown(extensions=extensions[0], extension_configs=extensions[1])
            self._extensions = extensions
        else:
            self._md.reset()
        return self._md


def _extensions_of(config: Any) -> tuple[Any, Any]:
    """The Markdown extensions and their settings as MkDocs hands them to Python-Markdown."""
    return config["markdown_extensions"], config["mdx_configs"] or {}
