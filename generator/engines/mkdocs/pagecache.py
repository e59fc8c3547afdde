"""Converted pages kept between builds: a warm build converts only the pages whose Markdown changed.

Python-Markdown is the largest part of a warm build (20 s of 80 at 10,000 entries, in a profile); an unchanged page
converts to the same HTML every time. :class:`PageCache` keeps what MkDocs' ``Page.render`` leaves on a page — its
HTML, table of contents, first heading's title, anchors — under a key made of the page's Markdown (after the
plugins' ``on_page_markdown``), its source and address, and a fingerprint of the converter: the format below,
MkDocs' and Python-Markdown's code (:func:`converter_fingerprint`), the extensions and their settings. The relative
links MkDocs resolved while converting are kept too, and resolved again on a hit against this build's files
(:func:`generator.engines.mkdocs.private.replay_links`): a page whose link now points elsewhere, or nowhere, is
converted anew, and MkDocs' warnings about links are said on every build, as without the cache.

The store is one SQLite file, ``.cache/innopub/pages.sqlite`` (a transaction per build: a build killed with
``kill -9`` leaves the last one; SQLite's journal undoes the rest on the next open). Entries no page used in a
whole build are removed at its end. The cache is never needed: when it cannot be read or written (a full disk, a
broken or planted file) the build converts as MkDocs does and says so once.

Safety: ``.cache/`` sits in the checkout, so a pull request can commit a cache too. An entry is untrusted: its HTML
goes through the sanitizer like any converted page (``Site.page_content``); a title, a heading's name or an anchor
holding markup characters, or an entry larger than :func:`entry_limit` unpacked, is not used (the page is converted);
the file and SQLite's side files must be plain files of the cache folder (a link is removed, never followed).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import sqlite3
import zlib
from pathlib import Path
from typing import Any

FORMAT = "innopub-pages-1"
FILE_NAME = "pages.sqlite"
SIDE_FILES = ("-journal", "-wal", "-shm")


def entry_limit(markdown: str) -> int:
    """The bytes an entry for ``markdown`` may unpack to: 32 per character and 64 KB (a page's HTML, its headings and
    links, is a few times its Markdown), so a planted entry makes the build unpack no more than the page's size
    says; a page over it is converted every time."""
    return 32 * len(markdown) + 65536


_SAFE_TEXT = re.compile(r"[^<>&\"'\x00]*")  # a title or a heading's name as plain text (markup makes the page convert)
_SAFE_ID = re.compile(r"[^\s<>&\"'\x00]+")

log = logging.getLogger("mkdocs.plugins.innopub")


class PageCache:
    """Converted pages by key, in ``folder``/pages.sqlite; :meth:`close` commits and drops what was not used."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE_NAME
        self.hits = self.misses = 0
        self._used: set[bytes] = set()
        self._writing = False
        self._db: sqlite3.Connection | None = None
        try:
            self._db = _open(self.path)
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)

    @property
    def usable(self) -> bool:
        return self._db is not None

    def get(self, key: bytes, limit: int) -> dict | None:
        """The entry stored under ``key``, checked, at most ``limit`` bytes unpacked; None when there is none or it
        cannot be used."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM pages WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._give_up(exc)
            return None
        entry = _unpack(row[0], limit) if row is not None else None
        if entry is not None:
            self._used.add(key)
        return entry

    def put(self, key: bytes, entry: dict, limit: int) -> None:
        """Store ``entry`` (as :func:`entry_of` made it) under ``key``; an entry that would not pass :meth:`get` with
        ``limit`` is not stored."""
        if self._db is None or not _valid(entry):
            return
        data = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        if len(data) > limit:
            return
        value = zlib.compress(data, 1)
        try:
            if not self._writing:
                self._db.execute("BEGIN")
                self._writing = True
            self._db.execute("INSERT OR REPLACE INTO pages (key, value) VALUES (?, ?)", (key, value))
        except sqlite3.Error as exc:
            self._give_up(exc)
            return
        self._used.add(key)

    def close(self, prune: bool) -> None:
        """Commit what was stored; with ``prune`` (a whole build went well) remove the entries no page used."""
        db, self._db = self._db, None
        if db is None:
            return
        try:
            if prune:
                if not self._writing:
                    db.execute("BEGIN")
                    self._writing = True
                db.execute("CREATE TEMP TABLE used (key BLOB PRIMARY KEY)")
                db.executemany("INSERT OR IGNORE INTO used (key) VALUES (?)", ((key,) for key in self._used))
                db.execute("DELETE FROM pages WHERE key NOT IN (SELECT key FROM used)")
            if self._writing:
                db.execute("COMMIT")
            if prune:
                db.execute("PRAGMA incremental_vacuum")
        except sqlite3.Error as exc:
            self._give_up(exc)
        finally:
            db.close()

    def _give_up(self, exc: BaseException) -> None:
        """The cache is left alone for the rest of the build (the pages are converted), said once."""
        log.info(f"Кэш преобразованных страниц {self.path} не используется ({_reason(exc)}): страницы преобразуются заново")
        db, self._db = self._db, None
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.close()


def page_key(fingerprint: str, src_uri: str, url: str, markdown: str) -> bytes:
    digest = hashlib.sha256()
    for part in (fingerprint, src_uri, url, markdown):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.digest()


def entry_of(content: str, toc_tokens: list, title: str | None, anchors: set[str], links: list[tuple[str, str]]) -> dict:
    """What a conversion left, as stored: the HTML, the table of contents' tokens (what MkDocs' ``get_toc`` reads), the
    first heading's title, the anchors present, the relative links (as written, as MkDocs resolved them)."""
    toc = [_token(token) for token in toc_tokens]
    return {"content": content, "toc": toc, "title": title, "anchors": sorted(anchors), "links": [list(link) for link in links]}


