"""Stage 5b: one part of the search index kept as one file until the parts are joined.

Pagefind hands over a part's files in one answer: 500 fragments, a few dozen word-index chunks and
filters. Written as files, the 10,000 fragments of 10,000 entries were 10,000 files created by a thread
of the build (each creation waiting for Python's lock, held by the thread converting pages: 10.7 s of
that thread's time), read back by the joining process and removed at the end (0.7 s, and 26 s while
other builds wrote to the same disk). A pack is one file per part: each file of the part as its name's
and its content's lengths (4 bytes each, big-endian), the name in UTF-8, then the content.

The pack is written and read only here, in the build's own temporary folder (``mkdtemp``: the build's
user alone may enter it); a name that is absolute or climbs out (``..``) is refused when reading, as when
writing (``generator/search/indexer.py``).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

HEADER = struct.Struct(">II")
"""A file's name length and content length."""


class PackError(ValueError):
    """The pack is cut short or names a file outside its bundle."""


def write_pack(path: Path, files: Iterable[tuple[str, bytes]]) -> None:
    """Write ``files`` (their paths in the bundle and their bytes) into one file at ``path``."""
    with path.open("wb") as out:
        for name, content in files:
            raw = name.encode("utf-8")
            out.write(HEADER.pack(len(raw), len(content)))
            out.write(raw)
            out.write(content)


def read_pack(path: Path) -> dict[str, bytes]:
    """The files of a pack, by their paths in the bundle, in the order they were written."""
    data = memoryview(path.read_bytes())
    files: dict[str, bytes] = {}
    offset = 0
    while offset < len(data):
        if offset + HEADER.size > len(data):
            raise PackError(f"часть индекса {path.name} обрезана")
        name_size, content_size = HEADER.unpack_from(data, offset)
        offset += HEADER.size
        end = offset + name_size + content_size
        if end > len(data):
            raise PackError(f"часть индекса {path.name} обрезана")
        name = bytes(data[offset : offset + name_size]).decode("utf-8")
        if not safe_name(name):
            raise PackError(f"часть индекса {path.name} называет файл вне индекса: {name}")
        files[name] = bytes(data[offset + name_size : end])
        offset = end
    return files


def safe_name(name: str) -> bool:
    """A relative path inside the bundle: not absolute, no ``..``, not empty."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name and "\x00" not in name
