"""The preview (``innopub serve``, ``mkdocs serve``): pages rendered when they are asked for.

At 10,000 entries a full build writes 15,000 pages in about two minutes; MkDocs' server rebuilds all
of them after every save. An editor looks at one page. So after the first build a change of the
content does not rebuild the site: the Site re-reads the files that changed and links the model again
(:class:`generator.model.load.ContentLoader`), every generated page becomes stale at once (a generation
counter: nothing is computed per page), and the server renders a page the moment a browser asks for
it, through MkDocs' own page pipeline (``_populate_page``, ``_build_page``, through :mod:`generator.engines.mkdocs.private`: the plugin's events, the
theme, the navigation of the last full build). Every page that shows the changed entry — its registry,
its authors', its tags', its bulletin issue — is therefore current when it is visited, and no page is
rendered that nobody looks at. (Rejected: MkDocs' ``--dirty`` rebuild of the pages that depend on the
change. It must still list, place and check all 15,000 files on every save, about as long as the page
itself, and a dependency missed is a stale page shown as current.)

``innopub serve`` goes further: its first build renders nothing but the theme's files (MkDocs' dirty
build, the generated pages reporting themselves unchanged), so the preview of a large site opens in
seconds; a plain ``mkdocs serve`` makes its first build whole, as MkDocs does.

A change to the settings, the theme, an editor's own page or an attachment, or a registry appearing or
disappearing (the navigation) takes MkDocs' full rebuild. The PDF and EPUB editions and the search
index are those of the last full build (a preview reads pages; ``innopub build`` makes them whole).
A failed rebuild answers every address with the Russian error page, which reloads itself once the
files are fixed (MkDocs' own server would hold every request until a build succeeds).
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from watchdog import events
from watchdog.observers import Observer

from generator.common.problems import russian_count
from generator.common.progress import seconds
from generator.engines.mkdocs import adminpage, badrequest, private
from generator.engines.mkdocs import files as engine
from generator.engines.mkdocs.builderror import error_page
from generator.engines.mkdocs.guard import message_of
from generator.engines.mkdocs.servelog import BROKEN
from generator.site.site import paused_collector

log = logging.getLogger("mkdocs.plugins.innopub")


RELEASE_SECONDS = 2.0
"""A replaced model is freed this long after a reload, once the page asked for is rendered (see :meth:`Preview._settle`)."""
COLLECT_EVERY = 25
"""Every so many reloads, one full pass of the collector (see :meth:`Preview._settle`)."""
REBUILD_ENV = "INNOPUB_PREVIEW"
"""``INNOPUB_PREVIEW=rebuild``: every change rebuilds every page, as MkDocs' own server does (``bench/preview.py``
measures the preview against it)."""


class Deferred(engine.GeneratedPage):
    """A generated page that ``innopub serve``'s first build leaves for the first request."""

    def is_modified(self) -> bool:
        return False


def serve_dir(site_dir: str) -> bool:
    """`mkdocs serve` builds into a temporary folder of its own (``mkdtemp(prefix="mkdocs_")``) and serves it."""
    return Path(site_dir).name.startswith("mkdocs_") and Path(site_dir).parent == Path(tempfile.gettempdir())


class Stale(Exception):
    """The change needs MkDocs' full rebuild (settings, theme, an editor's page, an attachment, the navigation)."""


