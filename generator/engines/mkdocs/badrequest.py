"""Requests the preview's server cannot serve, answered in Russian and never with a traceback.

MkDocs' live-reload server (``mkdocs.livereload``: wsgiref under a ``BaseHTTPRequestHandler``) opens the file a
path names. ``/%00`` made ``open()`` raise ValueError («embedded null byte»): a 500 in English and a traceback in
the terminal; ``/%ff`` (bytes that are not UTF-8) was read with the bad bytes dropped, as ``/``; a request line the
handler cannot parse, or longer than 64 KiB, got Python's English error page. Here:

- :func:`servable` — a path is served only if it is UTF-8 with no control character; any other is answered
  404 with the site's own «Страница не найдена» (:meth:`generator.engines.mkdocs.preview.Preview._serve`); ``..`` is
  already kept inside the site by MkDocs (``posixpath.normpath``);
- :func:`russian_handler` — the handler's own error pages (400, 414, 431, 501…) and an unexpected 500 in Russian;
- what is logged of a request is escaped and cut short in :mod:`generator.engines.mkdocs.servelog`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
TITLES = {
    400: "Неверный запрос",
    404: "Страница не найдена",
    408: "Запрос не дошёл до конца",
    414: "Слишком длинный адрес",
    431: "Слишком большие заголовки запроса",
    500: "Ошибка сервера предпросмотра",
    501: "Такой запрос не поддерживается",
    505: "Эта версия HTTP не поддерживается",
}
TEXTS = {
    400: "Сервер предпросмотра не понял запрос.",
    404: "По этому адресу ничего нет.",
    414: "Адрес длиннее, чем сервер предпросмотра принимает.",
    431: "Заголовки запроса больше, чем сервер предпросмотра принимает.",
    500: "Страница не собрана из-за ошибки сервера предпросмотра; подробности — в окне, где запущен innopub serve.",
    501: "Сервер предпросмотра отвечает только на запросы GET и HEAD.",
}


def servable(path_info: str) -> bool:
    """Whether a WSGI ``PATH_INFO`` (bytes as Latin-1, percent-escapes decoded) names a path a file could have."""
    try:
        path = path_info.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return False
    return not _CONTROL.search(path)


def page(code: int, text: str | None = None) -> bytes:
    """A small Russian page for an error the site's own pages do not cover."""
    title = TITLES.get(code, "Запрос не выполнен")
    text = text or TEXTS.get(code, "Сервер предпросмотра не смог ответить на запрос.")
    return (
        '<!doctype html>\n<html lang="ru">\n<head><meta charset="utf-8"><title>'
        f"{html.escape(title)} ({code})</title></head>\n<body>\n<h1>{html.escape(title)}</h1>\n<p>{html.escape(text)}</p>\n"
        '<p><a href="/">Главная страница</a></p>\n</body>\n</html>\n'
    ).encode()


def not_found(server: Any, start_response: Callable) -> list[bytes]:
    """404 with the page the server shows for any missing page (the site's 404.html, or the problems of a failed build)."""
    body = _handled(server.error_handler, 404) or page(404)
    start_response("404 Not Found", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]


def russian_errors(handler: Callable[[int], bytes | None]) -> Callable[[int], bytes | None]:
    """The server's error pages (``error_handler``): the site's, else a Russian one (MkDocs' says «500 Internal Server Error»)."""

    def error_page(code: int) -> bytes | None:
        return _handled(handler, code) or page(code)

    return error_page


def _handled(handler: Callable[[int], bytes | None], code: int) -> bytes | None:
    try:
        return handler(code)
    except Exception:  # an error page that cannot be read: the plain one
        return None


def russian_handler(cls: type) -> type:
    """The server's request handler with its own error pages (a request line it cannot parse, too long…) in Russian."""
    if getattr(cls, "russian", False):
        return cls

    class RussianHandler(cls):  # type: ignore[valid-type, misc]
        russian = True
        error_content_type = "text/html; charset=utf-8"

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            # The page, ready (the format's «%» doubled); the reason in the status line stays HTTP's own (Latin-1).
            self.error_message_format = page(code).decode().replace("%", "%%")
            super().send_error(code)

    RussianHandler.__name__ = RussianHandler.__qualname__ = f"Russian{cls.__name__}"
    return RussianHandler
