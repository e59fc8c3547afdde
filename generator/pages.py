"""Stage 4a: which pages the site has, derived from the content model.

Each :class:`PageSpec` names a virtual Markdown file (its address), its title, the
Jinja2 template that renders its HTML parts and that template's context. Nothing here
renders HTML or knows the host engine.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from generator.kinds import KINDS
from generator.model import ContentModel, Entry, sort_by_date
from generator.russian import first_letter, fold, slug
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


@dataclass(frozen=True)
class Section:
    """A titled group of entries in a listing."""

    title: str
    entries: list[Entry]
    note: str = ""
    anchor: str = ""


def site_pages(model: ContentModel) -> list[PageSpec]:
    pages: list[PageSpec] = []
    for entry in model.all():
        pages.append(PageSpec(f"{entry.url.rstrip('/')}.md", entry.title, f"innopub/entry/{entry.kind.folder}.html", {"entry": entry}, entry.body))
    for folder, _entries in model.entries.items():
        kind = KINDS[folder]
        pages.append(
            PageSpec(
                f"{folder}/index.md",
                kind.registry,
                "innopub/registry.html",
                {
                    "kind": kind,
                    "sections": registry_sections(model, folder),
                    "facets": registry_facets(model, folder),
                    "search_kind": kind_label(kind.one),
                },
            )
        )
    pages += _people_pages(model) + _term_pages(model, "tags", "Теги") + _term_pages(model, "directions", "Направления")
    pages += _archive_pages(model)
    pages.append(PageSpec(SEARCH_PAGE, "Поиск", "innopub/search.html", {"facets": list(FACETS)}))
    if not model.home_page_exists():
        pages.append(PageSpec("index.md", "Главная", "innopub/home.html", home_context(model)))
    return pages


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
        ("О сайте", [(p.title or p.path, p.path) for p in model.pages if "/" not in p.path and p.path != "index.md"]),
    ]
    for title, items in groups:
        if len(items) == 1:
            nav.append((title, items[0][1]))
        elif items:
            nav.append((title, items))
    return nav


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


def registry_facets(model: ContentModel, folder: str) -> list[tuple[str, list[tuple[str, int]]]]:
    """The search page's facets for one kind's entries, with counts: (facet, [(value, count)]).

    The same values Pagefind filters on (``search.entry_record``), so a registry's facet link
    opens the search page narrowed to exactly these entries. Facets with one value are left out.
    """
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS if name != "Вид"}
    for entry in model.entries[folder]:
        for name, values in entry_record(model, entry).filters.items():
            if name in counts:
                counts[name].update(values)
    facets = []
    for name, counter in counts.items():
        if len(counter) > 1:
            order = sorted(counter, reverse=True) if name == "Год" else sorted(counter, key=fold)
            facets.append((name, [(value, counter[value]) for value in order]))
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
            sections.append(Section(f"{status.code} — {status.name}", group, note, slug(status.code)))
    return sections


def _people_pages(model: ContentModel) -> list[PageSpec]:
    if not model.people:
        return []
    letters: dict[str, list] = defaultdict(list)
    for person in model.people:
        letters[first_letter(person.name)].append(person)
    index = PageSpec("authors/index.md", "Авторы", "innopub/authors.html", {"letters": dict(sorted(letters.items()))})
    return [index] + [PageSpec(f"authors/{p.slug}.md", p.name, "innopub/person.html", {"person": p}) for p in model.people]


def _term_pages(model: ContentModel, field_name: str, title: str) -> list[PageSpec]:
    groups = model.by_value(field_name)
    terms = [(name, slug(name), entries) for name, entries in groups.items()]
    index = PageSpec(f"{field_name}/index.md", title, "innopub/terms.html", {"terms": terms, "field": field_name})
    return [index] + [
        PageSpec(f"{field_name}/{term_slug}.md", name, "innopub/term.html", {"entries": entries, "field": field_name, "index_title": title})
        for name, term_slug, entries in terms
    ]


def _archive_pages(model: ContentModel) -> list[PageSpec]:
    years: dict[int, dict[int, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    for entry in model.publications():
        years[entry.date.year][entry.date.month].append(entry)
    ordered = {y: dict(sorted(years[y].items(), reverse=True)) for y in sorted(years, reverse=True)}
    pages = [PageSpec("archive/index.md", "Архив публикаций", "innopub/archive.html", {"years": ordered})]
    pages += [
        PageSpec(f"archive/{year}.md", f"Публикации {year} года", "innopub/archive_year.html", {"year": year, "months": months})
        for year, months in ordered.items()
    ]
    return pages


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
