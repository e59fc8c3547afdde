"""Stage 4a: which pages the site has, derived from the content model.

Each :class:`PageSpec` names a virtual Markdown file (its address), its title, the
Jinja2 template that renders its HTML parts and that template's context. Nothing here
renders HTML or knows the host engine.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from generator.guide import GUIDE_PAGE, GUIDE_TITLE, guide_context
from generator.kinds import KINDS
from generator.model import ContentModel, Entry, Person, sort_by_date
from generator.paginate import SPLIT, Pager, Section, page_path, page_title, page_url, section_starts, split, split_sections, unique_segments
from generator.russian import first_letter, fold, month_name, slug
from generator.search import FACETS, SEARCH_PAGE, entry_record, kind_label


@dataclass(frozen=True)
class PageSpec:
    path: str
    """The virtual source file, relative to the content folder: ``platforms/x.md``."""
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    """Markdown the host converts (an entry's body); the template adds HTML around it."""

    @property
    def url(self) -> str:
        stem = self.path[: -len(".md")]
        return "" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else f"{stem}/")


ACCESSIBILITY_PAGE = "accessibility.md"
"""The accessibility statement; an editor's own ``content/accessibility.md`` replaces it."""


def site_pages(model: ContentModel) -> list[PageSpec]:
    pages: list[PageSpec] = []
    for entry in model.all():
        pages.append(PageSpec(f"{entry.url.rstrip('/')}.md", entry.title, f"innopub/entry/{entry.kind.folder}.html", {"entry": entry}, entry.body))
    for folder in model.entries:
        pages += _registry_pages(model, folder)
    pages += _people_pages(model) + _term_pages(model, "tags", "Теги") + _term_pages(model, "directions", "Направления")
    pages += _archive_pages(model)
    pages.append(PageSpec(SEARCH_PAGE, "Поиск", "innopub/search.html", {"facets": list(FACETS)}))
    pages.append(PageSpec(ACCESSIBILITY_PAGE, "Доступность сайта", "innopub/accessibility.html"))  # linked from the footer
    pages.append(PageSpec(GUIDE_PAGE, GUIDE_TITLE, "innopub/vocabularies.html", guide_context(model.settings)))
    if not model.home_page_exists():
        pages.append(PageSpec("index.md", "Главная", "innopub/home.html", home_context(model)))
    return pages


def registries(model: ContentModel) -> list[tuple[str, str]]:
    """(title, address) of every registry the site has, in the kinds' order."""
    return [(kind.registry, f"{folder}/") for folder, kind in KINDS.items() if folder in model.entries]


NavItem = tuple[str, "str | list[NavItem]"]


def nav_sections(model: ContentModel) -> list[NavItem]:
    """The site's navigation: sections and registries, never every entry.

    Material renders the whole navigation into every page, so entries are reached
    through registries, not through the navigation.
    """

    def registries(*folders: str) -> list[NavItem]:
        return [(KINDS[f].registry, f"{f}/index.md") for f in folders if f in model.entries]

    nav: list[NavItem] = [("Главная", "index.md")]
    groups: list[tuple[str, list[NavItem]]] = [
        ("Площадки", registries("platforms", "organizations")),
        ("Публикации", [*registries("reports", "practices", "articles", "collections", "bulletin"), ("Архив", "archive/index.md")]),
        ("Мероприятия", registries("events")),
        ("Авторы", [("Авторы", "authors/index.md")] if model.people else []),
        ("Указатели", [("Направления", "directions/index.md"), ("Теги", "tags/index.md")]),
        ("О сайте", [(p.title or p.path, p.path) for p in model.pages if "/" not in p.path and p.path != "index.md"] + [(GUIDE_TITLE, GUIDE_PAGE)]),
    ]
    for title, items in groups:
        if len(items) == 1:
            nav.append((title, items[0][1]))
        elif items:
            nav.append((title, items))
    return nav


def _registry_pages(model: ContentModel, folder: str) -> list[PageSpec]:
    """A kind's registry: one page while it is short; else an overview and each section's own pages."""
    kind, size = KINDS[folder], model.settings.page_size
    sections = registry_sections(model, folder)
    context: dict[str, Any] = {
        "kind": kind,
        "total": len(model.entries[folder]),
        "sections": sections,
        "facets": registry_facets(model, folder),
        "search_kind": kind_label(kind.one),
        "section_pages": [],
        "recent": None,
    }
    if context["total"] <= size:
        return [PageSpec(f"{folder}/index.md", kind.registry, "innopub/registry.html", context)]
    bases = [f"{folder}/{SPLIT}/{segment}/" for segment in unique_segments(s.segment or s.title for s in sections)]
    section_pages = list(zip(sections, bases, strict=True))
    context.update(section_pages=section_pages, recent=_recent(model, folder, sections))
    pages = [PageSpec(f"{folder}/index.md", kind.registry, "innopub/registry.html", context)]
    parts = [(section.title, base, len(section.entries)) for section, base in section_pages]
    for section, base in section_pages:
        common = {"kind": kind, "section": section, "parts": parts, "base": base}
        pages += _paged(base, f"{kind.registry}: {section.title}", "innopub/registry_section.html", common, "entries", split(section.entries, size))
    return pages


