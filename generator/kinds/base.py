"""What a kind of entry is: the rules that differ between kinds, in one class.

Each kind is one module of this package (``platforms.py``, ``reports.py``…) holding its schema and a
subclass of :class:`Kind`, and one template, ``theme/innopub/entry/<folder>.html``, holding its page
(macros ``before``/``after``) and, where the kind lists differently from the rest, its ``listing``
and ``item_meta`` macros. Adding a kind is that module, that template and a line in
``generator/kinds/__init__.py`` — as MkDocs' config options each own their validation and Hugo's
page kinds their layouts. The stages ask the kind instead of comparing folder names; a vocabulary of its own
(:attr:`Kind.vocabularies`) and an open dataset (:attr:`Kind.dataset`) are declared in its module too.

Nothing here imports the content model: a kind's methods receive entries and settings at run time
(the model's stage imports the kinds, never the reverse).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from generator.common.russian import long_date
from generator.kinds.dataset import KindDataset
from generator.kinds.labels import LABELS
from generator.kinds.schema import EntryMeta
from generator.listing.order import Section, by_year, sort_by_date
from generator.settings.vocabularies import Vocabulary

if TYPE_CHECKING:
    from generator.model.content import Entry
    from generator.read.reader import Location
    from generator.settings.options import Settings


class Resolver(Protocol):
    """What the link stage offers a kind's :meth:`Kind.link` for one entry: each lookup reports an unknown id, a
    draft or a malformed ``kind/id`` at the line of ``loc``, with the closest id, and returns ``None`` then."""

    today: dt.date
    """The site's «today» (:mod:`generator.common.clock`): a date after it has not happened yet."""

    def entry(self, folder: str, target_id: str, loc: Location) -> Entry | None:
        """The entry ``target_id`` of ``folder``."""

    def item(self, ref: str, loc: Location) -> Entry | None:
        """The entry a ``kind/id`` names (``reports/otchet-2024``)."""

    def find(self, folder: str, target_id: str) -> Entry | None:
        """The entry, or ``None``, reporting nothing."""

    def error(self, loc: Location, message: str) -> None:
        """A problem of the entry at the line of ``loc``."""


@dataclass(frozen=True)
class EditionHead:
    """What the title page of a kind's PDF and EPUB edition prints (collections, bulletin issues)."""

    title: str
    subtitle: str
    publisher: str
    city: str
    editors: list[str]
    preface_title: str
    udk: str = ""
    bbk: str = ""
    isbn: str = ""


@dataclass(frozen=True)
class Monitoring:
    """A kind's part in the coordinators' view (issue 10); empty for kinds that play none."""

    roles: frozenset[str] = field(default_factory=frozenset)
    """«platform» (has a status term and a reporting obligation), «report» (fulfils one for an academic
    year), «decision» (has points under control)."""


