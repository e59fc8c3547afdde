"""Old addresses of entries (``aliases:``), each served as a redirect page ``<address>index.html``.

An alias may only be an address nothing else of the site has or lies in: not an entry's (a
published one, a draft, a file that failed its check: an address never changes while the file
name stays), not an ordinary page's, not another alias, not a registry or its section pages, not
what the plugin, the theme and Material write (``feed.xml``, ``assets/``, ``search/``,
``pagefind/``, ``sitemap.xml``, ``404.html``), not the author pages, tags, directions, archive or
attachments, and nothing inside an entry's own address (a collection's PDF and EPUB live there).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator.common.problems import Problems
from generator.kinds import KINDS
from generator.listing.order import sort_by_title
from generator.model.content import Entry, Page, Redirect
from generator.read.addresses import ACCESSIBILITY_PAGE, KIND_SERVICE, SERVICE, url_of

ACCESSIBILITY_URL = url_of(ACCESSIBILITY_PAGE)
_SERVICE = SERVICE
_KIND_SERVICE = KIND_SERVICE
_BAD = re.compile(r"[\x00-\x20\x7f-\x9f?#\\\"<>`^{|}]|://|^[a-zA-Z][a-zA-Z0-9+.-]*:")
"""Whitespace, controls, a query, a fragment, a backslash, a scheme: not a path of this site."""
_SEGMENT_BYTES = 200
_EXPECTED = "ожидается прежний, ныне свободный адрес записи, например /reports/old-id/"


def redirects(
    published: dict[Any, Entry],
    pages: list[Page],
    entry_urls: Iterable[str],
    lines: dict[int, Any],
    content_dir: Path,
    problems: Problems,
) -> list[Redirect]:
    """The redirects of the ``published`` entries' aliases; a problem at the alias's line for each one that
    cannot be. ``entry_urls`` are the addresses of every entry file (drafts and failed ones too); ``lines``
    maps ``id(entry)`` to its source document."""
    entries = set(entry_urls)
    taken: dict[str, str] = {url: f"это адрес записи «{url.rstrip('/')}»" for url in entries}
    taken |= {p.url: f"это адрес страницы content/{p.path}" for p in pages}
    taken.setdefault(ACCESSIBILITY_URL, f"это страница «Доступность сайта» /{ACCESSIBILITY_URL}")  # generated unless an editor wrote it
    root = content_dir.resolve()
    result = []
    for entry in sort_by_title(published.values()):
        source = lines[id(entry)]
        for index, alias in enumerate(entry.meta.aliases):
            url = normal_path(alias)
            problem = (
                f"недопустимый прежний адрес «{alias}» (ожидается путь сайта, например /reports/old-id/)"
                if url is None
                else _occupied(alias, url, taken, entries, root)
            )
            if problem is not None:
                problems.error(source.display, source.line(("aliases", index)), problem)
                continue
            taken[url] = f"это уже прежний адрес записи «{entry.url.rstrip('/')}»"
            result.append(Redirect(url, entry))
    return result


def normal_path(alias: str) -> str | None:
    """``/reports/old-id/index.html`` → ``reports/old-id/`` (percent-escapes decoded: the file is named
    as the server looks it up); ``None`` for what is not a path of this site."""
    text = alias.strip()
    if _BAD.search(text) or text.startswith("//"):
        return None
    path = unquote(text)
    if _BAD.search(path):
        return None
    segments = [s for s in path.split("/") if s]
    if segments and segments[-1] == "index.html":
        segments.pop()
    if not segments or any(s in (".", "..") or len(s.encode("utf-8", "surrogatepass")) > _SEGMENT_BYTES for s in segments):
        return None
    return "/".join(segments) + "/"


def service(url: str) -> str | None:
    """What the site itself writes at or around ``url`` (``search/``, ``feed.xml``…), as «это …»."""
    first = url.split("/", 1)[0]
    return f"это {_SERVICE[first]} /{first}{'/' if '.' not in first else ''}" if first in _SERVICE else None


def page_problems(pages: list[Page], displays: dict[str, str], problems: Problems) -> list[Page]:
    """The ordinary pages whose addresses are free; an error for each one at an address the site writes
    itself (``content/search.md``, ``content/tags/x.md``, ``content/feed.xml.md``). ``displays`` maps a
    page's path to the path shown in messages."""
    free = []
    for page in pages:
        what = service(page.url)
        if what is None:
            free.append(page)
        else:
            expected = "переименуйте файл или перенесите его в другую папку"
            problems.error(displays[page.path], 1, f"адрес страницы «/{page.url}» занят: {what} ({expected})")
    return free


def _occupied(alias: str, url: str, taken: dict[str, str], entries: set[str], root: Path) -> str | None:
    """What already has or holds the address ``url`` (``alias`` normalised), worded as a problem; ``None`` when it is free."""
    segments = url.rstrip("/").split("/")
    first = segments[0]
    what = taken.get(url) or service(url)
    if what is None and first in KINDS:
        if len(segments) == 1:
            what = f"это реестр раздела /{first}/"
        elif segments[1] in _KIND_SERVICE:
            what = f"это {_KIND_SERVICE[segments[1]]} /{first}/{segments[1]}"
        elif len(segments) > 2 and f"{first}/{segments[1]}/" in entries:
            what = f"это часть адреса записи «{first}/{segments[1]}», где её страница и файлы"
    if what is None and (root / url.rstrip("/")).is_file():
        what = f"это файл content/{url.rstrip('/')}"
    return None if what is None else f"адрес «{alias.strip()}» занят: {what} ({_EXPECTED})"
