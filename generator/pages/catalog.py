"""Stage 4a: which pages the site has, derived from the content model.

Each :class:`PageSpec` names a virtual Markdown file (its address), its title, the
Jinja2 template that renders its HTML parts and that template's context. Nothing here
renders HTML or knows the host engine.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.common.russian import first_letter, fold, month_name, slug
from generator.coordinators.control_pages import control_pages
from generator.coordinators.monitoring_pages import OVERDUE_TEMPLATE, monitor, overdue_pages, platform_context
from generator.coordinators.monitoring_pages import PAGES as MONITORING_PAGES
from generator.kinds import KINDS
from generator.kinds.events import upcoming
from generator.kinds.schema import TAXONOMIES
from generator.listing.order import Section
from generator.listing.paginate import SPLIT, Pager, page_path, page_title, page_url, section_starts, split, split_sections, unique_segments
from generator.model.content import ContentModel, Entry, Person
from generator.pages.facets import FACET_NAMES, entry_record, kind_label
from generator.pages.guide import guide_context
from generator.pages.home import coordination_context
from generator.pages.region import region_nav, region_pages
from generator.read.addresses import ACCESSIBILITY_PAGE, GUIDE_PAGE, GUIDE_TITLE, OPENDATA_PAGE, SEARCH_PAGE, url_of


@dataclass(frozen=True)
class PageSpec:
    path: str
    """The virtual source file, relative to the content folder: ``platforms/x.md``."""
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    """Markdown the host converts (an entry's body); the template adds HTML around it."""
    later: Callable[[], dict[str, Any]] | None = field(default=None, compare=False)
    """The rest of the context, worked out when the page is rendered: a registry's facet counts, a platform's
    timeline, the monitoring. A preview renders only the pages it is asked for, so it never pays for the rest."""

    @property
    def url(self) -> str:
        return url_of(self.path)

    def full_context(self) -> dict[str, Any]:
        """``context`` with what ``later`` adds, worked out once."""
        if self.later is None:
            return self.context
        cached = self.__dict__.get("_full")
        if cached is None:
            cached = {**self.context, **self.later()}
            object.__setattr__(self, "_full", cached)
        return cached

    @property
    def entry(self) -> Entry | None:
        """The entry an entry page shows; ``None`` for every other page."""
        return self.context.get("entry") if self.template.startswith("innopub/entry/") else None


def site_pages(model: ContentModel) -> list[PageSpec]:
    pages: list[PageSpec] = []
    for entry in model.all():
        later = functools.partial(platform_context, model, entry) if "platform" in entry.kind.monitoring.roles else None  # issue 10
        pages.append(PageSpec(f"{entry.url.rstrip('/')}.md", entry.title, entry.kind.template, {"entry": entry}, entry.body, later))
    for folder in model.entries:
        pages += _registry_pages(model, folder)
    pages += _people_pages(model)
    for field_name, title in TAXONOMIES.items():
        pages += _term_pages(model, field_name, title)
    pages += _archive_pages(model)
    pages += coordinators_specs(model)
    pages += [PageSpec(path, title, template, context, later=later) for path, title, template, context, later in region_pages(model)]  # issue 23
    pages.append(PageSpec(SEARCH_PAGE, "Поиск", "innopub/search.html", {"facets": list(FACET_NAMES)}))
    pages.append(PageSpec(ACCESSIBILITY_PAGE, "Доступность сайта", "innopub/accessibility.html"))  # linked from the footer
    pages.append(PageSpec(GUIDE_PAGE, GUIDE_TITLE, "innopub/vocabularies.html", guide_context(model.settings, model.entries)))
    if not model.home_page_exists():
        later = functools.partial(coordination_context, model)  # the ways to the coordinators' pages (issue 21)
        pages.append(PageSpec("index.md", "Главная", "innopub/home.html", home_context(model), later=later))
    return pages


def coordinators_specs(model: ContentModel) -> list[PageSpec]:
    """The pages of the coordinators' views, each view computed once per model (``model.view``): the monitoring of
    the platforms (issue 10), the control of the decisions' points (split into pages when long, issue 19)."""
    specs = monitoring_specs(model) if model.entries.get("platforms") else []
    if model.entries.get("decisions"):
        specs += [PageSpec(x.path, x.title, x.template, x.context) for x in control_pages(model)]
    return specs


def monitoring_specs(model: ContentModel) -> list[PageSpec]:
    """The monitoring pages (issue 10), and the overdue reports' own pages when they are many (issue 19). The
    monitoring is computed once, here, since how many pages the overdue list takes depends on it (0.07 s at 10,000
    entries); each page's context (its charts and tables) is worked out when the page is rendered."""
    m = monitor(model)
    specs = [PageSpec(page.path, page.title, page.template, later=functools.partial(page.context, m)) for page in MONITORING_PAGES]
    return specs + [PageSpec(path, title, OVERDUE_TEMPLATE, context) for path, title, context in overdue_pages(m)]


def registries(model: ContentModel) -> list[tuple[str, str]]:
    """(title, address) of every registry the site has, in the kinds' order."""
    return [(kind.registry, f"{folder}/") for folder, kind in KINDS.items() if folder in model.entries]


NavItem = tuple[str, "str | list[NavItem]"]


def nav_kept(items: list[NavItem], existing: set[str]) -> list[NavItem]:
    """``items`` without the pages not in ``existing``, and without the sections left empty."""
    kept: list[NavItem] = []
    for title, target in items:
        if isinstance(target, list):
            children = nav_kept(target, existing)
            if children:
                kept.append((title, children))
        elif target in existing:
            kept.append((title, target))
    return kept


def nav_sections(model: ContentModel) -> list[NavItem]:
    """The site's navigation: sections and registries, never every entry.

    Material renders the whole navigation into every page, so entries are reached
    through registries, not through the navigation.
    """

    groups: dict[str, list[NavItem]] = {}
    for kind in sorted(KINDS.values(), key=lambda k: k.nav_order):
        if kind.folder in model.entries:
            pages: list[NavItem] = [(kind.registry, f"{kind.folder}/index.md")]
            pages = [*kind.nav_pages, *pages] if kind.nav_pages_first else [*pages, *kind.nav_pages]
            groups.setdefault(kind.nav_group, []).extend(pages)
    groups.setdefault("Публикации", []).append(("Архив", "archive/index.md"))
    groups["Мониторинг"] = [
        ("Обзор площадок", "monitoring/index.md"),
        ("Отчётность", "monitoring/reports.md"),
        ("Сроки статусов", "monitoring/terms.md"),
        ("Открытые данные", OPENDATA_PAGE),
    ]
    if model.region is not None:  # a regional site (issue 23)
        groups["Регион"] = region_nav(model)
    groups["Авторы"] = [("Авторы", "authors/index.md")] if model.people else []
    groups["Указатели"] = sorted((title, f"{field_name}/index.md") for field_name, title in TAXONOMIES.items())
    about = [(p.title or p.path, p.path) for p in model.pages if "/" not in p.path and p.path != "index.md"]
    groups["О сайте"] = [*about, (GUIDE_TITLE, GUIDE_PAGE)]
    nav: list[NavItem] = [("Главная", "index.md")]
    for title, items in groups.items():
        if len(items) == 1:
            nav.append((title, items[0][1]))
        elif items:
            nav.append((title, items))
    return nav


def _registry_pages(model: ContentModel, folder: str) -> list[PageSpec]:
    """A kind's registry: one page while it is short; else an overview and each section's own pages."""
    kind, size = KINDS[folder], model.settings.page_size
    sections = kind.registry_sections(model.entries[folder], model.settings)
    context: dict[str, Any] = {
        "kind": kind,
        "total": len(model.entries[folder]),
        "sections": sections,
        "facets": None,  # counted when the page is rendered (``later``)
        "search_kind": kind_label(kind.one),
        "platform_facets": any(kind.platforms(e) for e in model.entries[folder]),
        "section_pages": [],
        "recent": None,
    }

    def facets() -> dict[str, Any]:
        return {"facets": registry_facets(model, folder)}

    if context["total"] <= size:
        return [PageSpec(f"{folder}/index.md", kind.registry, "innopub/registry.html", context, later=facets)]
    bases = [f"{folder}/{SPLIT}/{segment}/" for segment in unique_segments(s.segment or s.title for s in sections)]
    section_pages = list(zip(sections, bases, strict=True))
    recent = kind.recent(model.entries[folder], sections, min(model.settings.latest_size, size))
    context.update(section_pages=section_pages, recent=recent)
    pages = [PageSpec(f"{folder}/index.md", kind.registry, "innopub/registry.html", context, later=facets)]
    parts = [(section.title, base, len(section.entries)) for section, base in section_pages]
    for section, base in section_pages:
        common = {"kind": kind, "section": section, "parts": parts, "base": base}
        pages += _paged(base, f"{kind.registry}: {section.title}", "innopub/registry_section.html", common, "entries", split(section.entries, size))
    return pages


def _paged(base: str, title: str, template: str, context: dict[str, Any], key: str, parts: list[list[Any]]) -> list[PageSpec]:
    """One page per part of a listing split by :func:`split`; each knows its place in a :class:`Pager`."""
    return [
        PageSpec(page_path(base, n), page_title(title, n), template, {**context, key: part, "pager": Pager(n, len(parts), base)})
        for n, part in enumerate(parts, 1)
    ]


def registry_sections(model: ContentModel, folder: str) -> list[Section]:
    return KINDS[folder].registry_sections(model.entries[folder], model.settings)


FACET_VALUES = 30
"""The most values of one facet a registry shows (the most frequent); the search page offers them all."""


def registry_facets(model: ContentModel, folder: str) -> list[tuple[str, list[tuple[str, int]], int]]:
    """The search page's facets for one kind's entries, with counts: (facet, [(value, count)], values not shown).

    The same values Pagefind filters on (``search.entry_record``), so a registry's facet link
    opens the search page narrowed to exactly these entries. Facets with one value are left out;
    of a facet with many values (organizations: hundreds) only the ``FACET_VALUES`` most frequent.
    """
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACET_NAMES if name != "Вид"}
    for entry in model.entries[folder]:
        for name, values in entry_record(model, entry).filters.items():
            if name in counts:
                counts[name].update(values)
    facets = []
    for name, counter in counts.items():
        if len(counter) > 1:
            shown = {value for value, _ in sorted(counter.items(), key=lambda item: (-item[1], fold(item[0])))[:FACET_VALUES]}
            order = sorted(shown, reverse=True) if name == "Год" else sorted(shown, key=fold)
            facets.append((name, [(value, counter[value]) for value in order], len(counter) - len(shown)))
    return facets


