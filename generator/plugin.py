"""The MkDocs adapter: the only module that imports MkDocs.

It wires the stages to MkDocs' events and holds no domain logic: the content model is
loaded once per build in ``on_files``, generated pages become virtual files
(``File.generated``), and their HTML parts are added in ``on_page_content``.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import tempfile
from pathlib import Path

import click
import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from generator import failure
from generator.bundle import MergeError
from generator.editions import CACHE_DIR, Editions, print_theme, template_globals
from generator.feeds import atom_feed
from generator.htmlfix import fix_markup
from generator.indexer import Indexer, IndexerError
from generator.kinds import KINDS
from generator.links import rewrite
from generator.load import load_content
from generator.model import ContentModel, sort_by_date
from generator.pages import PageSpec, nav_sections, page_dates, site_pages
from generator.problems import InnopubError, russian_count
from generator.render import PAGE_META, Renderer, headings_of, html_text, page_meta, text_of
from generator.russian import no_break_after_number_sign
from generator.sanitize import clean
from generator.search import EXCLUDE_SELECTORS, SEARCH_DOCUMENT, entry_record
from generator.settings import make_settings
from generator.staging import STAGED_ENV, Stage, site_of

log = logging.getLogger("mkdocs.plugins.innopub")
FEED_PATH = "feed.xml"
BULLETIN_FEED = "bulletin/feed.xml"


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
    staging_wanted = built = False

    def on_startup(self, command: str, dirty: bool) -> None:
        self.staging_wanted = command == "build" and not dirty and not os.environ.get(STAGED_ENV)

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
        return config

    # Run after other plugins have listed their files, so that entry sources are removed
    # and our virtual pages added last; before ``get_navigation`` reads ``config.nav``.
    @event_priority(-50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        content_dir = Path(config.docs_dir)
        model, problems = load_content(content_dir, self.settings, _display_root(content_dir))
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
            files.append(File.generated(config, spec.path, content=_markdown(spec), inclusion=InclusionLevel.NOT_IN_NAV))
        for redirect in model.redirects:
            files.append(File.generated(config, f"{redirect.url}index.html", content=self.renderer.render_redirect(redirect)))
        if config.site_url:
            feed = atom_feed(model, config.site_name, config.site_url, FEED_PATH)
            files.append(File.generated(config, FEED_PATH, content=feed))
        self._add_editions(model, files, config)
        if self.generate_nav:
            config.nav = _nav(nav_sections(model), files)
        return files

    def _add_editions(self, model: ContentModel, files: Files, config: MkDocsConfig) -> None:
        """PDF and EPUB of every collection and bulletin issue (issue 3), before pages render: citations quote PDF pages."""
        root = Path(config.config_file_path or "mkdocs.yml").parent
        theme, content_dir, today = print_theme(config.theme.dirs), Path(config.docs_dir), self.settings.reference_date()
        editions = Editions(self.renderer, theme, root / CACHE_DIR, config.site_name, config.site_url, content_dir, today)
        outputs = editions.build_all(model)
        for out in outputs.values():
            files.append(File.generated(config, out.pdf_url, abs_src_path=str(out.pdf_file)))
            files.append(File.generated(config, out.epub_url, abs_src_path=str(out.epub_file)))
        log.info(f"PDF и EPUB сборников и выпусков: {len(outputs)}, заново свёрстано: {sum(o.rendered for o in outputs.values())}")
        self.renderer.env.globals.update(template_globals(outputs, config.site_name, config.site_url))
        issues = sort_by_date(model.entries.get("bulletin", []))
        if config.site_url and issues:
            feed = atom_feed(model, f"Вестник — {config.site_name}", config.site_url, BULLETIN_FEED, issues)
            files.append(File.generated(config, BULLETIN_FEED, content=feed))

    def on_env(self, env, config: MkDocsConfig, files: Files):
        # Every page is rendered and none is printed yet. Material prints titles (of the page, of every page in
        # the navigation, of the table of contents) and front matter without escaping: MkDocs' Jinja has no
        # autoescape. So here, once, they become HTML text: content is never markup (issue «trust»).
        where = _display_root(Path(config.docs_dir))
        for file in files:
            if file.page is not None and not getattr(file.page, "_innopub_text", False):
                _as_text(file.page, f"{where}/{file.src_uri}", generated=file.src_uri in self.specs)
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
        html = clean(html, self.settings.iframe_hosts)  # editors' raw HTML: see generator/sanitize.py
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return html
        before, after = self.renderer.render_parts(spec, page.url)
        _extend_toc(page, before, after)
        entry = _entry_of(spec)
        if entry is not None:  # only entry pages are searched: Pagefind gets the body with the entry's facets
            record = entry_record(self.renderer.model, entry)
            context = {"title": spec.title, "record": record, "body": before + html + after}
            self._indexer().add("/" + page.url, self.renderer.render_document(SEARCH_DOCUMENT, context, page.url))
        return no_break_after_number_sign(before + html + after)

    def _indexer(self) -> Indexer:
        # Started with the first entry page, so that Pagefind reads pages while MkDocs converts the rest.
        if self.indexer is None:
            try:
                expected = sum(1 for spec in self.specs.values() if _entry_of(spec) is not None)
                self.indexer = Indexer(EXCLUDE_SELECTORS, self.settings.search_part_size, expected)
            except IndexerError as exc:
                raise PluginError(str(exc)) from exc
        return self.indexer

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return fix_markup(output)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        return fix_markup(output_content) if template_name.endswith(".html") else output_content

    def on_post_build(self, config: MkDocsConfig) -> None:
        self.built = True  # the pages are written; a later failure (strict mode, another plugin) calls on_build_error
        if self.indexer is None:  # no published entry: nothing to search
            return
        indexer, self.indexer = self.indexer, None
        try:
            result = indexer.write(Path(config.site_dir) / "pagefind")
        except (IndexerError, MergeError) as exc:
            raise PluginError(str(exc)) from exc
        log.info(f"Поисковый индекс Pagefind: {result.pages} стр. в {result.parts} ч., {result.seconds:.1f} с от первой страницы")

    @event_priority(-100)  # last: the other plugins' handlers run before ours may stop the build
    def on_build_error(self, error: Exception) -> None:
        self.built = False
        if self.indexer is not None:  # no Pagefind process outlives a failed build
            self.indexer.close()
            self.indexer = None
        message = None if isinstance(error, MkDocsException) else self._failure(error, "сборка MkDocs")
        if self.stage is not None:
            self.stage.discard()
            self.stage = None
        if message:  # MkDocs itself would print a traceback; `mkdocs serve` prints an Abort's message alone
            raise _Stop(message)

    def on_shutdown(self) -> None:
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


def _as_text(page: Page, path: str, generated: bool) -> None:
    """The page's title, front matter and table of contents as HTML text, for Material to print as it is."""
    written = page.meta
    page.meta, dropped = page_meta(written)
    title = vars(page).get("title")  # given by the navigation: plain text
    if title is None and "title" in page.meta:
        title = str(written["title"])  # YAML: plain text
    elif title is None and page._title_from_render:
        title = text_of(page._title_from_render)  # MkDocs' text of the first <h1>: HTML
    elif title is None:
        title = page.title  # from the file name
    page.title = html_text(no_break_after_number_sign(title))
    for key in dropped if not generated else []:
        log.warning(f"{path}: поле «{key}» обычной страницы не используется (на сайт попадают только {', '.join(PAGE_META)})")
    _toc_as_text(page.toc)
    page._innopub_text = True


