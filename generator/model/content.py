"""Stage 3: the one typed content model that every page, feed and collection reads.

Built by ``link`` from validated documents; everything here is resolved: references are
entries, people are matched across entries, back-links are filled in.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from generator.common.russian import fold, slug
from generator.kinds import KINDS, Kind
from generator.kinds.schema import EntryMeta
from generator.listing.order import sort_by_date
from generator.settings.options import Settings

if TYPE_CHECKING:
    from generator.model.harvest import RegionData

T = TypeVar("T")


@dataclass(eq=False, repr=False)
class Person:
    """One person across every entry that names them («ё» = «е», case and spacing ignored)."""

    name: str
    key: str
    slug: str
    credits: list[Credit] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"authors/{self.slug}/"

    def __repr__(self) -> str:
        return f"Person({self.name!r})"

    def entries(self) -> list[Entry]:
        seen: dict[int, Entry] = {}
        for credit in self.credits:
            seen.setdefault(id(credit.entry), credit.entry)
        return sort_by_date(seen.values())


@dataclass(eq=False, repr=False)
class Credit:
    """A person named in one field of one entry (``authors``, ``leader``, ``editors``…)."""

    person: Person
    entry: Entry
    role: str
    position: str | None
    organization: Entry | None
    organization_text: str | None

    def __repr__(self) -> str:
        return f"Credit({self.person.name!r}, {self.role!r}, {self.entry.url!r})"


@dataclass(frozen=True)
class Attachment:
    path: str
    """Path under ``content/files/``."""
    title: str
    format: str
    size: int

    @property
    def url(self) -> str:
        return f"files/{self.path}"


@dataclass(eq=False, repr=False)
class Entry:
    kind: Kind
    id: str
    path: str
    """Source path relative to the content folder."""
    meta: EntryMeta
    body: str
    summary: str
    refs: dict[str, list[Entry]] = field(default_factory=dict)
    """Resolved references, by field name."""
    backlinks: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    """Entries that reference this one, by their kind's folder."""
    credits: dict[str, list[Credit]] = field(default_factory=dict)
    """People, by field name."""
    attachments: list[Attachment] = field(default_factory=list)
    products: list[tuple[str, Attachment | None]] = field(default_factory=list)
    title: str = field(init=False)
    date: dt.date | None = field(init=False)
    """Plain attributes, not properties reading ``meta``: every listing sorts by them (hundreds of thousands
    of reads at 10,000 entries)."""

    def __post_init__(self) -> None:
        self.title = self.meta.title
        self.date = self.meta.date

    @property
    def url(self) -> str:
        return f"{self.kind.folder}/{self.id}/"

    @cached_property
    def sort_title(self) -> str:
        """The title as entries are sorted by it («ё» = «е», case ignored): folded once, not in every sort."""
        return fold(self.meta.title)

    @cached_property
    def date_key(self) -> tuple[int, str, str]:
        """Newest first, undated last, then by title and id: :func:`generator.listing.order.sort_by_date`'s key, made once."""
        return (-(self.date.toordinal() if self.date else 0), self.sort_title, self.id)

    def __repr__(self) -> str:
        return f"Entry({self.url!r})"

    def ref(self, name: str) -> Entry | None:
        found = self.refs.get(name) or []
        return found[0] if found else None


@dataclass(frozen=True)
class Page:
    """An ordinary Markdown page of ``content/`` that MkDocs renders as it is."""

    path: str
    title: str | None

    @property
    def url(self) -> str:
        stem = self.path[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            stem = stem[: -len("index")]
            return stem
        return f"{stem}/"


@dataclass(frozen=True)
class Redirect:
    """An old address (``aliases:``) that sends readers to an entry."""

    url: str
    target: Entry


@dataclass(eq=False)
class ContentModel:
    settings: Settings
    entries: dict[str, list[Entry]]
    """Published entries by kind's folder, in title order."""
    people: list[Person]
    pages: list[Page]
    redirects: list[Redirect]
    unpublished: list[str]
    """Source paths of drafts: on no page, in no feed, in no search."""
    region: RegionData | None = None
    """A regional site's harvested municipalities (:mod:`generator.model.harvest`): never in ``entries``."""

    def __post_init__(self) -> None:
        self._index = {(e.kind.folder, e.id): e for group in self.entries.values() for e in group}
        self._publications: list[Entry] | None = None
        self._views: dict[str, Any] = {}

    def view(self, name: str, make: Callable[[], T]) -> T:
        """A view derived from the whole model (the monitoring, the control of decisions), made once per model on
        first use and shared by every page, dataset and search record that reads it."""
        if name not in self._views:
            self._views[name] = make()
        return self._views[name]

    def changed(self) -> None:
        """Entries were edited in place (:func:`generator.model.resolve.patch_model`): what is worked out of them goes."""
        self._publications = None
        self._views.clear()

    def dispose(self) -> None:
        """Break the model's cycles (entries referring to each other, people and their credits), so that a replaced
        model is freed at once, without the cycle collector walking it: a preview replaces it after every save."""
        for entry in self._index.values():
            entry.refs.clear()
            entry.backlinks.clear()
            entry.credits.clear()
        for person in self.people:
            person.credits.clear()
        self._index.clear()
        self.entries.clear()
        self._publications = None
        self._views.clear()

    def get(self, folder: str, id: str) -> Entry | None:
        return self._index.get((folder, id))

    def all(self) -> list[Entry]:
        return [e for folder in KINDS for e in self.entries.get(folder, [])]

    def publications(self) -> list[Entry]:
        """Dated publications, newest first (sorted once: the model does not change once linked)."""
        if self._publications is None:
            self._publications = sort_by_date(e for e in self.all() if e.kind.publication and e.date)
        return list(self._publications)

    def by_value(self, field_name: str) -> dict[str, list[Entry]]:
        """Entries grouped by each value of a list field (``tags``, ``directions``), values sorted.

        Values with one slug are one group (their page has one address, ``/tags/<slug>/``):
        «Наставничество» and «наставничество» are one tag, shown as most entries spell it.
        """
        groups: dict[str, list[Entry]] = defaultdict(list)
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for entry in self.all():
            for value in getattr(entry.meta, field_name):
                key = slug(value)
                group = groups[key]
                if not group or group[-1] is not entry:
                    group.append(entry)
                spellings[key][value] += 1
        names = {key: min(counts, key=lambda v: (-counts[v], fold(v), v)) for key, counts in spellings.items()}
        return {names[key]: sort_by_date(groups[key]) for key in sorted(groups, key=lambda k: (fold(names[k]), names[k]))}

    def home_page_exists(self) -> bool:
        return any(p.path == "index.md" for p in self.pages)
