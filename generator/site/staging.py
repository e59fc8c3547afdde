"""The site is built into a staging folder beside ``site/`` and swapped in only when complete.

``Stage(site_dir).open()`` takes the lock of the site's parent folder (one build at a time
per folder: a second one waits), repairs what a killed build left (``site/`` missing but
``.site-old-*`` present: it is put back; staging and old folders of dead builds are removed)
and creates ``.site-XXXXXXXX``. ``commit()`` swaps it in — in one step where the system can
(``renameat2(RENAME_EXCHANGE)``), else by two renames that the next ``open()`` repairs if the
process dies between them — and ``discard()`` removes it. Both release the lock.

The previous site is not removed at the end of the build that replaced it: it is renamed
``.<site>-prev-XXXXXXXX`` and the next build removes it on threads of its own while it works
(removing a 10,000-entry site, 44,000 files, took 5 s at the end of every rebuild; a build on a
fresh checkout, as in CI, has nothing to remove). The build waits for that removal before its
swap, so at most one previous site is kept.

Only folders named like ours (``.<site>-``, ``.<site>-old-`` or ``.<site>-prev-`` and eight
characters of ``mkdtemp``) are touched, and only under the lock: a folder present while we hold
it belongs to no running build (the lock dies with its process, even on ``kill -9``).
"""

from __future__ import annotations

import fcntl
import os
import re
import sys
import tempfile
import threading
from pathlib import Path

from generator.common.atomic import exchange, fsync_dir
from generator.common.removal import remove_tree


class Stage:
    def __init__(self, site_dir: str | os.PathLike) -> None:
        self.site_dir = Path(site_dir).absolute()
        self.parent = self.site_dir.parent
        self.staging: Path | None = None
        self._lock: int | None = None
        self._clearing: threading.Thread | None = None  # removing the previous builds' sites

    def open(self) -> Path:
        self.parent.mkdir(parents=True, exist_ok=True)
        self._take_lock()
        try:
            self.recover()
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.site_dir.name}-", dir=self.parent))
            self.staging.chmod(0o755)
        except BaseException:
            self._release()
            raise
        return self.staging

    def commit(self) -> None:
        """Put the finished staging folder in place of the site."""
        assert self.staging is not None
        try:
            self._cleared()
            if self.site_dir.exists() and exchange(self.staging, self.site_dir):
                fsync_dir(self.parent)
                self._keep_previous(self.staging)  # now holds the previous site
            else:
                old = None
                if self.site_dir.exists():
                    old = Path(tempfile.mkdtemp(prefix=f".{self.site_dir.name}-old-", dir=self.parent))
                    old.rmdir()
                    os.rename(self.site_dir, old)
                os.rename(self.staging, self.site_dir)
                fsync_dir(self.parent)
                if old is not None:
                    self._keep_previous(old)
            self.staging = None
        finally:
            self._release()

    def discard(self) -> None:
        self._cleared()
        if self.staging is not None:
            remove_tree(self.staging)
            self.staging = None
        self._release()

    def _keep_previous(self, folder: Path) -> None:
        """The previous site, renamed for the next build to remove (removed now where it cannot be renamed)."""
        try:
            previous = Path(tempfile.mkdtemp(prefix=f".{self.site_dir.name}-prev-", dir=self.parent))
            previous.rmdir()
            os.rename(folder, previous)
        except OSError:
            remove_tree(folder)

    def _cleared(self) -> None:
        """Wait for the previous sites' removal (before a swap: at most one previous site is kept)."""
        clearing, self._clearing = self._clearing, None
        if clearing is not None:
            clearing.join()

    def recover(self) -> None:
        """Undo what a killed build left beside the site (called under the lock)."""
        name = re.escape(self.site_dir.name)
        ours = re.compile(rf"^\.{name}-(old-|prev-)?[a-z0-9_]{{8}}$")
        leftovers = [p for p in self.parent.iterdir() if ours.match(p.name) and p.is_dir() and not p.is_symlink()]
        olds = sorted((p for p in leftovers if p.name.startswith(f".{self.site_dir.name}-old-")), key=lambda p: p.stat().st_mtime)
        if olds and not self.site_dir.exists():  # died between the two renames of a swap
            os.rename(olds.pop(), self.site_dir)
            fsync_dir(self.parent)
        previous = [p for p in leftovers if p.name.startswith(f".{self.site_dir.name}-prev-")]
        for path in leftovers:
            if path.exists() and path not in previous:
                remove_tree(path)
        if previous:  # removed while this build works
            self._clearing = threading.Thread(target=_remove_all, args=(previous,), name="innopub-previous-site", daemon=True)
            self._clearing.start()

    def _take_lock(self) -> None:
        try:
            fd = os.open(self.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            return  # no lock where the folder cannot be opened; the build still stages
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Ждём окончания другой сборки в {os.path.relpath(self.parent)}/ …", file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass  # a file system without locks: build without one
        self._lock = fd

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor drops the lock
            self._lock = None


def _remove_all(folders: list[Path]) -> None:
    for folder in folders:
        remove_tree(folder)
