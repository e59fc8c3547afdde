"""The harvest of a region: each municipality's export fetched, checked and kept, a few at a time.

For each municipality of ``region.municipalities``: the manifest ``<url>export/innopub.json`` (a conditional request
from the last copy's ``ETag`` / ``Last-Modified``), then the entries file it names (on the same host), both checked
(:mod:`generator.harvest.validate`) and kept (:mod:`generator.harvest.store`). Whatever goes wrong, the last good copy
stays and ``state.json`` says what and since when. Municipalities are fetched by :data:`WORKERS` threads at a time.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from generator.common import clock
from generator.harvest import store
from generator.harvest.fetch import FetchError, fetch
from generator.harvest.validate import Refused, check_entries, check_manifest
from generator.render.export import EXPORT_DIR, MANIFEST
from generator.settings.options import Municipality

WORKERS = 8
MANIFEST_LIMIT = 1024 * 1024
ENTRIES_LIMIT = 50 * 1024 * 1024
"""Bytes of a manifest and of an entries file (10,000 entries of the bench export take 25 MB)."""
TIMEOUT = 20.0
"""Seconds of each wait on a server; ``INNOPUB_HARVEST_TIMEOUT`` replaces it (the tests' hanging server)."""
DEADLINE_TIMES = 6
"""A file's whole download may take this many timeouts."""


@dataclass(frozen=True)
class Limits:
    manifest: int = MANIFEST_LIMIT
    entries: int = ENTRIES_LIMIT
    timeout: float = TIMEOUT

    @classmethod
    def from_env(cls) -> Limits:
        raw = os.environ.get("INNOPUB_HARVEST_TIMEOUT", "")
        try:
            timeout = float(raw) if raw else TIMEOUT
        except ValueError:
            timeout = TIMEOUT
        return cls(timeout=timeout if 0 < timeout <= 600 else TIMEOUT)


@dataclass
class Outcome:
    municipality: Municipality
    fresh: bool
    """The copy is today's (fetched now, or not changed since the last one)."""
    changed: bool = False
    """A new copy was written."""
    error: str | None = None
    counts: dict[str, int] = field(default_factory=lambda: {"came": 0, "changed": 0, "went": 0})
    entries: int = 0
    dropped: list[str] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    kept: bool = False
    """A last good copy is there (after a failure: the one kept)."""


def now() -> str:
    return clock.moment().replace(microsecond=0).isoformat().replace("+00:00", "Z")


def manifest_url(site_url: str) -> str:
    """Where a site's export is, from its address alone."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, f"{EXPORT_DIR}/{MANIFEST}")


def harvest(
    municipalities: list[Municipality], harvest_dir: Path, limits: Limits, done: Callable[[Outcome], None] | None = None
) -> tuple[list[Outcome], list[str]]:
    """Every municipality harvested (``done`` hears each as it ends), then the folders of those no longer in the settings
    removed: (outcomes in the settings' order, ids removed)."""
    removed = store.clean(harvest_dir, {m.id for m in municipalities})
    harvest_dir.mkdir(parents=True, exist_ok=True)

    def one(municipality: Municipality) -> Outcome:
        outcome = harvest_one(municipality, harvest_dir / municipality.id, limits)
        if done is not None:
            done(outcome)
        return outcome

    return _in_threads(one, municipalities), removed


def _in_threads(work: Callable[[Municipality], Outcome], municipalities: list[Municipality]) -> list[Outcome]:
    """``work`` on each municipality, :data:`WORKERS` at a time, in daemon threads joined with a timeout: Ctrl-C or
    SIGTERM reaches the main thread at once, and the process ends without waiting for a download (a copy is swapped
    in one step, so a thread stopped anywhere leaves the last good one whole)."""
    waiting = list(enumerate(municipalities))
    results: list[Outcome | None] = [None] * len(municipalities)
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                if not waiting:
                    return
                index, municipality = waiting.pop(0)
            try:
                results[index] = work(municipality)
            except Exception as exc:  # state.json itself not written (a full disk): still this municipality's error
                results[index] = Outcome(municipality, fresh=False, error=f"не записан {store.STATE} ({type(exc).__name__}: {str(exc)[:200]})")

    threads = [threading.Thread(target=worker, name="harvest", daemon=True) for _ in range(min(WORKERS, len(municipalities)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(0.2)
    return [r for r in results if r is not None]


def harvest_one(municipality: Municipality, folder: Path, limits: Limits) -> Outcome:
    """One municipality: a new copy, the same one, or the last good one kept with the error in ``state.json``."""
    before = store.state_of(folder)
    old = store.copy_of(folder)
    started = now()
    state = {
        "url": municipality.url,
        "last_success": before.get("last_success"),
        "last_attempt": started,
        "error": None,
        "failing_since": None,
        "etag": before.get("etag") if old else None,
        "last_modified": before.get("last_modified") if old else None,
        "counts": {"came": 0, "changed": 0, "went": 0},
    }
    outcome = Outcome(municipality, fresh=False, state=state, kept=old is not None)
    try:
        _attempt(municipality, folder, limits, old, state, outcome)
    except (FetchError, Refused) as exc:
        outcome.error = str(exc)
    except Exception as exc:  # a harvest never ends in a traceback: an unforeseen failure is one municipality's error
        outcome.error = f"непредвиденная ошибка ({type(exc).__name__}: {str(exc)[:200]})"
    if outcome.error is not None:
        state.update(
            error=outcome.error,
            failing_since=before.get("failing_since") or started,
            counts={"came": 0, "changed": 0, "went": 0},
            etag=before.get("etag"),
            last_modified=before.get("last_modified"),
        )
        store.write_state(folder, state)
    return outcome


def _attempt(municipality: Municipality, folder: Path, limits: Limits, old: tuple[bytes, bytes] | None, state: dict, outcome: Outcome) -> None:
    deadline = limits.timeout * DEADLINE_TIMES
    url = manifest_url(municipality.url)
    got = fetch(url, limits.manifest, limits.timeout, deadline, state["etag"], state["last_modified"])
    if got.body is None and old is None:
        raise Refused("сайт ответил «не изменилось» (304), а прежней копии нет")
    if old is not None and (got.body is None or got.body == old[0]):  # 304, or the same manifest
        _unchanged(folder, old, state, outcome, got.etag, got.last_modified)
        return
    assert got.body is not None
    manifest = check_manifest(got.body)
    entries_url = urljoin(got.url, manifest["entries"]["href"])
    here, there = urlsplit(got.url), urlsplit(entries_url)
    if (here.scheme, here.netloc) != (there.scheme, there.netloc):
        raise Refused("манифест называет файл записей на другом сервере")
    if old is not None and hashlib.sha256(old[1]).hexdigest() == manifest["entries"]["sha256"]:
        entries = old[1]  # the same entries under a new manifest (a rebuild on another day)
    else:
        body = fetch(entries_url, limits.entries, limits.timeout, deadline).body
        assert body is not None
        entries = body
    checked = check_entries(entries, manifest, municipality.id)
    counts = _counts(_previous(old, municipality.id), _digests_of(checked.entries))
    state.update(last_success=state["last_attempt"], error=None, failing_since=None, etag=got.etag, last_modified=got.last_modified, counts=counts)
    store.write_copy(folder, got.body, entries, state)
    outcome.fresh, outcome.changed, outcome.kept = True, True, True
    outcome.counts, outcome.entries, outcome.dropped = counts, len(checked.entries), checked.dropped


def _unchanged(folder: Path, old: tuple[bytes, bytes], state: dict, outcome: Outcome, etag: str | None, last_modified: str | None) -> None:
    manifest = check_manifest(old[0])
    checked = check_entries(old[1], manifest, outcome.municipality.id)
    state.update(
        last_success=state["last_attempt"],
        error=None,
        failing_since=None,
        etag=etag or state["etag"],
        last_modified=last_modified or state["last_modified"],
    )
    store.write_state(folder, state)
    outcome.fresh = True
    outcome.entries, outcome.dropped = len(checked.entries), checked.dropped


def _digests_of(entries: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    return {(e["kind"], e["id"]): hashlib.sha256(json.dumps(e, sort_keys=True, ensure_ascii=False).encode()).hexdigest() for e in entries}


def _previous(old: tuple[bytes, bytes] | None, municipality: str) -> dict[tuple[str, str], str]:
    """The last copy's entries that passed, by (kind, id): what «came», «changed» and «went» are counted against."""
    if old is None:
        return {}
    try:
        return _digests_of(check_entries(old[1], check_manifest(old[0]), municipality).entries)
    except Refused:
        return {}


def _counts(before: dict[tuple[str, str], str], after: dict[tuple[str, str], str]) -> dict[str, int]:
    return {
        "came": sum(1 for key in after if key not in before),
        "changed": sum(1 for key, digest in after.items() if key in before and before[key] != digest),
        "went": sum(1 for key in before if key not in after),
    }