def _extend_toc(page: Page, before: str, after: str) -> None:
    """The headings our templates add (plan, products, reports…) in the page's table of contents, in page order.

    MkDocs builds ``page.toc`` from the Markdown alone; these are rendered around it. The titles are
    escaped with the rest in ``on_env`` (:func:`_toc_as_text`).
    """
    # MkDocs' toc titles are HTML: the headings' text is escaped, as html_text does for the rest.
    links = [[AnchorLink(html_text(text, quote=False), anchor, 2) for anchor, text in headings_of(part)] for part in (before, after)]
    if links[0] or links[1]:
        page.toc = TableOfContents([*links[0], *page.toc, *links[1]])


def _toc_as_text(items) -> None:
    for item in items:  # MkDocs' toc gives HTML with tags stripped by a pattern: kept as the text it shows
        item.title = html_text(text_of(item.title), quote=False)
        item.id = html_text(item.id)
        _toc_as_text(item.children)


def _nav(items: list, files: Files) -> list[dict]:
    """MkDocs' ``nav`` structure, keeping only pages that exist."""
    nav = []
    for title, target in items:
        if isinstance(target, list):
            children = _nav(target, files)
            if children:
                nav.append({title: children})
        elif files.get_file_from_path(target) is not None:
            nav.append({title: target})
    return nav


def _markdown(spec: PageSpec) -> str:
    meta = yaml.safe_dump({"title": spec.title}, allow_unicode=True, sort_keys=False)
    return f"---\n{meta}---\n\n{spec.body}"


def _display_root(content_dir: Path) -> str:
    try:
        return os.path.relpath(content_dir)
    except ValueError:
        return str(content_dir)
