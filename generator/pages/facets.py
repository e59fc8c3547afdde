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

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from generator.common.russian import long_date
from generator.model.content import ContentModel, Entry

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


@dataclass(frozen=True)
class Facet:
    """A filter of the search page and of the registries' facet links: its name as readers see it and the values an
    entry has for it, found through the kinds' own hooks (``platforms()``, ``organizations()``, ``facet_date()``)."""

    name: str
    values: Callable[[ContentModel, Entry], Iterable[str]]


def _platforms(entry: Entry) -> list[Entry]:
    return list(entry.kind.platforms(entry))


def _status_levels(model: ContentModel, entry: Entry) -> Iterator[str]:
    statuses = {s.code: s for s in model.settings.statuses}
    for platform in _platforms(entry):
        if platform.meta.status in statuses:
            yield statuses[platform.meta.status].level


def _education_levels(model: ContentModel, entry: Entry) -> list[str]:
    names = {t.code: t.name for t in model.settings.levels}
    return [names.get(code, code) for code in getattr(entry.meta, "levels", [])]


def _year(model: ContentModel, entry: Entry) -> list[str]:
    day = entry.kind.facet_date(entry)
    return [str(day.year)] if day else []


FACETS = (
    Facet("Вид", lambda model, entry: [kind_label(entry.kind.one)]),
    Facet("Год", _year),
    Facet("Статус площадки", lambda model, entry: [p.meta.status for p in _platforms(entry)]),
    Facet("Уровень площадки", _status_levels),
    Facet("Направление", lambda model, entry: entry.meta.directions),
    Facet("Муниципалитет", lambda model, entry: [o.meta.municipality for o in entry.kind.organizations(entry)]),
    Facet("Организация", lambda model, entry: [o.meta.short for o in entry.kind.organizations(entry)]),
    Facet("Уровень образования", _education_levels),
)
"""The facets in the order the search page shows them: one declaration for the index, the search page and the
registries' facet links (a new facet is a line here)."""
FACET_NAMES = tuple(facet.name for facet in FACETS)


def entry_record(model: ContentModel, entry: Entry) -> SearchRecord:
    meta = {"title": entry.title, "kind": kind_label(entry.kind.one)}
    if entry.date:
        meta["date"] = long_date(entry.date)
    filters = {facet.name: list(dict.fromkeys(facet.values(model, entry))) for facet in FACETS}
    return SearchRecord(meta, {name: values for name, values in filters.items() if values})
