"""Published editions kept as records: ``editions/<folder>/<id>.pdf|.epub|.json`` beside ``content/``.

Once a collection or a bulletin issue is published (its date is on or before the build's
reference date), the first build that makes its edition stores the PDF, the EPUB and the
page map here, and later builds serve these files as they are: editing an entry later
never changes an edition that was issued, and «Как цитировать» quotes the kept page map.
The folder is tracked in git (the monthly workflow commits it). To make an edition anew:
``innopub bulletin YYYY-MM --refresh`` for an issue; for a collection, delete its three files.

Every file is written atomically (:func:`atomic_write`); temporary files left by a killed
build are removed by the next one (:func:`remove_stale_temporaries`).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from generator.common import atomic

KEPT_DIR = "editions"
STALE_AFTER = 3600
"""A temporary file older than this (seconds) is a killed build's, even if its pid was reused."""


@dataclass(frozen=True)
class KeptFiles:
    pdf_file: Path
    epub_file: Path
    pdf_pages: int
    pages: dict[str, tuple[int, int]]
    """``kind/id`` of an item → (first page, last page) in the kept PDF."""


def folder(content_dir: Path) -> Path:
    """``editions/`` beside ``content/``."""
    return Path(os.path.abspath(content_dir)).parent / KEPT_DIR


def files(kept_dir: Path, kind_folder: str, entry_id: str) -> tuple[Path, Path, Path]:
    base = kept_dir / kind_folder
    return base / f"{entry_id}.pdf", base / f"{entry_id}.epub", base / f"{entry_id}.json"


def read(kept_dir: Path, kind_folder: str, entry_id: str) -> KeptFiles | None:
    """The kept edition, or None if there is none (or its page map, written last, is missing or unreadable)."""
    pdf_file, epub_file, info_file = files(kept_dir, kind_folder, entry_id)
    if not (pdf_file.is_file() and epub_file.is_file() and info_file.is_file()):
        return None
    try:
        info = json.loads(info_file.read_text(encoding="utf-8"))
        pages = {str(k): (int(v[0]), int(v[1])) for k, v in info["items"].items()}
        return KeptFiles(pdf_file, epub_file, int(info["pages"]), pages)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def keep(kept_dir: Path, kind_folder: str, entry_id: str, pdf_data: bytes, epub_data: bytes, pdf_pages: int, pages: dict) -> None:
    """Store an edition as published: the PDF, the EPUB, then the page map (which marks it complete)."""
    pdf_file, epub_file, info_file = files(kept_dir, kind_folder, entry_id)
    atomic_write(pdf_file, pdf_data)
    atomic_write(epub_file, epub_data)
    info = {
        "pages": pdf_pages,
        "items": {k: list(v) for k, v in pages.items()},
        "pdf_sha256": hashlib.sha256(pdf_data).hexdigest(),
        "epub_sha256": hashlib.sha256(epub_data).hexdigest(),
    }
    atomic_write(info_file, (json.dumps(info, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"))


def forget(content_dir: Path, kind_folder: str, entry_id: str) -> bool:
    """Remove the kept files of one edition so that the next build makes it anew; True if there were any."""
    found = False
    for file in files(folder(content_dir), kind_folder, entry_id):
        if file.is_file():
            file.unlink()
            found = True
    return found


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (:func:`generator.common.atomic.write_bytes`), creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_bytes(path, data)


def remove_stale_temporaries(base: Path) -> None:
    """Remove temporary files of builds that were killed: their process is gone, or they are old."""
    for temp in base.rglob(".*.tmp") if base.is_dir() else []:
        pid = temp.name.rsplit(".", 2)[-2]
        try:
            if pid.startswith("innopub-"):  # generator.common.atomic's own: it is in use for milliseconds
                alive = time.time() - temp.stat().st_mtime < atomic.STALE_SECONDS
            else:
                alive = pid.isdigit() and int(pid) != os.getpid() and _running(int(pid))
            if not alive or time.time() - temp.stat().st_mtime > STALE_AFTER:
                temp.unlink(missing_ok=True)
        except OSError:
            continue


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
