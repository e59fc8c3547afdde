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
from generator.coordinators.region import regional_monitoring
from generator.kinds import KINDS
from generator.model.content import ContentModel
from generator.model.harvest import Harvested, RegionData
from generator.pages.facets import FACET_NAMES, SearchRecord, entry_record, kind_label

REGION_PAGE = "region/index.md"
REGION_TITLE = "Муниципалитеты"
MUNICIPALITY = "Муниципалитет"


def region_title(folder: str) -> str:
    return f"{KINDS[folder].registry} муниципалитетов"


Spec = tuple[str, str, str, dict[str, Any], Callable[[], dict[str, Any]]]
"""(path, title, template, context, the rest of the context): what :mod:`generator.pages.catalog` makes a PageSpec of."""


def region_pages(model: ContentModel) -> list[Spec]:
    region = model.region
    if region is None:
        return []
    pages: list[Spec] = [(REGION_PAGE, REGION_TITLE, "innopub/region.html", {}, functools.partial(_overview, region))]
    for folder in region.folders():
        later = functools.partial(_registry, region, folder)
        pages.append((f"region/{folder}.md", region_title(folder), "innopub/region_registry.html", {"kind": KINDS[folder]}, later))
    return pages


def region_nav(model: ContentModel) -> list[tuple[str, str]]:
    """The navigation's «Регион» group: the municipalities, then each regional registry."""
    if model.region is None:
        return []
    return [(REGION_TITLE, REGION_PAGE), *((region_title(f), f"region/{f}.md") for f in model.region.folders())]


def _overview(region: RegionData) -> dict[str, Any]:
    rows = regional_monitoring(region)
    return {"rows": rows, "long_date": long_date, "folders": region.folders(), "kinds": KINDS}


def _registry(region: RegionData, folder: str) -> dict[str, Any]:
    kind = KINDS[folder]
    groups = [(m, m.by_kind(folder)) for m in region.municipalities]
    if folder == "organizations":  # one organization in several exports (one INN) is one card (§4)
        merged = {id(g[0]): g[1:] for g in region.organizations()}
        groups = [(m, [h for h in found if id(h) in merged]) for m, found in groups]
        also = {id(h): rest for h in region.entries(folder) if (rest := merged.get(id(h)))}
    else:
        also = {}
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACET_NAMES if name not in ("Вид", MUNICIPALITY)}
    for h in region.entries(folder):
        for name, values in harvested_record(h).filters.items():
            if name in counts:
                counts[name].update(values)
    facets = [(name, sorted(c.items(), key=lambda item: fold(item[0]))) for name, c in counts.items() if len(c) > 1]
    return {
        "kind": kind,
        "search_kind": kind_label(kind.one),
        "groups": groups,
        "also_of": lambda h: also.get(id(h), []),
        "facets": facets,
        "total": sum(len(found) for _, found in groups),
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
