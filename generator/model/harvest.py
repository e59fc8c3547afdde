"""The municipalities' harvested entries, checked and linked as content is, for a regional site's own pages.

Each entry of ``harvest/<id>/entries.json`` (:mod:`generator.read.harvest`) is checked with the SAME kind schemas,
vocabularies and text limits as ``content/`` (:class:`generator.check.validate.Validator`), then each municipality's
entries are linked among themselves by the same linking (:func:`generator.model.resolve.build_model`): a municipality
is a small content model of its own. That model is what the regional pages, the monitoring by municipality, the merged
open data and the search read; the regional model's ``entries`` never hold a harvested entry, so no harvested entry
gets a page of its own, an edition, a feed item or a bulletin's place: every link to one goes to its ``url`` on the
municipal site (absolute, ``http(s)``, on the host the settings name for the municipality).

Every problem of a harvested entry is a warning at ``harvest/<id>/entries.json``, naming the entry: that entry is
dropped, the build goes on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import TypeAdapter, ValidationError

from generator.check.validate import Validator
from generator.common.problems import Problem, Problems
from generator.kinds import KINDS
from generator.kinds.bulletin import previous_month
from generator.kinds.schema import Url
from generator.model.content import ContentModel, Entry
from generator.model.resolve import build_model
from generator.read.harvest import ENTRIES, HarvestFolder, display, folder_key, read_folder, stray_folders
from generator.read.reader import ID_PATTERN, SourceDocument
from generator.settings.options import Municipality, Settings

TEXT_LIMIT = 20_000
"""The most characters of an entry's plain text kept (the export cuts there too)."""
SUMMARY_LIMIT = 2_000
ERROR_LIMIT = 300
_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_DROPPED = ("draft", "aliases", "attachments")
"""Fields of an exported ``meta`` not read: a draft is never exported, aliases are the municipal site's addresses,
attachments are files on the municipal site (the entry's page there lists them)."""


@dataclass(eq=False, repr=False)
class Harvested:
    """One municipality's entry as the regional site shows it: a card linking to its page on the municipal site."""

    entry: Entry
    municipality: Municipality
    url: str
    """Its page on the municipal site: absolute, ``http(s)``, on the municipality's host."""
    text: str
    model: ContentModel | None = None
    """Its municipality's model (facets read it: a platform's status for a report)."""

    @property
    def id(self) -> str:
        """The contract's regional id: ``<municipality id>/<kind>/<id>``."""
        return f"{self.municipality.id}/{self.entry.kind.folder}/{self.entry.id}"

    def __repr__(self) -> str:
        return f"Harvested({self.id!r})"


@dataclass(eq=False)
class MunicipalData:
    """One municipality: its settings, what its last good harvest holds, and how fresh it is."""

    settings: Municipality
    model: ContentModel | None
    entries: list[Harvested] = field(default_factory=list)
    data_date: dt.date | None = None
    """The day of the last good harvest (``state.json``'s ``last_success``, else the export's ``built``)."""
    failing_since: dt.date | None = None
    error: str | None = None
    """The last harvest's failure as ``innopub harvest`` worded it (untrusted text: shown escaped, cut)."""

    def address(self, path: str) -> str:
        """A page of the municipal site (the settings' address, checked as ``site_url`` is)."""
        base = str(self.settings.url)
        return f"{base if base.endswith('/') else base + '/'}{path}"

    @property
    def stale(self) -> bool:
        return self.failing_since is not None or self.model is None

    def by_kind(self, folder: str) -> list[Harvested]:
        return [h for h in self.entries if h.entry.kind.folder == folder]


