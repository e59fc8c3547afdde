"""What a site engine gets from innopub: the boundary every engine adapter takes, and nothing more.

An engine (MkDocs + Material today, Zensical in :mod:`generator.engines.zensical.adapter`) gets finished
pages and writes the site around them: its theme, navigation, sitemap, 404. It never sees the
content folder, an editor's Markdown or front matter: only what innopub made of them.

- :class:`EnginePage`: a page's virtual path (``platforms/x.md``), its title as plain text, its final
  HTML content (the converted Markdown body already sanitized, with our template parts around it),
  the headings of its table of contents, and the tags it adds to ``<head>`` (citations);
- extra files: a site path → the bytes to write or a file on disk to copy (redirects, feeds, PDF and
  EPUB editions, the web editor, the content's own files);
- the navigation: nested ``(title, path | children)`` tuples, sections and registries only;
- :class:`SiteSettings`: the site's name, address, description, theme folder and language;
- post-build steps: callables given the finished site folder (the Pagefind index…).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.site.site import Site

Extra = bytes | Path
"""An extra file: the bytes to write, or a file on disk to copy."""

NavItem = tuple[str, "str | list[NavItem]"]
"""``(title, "platforms/index.md")`` or ``(title, [children…])``: the same shape as ``generator.pages.catalog.nav_sections``."""

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


@dataclass(frozen=True)
class Engine:
    """An engine ``innopub build --engine NAME`` can build with: its module exposes
    ``build_staged(site, staging, *, verbose, strict) -> bool`` (False: it failed and said so in Russian).
    The module is imported only when the engine is used, so a command that builds with one never imports the other."""

    name: str
    title: str
    module: str

    def build(self, site: Site, staging: Path, *, verbose: bool = False, strict: bool = False) -> bool:
        return bool(importlib.import_module(self.module).build_staged(site, staging, verbose=verbose, strict=strict))


ENGINES: dict[str, Engine] = {
    e.name: e
    for e in (
        Engine("mkdocs", "MkDocs", "generator.engines.mkdocs.files"),
        Engine("zensical", "Zensical", "generator.engines.zensical.adapter"),
    )
}
"""The engines, by the name ``--engine`` takes. A new engine is a module with ``build_staged`` and a line here."""
DEFAULT_ENGINE = "mkdocs"
