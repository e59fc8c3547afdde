"""The preview (``mkdocs serve``, ``innopub serve``): a failed rebuild shown in the browser.

MkDocs' server holds every request until a rebuild succeeds (``_visible_epoch``): the browser would
hang. The builder it calls on a change is wrapped: a failure is logged in Russian, counts as a
finished build (the open pages reload) and the server answers every address with the error page
(``error_handler``, from an empty root) until the next build succeeds.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from generator.builderror import error_page
from generator.engines.guard import message_of

log = logging.getLogger("mkdocs.plugins.innopub")


def serve_dir(site_dir: str) -> bool:
    """`mkdocs serve` builds into a temporary folder of its own (``mkdtemp(prefix="mkdocs_")``) and serves it."""
    return Path(site_dir).name.startswith("mkdocs_") and Path(site_dir).parent == Path(tempfile.gettempdir())


def install(server: Any, config: Any, builder: Any, plugin: Any) -> Any:
    """Wrap the server's builder so that a failed rebuild answers every address with the Russian error page."""
    build, served, handler = server.builder, server.root, server.error_handler
    plugin.no_site = no_site = tempfile.mkdtemp(prefix="innopub-serve-error-")
    theme_dirs, site_name = list(config.theme.dirs), config.site_name

    def rebuild() -> None:
        try:
            build()
        except Exception as exc:  # MkDocs' Abort is an Exception too
            message = message_of(exc)
            log.error(message)
            log.error("Сайт не собран: ошибки показаны и в браузере; страница обновится сама, когда файлы будут исправлены.")
            page = error_page(theme_dirs, site_name, message)
            server.root, server.error_handler = no_site, lambda code: page
            return
        server.root, server.error_handler = served, handler

    server.builder = rebuild
    return server


def shutdown(plugin: Any) -> None:
    folder = getattr(plugin, "no_site", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        plugin.no_site = None
