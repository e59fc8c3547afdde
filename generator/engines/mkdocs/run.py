"""One MkDocs command (``build``, ``serve``) over a :class:`generator.site.site.Site`: what the plugin's events do.

The plugin (``generator/engines/mkdocs/plugin.py``) only maps MkDocs' events to the methods of :class:`Run`; this holds the
command's state — the Site, the staging folder a plain ``mkdocs build`` writes into and swaps in at the end,
the preview of ``mkdocs serve`` — and hands MkDocs' objects to the Site through
:mod:`generator.engines.mkdocs.files`. What the site holds and how it is made stays the Site's.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator.common import safeout
from generator.common.cachefolder import cache_folder
from generator.common.problems import InnopubError, russian_count
from generator.common.progress import LineReporter, summary_lines
from generator.engines.htmlfix import fix_markup
from generator.engines.mkdocs import files as engine
from generator.engines.mkdocs import preview, servelog
from generator.engines.mkdocs.convert import Converter
from generator.engines.mkdocs.guard import stop
from generator.engines.mkdocs.navcache import cache_navigation
from generator.engines.mkdocs.pagecache import PageCache
from generator.settings.config import load_config
from generator.site.site import Site
from generator.site.spill import Spill
from generator.site.staging import Stage

log = logging.getLogger("mkdocs.plugins.innopub")
log.addFilter(safeout.LogLines())  # what the plugin logs may quote content: no escape code, no workflow command


class Run:
    """The state of one MkDocs command and the work of each of its events."""

    def __init__(self) -> None:
        self.handed: Site | None = None  # `innopub build`: the Site it loaded (content read once per command)
        self.site: Site | None = None
        self.stage: Stage | None = None  # plain `mkdocs build` builds into a staging folder too, swapped in on shutdown
        self.preview: preview.Preview | None = None  # `mkdocs serve`, `innopub serve`: pages rendered on request
        self.config_seen: MkDocsConfig | None = None
        self.nav: Any = None
        self.deferred: dict[str, Page] = {}  # pages that wait for the editions (Site.settle, in on_env)
        self.spill: Spill | None = None  # a build's converted pages' HTML until each is rendered (not a preview's)
        self.staging_wanted = self.built = self.serving = self.generate_nav = False
        self.converter = Converter() if Converter.usable() else None  # one Markdown parser for every page

    def startup(self, command: str, dirty: bool) -> None:
        self.staging_wanted = command == "build" and not dirty and self.handed is None
        self.serving = command == "serve"
        if self.serving:
            servelog.install()
            self.preview = preview.Preview(self, lazy=dirty)  # `innopub serve` runs MkDocs' server with --dirty

    def serve(self, server: Any, config: MkDocsConfig) -> Any:
        return self.preview.attach(server, config) if self.preview is not None else server

    def configure(self, config: MkDocsConfig) -> MkDocsConfig:
        self.config_seen, self.built = config, False
        if self.staging_wanted and self.stage is None and not preview.serve_dir(config.site_dir):
            self.stage = Stage(config.site_dir)
            config.site_dir = str(self.stage.open())
        if self.handed is not None:
            self.site = self.handed
        else:  # one parser for the settings (generator/settings/config.py), MkDocs' folders and address
            settings = load_config(config.config_file_path or "mkdocs.yml").with_paths(Path(config.docs_dir), Path(config.site_dir), config.site_url)
            if self.site is None or self.site.config != settings:  # `mkdocs serve` keeps the Site while the settings stay
                self.site = Site(settings, LineReporter(log.info))
        self.generate_nav = config.nav is None
        return config

    def files(self, files: Files, config: MkDocsConfig) -> Files:
        site = self.current
        if self.handed is None:
            site.load()
        for problem in site.problems.warnings if self.handed is None else []:  # `innopub build` printed its check
            log.warning(str(problem))
        if site.problems.errors:
            raise PluginError(site.problems.report() + "\n" + russian_count(len(site.problems.errors)))
        lazy = self.preview is not None and self.preview.lazy
        self.deferred = {}
        site.prepare(typeset=not lazy, overlap=not lazy)  # `innopub serve` opens without typesetting; a build typesets as pages render
        for notice in site.notices:
            log.warning(notice)
        engine.add_files(site, files, config, preview.Deferred if lazy else engine.GeneratedPage)
        if self.generate_nav:
            config.nav = engine.nav(site.nav())
        site.reporter.stage_started("pages", len(files.documentation_pages()))
        self._close_spill()
        if self.preview is None:  # MkDocs converts every page before it renders any: their HTML waits on disk
            self.spill = Spill(config.site_dir)
            self._open_page_cache(site)
        if self._spilling:  # so does the HTML of the pages that wait for the editions, until Site.settle
            site.set_aside_in(self.spill)
        return files

    def environment(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        # Every page is rendered and none is printed yet: titles, front matter and tables of contents
        # become HTML text here, once, since Material prints them raw.
        site = self.current
        extras, contents, notices = site.settle()  # the editions made while the pages rendered: the pages that waited
        for path, content in contents:  # made one at a time: each goes to the spill file before the next is made
            page = self.deferred.pop(path)
            page.content = self._hold(page, content.html)  # until rendered, as every other page
            engine.extend_toc(page, content)
        engine.add_extras(files, config, extras)  # copied by MkDocs after this event
        for notice in notices:
            log.warning(notice)
        site.reporter.stage_finished("pages")
        site.reporter.stage_started("write", sum(1 for file in files.documentation_pages() if file.page is not None))
        env.globals["innopub_registries"] = site.registries()  # the 404 page lists them
        cache_navigation(env, self.nav)  # Material's navigation rendered once per folder, not per page
        for file in files:
            if file.page is not None and not getattr(file.page, "_innopub_text", False):
                engine.as_text(file.page)
        if self.preview is not None:
            self.preview.built(config, files, self.nav, env)
        return env

    def page_context(self, context: dict, page: Page) -> dict:
        context["innopub_head"] = self.current.page_head(page.file.src_uri)  # citation tags and JSON-LD (theme/main.html)
        if self._spilling:  # the HTML kept since its conversion, for the template
            html = self.spill.take(page.file.src_uri)
            if html is not None:
                page.content = html
        return context

    def pre_page(self, page: Page) -> Page:
        date = self.current.page_date(page.file.src_uri)  # the sitemap's <lastmod> from the content, not the build's day
        if date is not None:
            page.update_date = date
        if self.converter is not None:
            self.converter.attach(page)
        return page

    def page_markdown(self, markdown: str, page: Page) -> str:
        return self.current.page_markdown(page.file.src_uri, markdown)

    def page_content(self, html: str, page: Page) -> str:
        content = self.current.page_content(page.file.src_uri, page.url, html)
        if content.deferred:  # it needs the editions: made whole in on_env
            self.deferred[page.file.src_uri] = page
        engine.extend_toc(page, content)
        if self.preview is None:  # converted: MkDocs keeps every page's Markdown to the end of the build, unused
            page.markdown = ""  # not None, which means «not read yet» (the title, engine.as_text)
        return content.html if content.deferred else self._hold(page, content.html)

    def _hold(self, page: Page, html: str) -> str:
        """What ``page.content`` holds until the page is rendered: nothing when its HTML waits in the spill file
        (page_context takes it back), else the HTML. A page that waits for the editions is held once it is whole."""
        if self._spilling:
            self.spill.put(page.file.src_uri, html)
            return ""
        return html

    def post_page(self, output: str, page: Page) -> str:
        self.current.pages_written()
        if self.preview is not None:
            self.preview.rendered(page.file.src_uri)
        elif self._spilling:
            page.content = ""  # written: its HTML is not held to the end of the build
        return fix_markup(output)

    def post_template(self, output: str, template_name: str) -> str:
        if template_name == "404.html":  # a page readers get, written from a template of its own
            self.current.pages_written(progress=False)
        return fix_markup(output) if template_name.endswith(".html") else output

    def post_build(self, config: MkDocsConfig) -> None:
        self.built = True  # the pages are written; a later failure (strict mode, another plugin) calls on_build_error
        self._close_spill()
        self._close_page_cache(prune=True)
        site = self.current
        site.reporter.stage_finished("write")
        try:
            summary = site.finish(Path(config.site_dir))
        except InnopubError as exc:
            raise PluginError(str(exc)) from exc
        result = site.index_result
        if result is not None:
            log.info(f"Поисковый индекс Pagefind: {result.pages} стр. в {result.parts} ч., {result.seconds:.1f} с от первой страницы")
        if self.preview is not None and self.preview.lazy:
            log.info("Предпросмотр открыт: страницы собираются при первом открытии, поиск — по последней полной сборке")
        elif self.handed is None:  # `mkdocs build` / `serve`: the summary in MkDocs' log
            for line in summary_lines(summary, site.reporter):
                log.info(line)

    def build_error(self, error: Exception) -> None:
        self.built = False
        self._close_spill()
        self._close_page_cache(prune=False)
        if self.site is not None:
            self.site.abort()
        try:
            stop(self, error)  # worded while the staging folder is known: «прежняя версия в site/ не тронута»
        finally:
            if self.stage is not None:
                self.stage.discard()
                self.stage = None

    def shutdown(self) -> None:
        self._close_spill()
        self._close_page_cache(prune=False)
        preview.shutdown(self)
        stage, self.stage = self.stage, None
        if stage is not None and self.built:
            stage.commit()
        elif stage is not None:
            stage.discard()

    @property
    def _spilling(self) -> bool:
        """Pages' HTML waits in the spill file between conversion and rendering (a build, where the file could be made)."""
        return self.spill is not None and self.spill.on_disk

    def _close_spill(self) -> None:
        spill, self.spill = self.spill, None
        if spill is not None:
            spill.close()

    def _open_page_cache(self, site: Site) -> None:
        """Converted pages kept between builds (generator/engines/mkdocs/pagecache.py); none when the cache folder
        cannot be one (the editions said why) or another MkDocs converts."""
        self._close_page_cache(prune=False)
        if self.converter is None:
            return
        try:
            self.converter.cache = PageCache(cache_folder(site.config.root))
        except InnopubError:
            self.converter.cache = None

    def _close_page_cache(self, prune: bool) -> None:
        cache = self.converter.cache if self.converter is not None else None
        if cache is not None:
            self.converter.cache = None
            cache.close(prune)
            log.debug(f"Кэш преобразованных страниц: {cache.hits} взято, {cache.misses} преобразовано")

    @property
    def current(self) -> Site:
        """The Site of this command (set when MkDocs reads its configuration, before any other event)."""
        assert self.site is not None, "on_config comes before every other event"
        return self.site
