"""Atomic file writes: a file innopub writes is either the old one, whole, or the new one, whole.

Every file innopub writes into ``content/`` goes through :func:`write_text` or
:func:`write_bytes`: the data is written to a temporary file in the same folder
(``.<name>.innopub-XXXXXXXX.tmp``: a dot file, so neither MkDocs nor the reader sees it),
flushed, fsynced, given the mode the old file had, and renamed over the final name; then the
folder is fsynced so that the rename itself survives a power cut. A process killed at any
moment leaves the old file untouched (at worst a stale temporary file, removed by the next
process that writes into the same folder).

``exclusive=True`` never replaces an existing file: the finished temporary file is linked
to the final name (``link`` fails if the name exists, like ``O_EXCL``), so an editor's file
created meanwhile is never overwritten; :class:`FileExistsError` is raised instead.

:func:`exchange` swaps two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``) for
the site's swap; it returns False where the system cannot, and the caller renames twice.
"""

from __future__ import annotations

import ctypes
import errno
import os
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path

STALE_SECONDS = 60
_RENAME_NOREPLACE, _RENAME_EXCHANGE = 1, 2
_AT_FDCWD = -100


def write_text(path: str | os.PathLike, text: str, *, encoding: str = "utf-8", exclusive: bool = False) -> None:
    """Write ``text`` to ``path`` atomically (see the module's docstring)."""
    write_bytes(path, text.encode(encoding), exclusive=exclusive)


def write_bytes(path: str | os.PathLike, data: bytes, *, exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` atomically; with ``exclusive``, raise FileExistsError rather than replace."""
    write_chunks(path, (data,), exclusive=exclusive)


def write_chunks(path: str | os.PathLike, chunks: Iterable[bytes], *, exclusive: bool = False) -> None:
    """Write the bytes ``chunks`` yields to ``path`` atomically, one chunk in memory at a time."""
    path = Path(path)
    folder = path.parent
    if exclusive and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    _remove_stale(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.innopub-", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, _mode_for(path))
        if exclusive:
            _place_new(tmp, path)
        else:
            os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(path)  # a failed write() names no file: say which one was being written
        raise
    fsync_dir(folder)


def fsync_dir(folder: str | os.PathLike) -> None:
    """Make a rename in ``folder`` durable (best effort: some file systems refuse)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def exchange(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Swap two existing paths in one step; False if this system cannot (the caller falls back)."""
    return _renameat2(a, b, _RENAME_EXCHANGE)


def _place_new(tmp: Path, path: Path) -> None:
    """Give the finished ``tmp`` the name ``path`` only if nothing has that name yet."""
    try:
        os.link(tmp, path)  # fails with EEXIST: the O_EXCL of a finished file
    except FileExistsError:
        raise
    except OSError as exc:  # no hard links here (some network or FAT file systems)
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        if not _renameat2(tmp, path, _RENAME_NOREPLACE):
            with open(path, "xb") as out:  # the last resort still never overwrites
                out.write(tmp.read_bytes())
                out.flush()
                os.fsync(out.fileno())
            tmp.unlink()
        return
    tmp.unlink()


def _renameat2(a: str | os.PathLike, b: str | os.PathLike, flags: int) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        call = libc.renameat2
    except (OSError, AttributeError):
        return False
    if call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), os.fspath(a), None, os.fspath(b))


def _mode_for(path: Path) -> int:
    """The old file's mode, or what ``open()`` would give a new file (0o666 less the umask)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


_swept: set[str] = set()
"""Folders whose stale temporary files this process has removed (:func:`_remove_stale`)."""
_swept_lock = threading.Lock()


def _remove_stale(path: Path) -> None:
    """Temporary files left in ``path``'s folder by killed writes, once they are surely not in use: looked for at this
    process's first write into the folder, not at every write (a folder of 3,500 certificates was listed 3,500 times)."""
    folder = os.path.abspath(path.parent)
    with _swept_lock:
        if folder in _swept:
            return
        _swept.add(folder)
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(".tmp") and ".innopub-" in entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS:
                os.unlink(entry.path)
        except OSError:
            pass
