"""A static web server on 127.0.0.1 for built sites: the benchmark's first-query measurement and the tests.

``prefix`` mounts the site under a sub-path (as GitHub Pages serves a project site); ``compress``
gzips text and WebAssembly as nginx or GitHub Pages do (Pagefind's own index files are gzipped already).
Requests are not logged.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import shutil
import tempfile
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMPRESSED = {".html", ".js", ".css", ".json", ".pagefind"}


class _Handler(SimpleHTTPRequestHandler):
    compress = False
    headers_to_add: dict[str, str] = {}  # noqa: RUF012 - set per server by a subclass

    def log_message(self, *args: object) -> None:
        pass  # quiet: no line per request on stderr

    def end_headers(self) -> None:
        for name, value in self.headers_to_add.items():
            self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if not (self.compress and path.is_file() and path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(folder: Path, prefix: str = "", compress: bool = False, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve ``folder`` on a free port; yields the base URL (``http://127.0.0.1:PORT/prefix/``).

    ``headers`` are added to every response."""
    root, holder = folder, None
    if prefix:
        holder = Path(tempfile.mkdtemp(prefix="serve-"))
        (holder / prefix).parent.mkdir(parents=True, exist_ok=True)
        (holder / prefix).symlink_to(folder.resolve(), target_is_directory=True)
        root = holder
    handler_class = type("Handler", (_Handler,), {"compress": compress, "headers_to_add": dict(headers or {})})
    handler = functools.partial(handler_class, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{prefix + '/' if prefix else ''}"
    finally:
        server.shutdown()
        server.server_close()
        if holder is not None:
            shutil.rmtree(holder, ignore_errors=True)
