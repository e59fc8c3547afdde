"""MkDocs' own lines during ``mkdocs serve``, in Russian.

MkDocs logs its progress in English («Building documentation...», «Detected file changes»,
«Serving on …»); the editor who previews the site reads them. A filter on the handlers of
the ``mkdocs`` logger rewrites the known ones; any other line passes as it is — escaped: a request
line is whatever a client sent (raw ESC and BEL set the terminal's title), so control characters are
written out (``\\x1b``), a workflow command is neutralized (:mod:`generator.common.safeout`), a long request
is cut short, and a failure of the server while answering is one Russian line, never a traceback.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable

from generator.common import failure
from generator.common.safeout import neutral_text

_TIME = r"(?P<time>\[\d\d:\d\d:\d\d\] )?"
REQUEST = re.compile(rf'^{_TIME}"(?P<request>[^"]*)" code (?P<code>\d+)$')
"""The line MkDocs' server logs for each request (a warning unless it was answered 200)."""
LINES: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(rf"^{_TIME}Building documentation\.\.\.$"), r"\g<time>Сборка сайта…"),
    (re.compile(rf"^{_TIME}Cleaning site directory$"), r"\g<time>Очистка папки сайта"),
    (re.compile(rf"^{_TIME}Building documentation to directory: (?P<dir>.*)$"), r"\g<time>Сборка сайта в папку \g<dir>"),
    (re.compile(rf"^{_TIME}Documentation built in (?P<s>\d+)\.(?P<f>\d+) seconds$"), r"\g<time>Сайт собран за \g<s>,\g<f> с"),
    (re.compile(rf"^{_TIME}Watching paths for changes: (?P<paths>.*)$"), r"\g<time>Отслеживаются изменения: \g<paths>"),
    (re.compile(rf"^{_TIME}Serving on (?P<url>\S+) and opening it in a browser$"), r"\g<time>Сайт открыт по адресу \g<url> (и в браузере)"),
    (re.compile(rf"^{_TIME}Serving on (?P<url>\S+)$"), r"\g<time>Сайт открыт по адресу \g<url>"),
    (re.compile(rf"^{_TIME}Detected file changes$"), r"\g<time>Файлы изменены"),
    (re.compile(rf"^{_TIME}Reloading browsers$"), r"\g<time>Страницы в браузере обновляются"),
    (re.compile(rf"^{_TIME}Browser connected: (?P<url>.*)$"), r"\g<time>Браузер подключён: \g<url>"),
    (re.compile(rf"^{_TIME}Shutting down\.\.\.$"), r"\g<time>Сервер остановлен"),
    (REQUEST, lambda m: f'{m["time"] or ""}запрос "{short(m["request"])}": ответ {m["code"]}'),
]
LONGEST_REQUEST = 200
"""Characters of a request line logged; the rest is counted."""
SILENT = re.compile(r"^A 'dirty' build is being performed")
"""``innopub serve``'s first build is MkDocs' dirty build on purpose (pages are rendered on request): no warning."""
POLL = "innopub-build-error-poll"
"""The query the error page polls its address with (theme/innopub/build_error.html): not logged."""
BROKEN = threading.Event()
"""Set while the site does not build (generator/engines/mkdocs/preview.py): every address then answers with the
error page, already reported once, so the requests' lines («ответ 404» for each page, its icon) are not logged."""


def short(request: str) -> str:
    """A request line as logged: at most :data:`LONGEST_REQUEST` characters."""
    if len(request) <= LONGEST_REQUEST:
        return request
    return f"{request[:LONGEST_REQUEST]}… (ещё {len(request) - LONGEST_REQUEST} знаков)"


def russian_line(message: str) -> str:
    for pattern, replacement in LINES:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


class RussianLines(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("mkdocs") and not record.name.startswith("mkdocs.plugins"):
            original = record.getMessage()
            if POLL in original or SILENT.match(original) or (BROKEN.is_set() and REQUEST.match(original)):
                return False
            if record.exc_info and record.name == "mkdocs.livereload":  # MkDocs' server failed to answer: no traceback
                original = _server_failure(original, record)
            record.msg, record.args = neutral_text(russian_line(original)), ()
        return True


def _server_failure(message: str, record: logging.LogRecord) -> str:
    """«[12:00:00] 500 Internal Server Error» with its traceback → one Russian line with the exception."""
    exc = record.exc_info[1] if record.exc_info else None
    record.exc_info, record.exc_text = None, None
    if exc is not None:
        failure.print_traceback_if_debug(exc)
    time = re.match(r"\[\d\d:\d\d:\d\d\] ", message)
    said = f"{type(exc).__name__}: {exc}" if exc is not None else "причина неизвестна"
    return f"{time[0] if time else ''}сервер предпросмотра не смог ответить на запрос ({said}): ответ 500"


def install() -> None:
    """Add the filter to every handler of the ``mkdocs`` logger (MkDocs' console handler), once."""
    for handler in logging.getLogger("mkdocs").handlers:
        if not any(isinstance(f, RussianLines) for f in handler.filters):
            handler.addFilter(RussianLines())