@dataclass(eq=False)
class RegionData:
    municipalities: list[MunicipalData]

    def entries(self, folder: str | None = None) -> list[Harvested]:
        """Every municipality's entries (of ``folder``), municipalities in the settings' order, each by title."""
        return [h for m in self.municipalities for h in m.entries if folder is None or h.entry.kind.folder == folder]

    def folders(self) -> list[str]:
        present = {h.entry.kind.folder for h in self.entries()}
        return [folder for folder in KINDS if folder in present]

    def new_for_issue(self, issue_date: dt.date) -> list[tuple[MunicipalData, list[Harvested]]]:
        """The publications each municipality dated in the month a bulletin issue of ``issue_date`` covers (the month
        before it): what an issue with ``region_new: true`` lists, newest first; municipalities without one left out."""
        year, month = previous_month(issue_date)
        found = []
        for m in self.municipalities:
            dated = [h for h in m.entries if h.entry.kind.publication and h.entry.date and (h.entry.date.year, h.entry.date.month) == (year, month)]
            if dated:
                found.append((m, sorted(dated, key=lambda h: h.entry.date_key)))
        return found

    def organizations(self) -> list[list[Harvested]]:
        """The harvested organizations, those with one INN in several exports as one (§4), each group in the
        municipalities' order; groups by the first one's title."""
        groups: dict[str, list[Harvested]] = {}
        for h in self.entries("organizations"):
            inn = getattr(h.entry.meta, "inn", None)
            groups.setdefault(f"inn:{inn}" if inn else f"id:{h.id}", []).append(h)
        return sorted(groups.values(), key=lambda g: (g[0].entry.sort_title, g[0].id))


def load_region(root: Path, settings: Settings, content_dir: Path, problems: Problems) -> RegionData | None:
    """The region's harvested data under ``root`` (the project's ``harvest/``); ``None`` for a site without ``region:``."""
    return RegionLoader(root, settings, content_dir).load(problems)


class RegionLoader:
    """Loads ``harvest/`` again and again (a preview), reading and checking again only the municipalities whose files
    changed on disk: 12,000 harvested entries take 7–20 s to check, a preview reloads after every save."""

    def __init__(self, root: Path, settings: Settings, content_dir: Path) -> None:
        self.root, self.settings, self.content_dir = root, settings, content_dir
        self._known: dict[str, tuple[tuple, MunicipalData, list[Problem]]] = {}

    def load(self, problems: Problems) -> RegionData | None:
        settings = self.settings
        if settings.region is None:
            return None
        municipalities = settings.region.municipalities
        found = Problems()
        stray_folders(self.root, [m.id for m in municipalities], found)
        validator: Validator | None = None
        region = RegionData([])
        for m in municipalities:
            key = folder_key(self.root, m.id)
            known = self._known.get(m.id)
            if known is None or known[0] != key:
                own = Problems()
                validator = validator or Validator(settings, self.content_dir)
                data = _municipality(m, read_folder(self.root, m.id, own), settings, validator, self.content_dir, own)
                known = self._known[m.id] = (key, data, list(own))
            region.municipalities.append(known[1])
            found.extend(known[2])
        for problem in found:  # another site's data: warnings that never fail the region's ``--strict`` build
            problems.warning(problem.path, problem.line, problem.message, foreign=True)
        return region


def _municipality(
    municipality: Municipality, folder: HarvestFolder, settings: Settings, validator: Validator, content_dir: Path, problems: Problems
) -> MunicipalData:
    state = folder.state
    data = MunicipalData(municipality, None)
    data.data_date = _day(state.get("last_success")) or _day((folder.manifest or {}).get("built"))
    data.failing_since = _day(state.get("failing_since"))
    error = state.get("error")
    if isinstance(error, str) and error.strip():
        data.error = _plain(error, ERROR_LIMIT)
    if not folder.readable:
        return data
    shown = display(municipality.id, ENTRIES)
    host = (urlsplit(str(municipality.url)).hostname or "").lower()
    own = Problems()
    valid, failed, extra = [], set(), {}
    seen: set[tuple[str, str]] = set()
    for index, raw in enumerate(folder.entries, 1):
        checked = _entry(raw, index, host, shown, seen, problems)
        if checked is None:
            continue
        source, url, text, summary = checked
        entry_problems = Problems()
        result = validator.validate(source, entry_problems)
        for problem in entry_problems:
            problems.warning(shown, 1, f"запись {source.folder}/{source.id}: {problem.message}")
        if result is None:
            failed.add((source.folder, source.id))
            problems.warning(shown, 1, f"запись {source.folder}/{source.id} не показана на региональном сайте (см. другие предупреждения о ней)")
            continue
        result.summary = summary
        valid.append(result)
        extra[(source.folder, source.id)] = (url, text)
    model = build_model(valid, failed, settings, content_dir, own)
    for problem in own:
        problems.warning(shown, 1, f"{problem.message}")
    data.model = model
    data.entries = [Harvested(e, municipality, *extra[(e.kind.folder, e.id)], model) for e in model.all()]
    return data


