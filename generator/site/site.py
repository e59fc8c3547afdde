"""One site's build, engine-neutral: the object every engine and every command drives.

Like MkDocs' own ``build()`` (gather everything, then write) and Pelican's ``Pelican.run`` (every
generator fills one context, then the writers run), a :class:`Site` gathers first: :meth:`Site.load`
reads, checks and links the content once (read → validate → model), :meth:`Site.prepare` derives what
exists before any page renders (which pages, the feeds, redirects, the PDF and EPUB editions, the
editor's files). An engine then asks it for the pages' Markdown and the extra files, converts and
themes the pages, hands each page's HTML to :meth:`Site.page_content` (sanitized, the templates' parts
added, indexed for search) and ends with :meth:`Site.finish` (the search index, the summary) or
:meth:`Site.abort`. The MkDocs plugin (``generator/engines/mkdocs/plugin.py``) is a thin shim over it, ``innopub
build`` hands MkDocs the Site it has already loaded (the content is read once per command), and the
Zensical adapter (``generator/engines/zensical/adapter.py``) drives the same object without MkDocs.

Nothing here imports an engine.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.check.bodylinks import rewrite
from generator.check.sanitize import clean
from generator.common.collector import paused_collector, running_collector
from generator.common.problems import ContentError, InnopubError, Problems
from generator.common.progress import Reporter, Summary, folder_size, size
from generator.common.russian import no_break_after_number_sign
from generator.kinds import KINDS
from generator.model.content import ContentModel, Entry
from generator.model.harvest import RegionLoader
from generator.model.load import ContentLoader, display_root
from generator.pages.catalog import PageSpec, nav_kept, nav_sections, page_dates, registries, site_pages
from generator.pages.facets import EXCLUDE_SELECTORS, SEARCH_DOCUMENT, entry_record
from generator.read.addresses import OPENDATA_PAGE
from generator.read.harvest import HARVEST_DIR
from generator.render import aside, export, outputs, pending, proofs
from generator.render.outputs import SiteFile
from generator.render.renderer import Renderer, headings_of
from generator.search.indexer import Indexer, IndexResult
from generator.search.region import harvested_count, harvested_documents
from generator.settings.config import SiteConfig
from generator.site.boundary import EnginePage, NavItem, PageContent, SourcePage
from generator.site.rendered import rendered_pages


class Site:
    """The build of one site from its :class:`SiteConfig`; ``reporter`` hears the stages' progress."""

    def __init__(self, config: SiteConfig, reporter: Reporter | None = None, *, reading: Site | None = None) -> None:
        """``reading``: a Site of an earlier step of the same command over the same content and settings (``publish``'s
        issue, then its build) whose files read and checked so far are kept; only what changed on disk is read again."""
        self.config = config
        self.settings = config.settings
        self.reporter = reporter or Reporter()
        same = reading is not None and reading.config.docs_dir == config.docs_dir and reading.settings == config.settings
        self.loader = (
            reading.loader if same and reading is not None else ContentLoader(config.docs_dir, config.settings, display_root(config.docs_dir))
        )
        self.region_loader = (  # a regional site's harvest/ (issue 23), kept with the content's loader
            reading.region_loader if same and reading is not None else RegionLoader(config.root / HARVEST_DIR, config.settings, config.docs_dir)
        )
        self.model: ContentModel | None = None
        self.problems = Problems()
        self.summary = Summary()
        self.renderer: Renderer | None = None
        self.specs: dict[str, PageSpec] = {}
        self.extra: list[SiteFile] = []
        self._built_from: dict[str, str] = {}
        self._lastmod: dict[str, str] = {}
        self._site_lastmod: str | None = None
        self._indexer: Indexer | None = None
        self._expected_entries = 0
        self._unpublished: set[str] = set()
        self.notices: list[str] = []
        self.retired: list[ContentModel] = []
        """Models replaced by a later load, not yet freed (:meth:`release`)."""
        self._editions: tuple[list[SiteFile], dict] | None = None
        self._overlap: pending.Overlap | None = None
        """The editions being made while the pages render (``prepare(overlap=True)``), until :meth:`settle`."""
        self._heads: aside.Store | None = None
        """Where entry pages' ``<head>`` additions wait from their body to their template (:meth:`set_aside_in`)."""
        self._head_module: Any = None
        self._opendata: tuple[list[SiteFile], dict, list[str]] | None = None
        self._oai: tuple[list[SiteFile], list[str]] | None = None
        self._export: list[SiteFile] | None = None
        self._admin: list[SiteFile] | None = None
        self._alone = False
        """A page rendered on its own (a preview's request): no progress, not indexed (:meth:`alone`)."""
        self.index_result: IndexResult | None = None
        """A page rendered on its own (a preview's request): no progress, not indexed."""
        """What the engine should say as warnings (not problems of the content)."""

    # 1. Gather: read → validate → model

    def load(self, finish: bool = True) -> Problems:
        """Read, check and link the content (again: only the files changed since the last load). Without ``finish``
        the stage stays open for the caller to end with its own note (``innopub build``: «61 запись, ошибок нет»)."""
        report = self.reporter
        report.stage_started("check")

        def checked(done: int, total: int) -> None:
            if done == 1:
                report.stage_started("check", total)  # the total is known once the tree is walked
            report.advanced("check")

        old = self.model
        with paused_collector():
            self.model, self.problems = self.loader.load(checked)
            if self.settings.region is not None:  # a regional site: the municipalities' harvest/, never the network
                self.model.region = self.region_loader.load(self.problems)
        if old is not None and old is not self.model:
            self.retired.append(old)  # released by release(): freeing it costs what making it did
        if finish:
            report.stage_finished("check")
        return self.problems

    def release(self) -> None:
        """Free the models replaced by later loads: their cycles broken, so that they go without the cycle collector.
        A preview calls it when it is idle; a command needs not (its process ends)."""
        retired, self.retired = self.retired, []
        for model in retired:
            model.dispose()

    def require(self, strict: bool = False) -> ContentModel:
        """The model; a :class:`ContentError` listing every problem when the content cannot be published."""
        if self.model is None:
            self.load()
        assert self.model is not None
        if self.problems.failed(strict):
            raise ContentError(self.problems, strict)
        return self.model

    # 2. Derive what exists before any page renders

    def prepare(self, editions: bool = True, typeset: bool = True, overlap: bool = False) -> None:
        """Which pages exist, and the extra files: redirects, feeds, the PDF and EPUB editions, open data, the web editor.

        Editions come before pages: «Как цитировать» quotes an article's pages in its collection's PDF.
        Without ``editions`` (a preview's rebuild), the editions (with their index files), the open data and oai.xml of the last
        preparation are kept as they were; without ``typeset`` (a preview that opens at once), editions that are
        neither kept nor cached are not typeset. With ``overlap`` and ``typeset`` (an engine that calls :meth:`settle`
        before it writes), the editions are made while the pages render (:mod:`generator.render.pending`).
        """
        self._heads = self._head_module = None  # until the engine hands over a store for this build
        with paused_collector():
            self._prepare(editions, typeset, overlap)

    def _prepare(self, editions: bool, typeset: bool, overlap: bool = False) -> None:
        model = self.require()
        config = self.config
        self.abort_editions()  # a preparation's editions not settled (a failed build): stopped
        self.notices = []  # said after each preparation: a preview's rebuild says them again, once
        if config.theme_dir is None:
            raise InnopubError(f"{config.file}: не указана папка темы (theme.custom_dir: theme) — в ней шаблоны innopub")
        if self.renderer is not None:  # the last one's templates hold the last model
            self.renderer.env.globals.clear()
        self.renderer = Renderer([config.theme_dir], model, config.use_directory_urls)
        self.renderer.env.globals["site_description"] = config.site_description or ""  # the home page's paragraph
        own = {page.path for page in model.pages}  # an editor's own page (content/index.md) wins over a generated one
        self.specs = {spec.path: spec for spec in site_pages(model) if spec.path not in own}
        self._built_from = {entry.path: f"{entry.url.rstrip('/')}.md" for entry in model.all()}
        self._lastmod, self._site_lastmod = page_dates(model)
        self.extra = outputs.redirects(model, self.renderer)
        self.extra += outputs.feeds(model, config)
        if editions or self._oai is None:  # a preview's rebuild keeps the last one, as it keeps the open data
            self._oai = outputs.oai_file(model, config)
        self.extra += self._oai[0]
        self.notices += self._oai[1]
        if editions or self._export is None:  # the municipal export a regional site harvests; a preview keeps the last
            self._export = export.export_files(model, config)
        self.extra += self._export
        if editions or self._editions is None:
            if overlap and typeset:  # made on a thread while the pages render; the pages that need them wait (settle)
                self._editions, self._overlap = None, pending.Overlap(model, config, self.renderer, self.reporter, self.summary)
            else:
                with running_collector():
                    self._editions = outputs.editions(model, config, self.renderer, self.reporter, self.summary, typeset)
            self._opendata = outputs.opendata(model, config)
        waiting = self._overlap.waiting if self._overlap is not None else proofs.page_specs(self._use_editions())
        self.specs.update((spec.path, spec) for spec in waiting)  # issue 24: /spravki/<number>/
        if self._opendata is not None:
            data_files, context, cut = self._opendata
            self.extra += data_files
            self.notices += cut
            self.specs[OPENDATA_PAGE] = PageSpec(OPENDATA_PAGE, "Открытые данные", "innopub/opendata.html", context)
        if self._admin is None:  # it depends on the settings alone
            self._admin = outputs.admin(config)
        if not self._admin:
            self.notices.append("редактор /admin/ не добавлен: нет .tools/cms/sveltia-cms.js (соберите его: make cms)")
        self.extra += self._admin
        self._expected_entries = sum(1 for spec in self.specs.values() if spec.entry is not None) + harvested_count(model)
        self._unpublished = set(model.unpublished)
        self.summary.entries, self.summary.redirects = len(model.all()), len(model.redirects)

    def _use_editions(self) -> dict:
        """The editions' files among the extra files, their globals among the templates' (their warnings said); the globals."""
        assert self._editions is not None and self.renderer is not None
        edition_files, edition_globals = self._editions
        self.renderer.env.globals.update(edition_globals)
        self._head_module = None
        self.extra += edition_files
        self.notices += edition_globals.get("certificate_warnings", [])
        return edition_globals

    def set_aside_in(self, store: aside.Store) -> None:
        """After ``prepare(overlap=True)``: the pages set aside keep their HTML in ``store`` until :meth:`settle`; an entry
        page's ``<head>`` additions are made with its body and wait there until :meth:`page_head` (the citation is
        computed once a page, not for the body and again for the head)."""
        if self._overlap is not None:
            self._overlap.keep_aside_in(store)
        self._heads = store

    def settle(self) -> tuple[list[SiteFile], Iterator[tuple[str, PageContent]], list[str]]:
        """After ``prepare(overlap=True)``, once the engine has converted every page: wait for the editions (their
        progress shown meanwhile); their files (for the engine to add), the pages set aside by :meth:`page_content`
        made whole in their order (path, content), one at a time as the engine takes them, and the warnings to say.
        Nothing when there was nothing to wait for."""
        overlap, self._overlap = self._overlap, None
        if overlap is None:
            return [], iter(()), []
        # The editions still being made: the search index's part being filled ends, no Pagefind idles meanwhile
        parts = self._indexer.cut() if self._indexer is not None and overlap.making.busy else None
        if parts is not None:
            self.reporter.stage_started("search", parts)
        self._editions, deferred = overlap.settle()
        said = len(self.notices)
        self._use_editions()
        return list(self._editions[0]), ((path, self._content(path, url, html)) for path, url, html in deferred), self.notices[said:]

    def abort_editions(self) -> None:
        overlap, self._overlap = self._overlap, None
        if overlap is not None:
            overlap.cancel()

    # What the engine asks

    def pages(self) -> list[SourcePage]:
        """The generated pages, in a stable order."""
        return [SourcePage(spec.path, spec.title, outputs.page_markdown(spec)) for spec in self.specs.values()]

    def page_source(self, path: str) -> str:
        """The Markdown of the generated page ``path`` as the engine reads it (front matter with its title, the body)."""
        return outputs.page_markdown(self.specs[path])

    def files(self) -> list[SiteFile]:
        return list(self.extra)

    def content_files(self) -> dict[str, Path]:
        """The content's own files the site publishes as they are (attachments, ``files/…``), by their path in
        the site: what the attachments' policy let through (:mod:`generator.read.attachments`), nothing else."""
        return outputs.content_files(self.config.docs_dir, self.loader.files)

    def hidden(self, path: str) -> bool:
        """Whether the content file ``path`` is one the engine must not publish as a page: an entry's (the
        site generates its page) or a draft."""
        assert self.model is not None
        return path.split("/")[0] in KINDS or path in self._unpublished

    def nav(self) -> list[NavItem]:
        """Sections and registries, never every entry: Material renders the whole navigation into every page."""
        assert self.model is not None
        return nav_kept(nav_sections(self.model), set(self.specs) | {page.path for page in self.model.pages})

    def registries(self) -> list[tuple[str, str]]:
        """(title, address) of every registry: the 404 page lists them."""
        assert self.model is not None
        return registries(self.model)

    def page_date(self, path: str) -> str | None:
        """A page's date for the sitemap's ``<lastmod>``: from the content, never the build's day."""
        return self._lastmod.get(path, self._site_lastmod) if self._site_lastmod is not None else None

    def page_markdown(self, path: str, markdown: str) -> str:
        """A page's Markdown as the engine converts it: editors' links re-pointed for re-homed entries."""
        entry = self.entry_of(path)
        return rewrite(markdown, entry.path if entry is not None else path, path, self._built_from)

    def page_content(self, path: str, url: str, html: str) -> PageContent:
        """A converted page's final content: editors' raw HTML sanitized, the template's parts around it;
        an entry page is handed to the search index."""
        if not self._alone:
            self.reporter.advanced("pages")
        html = clean(html, self.settings.iframe_hosts)  # editors' raw HTML: see generator/check/sanitize.py
        if self._overlap is not None:  # the editions are being made: a page that needs them is set aside (settle)
            content = self._overlap.attempt(path, url, html, self._content)
            return content if content is not None else PageContent("", deferred=True)
        return self._content(path, url, html)

    def _content(self, path: str, url: str, html: str) -> PageContent:
        spec = self.specs.get(path)
        if spec is None:
            return PageContent(html)
        assert self.renderer is not None and self.model is not None
        before, after = self.renderer.render_parts(spec, url)
        entry = spec.entry
        if entry is not None and self._heads is not None:
            self._heads.put(aside.head_key(path), self._head(entry))
        if entry is not None and not self._alone:
            record = entry_record(self.model, entry)
            context = {"title": spec.title, "record": record, "body": html, "card": before, "listings": after}
            self._index().add("/" + url, self.renderer.render_document(SEARCH_DOCUMENT, context, url))
        return PageContent(no_break_after_number_sign(before + html + after), tuple(headings_of(before)), tuple(headings_of(after)))

    def page_head(self, path: str) -> str | None:
        """What an entry page adds to ``<head>``: citation tags and JSON-LD."""
        entry = self.entry_of(path)
        if entry is None:
            return None
        made = self._heads.take(aside.head_key(path)) if self._heads is not None else None
        return made if made is not None else self._head(entry)

    def _head(self, entry: Entry) -> str:
        # Its own module of the template, made anew once the editions' globals replace the guards' (a module keeps the
        # globals it was made with)
        if self._head_module is None:
            assert self.renderer is not None
            self._head_module = self.renderer.env.get_template("innopub/cite.html").make_module()
        return str(self._head_module.head(entry))

    def entry_of(self, path: str) -> Entry | None:
        spec = self.specs.get(path)
        return spec.entry if spec is not None else None

    def rendered_pages(self) -> Iterator[EnginePage]:
        """Every page converted and made whole here, for an engine that does not convert (:mod:`generator.site.rendered`)."""
        return rendered_pages(self)

    def pages_written(self, count: int = 1, progress: bool = True) -> None:
        """The engine wrote ``count`` pages: counted in the summary and, with ``progress``, shown as progress; a page
        rendered on its own (:meth:`alone`) counts for neither."""
        if self._alone:
            return
        self.summary.pages += count
        if progress:
            self.reporter.advanced("write", step=count)

    @contextlib.contextmanager
    def alone(self) -> Iterator[None]:
        """While a page is rendered on its own (a preview's request): no progress lines, nothing indexed."""
        self._alone = True
        try:
            yield
        finally:
            self._alone = False

    # 3. Finish

    def _index(self) -> Indexer:
        # Started with the first entry page, so that Pagefind reads pages while the engine converts the rest.
        if self._indexer is None:
            parts = math.ceil(self._expected_entries / self.settings.search_part_size)
            self.reporter.stage_started("search", parts)
            size, expected = self.settings.search_part_size, self._expected_entries
            self._indexer = Indexer(EXCLUDE_SELECTORS, size, expected, self._search_progress, self._typesetting)
        return self._indexer

    def _typesetting(self) -> bool:  # the editions' workers at work: the search index spares memory (one Pagefind at a time)
        return self._overlap is not None and self._overlap.making.busy

    def _search_progress(self, event: str) -> None:
        if event == "part":
            self.reporter.advanced("search")
        elif event == "joining":  # shown in plain logs too: the one long step of a large index
            self.reporter.advanced("search", "объединение частей", "phase", step=0)
        else:
            self.reporter.advanced("search", "части объединены", step=0)

    def finish(self, site_dir: Path) -> Summary:
        """The pages are written into ``site_dir``: the search index goes beside them; the summary."""
        if self.model is not None and self.renderer is not None and self.model.region is not None:  # issue 23
            for url, document in harvested_documents(self.model, self.renderer):
                self._index().add(url, document)
        indexer, self._indexer = self._indexer, None
        if indexer is not None:  # else no published entry: nothing to search
            target = site_dir / "pagefind"
            result = indexer.write(target)
            self.index_result = result
            self.summary.index_bytes = folder_size(target)
            self.summary.index_pages, self.summary.index_parts = result.pages, result.parts
            self.reporter.stage_finished("search", size(self.summary.index_bytes))
        self.reporter.summary(self.summary)
        return self.summary

    def abort(self) -> None:
        """The build failed: no Pagefind process or typesetting worker outlives it."""
        self.abort_editions()
        indexer, self._indexer = self._indexer, None
        if indexer is not None:
            indexer.close()
        self.reporter.close()
