"""The MkDocs plugin ``innopub``: a thin shim that wires MkDocs' events to :class:`generator.site.Site`.

Each event hands MkDocs' objects to the Site (through ``generator/engines/mkdocs.py``) and does nothing
of its own: what the site holds and how it is made is the Site's. ``innopub build`` hands over a Site it
has already loaded (``handed``); a plain ``mkdocs build`` / ``serve`` makes one from ``mkdocs.yml``.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator import servelog
from generator.config import load_config
from generator.engines import mkdocs as engine
from generator.engines import preview
from generator.engines.guard import guarded, stop
from generator.htmlfix import fix_markup
from generator.problems import InnopubError, russian_count
from generator.progress import LineReporter, summary_lines
from generator.site import Site
from generator.staging import Stage

log = logging.getLogger("mkdocs.plugins.innopub")


class InnopubConfig(base.Config):
    """The options MkDocs accepts; their values are read, with the rest of mkdocs.yml, by :mod:`generator.config`."""

    statuses = c.Optional(c.Type(list))
    directions = c.Optional(c.Type(list))
    levels = c.Optional(c.Type(list))
    event_kinds = c.Optional(c.Type(list))
    organization_kinds = c.Optional(c.Type(list))
    decision_kinds = c.Optional(c.Type(list))
    today = c.Optional(c.Type((str, dt.date)))
    feed_size = c.Optional(c.Type(int))
    latest_size = c.Optional(c.Type(int))
    page_size = c.Optional(c.Type(int))
    search_part_size = c.Optional(c.Type(int))
    iframe_hosts = c.Optional(c.Type(list))
    yandex_metrica = c.Optional(c.Type(int))
    footer = c.Optional(c.Type(dict))
    cms = c.Optional(c.Type(dict))
    report_due = c.Optional(c.Type(str))
    opendata = c.Optional(c.Type(dict))


@guarded
class InnopubPlugin(BasePlugin[InnopubConfig]):
    supports_multiple_instances = False
    handed: Site | None = None  # `innopub build`: the Site it loaded (content read once per command)
    site: Site | None = None
    stage: Stage | None = None  # plain `mkdocs build` builds into a staging folder too, swapped in on_shutdown
    preview: preview.Preview | None = None  # `mkdocs serve`, `innopub serve`: pages rendered on request
    staging_wanted = built = serving = False

    @property
    def settings(self):
        """The site's settings, for the theme's partials (``config.plugins["innopub"].settings``: CSP, footer, Metrica)."""
        return self.site.settings if self.site is not None else None

    def on_startup(self, command: str, dirty: bool) -> None:
        self.staging_wanted = command == "build" and not dirty and self.handed is None
        self.serving = command == "serve"
        if self.serving:
            servelog.install()
            self.preview = preview.Preview(self, lazy=dirty)  # `innopub serve` runs MkDocs' server with --dirty

    def on_serve(self, server, config: MkDocsConfig, builder):
        return self.preview.attach(server, config) if self.preview is not None else server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.config_seen, self.built = config, False
        if self.staging_wanted and self.stage is None and not preview.serve_dir(config.site_dir):
            self.stage = Stage(config.site_dir)
            config.site_dir = str(self.stage.open())
        if self.handed is not None:
            self.site = self.handed
        else:  # one parser for the settings (generator/config.py), MkDocs' folders and address
            settings = load_config(config.config_file_path or "mkdocs.yml").with_paths(Path(config.docs_dir), Path(config.site_dir), config.site_url)
            if self.site is None or self.site.config != settings:  # `mkdocs serve` keeps the Site while the settings stay
                self.site = Site(settings, LineReporter(log.info))
        self.generate_nav = config.nav is None
        return config

    # After other plugins listed their files, so that entry sources are removed and our virtual pages
    # added last; before ``get_navigation`` reads ``config.nav``.
    @event_priority(-50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        site = self.site
        if self.handed is None:
            site.load()
        for problem in site.problems.warnings if self.handed is None else []:  # `innopub build` printed its check
            log.warning(str(problem))
        if site.problems.errors:
            raise PluginError(site.problems.report() + "\n" + russian_count(len(site.problems.errors)))
        site.typeset = not (self.preview is not None and self.preview.lazy)  # `innopub serve` opens without typesetting
        site.prepare()
        for notice in site.notices:
            log.warning(notice)
        engine.add_files(site, files, config, preview.Deferred if self.preview is not None and self.preview.lazy else engine.GeneratedPage)
        if self.generate_nav:
            config.nav = engine.nav(site.nav())
        site.reporter.stage_started("pages", len(files.documentation_pages()))
        return files

    def on_env(self, env, config: MkDocsConfig, files: Files):
        # Every page is rendered and none is printed yet: titles, front matter and tables of contents
        # become HTML text here, once, since Material prints them raw.
        self.site.reporter.stage_finished("pages")
        self.site.reporter.stage_started("write", sum(1 for file in files.documentation_pages() if file.page is not None))
        env.globals["innopub_registries"] = self.site.registries()  # the 404 page lists them
        for file in files:
            if file.page is not None and not getattr(file.page, "_innopub_text", False):
                engine.as_text(file.page)
        if self.preview is not None:
            self.preview.built(config, files, self.nav, env)
        return env

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        self.nav = nav  # a preview renders pages on request with the navigation of the last full build
        return nav

    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
        context["innopub_head"] = self.site.page_head(page.file.src_uri)  # citation tags and JSON-LD (theme/main.html)
        return context

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        date = self.site.page_date(page.file.src_uri)  # the sitemap's <lastmod> from the content, not the build's day
        if date is not None:
            page.update_date = date
        return page

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.site.page_markdown(page.file.src_uri, markdown)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        content = self.site.page_content(page.file.src_uri, page.url, html)
        engine.extend_toc(page, content)
        return content.html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if not self.site.quiet:
            self.site.summary.pages += 1
            self.site.reporter.advanced("write")
        if self.preview is not None:
            self.preview.rendered(page.file.src_uri)
        return fix_markup(output)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        if template_name == "404.html":  # a page readers get, written from a template of its own
            self.site.summary.pages += 1
        return fix_markup(output_content) if template_name.endswith(".html") else output_content

    def on_post_build(self, config: MkDocsConfig) -> None:
        self.built = True  # the pages are written; a later failure (strict mode, another plugin) calls on_build_error
        self.site.reporter.stage_finished("write")
        try:
            summary = self.site.finish(Path(config.site_dir))
        except InnopubError as exc:
            raise PluginError(str(exc)) from exc
        result = self.site.index_result
        if result is not None:
            log.info(f"Поисковый индекс Pagefind: {result.pages} стр. в {result.parts} ч., {result.seconds:.1f} с от первой страницы")
        if self.preview is not None and self.preview.lazy:
            log.info("Предпросмотр открыт: страницы собираются при первом открытии, поиск — по последней полной сборке")
        elif self.handed is None:  # `mkdocs build` / `serve`: the summary in MkDocs' log
            for line in summary_lines(summary, self.site.reporter):
                log.info(line)

    @event_priority(-100)  # last: the other plugins' handlers run before ours may stop the build
    def on_build_error(self, error: Exception) -> None:
        self.built = False
        if self.site is not None:
            self.site.abort()
        try:
            stop(self, error)  # worded while the staging folder is known: «прежняя версия в site/ не тронута»
        finally:
            if self.stage is not None:
                self.stage.discard()
                self.stage = None

    def on_shutdown(self) -> None:
        preview.shutdown(self)
        stage, self.stage = self.stage, None
        if stage is not None and self.built:
            stage.commit()
        elif stage is not None:
            stage.discard()
