"""Every use of MkDocs' private or undocumented API, in one place.

MkDocs 1.6 has no public way to render one page on request (the preview), to know the page a failure happened on,
to hear the title it read from a page's first heading, or to swap its development server's builder, root and file
watcher. Each use below names what it reads and is checked against the versions in :data:`CHECKED`:
``tests/test_mkdocs_private.py`` fails when an installed MkDocs (or ProperDocs) changes any of them, so a new
release is read here before it is trusted. MkDocs 1.6.1 is the last 1.x; ProperDocs 1.6.7 keeps the same code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mkdocs.commands.build import _build_page, _populate_page

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

CHECKED = {"mkdocs": "1.6.1", "properdocs": "1.6.7"}
"""The releases whose code each function below was read against."""

SERVER_ATTRIBUTES = ("builder", "root", "error_handler", "mount_path", "observer", "_watched_paths")
"""What the preview reads or replaces on ``mkdocs.livereload.LiveReloadServer`` (set in its ``__init__``)."""


def populate_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """``mkdocs.commands.build._populate_page``: a page's Markdown read and converted, its events run."""
    _populate_page(page, config, files)


def build_page(page: Page, config: MkDocsConfig, files: Files, nav: Navigation, env: jinja2.Environment) -> None:
    """``mkdocs.commands.build._build_page``: a converted page rendered with the theme and written."""
    _build_page(page, config, files.documentation_pages(), nav, env)


def title_from_render(page: Page) -> str | None:
    """``Page._title_from_render``: the HTML of the page's first ``<h1>`` as MkDocs read it, or None."""
    return page._title_from_render


def current_page(config: MkDocsConfig | None) -> Page | None:
    """``MkDocsConfig._current_page``: the page being built when an event failed (set by ``_populate_page``)."""
    return getattr(config, "_current_page", None)


def server_builder(server: LiveReloadServer) -> Callable[[], None]:
    """What the server calls on a change (MkDocs' own full build)."""
    return server.builder


def set_server_builder(server: LiveReloadServer, builder: Callable[[], None]) -> None:
    server.builder = builder


def server_pages(server: LiveReloadServer) -> tuple[str, Callable[[int], bytes | None]]:
    """(the folder the server serves files from, its error page maker)."""
    return server.root, server.error_handler


def set_server_pages(server: LiveReloadServer, root: str, error_handler: Callable[[int], bytes | None]) -> None:
    server.root, server.error_handler = root, error_handler


def server_mount_path(server: LiveReloadServer) -> str:
    return server.mount_path


def watched_paths(server: LiveReloadServer) -> dict[str, int]:
    """``LiveReloadServer._watched_paths``: path → how many ``watch()`` calls were made for it."""
    return dict(getattr(server, "_watched_paths", {}))


def server_observer(server: LiveReloadServer) -> Any:
    return server.observer


def set_server_observer(server: LiveReloadServer, observer: Any) -> None:
    """The file watcher the server starts (a watchdog observer; MkDocs' own polls every 0.5 s)."""
    server.observer = observer


RENDER_CHECKED = "1.6.1"
"""The MkDocs whose ``Page.render`` :func:`render_page` repeats step for step (``mkdocs.__version__``; ProperDocs, which
serves ``mkdocs`` under its own version and skips the log level test, keeps its own ``render``)."""


def render_page_checked(version: str) -> bool:
    """Whether :func:`render_page` repeats this MkDocs' ``Page.render`` (and its per-page processors exist)."""
    from mkdocs.structure import pages

    needed = ("_RawHTMLPreprocessor", "_ExtractAnchorsTreeprocessor", "_RelativePathTreeprocessor", "_ExtractTitleTreeprocessor")
    return version == RENDER_CHECKED and all(hasattr(pages, name) for name in needed)


def render_page(md: Any, page: Page, config: MkDocsConfig, files: Files, log_level: int, resolved: list[tuple[str, str]] | None = None) -> None:
    """``Page.render`` of MkDocs 1.6.1 with a parser ``md`` made (or ``reset()``) by the caller: MkDocs' per-page
    processors (raw HTML anchors, anchors, relative links, the title) registered under their names, which replaces
    the previous page's; the page's content, table of contents, title and anchors set as ``render`` sets them.
    ``resolved`` hears each link and image address as written and as MkDocs rewrote it (for :func:`replay_links`)."""
    from mkdocs.structure import pages
    from mkdocs.structure.toc import get_toc

    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    raw_html_ext = pages._RawHTMLPreprocessor()
    raw_html_ext._register(md)
    extract_anchors_ext = pages._ExtractAnchorsTreeprocessor(page.file, files, config)
    extract_anchors_ext._register(md)
    relative_path_ext = pages._RelativePathTreeprocessor(page.file, files, config)
    relative_path_ext._register(md)
    if resolved is not None:
        relative_path_ext.path_to_url = _recording(relative_path_ext.path_to_url, resolved)
    extract_title_ext = pages._ExtractTitleTreeprocessor()
    extract_title_ext._register(md)
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = extract_title_ext.title
    page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
    if log_level > logging.DEBUG:
        page.links_to_anchors = relative_path_ext.links_to_anchors


def set_rendered(page: Page, content: str, toc_tokens: list, title: str | None, anchors: set[str], links_to_anchors: dict, log_level: int) -> None:
    """The page as :func:`render_page` leaves it, from what an earlier conversion left (the cache of converted pages:
    ``generator/engines/mkdocs/pagecache.py``), ``links_to_anchors`` from :func:`replay_links`."""
    from mkdocs.structure.toc import get_toc

    page.content = content
    page.toc = get_toc(toc_tokens)
    page._title_from_render = title
    page.present_anchor_ids = anchors
    if log_level > logging.DEBUG:
        page.links_to_anchors = links_to_anchors


def _recording(path_to_url: Callable[[str], str], resolved: list[tuple[str, str]]) -> Callable[[str], str]:
    def recorded(url: str) -> str:
        new_url = path_to_url(url)
        resolved.append((url, new_url))
        return new_url

    return recorded


def replay_links(page: Page, config: MkDocsConfig, files: Files, resolved: list[list[str]]) -> dict | None:
    """Each address a conversion of ``page`` resolved (``render_page``'s ``resolved``), resolved again by MkDocs'
    ``_RelativePathTreeprocessor.path_to_url`` against this build's ``files``, in order: its warnings said again, its
    ``links_to_anchors`` returned. None, and nothing said, when an address now resolves otherwise."""
    from mkdocs.structure import pages

    heard: list[logging.LogRecord] = []

    def hold(record: logging.LogRecord) -> bool:
        heard.append(record)
        return False

    processor = pages._RelativePathTreeprocessor(page.file, files, config)
    pages.log.filters.insert(0, hold)  # before any other filter (one that drops repeats would count it as said)
    try:
        same = all(processor.path_to_url(url) == new_url for url, new_url in resolved)
    finally:
        pages.log.removeFilter(hold)
    if not same:
        return None
    for record in heard:
        pages.log.handle(record)
    return processor.links_to_anchors
