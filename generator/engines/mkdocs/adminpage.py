"""The web editor's page in the preview, served as it was built: without MkDocs' live-reload script.

MkDocs' server writes its live-reload script inline into every HTML page it serves. ``/admin/``'s
Content-Security-Policy runs no inline script (generator/render/cms.py), so every editor who opened the
editor under ``innopub serve`` met a console error; and the script should not run there anyway: a save in
the editor's local mode writes into ``content/``, the preview rebuilds, and the script would reload the
editor in the middle of the editor's work. So ``/admin/`` (and ``/admin/index.html``) is answered here
with the built file, unchanged; every other page keeps its reload.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from generator.read.addresses import EDITOR_PAGE


def admin_page(root: str, mount: str, path_info: str) -> Path | None:
    """The built ``/admin/index.html`` when a request (its WSGI ``PATH_INFO``, under the server's ``mount`` path)
    asks for the editor's page; ``None`` for any other address, or when the site has no editor."""
    path = path_info.encode("latin-1", "replace").decode("utf-8", "ignore")
    if not (path + "/").startswith(mount):
        return None
    rel = path[len(mount) :].lstrip("/")
    if rel not in (EDITOR_PAGE.removesuffix("index.html"), EDITOR_PAGE):
        return None
    file = Path(root) / EDITOR_PAGE
    return file if file.is_file() else None


def serve(file: Path, start_response: Callable) -> Iterable[bytes]:
    body = file.read_bytes()
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]
