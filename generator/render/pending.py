"""The editions made while the pages render (issue 22): a thread that makes them, and guards for what pages ask of them.

A first build typesets every collection's PDF and EPUB and the certificates of publication (at 1,000 entries about
60 s of CPU on the pool's workers), and only a few pages need what that gives: an article's citation quotes its pages
in its collection's PDF, a collection and a bulletin issue link their files with their page count, an item of a
published edition and its authors' pages link its certificates, and ``/spravki/<number>/`` shows one. So with
``Site.prepare(overlap=True)`` the editions are made on a thread (:class:`Background`: plans and files on the
thread, the layout on the pool's worker processes as before) while the engine converts the pages, and until the Site
*settles* them (``Site.settle``, the engine's step between converting the pages and writing them: MkDocs' ``on_env``)
the templates get :func:`guards`: each answers at once where its answer cannot depend on the editions (a report's
citation, a page that is no edition's) and raises :class:`EditionsPending` where it would; the Site then sets that
page aside and renders it, in its order, once the editions are made.

Which pages are set aside depends on the content alone, never on timing: the guards stay until settling even when the
editions were ready early (a warm build), so the search index gets the pages in the same order in every build. The
thread's progress reaches the reporter through the main thread (:meth:`Background.pump`, called with every page), and
its failure stops the build when the Site settles, worded as before (not blamed on a page).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from generator.common.problems import InnopubError
from generator.editions.certificate import Made, number
from generator.editions.cite import Citer, last_remembered
from generator.editions.citefiles import bib_url, reference_of, ris_url
from generator.editions.collect import contents, published_collections
from generator.editions.pool import Typesetter
from generator.editions.typeset import template_globals
from generator.render import outputs, proofs
from generator.render.aside import Kept, Store, key

if TYPE_CHECKING:
    from generator.common.progress import Reporter, Summary
    from generator.model.content import ContentModel, Entry
    from generator.render.renderer import Renderer
    from generator.settings.config import SiteConfig

T = TypeVar("T")


class EditionsPending(Exception):
    """A template asked what only the editions say (the pages of a PDF, a certificate) before they are made."""


class _Posted:
    """A reporter for the thread: each call is queued and made on the main thread (:meth:`Background.pump`)."""

    def __init__(self, reporter: Reporter, calls: queue.SimpleQueue) -> None:
        self._reporter, self._calls = reporter, calls

    def __getattr__(self, name: str) -> Callable[..., None]:
        method = getattr(self._reporter, name)
        return lambda *args, **kwargs: self._calls.put((method, args, kwargs))


class Background:
    """The editions (their files and the templates' globals, :func:`generator.render.outputs.editions`) made on a
    thread of their own, the PDFs and certificates laid out on a pool of worker processes."""

    def __init__(self, model: ContentModel, config: SiteConfig, renderer: Renderer, reporter: Reporter, summary: Summary) -> None:
        self._calls: queue.SimpleQueue = queue.SimpleQueue()
        self._done = threading.Event()
        self._result: tuple[list[outputs.SiteFile], dict] | None = None
        self._error: BaseException | None = None
        self._pool: Typesetter | None = None
        self._cancelled = False
        work = (model, config, renderer, _Posted(reporter, self._calls), summary)
        self._thread = threading.Thread(target=self._run, args=work, name="innopub-editions", daemon=True)
        self._thread.start()

    def _run(self, model: ContentModel, config: SiteConfig, renderer: Renderer, report: Any, summary: Summary) -> None:
        try:
            with Typesetter(_jobs(model)) as pool:
                self._pool = pool
                if self._cancelled:
                    return
                self._result = outputs.editions(model, config, renderer, report, summary, True, pool)
        except BaseException as exc:  # handed to the main thread (pump), which says it
            self._error = exc
        finally:
            self._done.set()

    @property
    def busy(self) -> bool:
        """Still making the editions (the typesetting workers at work)."""
        return not self._done.is_set()

    def pump_first(self) -> None:
        """Wait for the thread's first progress call (its stage begins) and make it: the stages are shown in their order."""
        for _ in range(100):
            try:
                method, args, kwargs = self._calls.get(timeout=0.05)
            except queue.Empty:
                if self._done.is_set():
                    return
                continue
            method(*args, **kwargs)
            return

    def pump(self) -> None:
        """Make the thread's progress calls here."""
        while True:
            try:
                method, args, kwargs = self._calls.get_nowait()
            except queue.Empty:
                break
            method(*args, **kwargs)

    def result(self) -> tuple[list[outputs.SiteFile], dict]:
        """Wait for the editions (their progress shown meanwhile): their files and the templates' globals; their failure
        raised here, where it is worded as before, not blamed on the page being converted when it came."""
        while not self._done.wait(0.05):
            self.pump()
        self.pump()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result

    def cancel(self) -> None:
        """The build failed or was stopped: the workers stopped at once (what they made is thrown away, no file is
        half-written), the thread waited for a moment."""
        self._cancelled = True
        pool = self._pool
        if pool is not None:
            pool.close(failed=True)
        self._thread.join(10)


def _jobs(model: ContentModel) -> int:
    """How many documents the build may typeset (the pool's size follows): every edition and every item of one."""
    return sum(1 + sum(len(section.entries) for section in contents(entry)) for entry in published_collections(model))


def guards(model: ContentModel, config: SiteConfig) -> dict[str, Any]:
    """The templates' globals of :func:`generator.editions.typeset.template_globals` and :mod:`generator.render.proofs`
    while the editions are made: the same answers where they do not depend on the editions, else :class:`EditionsPending`."""
    publication = config.settings.publication
    citer = Citer(config.site_name, config.site_url, {}, {}, publication.doi_prefix)  # no edition: the site is the host
    editions = {entry.url for entry in published_collections(model)}
    certified = certified_items(model, config)
    links = {entry.url: (bib_url(entry), ris_url(entry)) for entry in model.all() if reference_of(entry, citer, publication.issn) is not None}

    def in_edition(entry: Entry) -> bool:  # an article of a collection: its citation quotes the collection's PDF
        return entry.ref("collection") is not None

    def citation(entry: Entry):
        if in_edition(entry):
            raise EditionsPending(entry.url)
        return citer.citation(entry)

    def edition_files(entry: Entry) -> None:
        if entry.url in editions:
            raise EditionsPending(entry.url)
        return None

    def pdf_pages(entry: Entry) -> None:
        if in_edition(entry):
            raise EditionsPending(entry.url)
        return None

    def certificates_of(entry: Entry) -> list:
        if f"{entry.kind.folder}/{entry.id}" in certified:
            raise EditionsPending(entry.url)
        return []

    found = template_globals({}, config.site_name, config.site_url, publication.doi_prefix)
    return found | {
        "citation": last_remembered(citation),
        "edition_files": edition_files,
        "pdf_pages": pdf_pages,
        "cite_files": lambda entry: links.get(entry.url),
        "certificates_of": certificates_of,
    }


def _certified_hosts(model: ContentModel, config: SiteConfig) -> list[Entry]:
    """The editions whose items get certificates (:func:`generator.editions.certificate.certify`): the published ones,
    when the settings name an editor."""
    today = config.settings.reference_date()
    if not config.settings.publication.editor or today is None:
        return []
    return [host for host in published_collections(model) if host.meta.date is not None and host.meta.date <= today]


def certified_items(model: ContentModel, config: SiteConfig) -> set[str]:
    """``kind/id`` of every item that may have a certificate: an item with authors of an edition that gets them."""
    return {
        f"{item.kind.folder}/{item.id}"
        for host in _certified_hosts(model, config)
        for section in contents(host)
        for item in section.entries
        if item.credits.get("authors")
    }


def certificate_numbers(model: ContentModel, config: SiteConfig, renderer: Renderer) -> list[str]:
    """The numbers of the certificates the editions will give, before they are made (their verification pages must
    exist before the pages render): every item with authors of each edition that gets them, but for a kept edition
    only the items its kept page map has, as :func:`generator.editions.certificate.certify` does."""
    built = outputs.edition_maker(config, renderer)
    if built.kept_dir is None:
        return []
    found = set()
    for host in _certified_hosts(model, config):
        kept = built.kept_output(host)
        for section in contents(host):
            for item in section.entries:
                if item.credits.get("authors") and (kept is None or f"{item.kind.folder}/{item.id}" in kept.pages):
                    found.add(number(item, host))
    return sorted(found)


class Overlap:
    """One preparation's editions made while the pages render (:class:`Background`), the templates' globals meanwhile
    (:func:`guards`), the certificates' verification pages (:attr:`waiting`) and the pages set aside until then."""

    def __init__(self, model: ContentModel, config: SiteConfig, renderer: Renderer, reporter: Reporter, summary: Summary) -> None:
        self.making = Background(model, config, renderer, reporter, summary)
        self.making.pump_first()
        renderer.env.globals.update(guards(model, config))
        codes = certificate_numbers(model, config, renderer)
        self.waiting = [proofs.page_spec(code, {}) for code in codes] + ([proofs.list_spec({})] if codes else [])
        """The verification pages ``/spravki/<number>/`` and their list ``/spravki/``: their records come with the
        certificates."""
        self._waiting = {spec.path for spec in self.waiting}
        self._deferred: list[tuple[str, str]] = []
        """The pages set aside (path, address), in their order; their HTML in :attr:`_store`."""
        self._store: Store = Kept()

    def keep_aside_in(self, store: Store) -> None:
        """The pages set aside from now on keep their HTML in ``store`` (the engine's spill file), not in memory
        (:mod:`generator.render.aside`)."""
        self._store = store

    def attempt(self, path: str, url: str, html: str, make: Callable[[str, str, str], T]) -> T | None:
        """``make(path, url, html)`` (a page made whole), or ``None`` when the page needs the editions: set aside."""
        self.making.pump()  # their progress
        if path not in self._waiting:
            try:
                return make(path, url, html)
            except EditionsPending:
                pass
        self._store.put(key(path), html)
        self._deferred.append((path, url))
        return None

    def settle(self) -> tuple[tuple[list[outputs.SiteFile], dict], Iterator[tuple[str, str, str]]]:
        """Wait for the editions: their files and globals, and the pages set aside (path, address, HTML) in their order,
        each page's HTML taken back as it comes (not all at once)."""
        try:
            result = self.making.result()
        except BaseException:
            self.making.cancel()
            raise
        made: dict[str, Made] = result[1].get("certificates", {})
        pages = {proofs.page_spec(code, {}).path: code for code in made}
        if set(pages) | ({proofs.LIST_PATH} if made else set()) != self._waiting:  # never, unless certify and certificate_numbers disagree
            raise InnopubError(f"справки о публикации: выдано {len(made)}, а страниц проверки приготовлено {len(self.waiting)} — сайт не собран")
        for spec in self.waiting:
            if spec.path == proofs.LIST_PATH:
                spec.context.update(proofs.list_context(made))
            else:
                spec.context["proof"] = made[pages[spec.path]].record
        return result, self._aside()

    def _aside(self) -> Iterator[tuple[str, str, str]]:
        for path, url in self._deferred:
            html = self._store.take(key(path))
            assert html is not None, path
            yield path, url, html

    def cancel(self) -> None:
        self.making.cancel()
