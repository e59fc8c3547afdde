"""One Python-Markdown parser for every page of a build, where MkDocs makes one per page.

MkDocs 1.6's ``Page.render`` builds a new ``markdown.Markdown`` for each page (loading each
extension, building the block and inline parsers) and then converts the page: at 10,000 entries
(17,000 pages) building took 3.2–4.0 s of the build's thread, a third of Python-Markdown's time on a
small page. :class:`Converter` keeps one parser and ``reset()``s it between pages, as
Python-Markdown's own documentation asks of a parser used more than once; MkDocs' per-page
processors (raw HTML anchors, anchors, relative links, the title) are registered anew for each page
under their own names, which replaces the previous page's. The page then holds exactly what
``Page.render`` gives it (content, table of contents, title, anchors, links to anchors).

It is used only with the MkDocs it was written from (:data:`FOR_MKDOCS`, the last 1.x, and the
ProperDocs fork of it, which installs it as ``mkdocs``): another version keeps its own ``render``.
``tests/test_convert_reuse.py`` builds a site both ways and compares every file.
"""

from __future__ import annotations

import logging
from typing import Any

import markdown
import mkdocs
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.toc import get_toc

FOR_MKDOCS = ("1.6.1",)
"""MkDocs versions whose ``Page.render`` :meth:`Converter.render` repeats step for step."""

log = logging.getLogger("mkdocs.structure.pages")  # MkDocs' own logger: its level decides as in Page.render


class Converter:
    """Converts pages for MkDocs with one reused parser; :meth:`attach` makes a page use it."""

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None
        self._extensions: tuple[Any, Any] | None = None

    @staticmethod
    def usable() -> bool:
        """Whether this MkDocs is the one :meth:`render` repeats (else pages keep MkDocs' own ``render``)."""
        needed = ("_RawHTMLPreprocessor", "_ExtractAnchorsTreeprocessor", "_RelativePathTreeprocessor", "_ExtractTitleTreeprocessor")
        return mkdocs.__version__ in FOR_MKDOCS and all(hasattr(mkdocs_pages, name) for name in needed)

    def attach(self, page: Any) -> None:
        """Make MkDocs' ``page.render(config, files)`` convert with the shared parser."""
        page.render = lambda config, files: self.render(page, config, files)

    def render(self, page: Any, config: Any, files: Any) -> None:
        """MkDocs 1.6.1's ``Page.render``, the parser reused."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self._parser(config)
        raw_html_ext = mkdocs_pages._RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = mkdocs_pages._ExtractTitleTreeprocessor()
        extract_title_ext._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = extract_title_ext.title
        page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_path_ext.links_to_anchors

    def _parser(self, config: Any) -> markdown.Markdown:
        extensions = (config["markdown_extensions"], config["mdx_configs"] or {})
        if self._md is None or self._extensions != extensions:  # the same for every page of a build
            self._md = markdown.Markdown(extensions=extensions[0], extension_configs=extensions[1])
            self._extensions = extensions
        else:
            self._md.reset()
        return self._md
