"""Электронный сборник: a conference's articles by section, or a digest of existing entries; a PDF and an EPUB."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from generator.common.russian import fold, initials_first
from generator.kinds.base import EditionHead, Kind, by_kind
from generator.kinds.schema import EntryMeta, Id, IsoDate, People, Ref, Text, TextList, Vocab
from generator.listing.order import Section
from generator.settings.vocabularies import Vocabulary

if TYPE_CHECKING:
    from generator.model.content import Entry

COLLECTION_KINDS = Vocabulary(
    "collection_kinds",
    ("conference", "digest", "thematic"),
    "Виды сборников",
    names=(("conference", "сборник материалов конференции"), ("digest", "дайджест практик"), ("thematic", "тематический сборник")),
    editable=False,  # what a collection gathers depends on them (:func:`conference_sections`, ``includes``)
)
KIND_NAMES = dict(COLLECTION_KINDS.names)
"""The values of ``kind:`` and what each is called."""


class CollectionMeta(EntryMeta):
    """Электронный сборник; тело — предисловие."""

    kind: Annotated[Text, Vocab("collection_kinds")] = Field(description="вид: " + ", ".join(f"{code} — {name}" for code, name in KIND_NAMES.items()))
    date: IsoDate = Field(description="дата выхода: ГГГГ-ММ-ДД")
    editors: People = Field(min_length=1, description="редакторы, составители")
    event: Annotated[Id | None, Ref("events")] = Field(None, description="id мероприятия")
    sections: TextList = Field(default_factory=list, description="порядок секций")
    isbn: str | None = None
    udk: str | None = Field(None, description="УДК")
    bbk: str | None = Field(None, description="ББК")
    publisher: str | None = Field(None, description="издатель")
    city: str | None = Field(None, description="город издания")
    includes: list[str | dict[str, Any]] = Field(default_factory=list, description="для дайджеста: kind/id или отбор")


def conference_sections(collection: Entry) -> list[Section]:
    """A conference collection's articles: by its ``sections`` order, then by title."""
    articles = collection.backlinks.get("articles", [])
    order = {name: i for i, name in enumerate(collection.meta.sections)}
    groups: dict[str, list[Entry]] = defaultdict(list)
    for article in articles:
        groups[article.meta.section or ""].append(article)
    names = sorted(groups, key=lambda n: (n not in order, order.get(n, 0), fold(n)))
    return [Section(n, sorted(groups[n], key=lambda a: (fold(a.title), a.id)), anchor=f"section-{i + 1}") for i, n in enumerate(names)]


class Collections(Kind):
    folder = "collections"
    schema = CollectionMeta
    one, few, many = "сборник", "сборника", "сборников"
    registry = "Сборники"
    nav_group = "Публикации"
    nav_order = 60
    publication = True
    names = ("collection",)
    contents_field = "includes"
    holder = "сборник"
    vocabularies = (COLLECTION_KINDS,)

    def contents(self, entry: Entry) -> list[Section]:
        if entry.meta.includes:
            return by_kind(entry.refs.get("includes", []))
        return conference_sections(entry)

    def edition(self, entry: Entry, site_name: str) -> EditionHead:
        meta = entry.meta
        editors = [initials_first(c.person.name) for c in entry.credits.get("editors", [])]
        return EditionHead(
            meta.title, KIND_NAMES.get(meta.kind, "электронный сборник"), meta.publisher or site_name, meta.city or "",
            editors, "Предисловие", meta.udk or "", meta.bbk or "", meta.isbn or "",
        )  # fmt: skip


KIND = Collections()