class Preview:
    """Wires a MkDocs live-reload server to the plugin's Site: incremental rebuilds, pages rendered on request."""

    def __init__(self, run: Any, lazy: bool) -> None:
        self.run = run  # the command's state (generator/engines/mkdocs/run.py): its Site
        self.lazy = lazy
        """``innopub serve``: the first build renders no generated page."""
        self.lock = threading.RLock()
        self.generation = 0
        self.fresh: dict[str, int] = {}
        self.pages: dict[str, File] = {}
        """The page files by the path a browser asks for (``platforms/x/index.html``)."""
        self.no_site = tempfile.mkdtemp(prefix="innopub-serve-error-")
        self.server: Any = None
        self.stamp: tuple = ()
        self.reloads = 0
        self.releaser: threading.Timer | None = None
        self.written: dict[str, str | bytes] = {}
        """The extra files the preview wrote itself, as written (an unchanged one is not written again)."""

    def attach(self, server: Any, config: Any) -> Any:
        """``on_serve``, after the first build: the server's builder and its application are wrapped."""
        self.server = server
        self.full_build = private.server_builder(server)  # MkDocs' own: reads mkdocs.yml again and builds every page
        root, handler = private.server_pages(server)
        self.served, self.handler = root, badrequest.russian_errors(handler)
        private.set_server_pages(server, root, self.handler)
        server.RequestHandlerClass = badrequest.russian_handler(server.RequestHandlerClass)  # its own error pages in Russian
        self.theme_dirs, self.site_name = list(config.theme.dirs), config.site_name
        private.set_server_builder(server, self.rebuild)
        harvest = Path(config.config_file_path or "mkdocs.yml").resolve().parent / "harvest"
        if self.run.site is not None and self.run.site.settings.region is not None and harvest.is_dir():
            server.watch(str(harvest))  # a regional site: what `innopub harvest` writes is shown as content is (issue 23)
        native_observer(server)
        app = server.get_app()
        server.set_app(lambda environ, start_response: self._serve(app, environ, start_response))
        return server

    # Called by the plugin during a full build

    def built(self, config: Any, files: Any, nav: Any, env: Any) -> None:
        """A full build ended: its objects are the ones pages are rendered with from now on."""
        with self.lock:
            self.config, self.files, self.nav, self.env = config, files, nav, env
            self.pages = {file.dest_uri: file for file in files.documentation_pages()}
            self.stamp = self._stamp(config)
            self._settle()

    def rendered(self, src_uri: str) -> None:
        self.fresh[src_uri] = self.generation

    # The server's side

    def rebuild(self) -> None:
        """What the server calls on a change: the content's alone incrementally, anything else fully."""
        try:
            try:
                if self._stamp(self.config) != self.stamp or os.environ.get(REBUILD_ENV) == "rebuild":
                    raise Stale
                self._incremental()
            except Stale:
                self.full_build()
        except Exception as exc:  # MkDocs' Abort is an Exception too
            self._show_problems(exc)
            return
        private.set_server_pages(self.server, self.served, self.handler)
        BROKEN.clear()

    def _show_problems(self, exc: Exception) -> None:
        """The site cannot be shown: the problems logged, and every address answers with the page that lists them
        until a change builds again (:data:`generator.engines.mkdocs.servelog.BROKEN`)."""
        message = message_of(exc)
        log.error(message)
        log.error("Сайт не собран: ошибки показаны и в браузере; страница обновится сама, когда файлы будут исправлены.")
        page = error_page(self.theme_dirs, self.site_name, message)
        BROKEN.set()
        private.set_server_pages(self.server, self.no_site, lambda code: page)

    def _incremental(self) -> None:
        started = time.perf_counter()
        site = self.run.site
        with self.lock, paused_collector():
            editor_pages = {page.path for page in site.model.pages}
            registries = site.registries()
            old = dict(site.specs)
            site.load()
            if site.problems.errors:
                raise PluginError(site.problems.report() + "\n" + russian_count(len(site.problems.errors)))
            for problem in site.problems.warnings:
                log.warning(str(problem))
            if {page.path for page in site.model.pages} != editor_pages or site.registries() != registries:
                raise Stale
            site.prepare(editions=False)
            self._update_files(old, site)
            self.generation += 1
            self._settle()
        changed = ", ".join(site.loader.reread) or "ничего"
        log.info(f"Изменено: {changed}; материалы прочитаны за {seconds(time.perf_counter() - started)}, страницы обновятся при открытии")

    def _settle(self) -> None:
        """The objects of the new model set aside from the collector (``gc.freeze``): it is made with the collector
        paused, and the collector's first pass after that would walk every object of it — a second's pause in the
        middle of the next page's rendering at 10,000 entries. The last model is freed without the collector (the
        Site disposes of it a moment later, :meth:`generator.site.site.Site.release`); one full pass every
        :data:`COLLECT_EVERY` reloads frees whatever cycles are left."""
        self.reloads += 1
        if self.reloads % COLLECT_EVERY == 0:  # whatever cycles outlived the models' disposal
            gc.unfreeze()
            gc.collect()
        gc.freeze()
        if self.releaser is not None:
            self.releaser.cancel()
        self.releaser = threading.Timer(RELEASE_SECONDS, self._release)
        self.releaser.daemon = True
        self.releaser.start()

    def _release(self) -> None:
        with self.lock:  # never during a reload or a page's rendering
            self.run.site.release()

    def _update_files(self, old: dict, site: Any) -> None:
        config, files = self.config, self.files
        for path in old.keys() - site.specs.keys():  # a person, a tag, a page of a listing that is no more
            file = files.get_file_from_path(path)
            if file is not None:
                files.remove(file)
                self.pages.pop(file.dest_uri, None)
                Path(file.abs_dest_path).unlink(missing_ok=True)
        for path in site.specs.keys() - old.keys():  # a new person, tag, page of a listing
            file = engine.page_file(site, config, path)
            files.append(file)
            Page(None, file, config)
            self.pages[file.dest_uri] = file
        for extra in site.files():  # redirects and feeds; the editions' files stay those of the last full build
            if extra.data is not None and self.written.get(extra.path) != extra.data:
                self.written[extra.path] = extra.data
                target = Path(config.site_dir) / extra.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(extra.data.encode("utf-8") if isinstance(extra.data, str) else extra.data)

    def _serve(self, app: Any, environ: dict, start_response: Any) -> Any:
        """A page not rendered since the last change is rendered first; none while the site is broken (its
        model may be freed already, and the error page is what every address shows). An address no file can have
        (``/%00``, bytes that are not UTF-8) is not found, never a 500 with a traceback."""
        if not badrequest.servable(environ.get("PATH_INFO", "")):
            return badrequest.not_found(self.server, start_response)
        editor = adminpage.admin_page(private.server_pages(self.server)[0], private.server_mount_path(self.server), environ.get("PATH_INFO", ""))
        if editor is not None and not BROKEN.is_set():  # the editor's page without the reload script (adminpage.py)
            return adminpage.serve(editor, start_response)
        file = self._page_of(environ.get("PATH_INFO", ""))
        if file is not None and self._stale(file):
            with self.lock:
                if self._stale(file):
                    try:
                        self._render(file)
                    except Exception as exc:  # shown as a failed rebuild is, never as a traceback and a 500
                        self._show_problems(exc)
        return app(environ, start_response)

    def _stale(self, file: File) -> bool:
        return not BROKEN.is_set() and self.fresh.get(file.src_uri) != self.generation

    def _page_of(self, path: str) -> File | None:
        path = path.encode("latin-1", "replace").decode("utf-8", "ignore")
        mount = private.server_mount_path(self.server)
        if not (path + "/").startswith(mount):
            return None
        rel = path[len(mount) :]
        rel = rel + "index.html" if rel.endswith("/") or not rel else rel
        return self.pages.get(rel.lstrip("/"))

    def _render(self, file: File) -> None:
        """One page through MkDocs' pipeline and the plugin's events, written where the server reads it."""
        page = file.page
        assert page is not None
        engine.reset_text(page)
        site = self.run.site
        started = time.perf_counter()
        with site.alone():  # no progress lines and no search index for a page rendered on request
            private.populate_page(page, self.config, self.files)
            engine.as_text(page)
            private.build_page(page, self.config, self.files, self.nav, self.env)
        self.fresh[file.src_uri] = self.generation
        log.debug(f"Страница {file.url or '/'} собрана за {seconds(time.perf_counter() - started)}")

    def _stamp(self, config: Any) -> tuple:
        """What makes a change need MkDocs' full rebuild: the settings file, the theme, the attachments."""
        paths = [Path(config.config_file_path)] if getattr(config, "config_file_path", None) else []
        folders = [Path(d) for d in config.theme.dirs[:1]] + [Path(config.docs_dir) / "files"]
        for folder in folders:
            paths += sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
        stamps = []
        for path in paths:
            try:
                info = os.stat(path)
            except OSError:
                continue
            stamps.append((str(path), info.st_size, info.st_mtime_ns))
        return tuple(stamps)

    def close(self) -> None:
        if self.releaser is not None:
            self.releaser.cancel()

        shutil.rmtree(self.no_site, ignore_errors=True)
        BROKEN.clear()  # a later server in this process starts with a site