def _people_pages(model: ContentModel) -> list[PageSpec]:
    """The authors' index (one page, or when long a page per letter) and each person's page."""
    if not model.people:
        return []
    size = model.settings.page_size
    grouped: dict[str, list[Person]] = defaultdict(list)
    for person in model.people:
        grouped[first_letter(person.name)].append(person)
    letters = dict(sorted(grouped.items()))
    letter_pages: dict[str, str] = {}
    if len(model.people) > size:
        letter_pages = {letter: f"authors/{SPLIT}/{segment}/" for letter, segment in zip(letters, unique_segments(letters), strict=True)}
    pages = [PageSpec("authors/index.md", "Авторы", "innopub/authors.html", {"letters": letters, "letter_pages": letter_pages})]
    parts = [(letter, base, len(letters[letter])) for letter, base in letter_pages.items()]
    for letter, base in letter_pages.items():
        common = {"letter": letter, "total": len(letters[letter]), "parts": parts, "base": base}
        pages += _paged(base, f"Авторы: {letter}", "innopub/authors_letter.html", common, "people", split(letters[letter], size))
    return pages + [PageSpec(f"authors/{p.slug}.md", p.name, "innopub/person.html", {"person": p}) for p in model.people]


def _term_pages(model: ContentModel, field_name: str, title: str) -> list[PageSpec]:
    groups = model.by_value(field_name)
    terms = [(name, slug(name), entries) for name, entries in groups.items()]
    pages = [PageSpec(f"{field_name}/index.md", title, "innopub/terms.html", {"terms": terms, "field": field_name})]
    for name, term_slug, entries in terms:
        common = {"field": field_name, "index_title": title, "total": len(entries)}
        pages += _paged(f"{field_name}/{term_slug}/", name, "innopub/term.html", common, "entries", split(entries, model.settings.page_size))
    return pages