def _entry(raw: Any, index: int, host: str, shown: str, seen: set, problems: Problems) -> tuple[SourceDocument, str, str, str] | None:
    """An exported entry as a source document to check, with its page's address, text and summary; ``None`` (warned)."""
    where = f"запись № {index}"
    if not isinstance(raw, dict):
        problems.warning(shown, 1, f"{where}: ожидается объект JSON (kind, id, url, title, meta…), запись пропущена")
        return None
    kind, id_ = raw.get("kind"), raw.get("id")
    if not isinstance(kind, str) or kind not in KINDS:
        problems.warning(shown, 1, f"{where}: неизвестный вид записи {_quoted(kind)} (ожидается один из: {', '.join(KINDS)}), запись пропущена")
        return None
    if not isinstance(id_, str) or not ID_PATTERN.match(id_) or len(id_) > 200:
        problems.warning(
            shown, 1, f"{where}: {_quoted(id_)} — не идентификатор записи (ожидаются строчные латинские буквы, цифры и дефисы), запись пропущена"
        )
        return None
    where = f"запись {kind}/{id_}"
    if (kind, id_) in seen:
        problems.warning(shown, 1, f"{where} повторяется в выгрузке, показана первая")
        return None
    seen.add((kind, id_))
    url = raw.get("url")
    if not _own_url(url, host):
        problems.warning(
            shown, 1, f"{where}: адрес страницы {_quoted(url)} — не адрес на сайте муниципалитета (ожидается https://{host}/…), запись пропущена"
        )
        return None
    meta = raw.get("meta")
    if not isinstance(meta, dict):
        problems.warning(shown, 1, f"{where}: нет полей записи (meta), запись пропущена")
        return None
    meta = {k: v for k, v in meta.items() if k not in _DROPPED}
    for key in ("title", "date"):
        if key not in meta and raw.get(key) is not None:
            meta[key] = raw[key]
    if isinstance(meta.get("products"), list):
        meta["products"] = [{k: v for k, v in p.items() if k != "file"} if isinstance(p, dict) else p for p in meta["products"]]
    text = raw.get("text") if isinstance(raw.get("text"), str) else ""
    summary = raw.get("summary") if isinstance(raw.get("summary"), str) else ""
    source = SourceDocument(f"{kind}/{id_}.md", shown, kind, id_, meta, "", 1)
    return source, url, _plain(text, TEXT_LIMIT), _plain(summary, SUMMARY_LIMIT)


def _own_url(url: Any, host: str) -> bool:
    if not isinstance(url, str) or len(url) > 2000:
        return False
    try:
        _URL.validate_python(url)  # the check of ``website:``: http(s), a host, nothing a link could run
    except ValidationError:
        return False
    return (urlsplit(url).hostname or "").lower() == host


_URL = TypeAdapter(Url)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def _plain(text: str, limit: int) -> str:
    """Plain text as shown and indexed (escaped wherever it goes): control and direction characters gone, cut at a word."""
    text = " ".join(_CONTROL.sub("", text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return f"{cut}…"


def _day(value: Any) -> dt.date | None:
    match = _DAY.match(value) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def _quoted(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return f"«{text[:80]}{'…' if len(text) > 80 else ''}»"