class Kind:
    """One kind of entry of the editors' contract; subclasses set the class attributes and override the hooks."""

    folder: ClassVar[str]
    schema: ClassVar[type[EntryMeta]]
    one: ClassVar[str]
    """Singular nominative: «отчёт»."""
    few: ClassVar[str]
    many: ClassVar[str]
    registry: ClassVar[str]
    """Title of the kind's registry page: «Отчёты площадок»."""
    nav_group: ClassVar[str]
    """The navigation section its registry is in: «Площадки», «Публикации», «Мероприятия»…"""
    nav_order: ClassVar[int] = 100
    """Where its registry stands in the navigation (sections in the order their first registry comes)."""
    publication: ClassVar[bool] = False
    """Dated publications go to the archive, the feeds, the home page and the monthly bulletin."""
    names: ClassVar[tuple[str, ...]] = ()
    """Other names ``innopub new`` accepts besides the folder, its singular and the Russian name."""
    cited: ClassVar[bool] = False
    """Its pages carry «Как цитировать» (ГОСТ Р 7.0.100) and citation tags."""
    selectable: ClassVar[bool] = False
    """A digest's selector (``{tags: …}``…) may pick its entries."""
    editors_create: ClassVar[bool] = True
    """Editors create its files (the bulletin's are written by ``innopub bulletin``)."""
    future_dates: ClassVar[bool] = False
    """Its dates may lie ahead (events): they never date the site in the sitemap."""
    contents_field: ClassVar[str | None] = None
    """The field naming the entries it holds (``items`` of an issue, ``includes`` of a digest)."""
    holder: ClassVar[str] = ""
    """What it is when it holds entries, in messages: «сборник», «выпуск «Вестника»»."""
    feed: ClassVar[str | None] = None
    """The address of a feed of its own (the bulletin's), linked from its registry."""
    monitoring: ClassVar[Monitoring] = Monitoring()
    dataset: ClassVar[KindDataset | None] = None
    """Its own open dataset (:mod:`generator.kinds.dataset`), where the coordinators' registries do not declare one."""
    vocabularies: ClassVar[tuple[Vocabulary, ...]] = ()
    """The vocabularies of its own that its schema's ``Vocab`` markers name (an event's ``kind``): declared with the kind,
    each an option of ``mkdocs.yml`` unless not ``editable`` (:mod:`generator.settings.vocabularies`)."""
    nav_pages: ClassVar[tuple[tuple[str, str], ...]] = ()
    """(title, virtual file) of pages besides its registry that its nav group lists after it (the decisions' control
    page, which the coordinators' view of the decisions makes: :mod:`generator.coordinators.control_pages`)."""
    nav_pages_first: ClassVar[bool] = False
    """Its nav group lists ``nav_pages`` before its registry. A group's tab opens the group's first page (Material's
    ``navigation.tabs``): the tab «Контроль исполнения» opens the control page, not the decisions' registry."""

    def label(self, name: str) -> str:
        """What the field ``name`` of this kind is called on its page, in the web editor and in the guide: the schema's
        ``title`` for it, else the label of that field name (:data:`generator.kinds.labels.LABELS`)."""
        info = self.schema.model_fields.get(name)
        return (info.title if info is not None and info.title else None) or LABELS.get(name, name)

    @property
    def template(self) -> str:
        """The kind's template: its page's ``before``/``after`` and, optionally, ``listing``/``item_meta``."""
        return f"innopub/entry/{self.folder}.html"

    def forms(self) -> tuple[str, str, str]:
        return self.one, self.few, self.many

    def __repr__(self) -> str:
        return f"Kind({self.folder!r})"

    # References the schema's markers cannot declare (stage 3: link)

    def link(self, entry: Entry, refs: Resolver) -> None:
        """Resolve references nested inside a field's values, where :class:`generator.kinds.schema.Ref` cannot mark them
        (a decision's points), into ``entry.refs``; runs after the marked fields are resolved."""

    def check_together(self, entries: list[Entry], error: Callable[[Entry, Location, str], None]) -> None:
        """Checks across every entry of the kind, drafts included (the bulletin's numbers follow its months);
        ``error(entry, loc, message)`` reports a problem at the line of ``loc`` in ``entry``'s file."""

    def raw_references(self, meta: dict[str, Any]) -> list[tuple[Location, str, str, bool]]:
        """(location, folder, id, whether written as ``kind/id``) of the references of :meth:`link` in the raw front matter
        of a file that failed its check, so that one run still reports every unknown id of it."""
        return []

    # Registries and listings (stage 4: pages)

    def registry_sections(self, entries: list[Entry], settings: Settings) -> list[Section]:
        """The sections of the kind's registry: by year, newest first."""
        return by_year(sort_by_date(entries))

    def recent(self, entries: list[Entry], sections: list[Section], size: int) -> Section | None:
        """The short list a split registry's overview shows: the newest entries."""
        return Section("Недавние", sort_by_date(entries)[:size], anchor="recent")

    # Search facets (stage 4: search records)

    def facet_date(self, entry: Entry) -> dt.date | None:
        """The date whose year is the entry's «Год» facet."""
        return entry.date

    def platforms(self, entry: Entry) -> list[Entry]:
        """Platforms an entry belongs to (for the facets «Статус площадки», «Уровень площадки»)."""
        return list(entry.refs.get("platform", []))

    def organizations(self, entry: Entry) -> list[Entry]:
        """Organizations an entry belongs to: its own, its platform's, its authors'."""
        found = list(entry.refs.get("organization", []))
        for platform in entry.refs.get("platform", []):
            found += platform.refs.get("organizations", [])
        found += entry.refs.get("people_organizations", [])
        return list({id(o): o for o in found}.values())

    # Collections and print (stage 4: editions)

    def contents(self, entry: Entry) -> list[Section]:
        """The sections an edition of the entry prints (kinds that hold entries)."""
        return []

    def edition(self, entry: Entry, site_name: str) -> EditionHead | None:
        """The title page of the entry's PDF and EPUB; ``None``: the kind has no edition."""
        return None

    def print_note(self, entry: Entry) -> str:
        """The line under an item's title in an edition: «Отчёт · 1 июня 2024 г.»."""
        note = self.one[:1].upper() + self.one[1:]
        return note + (f" · {long_date(entry.date)}" if entry.date else "")

    def meta_value(self, entry: Entry, name: str) -> Any:
        """``entry.meta.<name>``, or ``None`` where the kind's schema has no such field."""
        return getattr(entry.meta, name, None) if name in type(entry.meta).model_fields else None


SITE_ORDER: list[str] = []
"""The kinds' folders in the order the site lists them, filled by the registry (:data:`generator.kinds.KINDS`) when it
is imported: a kind's hook groups entries in that order without importing the registry that imports it."""


def by_kind(entries: list[Entry]) -> list[Section]:
    """Entries grouped by kind in the site's order of kinds, each group in the given order."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    kinds: dict[str, Kind] = {}
    for entry in entries:
        groups[entry.kind.folder].append(entry)
        kinds[entry.kind.folder] = entry.kind
    return [Section(kinds[f].registry, groups[f], anchor=f"kind-{f}") for f in SITE_ORDER if f in groups]
