"""``harvest/<municipality>/``: the last good copy of each export, and what the last attempts said (``state.json``).

A new copy is written whole into a hidden folder beside it (``harvest/.<id>.innopub-XXXX.tmp/``: the manifest, the
entries and ``state.json``, each fsynced), then put in the old one's place in one step (Linux ``renameat2``'s exchange,
:func:`generator.common.atomic.exchange`; elsewhere two renames): a reader, or a harvest killed at any moment, sees the
old copy whole or the new one whole, never a manifest beside another copy's entries. A failed attempt rewrites only
``state.json`` (atomically). Hidden folders left by a killed harvest are removed by the next one. Nothing is written
outside ``harvest/``: a municipality's folder is named by its id from the settings (``[a-z0-9-]``), never by anything
that came over the network.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from generator.common import atomic
from generator.render.export import ENTRIES, MANIFEST

STATE = "state.json"
TMP_SUFFIX = ".tmp"


def state_of(folder: Path) -> dict[str, Any]:
    """The last ``state.json`` (an empty one when there is none or it is broken)."""
    try:
        value = json.loads((folder / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def copy_of(folder: Path) -> tuple[bytes, bytes] | None:
    """(manifest, entries) of the last good copy, or None."""
    try:
        return (folder / MANIFEST).read_bytes(), (folder / ENTRIES).read_bytes()
    except OSError:
        return None


def _state_bytes(state: dict[str, Any]) -> bytes:
    return (json.dumps(state, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def write_state(folder: Path, state: dict[str, Any]) -> None:
    """``state.json`` alone (a failed attempt: the copy stays as it was)."""
    if folder.is_symlink():
        folder.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    atomic.write_bytes(folder / STATE, _state_bytes(state))


def write_copy(folder: Path, manifest: bytes, entries: bytes, state: dict[str, Any]) -> None:
    """A new good copy in place of the old one, in one step (see the module's docstring)."""
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{folder.name}.innopub-", suffix=TMP_SUFFIX, dir=parent))
    leftover: Path | None = new
    """What to remove at the end: a half-written new copy, or the old one once the new one is in its place."""
    try:
        for name, data in ((ENTRIES, entries), (STATE, _state_bytes(state)), (MANIFEST, manifest)):  # the manifest last
            with open(new / name, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        os.chmod(new, 0o755)
        if folder.is_symlink():
            folder.unlink()
        if not folder.exists():
            os.rename(new, folder)
            leftover = None
        elif not atomic.exchange(new, folder):  # no renameat2: the old one aside, then the new one in
            aside = new.with_name(new.name + ".old" + TMP_SUFFIX)
            os.rename(folder, aside)
            os.rename(new, folder)
            leftover = aside
        atomic.fsync_dir(parent)
    finally:
        if leftover is not None:
            shutil.rmtree(leftover, ignore_errors=True)


def clean(harvest_dir: Path, keep: set[str]) -> list[str]:
    """Remove what a killed harvest left (hidden ``*.tmp`` folders) and the folders of municipalities no longer in the
    settings; returns the ids removed. A link is removed as a link, never followed."""
    removed = []
    if not harvest_dir.is_dir():
        return removed
    for path in sorted(harvest_dir.iterdir()):
        if path.name.startswith(".") and path.name.endswith(TMP_SUFFIX):
            _remove(path)
        elif not path.name.startswith(".") and path.name not in keep and (path.is_dir() or path.is_symlink()):
            _remove(path)
            removed.append(path.name)
    return removed


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)
