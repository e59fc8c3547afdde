"""Removing a whole site folder (the previous site after a swap, a failed build's staging folder) quickly.

A site of 10,000 entries is 44,000 files in 17,000 folders; ``shutil.rmtree`` removes them one after
another, 6–17 s at the end of every rebuild. The work is the kernel's (unlink, rmdir), which runs
without Python's lock: here the folders two levels down are removed by several threads at once, each
with ``shutil.rmtree``, which never follows a symbolic link (a link is removed, not what it points to).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

WORKERS = 4
"""Threads removing at once: 2.4 times quicker than one on the 2-core machine (7.4 s against 17.5 s, a 1.2 GB site)."""


def remove_tree(path: Path, workers: int = WORKERS) -> None:
    """Remove ``path`` and everything in it, ignoring what cannot be removed (as ``rmtree(ignore_errors=True)``)."""
    if path.is_symlink() or not path.is_dir():
        return
    try:
        subtrees = _subtrees(path, depth=2)
    except OSError:
        subtrees = []
    if len(subtrees) > 1:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="innopub-remove") as pool:
            list(pool.map(_remove, subtrees))
    shutil.rmtree(path, ignore_errors=True)


def _remove(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _subtrees(folder: Path | str, depth: int) -> list[str]:
    """The folders ``depth`` levels below ``folder`` (never through a link); the files above them are removed here."""
    found: list[str] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                found.extend(_subtrees(entry.path, depth - 1) if depth > 1 else [entry.path])
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
    return found
