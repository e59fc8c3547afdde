"""``harvest/<municipality id>/`` as untrusted input: the municipal exports a regional site builds from.

``innopub harvest`` (another module) fetches each municipality's export (README «A region of municipalities», format 1:
``innopub.json``, ``entries.json``, ``state.json``); the build reads only these files, never the network. A
municipality's export is untrusted exactly as ``content/`` is: every file is opened without following links
(``O_NOFOLLOW``, and must be a regular file), read up to a size limit, parsed only when its nesting is shallow, and
each of its problems is a warning naming the file: a broken or hostile municipality loses its own entries, never the
regional build. Nothing here knows the kinds; :mod:`generator.model.harvest` checks every entry against them.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.common.problems import Problems

HARVEST_DIR = "harvest"
MANIFEST, ENTRIES, STATE = "innopub.json", "entries.json", "state.json"
SMALL_FILE = 64 * 1024
"""The most a manifest or a state file may hold (bytes): both are a few hundred bytes."""
ENTRIES_FILE = 64 * 1024 * 1024
"""The most an entries file may hold (bytes): 200 entries of 20,000 characters of text are about 8 MB."""
MAX_DEPTH = 16
"""How deep a file's arrays and objects may nest: an entry's ``meta`` needs 5 (points of a decision)."""
MAX_ENTRIES = 10_000
"""The most entries one municipality's export may hold; the rest are dropped with a warning."""
FORMAT_VERSION = 1


@dataclass
class HarvestFolder:
    """What ``harvest/<id>/`` holds as read, before any entry is checked."""

    id: str
    manifest: dict[str, Any] | None = None
    entries: list[Any] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    readable: bool = False
    """The entries file was read and parsed (possibly with no entry)."""


def display(municipality: str, name: str = "") -> str:
    return f"{HARVEST_DIR}/{municipality}/{name}" if name else f"{HARVEST_DIR}/{municipality}/"


def read_harvest(root: Path, ids: list[str], problems: Problems) -> dict[str, HarvestFolder]:
    """Each municipality's folder under ``root`` (the project's ``harvest/``), by id, in the settings' order; a folder
    the settings do not name is left unread, with a warning."""
    stray_folders(root, ids, problems)
    return {municipality: read_folder(root, municipality, problems) for municipality in ids}


def stray_folders(root: Path, ids: list[str], problems: Problems) -> None:
    """A warning for each folder of ``root`` the settings do not name (left unread)."""
    known = set(ids)
    try:
        present = sorted(entry.name for entry in os.scandir(root)) if root.is_dir() and not root.is_symlink() else []
    except OSError:
        present = []
    for name in present:
        if name not in known and not name.startswith("."):
            problems.warning(display(name), 1, f"папка {display(name)} не названа в region: municipalities — не прочитана")


def folder_key(root: Path, municipality: str) -> tuple:
    """What the files of ``harvest/<municipality>/`` are on disk (size, times, inode of each): another key, other files."""
    key = []
    for name in ("", MANIFEST, ENTRIES, STATE):
        try:
            info = os.lstat(root / municipality / name if name else root / municipality)
            key.append((info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns))
        except OSError:
            key.append(None)
    return tuple(key)


def read_folder(root: Path, municipality: str, problems: Problems) -> HarvestFolder:
    folder = HarvestFolder(municipality)
    path = root / municipality
    try:
        info = os.lstat(path)
    except OSError:
        problems.warning(display(municipality), 1, f"нет данных муниципалитета: папки {display(municipality)} нет (выполните innopub harvest)")
        return folder
    if not stat.S_ISDIR(info.st_mode):
        problems.warning(display(municipality), 1, f"{display(municipality)} — не папка (ссылка или файл): данные муниципалитета не прочитаны")
        return folder
    state = _read_json(path, municipality, STATE, SMALL_FILE, problems, required=False)
    folder.state = state if isinstance(state, dict) else {}
    manifest = _read_json(path, municipality, MANIFEST, SMALL_FILE, problems, required=True)
    if not isinstance(manifest, dict):
        if manifest is not None:
            problems.warning(display(municipality, MANIFEST), 1, "ожидается объект JSON (описание выгрузки), данные муниципалитета не прочитаны")
        return folder
    version = manifest.get("version")
    if manifest.get("format") != "innopub-export" or not isinstance(version, int) or isinstance(version, bool):
        problems.warning(display(municipality, MANIFEST), 1, "это не описание выгрузки innopub (ожидается format: innopub-export и version: 1)")
        return folder
    if version > FORMAT_VERSION:
        problems.warning(
            display(municipality, MANIFEST), 1, f"формат выгрузки {version} новее, чем понимает innopub ({FORMAT_VERSION}): обновите innopub"
        )
        return folder
    folder.manifest = manifest
    data = _read_json(path, municipality, ENTRIES, ENTRIES_FILE, problems, required=True)
    if data is None:
        return folder
    entries = data.get("entries") if isinstance(data, dict) and data.get("format") == "innopub-export-entries" else None
    if not isinstance(entries, list):
        problems.warning(
            display(municipality, ENTRIES), 1, "это не файл записей выгрузки innopub (ожидается format: innopub-export-entries и entries)"
        )
        return folder
    if len(entries) > MAX_ENTRIES:
        problems.warning(
            display(municipality, ENTRIES), 1, f"записей {len(entries)} — больше допустимых {MAX_ENTRIES}: прочитаны первые {MAX_ENTRIES}"
        )
        entries = entries[:MAX_ENTRIES]
    folder.entries, folder.readable = entries, True
    return folder


def _read_json(folder: Path, municipality: str, name: str, limit: int, problems: Problems, *, required: bool) -> Any:
    """The file's JSON, or ``None`` (a warning said why): a link, a special file, a file too large or too deep."""
    shown = display(municipality, name)
    try:
        fd = os.open(folder / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        if required:
            problems.warning(shown, 1, f"нет файла {shown}: данные муниципалитета не прочитаны (выполните innopub harvest)")
        return None
    except OSError:  # ELOOP: a symbolic link, never followed
        problems.warning(shown, 1, f"{shown} — ссылка или недоступный файл: не прочитан (ожидается обычный файл, записанный innopub harvest)")
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            problems.warning(shown, 1, f"{shown} — не обычный файл: не прочитан")
            return None
        if info.st_size > limit:
            problems.warning(shown, 1, f"файл {shown} больше допустимых {limit // 1024} КБ: не прочитан")
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(limit + 1)
    except OSError:
        problems.warning(shown, 1, f"файл {shown} не прочитан")
        return None
    finally:
        os.close(fd)
    if len(raw) > limit:
        problems.warning(shown, 1, f"файл {shown} больше допустимых {limit // 1024} КБ: не прочитан")
        return None
    if _depth(raw) > MAX_DEPTH:
        problems.warning(shown, 1, f"в файле {shown} вложенность глубже {MAX_DEPTH} уровней: не прочитан")
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        where = f" (строка {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        problems.warning(shown, getattr(exc, "lineno", 1), f"файл {shown} — не JSON в UTF-8{where}: не прочитан")
        return None


_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def _depth(raw: bytes) -> int:
    """How deep the arrays and objects of a JSON text nest (brackets inside strings do not count)."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub(b"", raw)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    break
        else:
            depth -= 1
    return deepest