def converter_fingerprint(extensions: Any, configs: Any, code: list[str]) -> str | None:
    """What besides a page's Markdown decides its conversion: this format, the code of ``code`` (modules: MkDocs'
    pages, Python-Markdown, what repeats ``Page.render``, each extension named), the extensions and their settings. None
    when a setting is an object whose identity cannot be told between builds (the cache is then not used)."""
    try:
        settings = json.dumps([extensions, configs], sort_keys=True, ensure_ascii=False, default=_stable_name)
    except (TypeError, ValueError):
        return None
    digest = hashlib.sha256(f"{FORMAT}\0{settings}\0".encode("utf-8", "surrogatepass"))
    for module in sorted(set(code) | {name for name in _extension_names(extensions) if isinstance(name, str)}):
        digest.update(_module_code(module))
    return digest.hexdigest()


TABLE = "CREATE TABLE pages (key BLOB PRIMARY KEY, value BLOB NOT NULL)"
SCHEMA = {("table", "pages", TABLE), ("index", "sqlite_autoindex_pages_1", None)}
"""All a cache file may hold: a file with anything else (a trigger that would run on our writes, a view in the table's
place, another table) is replaced before any statement touches it."""


def _open(path: Path, again: bool = True) -> sqlite3.Connection:
    for suffix in ("", *SIDE_FILES):  # never written through a link: a link is removed, the file made anew
        side = path.with_name(path.name + suffix)
        if side.is_symlink() or (side.exists() and not side.is_file()):
            side.unlink()
    fresh = not path.exists()
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        if not fresh and not _ours(db):
            raise sqlite3.DatabaseError("not a database of innopub's converted pages")
        if fresh:
            db.execute("PRAGMA auto_vacuum = INCREMENTAL")
            db.execute("PRAGMA user_version = 1")
            db.execute(TABLE)
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError:
        db.close()
        if fresh or not again:
            raise
        for suffix in ("", *SIDE_FILES):  # broken, planted, another version: ours to replace
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        return _open(path, again=False)
    return db


def _ours(db: sqlite3.Connection) -> bool:
    """Whether the file holds exactly the table this version writes (read before anything else runs on it)."""
    schema = set(db.execute("SELECT type, name, sql FROM sqlite_master").fetchall())
    return schema == SCHEMA and db.execute("PRAGMA user_version").fetchone()[0] == 1


def _unpack(value: Any, limit: int) -> dict | None:
    if not isinstance(value, bytes):
        return None
    try:
        inflate = zlib.decompressobj()
        data = inflate.decompress(value, limit)
        if inflate.unconsumed_tail or not inflate.eof:
            return None
        entry = json.loads(data.decode("utf-8", "surrogatepass"))
    except (zlib.error, ValueError, RecursionError):
        return None
    return entry if _valid(entry) else None


def _valid(entry: Any) -> bool:
    if not isinstance(entry, dict) or set(entry) != {"content", "toc", "title", "anchors", "links"}:
        return False
    title, anchors, links = entry["title"], entry["anchors"], entry["links"]
    return (
        isinstance(entry["content"], str)
        and (title is None or (isinstance(title, str) and _SAFE_TEXT.fullmatch(title) is not None))
        and isinstance(anchors, list)
        and all(isinstance(anchor, str) for anchor in anchors)
        and isinstance(links, list)
        and all(isinstance(link, list) and len(link) == 2 and all(isinstance(part, str) for part in link) for link in links)
        and _valid_tokens(entry["toc"], 0)
    )


def _valid_tokens(tokens: Any, depth: int) -> bool:
    if not isinstance(tokens, list) or depth > 6:
        return False
    for token in tokens:
        if not isinstance(token, dict) or set(token) != {"level", "id", "name", "children"}:
            return False
        level, anchor, name = token["level"], token["id"], token["name"]
        if not (isinstance(level, int) and not isinstance(level, bool) and 1 <= level <= 6):
            return False
        if not (isinstance(anchor, str) and _SAFE_ID.fullmatch(anchor) and isinstance(name, str) and _SAFE_TEXT.fullmatch(name)):
            return False
        if not _valid_tokens(token["children"], depth + 1):
            return False
    return True


def _token(token: dict) -> dict:
    return {"level": token["level"], "id": token["id"], "name": token["name"], "children": [_token(child) for child in token["children"]]}


def _stable_name(value: Any) -> str:
    """A function or class in the settings (a slugify, a formatter) by its module and name; anything else cannot be
    told between builds."""
    if callable(value) and getattr(value, "__module__", None) and getattr(value, "__qualname__", None) and "<" not in value.__qualname__:
        return f"{value.__module__}.{value.__qualname__}"
    raise TypeError(type(value).__name__)


def _extension_names(extensions: Any) -> list[Any]:
    names: list[Any] = []
    for item in extensions if isinstance(extensions, list | tuple) else []:
        names.extend(item.keys() if isinstance(item, dict) else [item])
    return names


def _module_code(name: str) -> bytes:
    """The bytes of a module's source (a package's ``__init__`` and the files beside it), or its name when not found."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name.split(":")[0])
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin is None or not os.path.isfile(spec.origin):
        return name.encode() + b"\0"
    origin = Path(spec.origin)
    files = sorted(origin.parent.glob("*.py")) if spec.submodule_search_locations else [origin]
    digest = hashlib.sha256(name.encode() + b"\0")
    for file in files:
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.digest()


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if "disk is full" in text or getattr(exc, "errno", None) == 28:
        return "диск заполнен"
    if isinstance(exc, sqlite3.DatabaseError) and "not a database" in text:
        return "файл повреждён"
    return "ошибка чтения или записи"