def _archive_pages(model: ContentModel) -> list[PageSpec]:
    """The archive's index of years and months, and each year's publications by month (paged when long)."""
    years: dict[int, dict[int, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    for entry in model.publications():
        years[entry.date.year][entry.date.month].append(entry)
    ordered = {y: dict(sorted(years[y].items(), reverse=True)) for y in sorted(years, reverse=True)}
    month_links: dict[int, dict[int, str]] = {}
    year_pages: list[PageSpec] = []
    for year, months in ordered.items():
        base = f"archive/{year}/"
        sections = [Section(f"{month_name(month)} {year}", entries, anchor=f"m{month}") for month, entries in months.items()]
        parts = split_sections(sections, model.settings.page_size)
        starts = section_starts(parts)
        month_links[year] = {month: f"{page_url(base, starts[f'm{month}'])}#m{month}" for month in months}
        common = {"year": year, "months": months, "month_links": month_links[year], "totals": {s.anchor: len(s.entries) for s in sections}}
        year_pages += _paged(base, f"Публикации {year} года", "innopub/archive_year.html", common, "sections", parts)
    return [PageSpec("archive/index.md", "Архив публикаций", "innopub/archive.html", {"years": ordered, "month_links": month_links}), *year_pages]


def page_dates(model: ContentModel) -> tuple[dict[str, str], str | None]:
    """Each entry page's date (by virtual path) and the site's, for the sitemap's ``lastmod``.

    Taken from the content, never the build's day, so the same content gives the same bytes;
    the site's date is its newest publication's (not a future event's).
    """
    dated = {f"{e.url.rstrip('/')}.md": e.date for e in model.all() if e.date}
    published = [e.date for e in model.publications() if not e.kind.future_dates] or list(dated.values())
    return {path: day.isoformat() for path, day in dated.items()}, (max(published).isoformat() if published else None)


def home_context(model: ContentModel) -> dict[str, Any]:
    today = model.settings.reference_date()
    registries = [(KINDS[f], len(entries)) for f, entries in model.entries.items()]
    return {
        "latest": [e for e in model.publications() if e.date <= today][: model.settings.latest_size],
        "upcoming": upcoming(model.entries.get("events", []), today)[:5],
        "registries": registries,
        "people": len(model.people),
    }
