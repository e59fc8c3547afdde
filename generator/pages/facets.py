"""Search: what Pagefind indexes for each entry, derived from the content model, and the indexer run.

Only entry pages are indexed. Their facets (``data-pagefind-filter``) and result metadata
(``data-pagefind-meta``) come from the model here, never from parsing HTML; the document
Pagefind reads is written by the template ``innopub/search_document.html`` and handed to
Pagefind by ``generator/search/indexer.py`` while the site renders. Russian word forms are matched by
Pagefind's Russian stemmer (``<html lang="ru">``); Pagefind 1.5 also folds «ё» to «е» in the
index and in queries, and ``theme/assets/search.js`` folds the query as well, so «ё» = «е»
does not depend on the indexer's version; it also rewrites «-ый/-ий/-ой» query words, which
Pagefind's «й» → «и» folding stems apart from their other forms (see the README). Nothing here
imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.common.russian import long_date
from generator.model.content import ContentModel, Entry

# Facet names as readers see them, in the order the search page shows them.
FACETS = ("Вид", "Год", "Статус площадки", "Уровень площадки", "Направление", "Муниципалитет", "Организация", "Уровень образования")
SEARCH_DOCUMENT = "innopub/search_document.html"
# Not indexed: heading permalinks («¶»), the labels of metadata cards («Дата», «Авторы») and «Как
# цитировать», which repeats the title, the authors and the site's name on every page: indexed, it
# was the snippet of every search for an author. Dates (``<time>``: the card's and those of every
# listed back-link) and counts («(4 отчёта)») are no search terms, and a snippet cut inside
# «18 июня 2024 г.» ended in a stray «18»; the entry's own date is the result's metadata.
# The monitoring's parts of a page (a platform's reporting timeline and status term, the points of decisions an
# organization is responsible for) are the coordinators' figures, not the entry's text: a snippet that quoted
# «срок сдачи — 15 сентября 2027 г.» said nothing of the page.
EXCLUDE_SELECTORS = [".headerlink", ".innopub-card dt", ".innopub-cite", "time", ".innopub-count", ".innopub-reporting", ".innopub-term"]


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
    year = entry.kind.facet_date(entry)
    if year:
        filters["Год"].append(str(year.year))
    statuses = {s.code: s for s in model.settings.statuses}
    for platform in entry.kind.platforms(entry):
        status = statuses.get(platform.meta.status)
        filters["Статус площадки"].append(platform.meta.status)
        if status:
            filters["Уровень площадки"].append(status.level)
    filters["Направление"] += entry.meta.directions
    for organization in entry.kind.organizations(entry):
        filters["Муниципалитет"].append(organization.meta.municipality)
        filters["Организация"].append(organization.meta.short)
    levels = {t.code: t.name for t in model.settings.levels}
    filters["Уровень образования"] += [levels.get(code, code) for code in getattr(entry.meta, "levels", [])]
    unique = {name: list(dict.fromkeys(values)) for name, values in filters.items() if values}
    return SearchRecord(meta, unique)
