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
"""

from __future__ import annotations

import logging
from typing import Any

import markdown
import mkdocs

from generator.engines.mkdocs import private

log = logging.getLogger("mkdocs.structure.pages")  # MkDocs' own logger: its level decides as in Page.render


class Converter:
    """Converts pages for MkDocs with one reused parser; :meth:`attach` makes a page use it."""

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None
        self._extensions: tuple[Any, Any] | None = None

    @staticmethod
    def usable() -> bool:
        """Whether this MkDocs is the one ``render_page`` repeats (else pages keep MkDocs' own ``render``)."""
        return private.render_page_checked(mkdocs.__version__)

    def attach(self, page: Any) -> None:
        """Make MkDocs' ``page.render(config, files)`` convert with the shared parser."""
        page.render = lambda config, files: private.render_page(self._parser(config), page, config, files, log.getEffectiveLevel())

    def _parser(self, config: Any) -> markdown.Markdown:
        extensions = (config["markdown_extensions"], config["mdx_configs"] or {})
        if self._md is None or self._extensions != extensions:  # the same for every page of a build
            self._md = markdown.Markdown(extensions=extensions[0], extension_configs=extensions[1])
            self._extensions = extensions
        else:
            self._md.reset()
        return self._md
