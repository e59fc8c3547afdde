"""The MkDocs engine (and ProperDocs, its maintained fork, which imports it under its own name): what the
plugin needs besides its events, and ``innopub build``'s in-process build.

Only the modules of ``generator/engines/mkdocs/`` import
MkDocs. The :class:`generator.site.site.Site` decides
what the site holds; here its pages become MkDocs' virtual files (``File.generated``), its navigation
MkDocs' ``nav``, its extra headings entries of MkDocs' table of contents, and what Material prints
without escaping (titles, front matter, the table of contents) becomes HTML text.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import AnchorLink, TableOfContents

from generator.common import failure
from generator.common.russian import no_break_after_number_sign
from generator.common.safeout import neutral_text
from generator.engines.mkdocs import private
from generator.engines.mkdocs.guard import consequence_said
from generator.render.renderer import html_text, page_meta, text_of
from generator.site.boundary import NavItem, PageContent
from generator.site.site import Site, SiteFile

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

PLUGIN = "innopub"


class GeneratedPage(File):
    """A page the Site generates: its Markdown asked of the Site when MkDocs reads it, so that a preview's
    rebuild changes no file object (a page rendered on request reads the model of that moment)."""

    site: Site

    @property
    def content_string(self) -> str:
        return self.site.page_source(self.src_uri)

    @content_string.setter
    def content_string(self, value: str) -> None:  # MkDocs' setter; the Site's model is the source
        raise AttributeError("a generated page's Markdown comes from the Site")


def page_file(site: Site, config: MkDocsConfig, path: str, cls: type[GeneratedPage] = GeneratedPage) -> GeneratedPage:
    file = cls.generated(config, path, content="", inclusion=InclusionLevel.NOT_IN_NAV)
    file.site = site
    return file


def add_files(site: Site, files: Files, config: MkDocsConfig, cls: type[GeneratedPage] = GeneratedPage) -> None:
    """The site's generated pages and extra files as MkDocs' virtual files; entries' sources and drafts out,
    and every other file of the content folder but the attachments the site publishes (MkDocs copies all of
    them, over the theme's own). ``cls``: the class of the pages' files (the preview's
    :class:`~generator.engines.mkdocs.preview.Deferred`)."""
    for file in list(files.documentation_pages()):
        if site.hidden(file.src_uri):
            files.remove(file)
    published, docs = site.content_files(), os.path.normpath(config.docs_dir)
    for file in list(files):
        from_docs = file.generated_by is None and file.src_dir is not None and os.path.normpath(file.src_dir) == docs
        if from_docs and not file.is_documentation_page() and file.src_uri not in published:
            files.remove(file)
    for path in site.specs:
        files.append(page_file(site, config, path, cls))
    add_extras(files, config, site.files())


def add_extras(files: Files, config: MkDocsConfig, extras: list[SiteFile]) -> None:
    """The site's extra files (redirects, feeds, editions…) as MkDocs' virtual files: copied after ``on_env``."""
    for extra in extras:
        if extra.source is not None:
            files.append(File.generated(config, extra.path, abs_src_path=str(extra.source)))
        else:
            files.append(File.generated(config, extra.path, content=extra.data or ""))


def nav(items: list[NavItem]) -> list[dict]:
    """MkDocs' ``nav`` structure of the site's navigation."""
    return [{title: nav(target) if isinstance(target, list) else target} for title, target in items]


def as_text(page: Page) -> None:
    """The page's title, front matter and table of contents as HTML text, for Material to print as it is.

    MkDocs' and Material's Jinja has no autoescape: without this an editor's title would run its
    script on every page of the site, through the navigation (the trust issue). A page not read yet (a
    preview renders it when asked for) is done when it is read.
    """
    if page.markdown is None:
        return
    page._innopub_nav_title = vars(page).get("title")  # type: ignore[attr-defined]
    written = page.meta
    page.meta, _ = page_meta(written)
    title = vars(page).get("title")  # given by the navigation: plain text
    if title is None and "title" in page.meta:
        title = str(written["title"])  # YAML: plain text
    elif title is None and private.title_from_render(page):
        title = text_of(private.title_from_render(page) or "")  # MkDocs' text of the first <h1>: HTML
    elif title is None:
        title = page.title  # from the file name
    page.title = html_text(no_break_after_number_sign(title))  # the keys dropped are warned about by the check, with their lines
    _toc_as_text(page.toc)
    page._innopub_text = True  # type: ignore[attr-defined]


def reset_text(page: Page) -> None:
    """Before a page is read again (a preview's request): its title as the navigation gave it, not yet escaped."""
    if getattr(page, "_innopub_text", False):
        vars(page).pop("title", None)
        if page._innopub_nav_title is not None:  # type: ignore[attr-defined]
            page.title = page._innopub_nav_title  # type: ignore[attr-defined]
        page._innopub_text = False  # type: ignore[attr-defined]


def _toc_as_text(items) -> None:
    for item in items:  # MkDocs' toc gives HTML with tags stripped by a pattern: kept as the text it shows
        item.title = html_text(text_of(item.title), quote=False)
        item.id = html_text(item.id)
        _toc_as_text(item.children)


def extend_toc(page: Page, content: PageContent) -> None:
    """The headings the templates add (plan, products, reports…) in the page's table of contents, in page order.

    MkDocs builds ``page.toc`` from the Markdown alone; these are rendered around it. Their titles are
    HTML text as MkDocs' own are (escaped with the rest in ``on_env``).
    """
    before, after = ([AnchorLink(html_text(text, quote=False), anchor, 2) for anchor, text in part] for part in (content.before, content.after))
    if before or after:
        page.toc = TableOfContents([*before, *page.toc, *after])


class RussianLog(logging.Handler):
    """MkDocs' log under ``innopub build``: warnings and errors (and with ``-v`` the rest) on stderr, in Russian where we know the line.

    MkDocs' own command sets up a handler of its own; ``innopub build`` runs MkDocs in its process
    and prints its messages itself, as lines an editor reads («Ошибка на странице …»).
    """

    def __init__(self, verbose: bool) -> None:
        super().__init__(logging.INFO if verbose else logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        from generator.engines.mkdocs.servelog import russian_line

        line = russian_line(record.getMessage())
        line = re.sub(r"^Error (reading|building) page '(.*)':\s*$", lambda m: f"Ошибка на странице {m[2]}:", line)
        if not line.strip():
            return
        print(neutral_text(line), file=sys.stderr, flush=True)  # MkDocs' messages may quote content: no escape code, no command


def build(site: Site, site_dir: Path, handler: RussianLog, strict: bool = False) -> None:
    """``mkdocs build`` of ``site`` into ``site_dir``, in this process: the plugin gets the Site already loaded,
    so the content is read once per command. Raises MkDocs' ``Abort`` when the build fails (its messages
    are logged through ``handler``)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(min(handler.level, logging.INFO))
    try:
        config = load_config(config_file=str(site.config.file), site_dir=str(site_dir), strict=strict)
        config.plugins[PLUGIN].run.handed = site  # type: ignore[attr-defined]
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def serve(config_file: Path, dev_addr: str, lazy: bool = True) -> None:
    """MkDocs' live-reload server with the plugin's preview (:mod:`generator.engines.mkdocs.preview`): ``lazy``, the
    first build renders no generated page (MkDocs' dirty build), each is rendered when first asked for."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from generator.engines.mkdocs.servelog import install

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    install()
    try:
        mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, build_type="dirty" if lazy else None, watch_theme=True)
    finally:
        logger.removeHandler(handler)


def build_staged(site: Site, staging: Path, *, verbose: bool = False, strict: bool = False) -> bool:
    """``innopub build`` with MkDocs: ``site`` built into ``staging`` in this process; its messages shown as they come,
    never a traceback. False when it failed (already said, in Russian)."""
    log = RussianLog(verbose)
    try:
        build(site, staging, log, strict=strict)
    except Abort as exc:
        in_strict = re.match(r"^Aborted with (.*) in strict mode!$", str(exc))
        if in_strict:
            print(f"Сборка остановлена: предупреждения в строгом режиме (--strict): {in_strict[1]}.", file=sys.stderr)
        elif str(exc) not in ("Aborted with a BuildError!", "Aborted!"):
            print(exc, file=sys.stderr)
        if not consequence_said(exc):  # our own failures say what was left as it was; MkDocs' do not
            print(f"Сборка не удалась: {failure.consequence()}.", file=sys.stderr)
        return False
    except BaseException:
        site.abort()  # Ctrl-C, SIGTERM, a failure of MkDocs itself: no Pagefind process outlives the build
        raise
    return True
