"""Search: what Pagefind indexes for each entry, derived from the content model, and the indexer run.

Only entry pages are indexed. Their facets (``data-pagefind-filter``) and result metadata
(``data-pagefind-meta``) come from the model here, never from parsing HTML; the markup is
written by the template ``innopub/search_entry.html``. Russian word forms are matched by
Pagefind's Russian stemmer (``<html lang="ru">``); Pagefind 1.5 also folds «ё» to «е» in the
index and in queries, and ``theme/assets/search.js`` folds the query as well, so «ё» = «е»
does not depend on the indexer's version. Nothing here imports MkDocs.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cbor2

from generator.model import ContentModel, Entry
from generator.russian import long_date

# Facet names as readers see them, in the order the search page shows them.
FACETS = ("Вид", "Год", "Статус площадки", "Уровень площадки", "Направление", "Муниципалитет", "Организация", "Уровень образования")
SEARCH_PAGE = "search.md"
SEARCH_TEMPLATE = "innopub/search_entry.html"
# Not indexed: heading permalinks («¶») and the labels of metadata cards («Дата», «Авторы»).
EXCLUDE_SELECTORS = [".headerlink", ".innopub-card dt"]


@dataclass(frozen=True)
class SearchRecord:
    """What Pagefind learns about one entry page."""

    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)


def kind_label(one: str) -> str:
    """«отчёт» → «Отчёт», «выпуск «Вестника»» → «Выпуск «Вестника»» (only the first letter changes)."""
    return one[:1].upper() + one[1:]


def entry_record(model: ContentModel, entry: Entry) -> SearchRecord:
    meta = {"title": entry.title, "kind": kind_label(entry.kind.one)}
    if entry.date:
        meta["date"] = long_date(entry.date)
    filters: dict[str, list[str]] = {name: [] for name in FACETS}
    filters["Вид"].append(meta["kind"])
    year = entry.date or getattr(entry.meta, "start", None)
    if year:
        filters["Год"].append(str(year.year))
    statuses = {s.code: s for s in model.settings.statuses}
    for platform in _platforms(entry):
        status = statuses.get(platform.meta.status)
        filters["Статус площадки"].append(platform.meta.status)
        if status:
            filters["Уровень площадки"].append(status.level)
    filters["Направление"] += entry.meta.directions
    for organization in _organizations(entry):
        filters["Муниципалитет"].append(organization.meta.municipality)
        filters["Организация"].append(organization.meta.short)
    levels = {t.code: t.name for t in model.settings.levels}
    filters["Уровень образования"] += [levels.get(code, code) for code in getattr(entry.meta, "levels", [])]
    unique = {name: list(dict.fromkeys(values)) for name, values in filters.items() if values}
    return SearchRecord(meta, unique)


def _platforms(entry: Entry) -> list[Entry]:
    if entry.kind.folder == "platforms":
        return [entry]
    return list(entry.refs.get("platform", []))


def _organizations(entry: Entry) -> list[Entry]:
    """Organizations an entry belongs to: its own, its platform's, its organizers', its authors'."""
    folder = entry.kind.folder
    if folder == "organizations":
        found = [entry]
    elif folder == "platforms":
        found = list(entry.refs.get("organizations", []))
    elif folder == "events":
        found = list(entry.refs.get("organizers", []))
    else:
        found = list(entry.refs.get("organization", []))
        for platform in entry.refs.get("platform", []):
            found += platform.refs.get("organizations", [])
        found += entry.refs.get("people_organizations", [])
    return list({id(o): o for o in found}.values())


@dataclass(frozen=True)
class IndexResult:
    pages: int
    seconds: float
    output: str


def build_index(site_dir: Path, folders: Iterable[str]) -> IndexResult:
    """Run Pagefind (the binary of the ``pagefind[extended]`` wheel) over the entry pages of a built site.

    Only the ``folders`` of kinds with published entries are read: the other pages carry no ``data-pagefind-body``, so
    parsing them would cost time for nothing. (Pagefind's Python API is not used: it polls its
    service every 0.1 s per page, 100 s for 1,000 pages.)
    """
    folders = sorted(folders)
    if not folders:  # no published entry: nothing to search, and Pagefind refuses an empty site
        return IndexResult(0, 0.0, "")
    started = time.perf_counter()
    args = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind"]
    args += ["--glob", "{" + ",".join(folders) + "}/**/*.html"]
    for selector in EXCLUDE_SELECTORS:
        args += ["--exclude-selectors", selector]
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind не построил поисковый индекс:\n{result.stdout}\n{result.stderr}")
    stabilize(site_dir / "pagefind")
    match = re.search(r"Indexed (\d+) page", result.stdout)
    return IndexResult(int(match.group(1)) if match else 0, seconds, result.stdout)


_SIGNATURE = b"pagefind_dcd"
_FILTERS = 3
"""Position of the ``[[filter name, file hash], …]`` list in a ``.pf_meta`` file (Pagefind 1.5)."""


def stabilize(index_dir: Path) -> None:
    """Make Pagefind's output the same for the same site: sort the values of each filter.

    Pagefind 1.5 writes filter values in hash-map order, which changes from run to run (its
    fragments are stable since 1.3, its filter and meta files are not). Each filter file is
    decoded (gzip + CBOR), sorted, written under a hash of its content, and the language's meta
    file and ``pagefind-entry.json`` are pointed to the new names. Same content, same files.
    """
    entry_file = index_dir / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_file = index_dir / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_file)
        prefix = language["hash"].split("_")[0]
        filters = []
        for name, file_hash in meta[_FILTERS]:
            old = index_dir / "filter" / f"{file_hash}.pf_filter"
            if not old.is_file():
                raise RuntimeError(f"Pagefind: нет файла фильтра {old.name} (изменился формат индекса Pagefind?)")
            data = _read(old)
            data[1] = sorted(data[1], key=lambda pair: pair[0])
            filters.append([name, _write(index_dir / "filter", data, prefix, 7, ".pf_filter")])
            old.unlink()
        meta[_FILTERS] = sorted(filters)
        meta_file.unlink()
        language["hash"] = _write(index_dir, meta, prefix, 10, ".pf_meta", "pagefind.")
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIGNATURE):
        raise RuntimeError(f"Pagefind: неизвестный формат файла {path.name}")
    return cbor2.loads(raw[len(_SIGNATURE) :])


def _write(folder: Path, data: Any, prefix: str, length: int, suffix: str, stem: str = "") -> str:
    raw = _SIGNATURE + cbor2.dumps(data)
    file_hash = f"{prefix}_{hashlib.sha256(raw).hexdigest()[:length]}"
    (folder / f"{stem}{file_hash}{suffix}").write_bytes(gzip.compress(raw, mtime=0))
    return file_hash
