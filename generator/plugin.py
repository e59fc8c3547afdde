"""The MkDocs adapter: the only module that imports MkDocs.

It wires the stages to MkDocs' events and holds no domain logic: the content model is
loaded once per build in ``on_files``, generated pages become virtual files
(``File.generated``), and their HTML parts are added in ``on_page_content``.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import math
import os
import shutil
import tempfile
from pathlib import Path

import click
import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from generator import adapter, cms, failure, servelog
from generator.builderror import error_page
from generator.bundle import MergeError
from generator.collect import published_collections
from generator.editions import CACHE_DIR, Editions, print_theme, template_globals
from generator.feeds import atom_feed
from generator.htmlfix import fix_markup
from generator.indexer import Indexer, IndexerError
from generator.kinds import KINDS
from generator.links import rewrite
from generator.load import load_content
from generator.model import ContentModel, sort_by_date
from generator.pages import PageSpec, nav_sections, page_dates, registries, site_pages
from generator.problems import InnopubError, russian_count
from generator.progress import PipeReporter, Summary, folder_size, from_environment, size, summary_lines
from generator.render import Renderer, headings_of, html_text
from generator.russian import no_break_after_number_sign
from generator.sanitize import clean
from generator.search import EXCLUDE_SELECTORS, SEARCH_DOCUMENT, entry_record
from generator.settings import make_settings
from generator.staging import STAGED_ENV, Stage, site_of

log = logging.getLogger("mkdocs.plugins.innopub")
FEED_PATH = "feed.xml"
BULLETIN_FEED = "bulletin/feed.xml"
STRICT_STOP = "Сборка остановлена: предупреждения в строгом режиме (--strict)."


class InnopubConfig(base.Config):
    statuses = c.Optional(c.Type(list))
    directions = c.Optional(c.Type(list))
    levels = c.Optional(c.Type(list))
    event_kinds = c.Optional(c.Type(list))
    organization_kinds = c.Optional(c.Type(list))
    today = c.Optional(c.Type((str, dt.date)))
    feed_size = c.Optional(c.Type(int))
    latest_size = c.Optional(c.Type(int))
    page_size = c.Optional(c.Type(int))
    search_part_size = c.Optional(c.Type(int))
    iframe_hosts = c.Optional(c.Type(list))
    yandex_metrica = c.Optional(c.Type(int))
    footer = c.Optional(c.Type(dict))  # publisher, address, email, phone, license, license_url, open_data
    cms = c.Optional(c.Type(dict))


def _guarded(cls: type) -> type:
    """Every event method words an unexpected exception in Russian as a PluginError: MkDocs prints no traceback."""
    for name, method in list(vars(cls).items()):
        if name.startswith("on_") and name != "on_build_error" and callable(method):
            setattr(cls, name, _guard(method, name))
    return cls


def _guard(method, event: str):
    @functools.wraps(method)  # keeps @event_priority
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except MkDocsException:
            raise
        except InnopubError as exc:
            raise PluginError(str(exc)) from exc
        except Exception as exc:
            raise PluginError(self._failure(exc, f"модуль innopub, событие MkDocs {event}")) from exc

    return guarded


@_guarded
class InnopubPlugin(BasePlugin[InnopubConfig]):
    supports_multiple_instances = False
    stage: Stage | None = None  # plain `mkdocs build` builds into a staging folder too, swapped in on_shutdown
    staging_wanted = built = serving = False
    no_site: str | None = None  # `mkdocs serve` after a failed rebuild: an empty folder, so every address is the error page

    def on_startup(self, command: str, dirty: bool) -> None:
        self.staging_wanted = command == "build" and not dirty and not os.environ.get(STAGED_ENV)
        self.serving = command == "serve"
        if self.serving:
            servelog.install()

    def on_serve(self, server, config: MkDocsConfig, builder):
        """A failed rebuild shows its problems at every address, and the pages come back once it builds.

        MkDocs' server holds every request until a rebuild succeeds (``_visible_epoch``): the browser
        would hang. The builder it calls on a change is wrapped: a failure is logged in Russian, counts
        as a finished build (the open pages reload) and the server answers every address with the error
        page (``error_handler``, from an empty root) until the next build succeeds.
        """
        build, served, handler = server.builder, server.root, server.error_handler
        self.no_site = tempfile.mkdtemp(prefix="innopub-serve-error-")
        theme_dirs, site_name, no_site = list(config.theme.dirs), config.site_name, self.no_site

        def rebuild() -> None:
            try:
                build()
            except Exception as exc:  # MkDocs' Abort is an Exception too
                message = _message_of(exc)
                log.error(message)
                log.error("Сайт не собран: ошибки показаны и в браузере; страница обновится сама, когда файлы будут исправлены.")
                page = error_page(theme_dirs, site_name, message)
                server.root, server.error_handler = no_site, lambda code: page
                return
            server.root, server.error_handler = served, handler

        server.builder = rebuild
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.config_seen, self.built = config, False
        if self.staging_wanted and self.stage is None and not _serve_dir(config.site_dir):
            self.stage = Stage(config.site_dir)
            config.site_dir = str(self.stage.open())
        try:
            self.settings = make_settings(dict(self.config), config.config_file_path or "mkdocs.yml")
        except InnopubError as exc:
            raise PluginError(str(exc)) from exc
        self.generate_nav = config.nav is None
        self.specs: dict[str, PageSpec] = {}
        self.indexer: Indexer | None = None
        self.progress = from_environment(log.info)  # innopub build's pipe, or MkDocs' log at INFO
        self.summary = Summary()
        return config

    # Run after other plugins have listed their files, so that entry sources are removed
    # and our virtual pages added last; before ``get_navigation`` reads ``config.nav``.
    @event_priority(-50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        content_dir = Path(config.docs_dir)
        report = self.progress
        report.stage_started("content")

        def checked(done: int, total: int) -> None:
            if done == 1:
                report.stage_started("content", total)  # the total is known once the tree is read
            report.advanced("content")

        model, problems = load_content(content_dir, self.settings, adapter.display_root(content_dir), checked)
        report.stage_finished("content")
        for problem in problems.warnings:
            log.warning(str(problem))
        if problems.errors:
            raise PluginError(problems.report() + "\n" + russian_count(len(problems.errors)))

        hidden = set(model.unpublished)
        for file in list(files.documentation_pages()):
            if file.src_uri.split("/")[0] in KINDS or file.src_uri in hidden:
                files.remove(file)
        self.renderer = Renderer(config.theme.dirs, model, config.use_directory_urls)
        self.renderer.env.globals["site_description"] = config.site_description or ""  # the home page's paragraph
        self.specs = {}
        self.built_from = {entry.path: f"{entry.url.rstrip('/')}.md" for entry in model.all()}
        self.lastmod, self.site_lastmod = page_dates(model)
        for spec in site_pages(model):
            if files.get_file_from_path(spec.path) is not None:
                continue  # an editor's own page (content/index.md) wins over a generated one
            self.specs[spec.path] = spec
            files.append(File.generated(config, spec.path, content=adapter.markdown(spec), inclusion=InclusionLevel.NOT_IN_NAV))
        for redirect in model.redirects:
            files.append(File.generated(config, f"{redirect.url}index.html", content=self.renderer.render_redirect(redirect)))
        if config.site_url:
            feed = atom_feed(model, config.site_name, config.site_url, FEED_PATH)
            files.append(File.generated(config, FEED_PATH, content=feed))
        self._add_editions(model, files, config)
        self._add_admin(files, config)
        if self.generate_nav:
            config.nav = adapter.nav(nav_sections(model), files)
        self.summary.entries, self.summary.redirects = len(model.all()), len(model.redirects)
        report.stage_started("pages", len(files.documentation_pages()))
        return files

    def _add_editions(self, model: ContentModel, files: Files, config: MkDocsConfig) -> None:
        """PDF and EPUB of every collection and bulletin issue (issue 3), before pages render: citations quote PDF pages."""
        root = Path(config.config_file_path or "mkdocs.yml").parent
        theme, content_dir, today = print_theme(config.theme.dirs), Path(config.docs_dir), self.settings.reference_date()
        editions = Editions(self.renderer, theme, root / CACHE_DIR, config.site_name, config.site_url, content_dir, today)
        report = self.progress
        report.stage_started("editions", len(published_collections(model)))

        def starting(entry) -> None:
            report.advanced("editions", adapter.edition_name(entry), step=0)

        def done(out) -> None:
            report.advanced("editions", adapter.edition_name(out.entry), adapter.made(out))

        outputs = editions.build_all(model, starting, done)
        report.stage_finished("editions")
        made = [adapter.made(out) for out in outputs.values()]
        self.summary.editions_anew, self.summary.editions_cached, self.summary.editions_kept = map(made.count, ("anew", "cached", "kept"))
        for out in outputs.values():
            files.append(File.generated(config, out.pdf_url, abs_src_path=str(out.pdf_file)))
            files.append(File.generated(config, out.epub_url, abs_src_path=str(out.epub_file)))
        self.renderer.env.globals.update(template_globals(outputs, config.site_name, config.site_url))
        issues = sort_by_date(model.entries.get("bulletin", []))
        if config.site_url and issues:
            feed = atom_feed(model, f"Вестник — {config.site_name}", config.site_url, BULLETIN_FEED, issues)
            files.append(File.generated(config, BULLETIN_FEED, content=feed))

    def _add_admin(self, files: Files, config: MkDocsConfig) -> None:
        """The web editor at /admin/ (issue 13): Sveltia's bundle from .tools/, its configuration made from the schema."""
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        bundle = cms.find_bundle(root, Path(__file__).resolve().parent.parent)
        if bundle is None:
            log.warning(f"редактор /admin/ не добавлен: нет {cms.BUNDLE_DIR}/{cms.ENTRY} (соберите его: make cms)")
            return
        content_dir = Path(os.path.relpath(Path(config.docs_dir).resolve(), root)).as_posix()
        settings = yaml.safe_dump(cms.cms_config(self.settings, KINDS, content_dir), allow_unicode=True, sort_keys=False)
        files.append(File.generated(config, "admin/config.yml", content=settings))
        files.append(File.generated(config, "admin/index.html", content=cms.admin_page(config.site_name, self.settings.cms)))
        for name, path in cms.bundle_files(bundle):
            files.append(File.generated(config, f"admin/{name}", abs_src_path=str(path)))

    def on_env(self, env, config: MkDocsConfig, files: Files):
        # Every page is rendered and none is printed yet. Material prints titles (of the page, of every page in
        # the navigation, of the table of contents) and front matter without escaping: MkDocs' Jinja has no
        # autoescape. So here, once, they become HTML text: content is never markup (issue «trust»).
        self.progress.stage_finished("pages")
        self.progress.stage_started("write", sum(1 for file in files.documentation_pages() if file.page is not None))
        env.globals["innopub_registries"] = registries(self.renderer.model)  # the 404 page lists them
        for file in files:
            if file.page is not None and not getattr(file.page, "_innopub_text", False):
                adapter.as_text(file.page)
        return env

    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
        entry = _entry_of(self.specs.get(page.file.src_uri))
        if entry is not None:  # citation_* tags and JSON-LD, printed by theme/main.html in <head>
            context["innopub_head"] = self.renderer.env.get_template("innopub/cite.html").module.head(entry)
        return context

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        # The sitemap's <lastmod> (and its .gz mtime) from the content's dates, not the build's
        # day: building the same content on another day gives the same bytes.
        if self.site_lastmod is not None:
            page.update_date = self.lastmod.get(page.file.src_uri, self.site_lastmod)
        return page

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        entry = _entry_of(self.specs.get(page.file.src_uri))
        source = entry.path if entry is not None else page.file.src_uri
        return rewrite(markdown, source, page.file.src_uri, self.built_from)  # editors' links, re-pointed for re-homed entries

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.progress.advanced("pages")
        html = clean(html, self.settings.iframe_hosts)  # editors' raw HTML: see generator/sanitize.py
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return html
        before, after = self.renderer.render_parts(spec, page.url)
        _extend_toc(page, before, after)
        entry = _entry_of(spec)
        if entry is not None:  # only entry pages are searched: Pagefind gets the body with the entry's facets
            record = entry_record(self.renderer.model, entry)
            context = {"title": spec.title, "record": record, "body": html, "card": before, "listings": after}
            self._indexer().add("/" + page.url, self.renderer.render_document(SEARCH_DOCUMENT, context, page.url))
        return no_break_after_number_sign(before + html + after)

    def _indexer(self) -> Indexer:
        # Started with the first entry page, so that Pagefind reads pages while MkDocs converts the rest.
        if self.indexer is None:
            try:
                expected = sum(1 for spec in self.specs.values() if _entry_of(spec) is not None)
                self.progress.stage_started("search", math.ceil(expected / self.settings.search_part_size))
                self.indexer = Indexer(EXCLUDE_SELECTORS, self.settings.search_part_size, expected, self._search_progress)
            except IndexerError as exc:
                raise PluginError(str(exc)) from exc
        return self.indexer

    def _search_progress(self, event: str) -> None:
        if event == "part":
            self.progress.advanced("search")
        elif event == "joining":  # shown in plain logs too: the one long step of a large index
            self.progress.advanced("search", "объединение частей", "phase", step=0)
        else:
            self.progress.advanced("search", "части объединены", step=0)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        self.summary.pages += 1
        self.progress.advanced("write")
        return fix_markup(output)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        if template_name == "404.html":  # a page readers get, written from a template of its own
            self.summary.pages += 1
        return fix_markup(output_content) if template_name.endswith(".html") else output_content

    def on_post_build(self, config: MkDocsConfig) -> None:
        self.built = True  # the pages are written; a later failure (strict mode, another plugin) calls on_build_error
        self.progress.stage_finished("write")
        if self.indexer is not None:  # else no published entry: nothing to search
            indexer, self.indexer = self.indexer, None
            try:
                result = indexer.write(Path(config.site_dir) / "pagefind")
            except (IndexerError, MergeError) as exc:
                raise PluginError(str(exc)) from exc
            self.summary.index_bytes = folder_size(Path(config.site_dir) / "pagefind")
            self.summary.index_pages, self.summary.index_parts = result.pages, result.parts
            self.progress.stage_finished("search", size(self.summary.index_bytes))
            log.info(f"Поисковый индекс Pagefind: {result.pages} стр. в {result.parts} ч., {result.seconds:.1f} с от первой страницы")
        self.progress.summary(self.summary)
        if not isinstance(self.progress, PipeReporter):  # `mkdocs build` / `serve`: the summary in MkDocs' log
            for line in summary_lines(self.summary, self.progress):
                log.info(line)

    @event_priority(-100)  # last: the other plugins' handlers run before ours may stop the build
    def on_build_error(self, error: Exception) -> None:
        self.built = False
        if hasattr(self, "progress"):
            self.progress.close()
        if self.indexer is not None:  # no Pagefind process outlives a failed build
            self.indexer.close()
            self.indexer = None
        message = None if isinstance(error, MkDocsException) else self._failure(error, "сборка MkDocs")
        if self.serving and message is None:  # `mkdocs serve` would add English lines (or a traceback) of its own
            message = STRICT_STOP if isinstance(error, Abort) and "strict mode" in str(error) else str(error)
        if self.stage is not None:
            self.stage.discard()
            self.stage = None
        if message:  # MkDocs itself would print a traceback; `mkdocs serve` prints an Abort's message alone
            raise _Stop(message)

    def on_shutdown(self) -> None:
        if self.no_site is not None:
            shutil.rmtree(self.no_site, ignore_errors=True)
        stage, self.stage = self.stage, None
        if stage is not None and self.built:
            stage.commit()
        elif stage is not None:
            stage.discard()

    def _failure(self, exc: BaseException, stage: str) -> str:
        failure.print_traceback_if_debug(exc)
        site = self.stage.site_dir if self.stage is not None else os.environ.get(STAGED_ENV) and site_of(os.environ[STAGED_ENV])
        consequence = f"сайт не собран; прежняя версия в {failure.shown(site)}/ не тронута" if site else "сайт не собран"
        disk = failure.disk_problem(exc)
        if disk:
            return f"{disk}, {consequence}."
        page = getattr(getattr(self, "config_seen", None), "_current_page", None)
        return failure.unexpected(exc, stage, page.file.src_path if page is not None else None, consequence)