def _recent(model: ContentModel, folder: str, sections: list[Section]) -> Section | None:
    """The split overview's short list: the nearest upcoming events, or the newest entries of a dated kind."""
    if folder in ("organizations", "platforms"):
        return None
    size = min(model.settings.latest_size, model.settings.page_size)
    first = sections[0]
    if first.anchor == "upcoming":
        return Section("Ближайшие", first.entries[:size], anchor="recent")
    return Section("Недавние", sort_by_date(model.entries[folder])[:size], anchor="recent")


def _paged(base: str, title: str, template: str, context: dict[str, Any], key: str, parts: list[list[Any]]) -> list[PageSpec]:
    """One page per part of a listing split by :func:`split`; each knows its place in a :class:`Pager`."""
    return [
        PageSpec(page_path(base, n), page_title(title, n), template, {**context, key: part, "pager": Pager(n, len(parts), base)})
        for n, part in enumerate(parts, 1)
    ]


def registry_sections(model: ContentModel, folder: str) -> list[Section]:
    entries = model.entries[folder]
    if folder == "platforms":
        return _platform_sections(model, entries)
    if folder == "organizations":
        groups: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            groups[entry.meta.municipality].append(entry)
        return [Section(name, groups[name], anchor=slug(name)) for name in sorted(groups, key=fold)]
    if folder == "events":
        today = model.settings.reference_date()
        upcoming = sorted((e for e in entries if (e.meta.end or e.date) >= today), key=lambda e: (e.date, e.id))
        past = [e for e in sort_by_date(entries) if (e.meta.end or e.date) < today]
        sections = [Section("Предстоящие", upcoming, anchor="upcoming")] if upcoming else []
        return sections + _by_year(past)
    return _by_year(sort_by_date(entries))


FACET_VALUES = 30
"""The most values of one facet a registry shows (the most frequent); the search page offers them all."""


def registry_facets(model: ContentModel, folder: str) -> list[tuple[str, list[tuple[str, int]], int]]:
    """The search page's facets for one kind's entries, with counts: (facet, [(value, count)], values not shown).

    The same values Pagefind filters on (``search.entry_record``), so a registry's facet link
    opens the search page narrowed to exactly these entries. Facets with one value are left out;
    of a facet with many values (organizations: hundreds) only the ``FACET_VALUES`` most frequent.
    """
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS if name != "Вид"}
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


def collection_sections(collection: Entry) -> list[Section]:
    """A conference collection's articles: by its ``sections`` order, then by title."""
    articles = collection.backlinks.get("articles", [])
    order = {name: i for i, name in enumerate(collection.meta.sections)}
    groups: dict[str, list[Entry]] = defaultdict(list)
    for article in articles:
        groups[article.meta.section or ""].append(article)
    names = sorted(groups, key=lambda n: (n not in order, order.get(n, 0), fold(n)))
    return [Section(n, sorted(groups[n], key=lambda a: (fold(a.title), a.id)), anchor=f"section-{i + 1}") for i, n in enumerate(names)]


def _by_year(entries: list[Entry]) -> list[Section]:
    years: dict[int, list[Entry]] = defaultdict(list)
    for entry in entries:
        years[entry.date.year if entry.date else 0].append(entry)
    return [Section(str(year) if year else "Без даты", years[year], anchor=f"y{year}") for year in sorted(years, reverse=True)]


def _platform_sections(model: ContentModel, entries: list[Entry]) -> list[Section]:
    sections = []
    for status in model.settings.statuses:
        group = [e for e in entries if e.meta.status == status.code]
        if group:
            note = f"{status.name}; уровень: {status.level}"
            sections.append(Section(f"{status.code} — {status.name}", group, note, slug(status.code), segment=status.code))
    return sections


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
    published = [e.date for e in model.publications() if e.kind.folder != "events"] or list(dated.values())
    return {path: day.isoformat() for path, day in dated.items()}, (max(published).isoformat() if published else None)


def home_context(model: ContentModel) -> dict[str, Any]:
    today = model.settings.reference_date()
    events = model.entries.get("events", [])
    upcoming = sorted((e for e in events if (e.meta.end or e.date) >= today), key=lambda e: (e.date, e.id))
    registries = [(KINDS[f], len(entries)) for f, entries in model.entries.items()]
    return {
        "latest": [e for e in model.publications() if e.date <= today][: model.settings.latest_size],
        "upcoming": upcoming[:5],
        "registries": registries,
        "people": len(model.people),
    }
