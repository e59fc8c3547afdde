"""Stage 4 (render): a page's Markdown converted to HTML as MkDocs converts it, for engines that take finished pages.

MkDocs converts the pages itself (Python-Markdown with ``mkdocs.yml``'s ``markdown_extensions``, relative
links re-pointed from the source file to the page's address). An engine that is handed finished pages
(Zensical, :mod:`generator.engines.zensical.adapter`) and a preview that indexes pages on its own get the same HTML
here: the same library, the same extensions and options, MkDocs' defaults (``toc``, ``tables``,
``fenced_code``) and the same rule for links. The table of contents comes with it, from the ``toc``
extension, as (level, id, text).
"""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import markdown
from markdown.treeprocessors import Treeprocessor

from generator.read.addresses import url_of
from generator.render.renderer import relative_url, text_of

TocItem = tuple[int, str, str]
"""(level 1–6, the heading's id, its text)."""


def extensions(configured: Any) -> tuple[list[str], dict[str, dict]]:
    """``markdown_extensions`` of ``mkdocs.yml`` as Python-Markdown takes them (MkDocs' defaults first)."""
    names, configs = ["toc", "tables", "fenced_code"], {}
    for item in configured or []:
        name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        if name not in names:
            names.append(name)
        configs[name] = options if isinstance(options, dict) else {}
    return names, configs


class _Links(Treeprocessor):
    """Relative links and images re-pointed from the virtual file to the page's address, as MkDocs does."""

    def __init__(self, md: markdown.Markdown, path: str) -> None:
        super().__init__(md)
        self.path = path
        self.url = url_of(path)

    def run(self, root) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value:
                    element.set(attribute, self.convert(value))

    def convert(self, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or not parts.path or value.startswith("/"):
            return value
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.path), unquote(parts.path)))
        if target.startswith("../") or target == "..":
            return value
        if target.endswith(".md"):
            target = url_of(target)
        elif posixpath.basename(target) == "index.html":  # a file of the site named so (the editor's): its folder, as MkDocs links it
            target = target[: -len("index.html")]
        return urlunsplit(("", "", relative_url(target, self.url), parts.query, parts.fragment))


class Converter:
    """Converts pages with the site's Markdown extensions."""

    def __init__(self, configured_extensions: Any) -> None:
        self.extensions, self.configs = extensions(configured_extensions)

    def convert(self, path: str, text: str) -> tuple[str, list[TocItem]]:
        """``text`` (the page's Markdown, without front matter) of the virtual file ``path`` as HTML, and its headings."""
        md = markdown.Markdown(extensions=self.extensions, extension_configs=self.configs)
        md.treeprocessors.register(_Links(md, path), "innopub_links", 1)
        html = md.convert(text)
        items: list[TocItem] = []

        def walk(tokens: list[dict]) -> None:
            for token in tokens:
                items.append((int(token["level"]), str(token["id"]), text_of(token.get("html", token["name"]))))
                walk(token.get("children", []))

        walk(getattr(md, "toc_tokens", []))
        return html, items
