"""The boundary between innopub and a site engine: frozen types, the only things an adapter is handed.

An engine (MkDocs + Material in :mod:`generator.engines.mkdocs`, Zensical in :mod:`generator.engines.zensical`) gets
pages and writes the site around them: its theme, navigation, sitemap, 404. It never sees the content folder, an
editor's front matter or the model: only what the :class:`~generator.site.site.Site` made of them.

- :class:`SourcePage`: a page's virtual Markdown file and title, for an engine that converts Markdown itself (MkDocs),
  whose converted HTML comes back through ``Site.page_content`` as a :class:`PageContent`;
- :class:`EnginePage`: a page made whole by the Site (the converted body sanitized, our template parts around it),
  its title as plain text, the headings of its table of contents, its ``<head>`` tags, for an engine that takes
  finished pages (Zensical);
- :data:`NavItem`: the navigation, nested ``(title, path | children)`` tuples, sections and registries only;
- :data:`Extra`: an extra file (redirects, feeds, PDF and EPUB editions, the web editor, the content's own files);
- :class:`SiteSettings`: the site's name, address, description, theme folder and language;
- :data:`PostBuild`: a step given the finished site folder (the Pagefind index…).

It lives beside the Site, below the engines, so that the Site can make these types and every adapter take them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NavItem = tuple[str, "str | list[NavItem]"]
"""``(title, "platforms/index.md")`` or ``(title, [children…])``: sections and registries, never every entry."""


@dataclass(frozen=True)
class SourcePage:
    """A page the site generates, for an engine that converts its Markdown: its virtual file (``platforms/x.md``),
    title and Markdown."""

    path: str
    title: str
    markdown: str


@dataclass(frozen=True)
class PageContent:
    """A converted page's final content, and the headings its template parts add before and after the body
    ((anchor, text), for the engine's table of contents)."""

    html: str
    before: tuple[tuple[str, str], ...] = ()
    after: tuple[tuple[str, str], ...] = ()
    deferred: bool = False
    """Set aside until the editions are made (``Site.settle`` gives the page's content then); ``html`` is empty."""


Extra = bytes | Path
"""An extra file: the bytes to write, or a file on disk to copy."""

PostBuild = Callable[[Path], None]
"""A step run on the finished site folder, after the engine and the extra files."""


@dataclass(frozen=True)
class TocItem:
    """One heading of a page's table of contents: its level (1–6), its ``id`` in the HTML and its text (plain)."""

    level: int
    id: str
    text: str


@dataclass(frozen=True)
class EnginePage:
    path: str
    """The virtual source file: ``platforms/x.md`` is served at ``platforms/x/``, ``index.md`` at the root."""
    title: str
    """Plain text: the adapter escapes it for whatever prints it."""
    html: str
    """The final content, trusted: sanitized body and our template parts. An engine must not re-interpret it."""
    toc: tuple[TocItem, ...] = ()
    """The headings of the table of contents in page order (body and template parts alike)."""
    head: str = ""
    """Trusted HTML for ``<head>``: citation tags and JSON-LD of an entry page."""
    description: str | None = None
    """Plain text for ``<meta name="description">`` (an editor's page may set it); else the site's."""
    hide: tuple[str, ...] = ()
    """Parts of the page's frame to leave out: ``navigation``, ``toc``, ``footer``… (an editor's page may set them)."""

    @property
    def url(self) -> str:
        """The page's address relative to the site's root, directory style: ``platforms/x/``, ``""`` for the home page."""
        stem = self.path[: -len(".md")]
        if stem == "index":
            return ""
        return stem[: -len("index")] if stem.endswith("/index") else f"{stem}/"

    @property
    def output(self) -> str:
        """The file the page is written to: ``platforms/x/index.html``."""
        return f"{self.url}index.html"


@dataclass(frozen=True)
class SiteSettings:
    site_name: str
    site_url: str | None
    site_description: str | None
    theme_dir: Path
    """Our theme (``theme/``): overrides of the engine's templates, our assets, fonts and print styles."""
    language: str = "ru"
    theme: Mapping[str, Any] = field(default_factory=dict)
    """The rest of ``mkdocs.yml``'s ``theme:`` (features, palette, font) as the engine may read it."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Values our templates read from ``config.extra`` where the engine has no plugin to give them:
    ``innopub`` (the plugin's settings the partials print: footer, iframe hosts, Metrica) and
    ``innopub_registries`` (the 404 page's list)."""
    markdown_extensions: Sequence[Any] = ()
    """Python-Markdown's extensions the engine runs on the table of contents' headings (``toc`` for the ids)."""


class EngineError(RuntimeError):
    """An engine could not build the site; the message is Russian and says what to do."""