def _message_of(exc: BaseException) -> str:
    """Our Russian message of a failed build: ours (``_Stop``), a plugin's ``BuildError``, else a sentence."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, _Stop):
            return seen.format_message()
        if isinstance(seen, BuildError):
            return str(seen)
        seen = seen.__cause__ or seen.__context__
    failure.print_traceback_if_debug(exc)
    return failure.unexpected(exc, "сборка MkDocs (mkdocs serve)", None, "сайт не собран")


class _Stop(Abort):
    """MkDocs' Abort, its message on stderr."""

    def show(self, *args, **kwargs) -> None:
        click.echo(self.format_message(), err=True)


def _serve_dir(site_dir: str) -> bool:
    """`mkdocs serve` builds into a temporary folder of its own (``mkdtemp(prefix="mkdocs_")``) and serves it."""
    return Path(site_dir).name.startswith("mkdocs_") and Path(site_dir).parent == Path(tempfile.gettempdir())


def _entry_of(spec: PageSpec | None):
    """The entry an entry page shows; None for every other page (those are not searched)."""
    return spec.context.get("entry") if spec is not None and spec.template.startswith("innopub/entry/") else None


def _extend_toc(page: Page, before: str, after: str) -> None:
    """The headings our templates add (plan, products, reports…) in the page's table of contents, in page order.

    MkDocs builds ``page.toc`` from the Markdown alone; these are rendered around it. The titles are
    escaped with the rest in ``on_env`` (:func:`generator.adapter.toc_as_text`).
    """
    # MkDocs' toc titles are HTML: the headings' text is escaped, as html_text does for the rest.
    links = [[AnchorLink(html_text(text, quote=False), anchor, 2) for anchor, text in headings_of(part)] for part in (before, after)]
    if links[0] or links[1]:
        page.toc = TableOfContents([*links[0], *page.toc, *links[1]])
