"""A regional site's own pages of the harvested municipalities (issue 23, §3).

``region/`` («Муниципалитеты»): each municipality, how fresh its data is («данные от …; сайт недоступен с …»), and
the regional monitoring by municipality (overdue reports, statuses ending, overdue points of decisions).
``region/<kind>/``: the regional registry of a kind, every municipality's entries as cards (summary, municipality,
the regional id ``<municipality>/<kind>/<id>``, a link to the page on the municipal site), with facets: the
municipality (the page's own sections) and the search page's facets (status, direction, level…), since every
harvested entry is in the regional search index with the facet «Муниципалитет» (:func:`harvested_record`).

A harvested entry never has a page here: every link to it is its absolute ``url`` on the municipal site.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from typing import Any

from generator.common.russian import fold, long_date
from generator.coordinators.region import region_chart, regional_monitoring
from generator.kinds import KINDS
from generator.listing.paginate import Pager, page_path, page_title, split
from generator.model.content import ContentModel, Entry
from generator.model.harvest import Harvested, RegionData
from generator.pages.facets import FACET_NAMES, SearchRecord, entry_record, kind_label

REGION_PAGE = "region/index.md"
REGION_TITLE = "Муниципалитеты"
MUNICIPALITY = "Муниципалитет"
LISTED = 10
"""The most overdue reports (and statuses ending) «Муниципалитеты» lists of one municipality; the rest are counted and
linked to the municipality's own monitoring (60 municipalities × all of theirs made a page of 1.2 MB)."""
OWN_LISTED = 10
"""The regional site's own entries a regional registry lists before the municipalities' (its own registry lists all)."""
FACET_VALUES = 30
"""The most values of one facet a regional registry shows, the most frequent (the search page offers them all)."""


def region_title(folder: str) -> str:
    return f"{KINDS[folder].registry} муниципалитетов"


Spec = tuple[str, str, str, dict[str, Any], Callable[[], dict[str, Any]]]
"""(path, title, template, context, the rest of the context): what :mod:`generator.pages.catalog` makes a PageSpec of."""


def region_pages(model: ContentModel) -> list[Spec]:
    region = model.region
    if region is None:
        return []
    pages: list[Spec] = [(REGION_PAGE, REGION_TITLE, "innopub/region.html", {}, functools.partial(_overview, region))]
    size = model.settings.page_size
    for folder in region.folders():
        split_up = len(region.entries(folder)) > size  # then each municipality's cards on pages of their own
        later = functools.partial(_registry, region, folder, split_up, model.entries.get(folder, []))
        pages.append((f"region/{folder}.md", region_title(folder), "innopub/region_registry.html", {"kind": KINDS[folder]}, later))
        if split_up:
            pages += _municipality_pages(region, folder, size)
    return pages


def municipality_base(folder: str, municipality: str) -> str:
    return f"region/{folder}/{municipality}/"


def _municipality_pages(region: RegionData, folder: str, size: int) -> list[Spec]:
    """A long regional registry's parts: each municipality's entries of ``folder``, on pages of ``size``."""
    pages: list[Spec] = []
    for m in region.municipalities:
        found = m.by_kind(folder)
        if not found:
            continue
        base = municipality_base(folder, m.settings.id)
        parts = split(found, size)
        for number, part in enumerate(parts, 1):
            context = {"kind": KINDS[folder], "municipality": m, "entries": part, "pager": Pager(number, len(parts), base), "total": len(found)}
            later = functools.partial(_part, region, folder)
            pages.append(
                (
                    page_path(base, number),
                    page_title(f"{region_title(folder)}: {m.settings.name}", number),
                    "innopub/region_part.html",
                    context,
                    later,
                )
            )
    return pages


def _part(region: RegionData, folder: str) -> dict[str, Any]:
    also = _also(region, folder)
    return {"also_of": lambda h: also.get(id(h), []), "long_date": long_date, "overview": f"region/{folder}/"}


def _also(region: RegionData, folder: str) -> dict[int, list[Harvested]]:
    """For the first card of an organization in several exports (one INN), the others (§4)."""
    if folder != "organizations":
        return {}
    return {id(group[0]): group[1:] for group in region.organizations() if len(group) > 1}


def region_nav(model: ContentModel) -> list[tuple[str, str]]:
    """The navigation's «Регион» group: the municipalities, then each regional registry."""
    if model.region is None:
        return []
    return [(REGION_TITLE, REGION_PAGE), *((region_title(f), f"region/{f}.md") for f in model.region.folders())]


def _overview(region: RegionData) -> dict[str, Any]:
    rows = regional_monitoring(region)
    chart = region_chart(rows) if any(r.platforms for r in rows) else None
    return {"rows": rows, "long_date": long_date, "folders": region.folders(), "kinds": KINDS, "listed": LISTED, "chart": chart}


def _registry(region: RegionData, folder: str, split_up: bool, own: list[Entry]) -> dict[str, Any]:
    kind = KINDS[folder]
    groups = [(m, m.by_kind(folder)) for m in region.municipalities]
    also = _also(region, folder)
    if folder == "organizations":  # one organization in several exports (one INN) is one card, in the first one's (§4)
        later = {id(h) for group in region.organizations() for h in group[1:]}
        groups = [(m, [h for h in found if id(h) not in later]) for m, found in groups]
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACET_NAMES if name not in ("Вид", MUNICIPALITY)}
    for h in region.entries(folder):
        for name, values in harvested_record(h).filters.items():
            if name in counts:
                counts[name].update(values)
    facets = []
    for name, counter in counts.items():  # as the registries show them: the FACET_VALUES most frequent, by name
        if len(counter) > 1:
            shown = sorted(counter.items(), key=lambda item: (-item[1], fold(item[0])))[:FACET_VALUES]
            facets.append((name, sorted(shown, key=lambda item: fold(item[0]))))
    return {
        "kind": kind,
        "search_kind": kind_label(kind.one),
        "groups": groups,
        "also_of": lambda h: also.get(id(h), []),
        "parts": {m.settings.id: municipality_base(folder, m.settings.id) for m, found in groups if found} if split_up else {},
        "facets": facets,
        "total": sum(len(found) for _, found in groups),
        "own": own[:OWN_LISTED],
        "own_total": len(own),
        "long_date": long_date,
    }


def harvested_record(h: Harvested) -> SearchRecord:
    """What the regional search index learns of a harvested entry: the municipal model's facets (status, direction…),
    the municipality as the settings name it, and the page on the municipal site (``href``) the result links to."""
    own = entry_record(h.model, h.entry) if h.model is not None else SearchRecord({})
    meta = {**own.meta, "href": h.url, "municipality": h.municipality.name, "id": h.id}
    meta.setdefault("title", h.entry.title)
    meta.setdefault("kind", kind_label(h.entry.kind.one))
    filters = {**own.filters, MUNICIPALITY: [h.municipality.name]}
    filters.setdefault("Вид", [kind_label(h.entry.kind.one)])
    return SearchRecord(meta, {name: filters[name] for name in FACET_NAMES if filters.get(name)})
