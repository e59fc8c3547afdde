"""One HTTP(S) download with every limit a harvest needs, on the standard library alone (``urllib.request``).

- Only ``http:`` and ``https:``: the opener is assembled by hand, without ``urllib``'s file, FTP and data handlers, and
  a redirect is followed only to another ``http(s)`` address (at most :data:`MAX_REDIRECTS`); ``file://`` is refused
  both as an address and as a redirect's target.
- A timeout for each wait on the socket and a deadline for the whole download (a server that sends a byte a second
  never trips the first).
- A hard limit of bytes: the body is read in chunks and the download stops as soon as it passes the limit, whatever
  ``Content-Length`` says (a 200 MB answer costs the limit, not 200 MB).
- Conditional requests: ``If-None-Match`` / ``If-Modified-Since`` from the last good copy; 304 means «not changed».

Every failure is a :class:`FetchError` worded in Russian for the harvest's summary.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from generator.common.problems import one_line

MAX_REDIRECTS = 5
CHUNK = 64 * 1024
USER_AGENT = "innopub-harvest/1 (+https://github.com/)"
SCHEMES = ("http", "https")


class FetchError(Exception):
    """A download that failed; the message says what happened, in Russian."""


@dataclass(frozen=True)
class Fetched:
    url: str
    """The address the answer came from (after redirects)."""
    body: bytes | None
    """``None``: not changed since the last good copy (304)."""
    etag: str | None
    last_modified: str | None


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Redirects only to ``http(s)``, at most :data:`MAX_REDIRECTS` (``urllib`` would follow one to ``ftp:`` too)."""

    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):  # type: ignore[override]
        target = headers.get("Location") or headers.get("URI")
        if target is not None:
            _allowed(urljoin(req.full_url, target))
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[override]
        _allowed(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _allowed(url: str) -> None:
    if urlsplit(url).scheme.lower() not in SCHEMES:
        raise FetchError(f"сайт перенаправляет на адрес «{_short(url)}» (разрешены только http:// и https://)")


def _opener() -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        _Redirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(url: str, limit: int, timeout: float, deadline: float, etag: str | None = None, last_modified: str | None = None) -> Fetched:
    """GET ``url``: at most ``limit`` bytes, ``timeout`` seconds for each wait, ``deadline`` seconds in all."""
    if urlsplit(url).scheme.lower() not in SCHEMES:
        raise FetchError(f"адрес «{_short(url)}» не http:// и не https://")
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json", "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    started = time.monotonic()
    try:
        with _opener().open(request, timeout=timeout) as answer:
            length = answer.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise FetchError(f"файл {_short(answer.geturl())} больше допустимого: {_bytes(int(length))} (не больше {_bytes(limit)})")
            chunks, size = [], 0
            while True:
                chunk = answer.read1(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"файл {_short(answer.geturl())} больше допустимого: прочитано {_bytes(limit)}, а он не кончился")
                if time.monotonic() - started > deadline:
                    raise FetchError(f"сайт отвечает слишком медленно: файл не получен за {deadline:g} с")
                chunks.append(chunk)
            return Fetched(answer.geturl(), b"".join(chunks), _validator(answer.headers.get("ETag")), _validator(answer.headers.get("Last-Modified")))
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(url, None, etag, last_modified)
        raise FetchError(f"сайт ответил {exc.code} {_reason(exc.code)} на {_short(exc.url or url)}") from None
    except urllib.error.URLError as exc:
        raise FetchError(_network(exc.reason, timeout)) from None
    except TimeoutError:
        raise FetchError(f"сайт не ответил за {timeout:g} с") from None
    except http.client.IncompleteRead:
        raise FetchError("ответ сайта оборвался (файл получен не полностью)") from None
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise FetchError(f"ошибка соединения: {_short(str(exc) or type(exc).__name__)}") from None


def _validator(value: str | None) -> str | None:
    """An ``ETag`` or ``Last-Modified`` kept for the next request: printable ASCII of a sane length, else none."""
    if value is None or len(value) > 500 or not value.isascii() or not value.isprintable():
        return None
    return value


def _network(reason: object, timeout: float) -> str:
    if isinstance(reason, FetchError):
        return str(reason)
    if isinstance(reason, TimeoutError):
        return f"сайт не ответил за {timeout:g} с"
    if isinstance(reason, ConnectionRefusedError):
        return "сайт недоступен: соединение отклонено"
    if isinstance(reason, socket.gaierror):
        return "сайт недоступен: имя сервера не найдено"
    return f"сайт недоступен: {_short(str(reason))}"


_REASONS = {
    404: "(не найдено)", 403: "(доступ запрещён)", 410: "(удалено)", 500: "(ошибка сервера)", 502: "(ошибка шлюза)",
    503: "(сервис недоступен)",
}  # fmt: skip


def _bytes(count: int) -> str:
    return f"{count:,} байт".replace(",", "\u00a0")


def _reason(code: int) -> str:
    return _REASONS.get(code, "")


def _short(text: str, size: int = 200) -> str:
    """A value from the network, as a message quotes it: one line, control characters out, at most ``size`` characters."""
    line = one_line(text[: size * 2])
    return line if len(line) <= size else line[: size - 1] + "…"