def native_observer(server: Any) -> None:
    """The system's notifications of changed files (inotify) instead of MkDocs' polling of the watched folders.

    MkDocs' server looks at every watched file every 0.5 s (watchdog's ``PollingObserver``): at 10,000 entries
    that is a tenth of a second of the one interpreter in every half second, and a change is seen up to half a
    second late. The watches already made are moved to watchdog's native observer before the server starts it
    (MkDocs' own ``unwatch``/``watch``); where the system refuses (no inotify, its limits reached), polling stays.
    """
    watched = private.watched_paths(server)
    if not watched or not hasattr(server, "unwatch"):
        return
    polling = private.server_observer(server)
    try:
        native = ChangesOnly()
        for path, count in watched.items():
            for _ in range(count):
                server.unwatch(path)
        private.set_server_observer(server, native)
        for path, count in watched.items():
            for _ in range(count):
                server.watch(path)
    except OSError as exc:
        log.info(f"Изменения файлов отслеживаются опросом раз в 0,5 с (система не дала уведомлений: {exc})")
        private.set_server_observer(server, polling)
        for path, count in watched.items():
            for _ in range(count - private.watched_paths(server).get(path, 0)):
                server.watch(path)


CHANGES = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileMovedEvent, events.FileDeletedEvent, events.FileClosedEvent]


class ChangesOnly(Observer):  # type: ignore[misc, valid-type]
    """Only files written, created, moved or deleted: inotify also tells of a file opened or read, and a rebuild
    reads the files that changed, which would start the next rebuild."""

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        return super().schedule(event_handler, path, recursive=recursive, event_filter=CHANGES, follow_symlink=follow_symlink)


def shutdown(run: Any) -> None:
    preview = getattr(run, "preview", None)
    if preview is not None:
        preview.close()
        run.preview = None
