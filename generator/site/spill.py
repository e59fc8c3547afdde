"""Pages' HTML kept on disk between their conversion and their writing, not in memory.

MkDocs converts every page's Markdown to HTML before it renders any (all of ``_populate_page``, then all of
``_build_page``): at 10,000 entries the main process held some 400 MB of converted HTML at once (Python
keeps Cyrillic text at 2 bytes a character). :class:`Spill` keeps each page's HTML, as UTF-8, in one
anonymous file of the build's staging folder, from its conversion until its page is rendered.

The file has no name (Linux ``O_TMPFILE``): it is never published with the site, never found by another
process, and the system frees it when the descriptor closes, even if the build is killed with ``kill -9``.
The folder is opened with ``O_NOFOLLOW``: a link in its place is not followed. Where the folder cannot
hold such a file (a link, another system, a file system without ``O_TMPFILE``), the pages stay in memory,
as MkDocs keeps them: the output is the same either way.
"""

from __future__ import annotations

import os
from pathlib import Path

_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class Spill:
    """Texts put by key, taken back by key, the same characters (``surrogatepass``: any ``str`` comes back whole)."""

    def __init__(self, folder: str | os.PathLike) -> None:
        self.folder = Path(folder)
        self._fd: int | None = _anonymous_file(self.folder)
        self._end = 0
        self._where: dict[str, tuple[int, int]] = {}
        self._kept: dict[str, str] = {}  # without a file: in memory

    @property
    def on_disk(self) -> bool:
        return self._fd is not None

    def put(self, key: str, text: str) -> None:
        if self._fd is None:
            self._kept[key] = text
            return
        data = text.encode("utf-8", "surrogatepass")
        written = 0
        while written < len(data):
            written += os.pwrite(self._fd, memoryview(data)[written:], self._end + written)
        self._where[key] = (self._end, len(data))
        self._end += len(data)

    def take(self, key: str) -> str | None:
        """The text put under ``key`` (None if none was); it stays there until :meth:`close`."""
        if self._fd is None:
            return self._kept.get(key)
        where = self._where.get(key)
        if where is None:
            return None
        offset, length = where
        chunks, read = [], 0
        while read < length:
            chunk = os.pread(self._fd, length - read, offset + read)
            if not chunk:
                raise OSError(f"spill file shorter than written: {key}")
            chunks.append(chunk)
            read += len(chunk)
        return b"".join(chunks).decode("utf-8", "surrogatepass")

    def close(self) -> None:
        fd, self._fd = self._fd, None
        self._where.clear()
        self._kept.clear()
        if fd is not None:
            os.close(fd)


def _anonymous_file(folder: Path) -> int | None:
    """A file without a name in ``folder`` (not followed if a link), open for reading and writing; None where impossible."""
    tmpfile = getattr(os, "O_TMPFILE", None)
    if tmpfile is None:
        return None
    try:
        folder_fd = os.open(folder, _FOLDER_FLAGS)
    except OSError:
        return None
    try:
        return os.open(".", tmpfile | os.O_RDWR | getattr(os, "O_CLOEXEC", 0), 0o600, dir_fd=folder_fd)
    except OSError:
        return None
    finally:
        os.close(folder_fd)
