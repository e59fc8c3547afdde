"""Мероприятие: dated, maybe ahead; its registry puts upcoming events first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import BeforeValidator, Field

from generator.kinds.base import Kind
from generator.kinds.schema import EntryMeta, Id, IsoDate, Ref, Text, TextList, Vocab, listify
from generator.listing.order import Section, by_year, sort_by_date
from generator.settings.vocabularies import Vocabulary

if TYPE_CHECKING:
    from generator.model.content import Entry
    from generator.settings.options import Settings

EVENT_KINDS = Vocabulary(
    "event_kinds",
    ("конференция", "семинар", "форум", "фестиваль", "коллегия", "педсовет", "совет", "конкурс", "курсы", "вебинар", "другое"),
    "Виды мероприятий",
)


class EventMeta(EntryMeta):
    """Мероприятие; тело может содержать резолюцию или решение."""

    kind: Annotated[Text, Vocab("event_kinds")] = Field(description="вид: конференция, семинар, форум…")
    date: IsoDate = Field(description="дата начала: ГГГГ-ММ-ДД")
    end: IsoDate | None = Field(None, description="дата окончания")
    place: Text = Field(description="место проведения")
    organizers: Annotated[list[Id], Ref("organizations"), BeforeValidator(listify)] = Field(
        default_factory=list, description="id организаций-организаторов"
    )
    participants: int | None = Field(None, ge=0, description="число участников")
    sections: TextList = Field(default_factory=list, description="секции")

    def consistency(self) -> list[tuple[tuple[str, ...], str]]:
        if self.end and self.end < self.date:
            return [(("end",), "дата окончания раньше даты начала (ожидается дата не раньше date)")]
        return []


def upcoming(entries: list[Entry], today) -> list[Entry]:
    """Events not yet over on ``today``, the nearest first."""
    return sorted((e for e in entries if (e.meta.end or e.date) >= today), key=lambda e: (e.date, e.id))


class Events(Kind):
    folder = "events"
    schema = EventMeta
    one, few, many = "мероприятие", "мероприятия", "мероприятий"
    registry = "Мероприятия"
    nav_group = "Мероприятия"
    nav_order = 80
    publication = True
    names = ("event",)
    selectable = True
    future_dates = True
    vocabularies = (EVENT_KINDS,)

    def registry_sections(self, entries: list[Entry], settings: Settings) -> list[Section]:
        today = settings.reference_date()
        ahead = upcoming(entries, today)
        past = [e for e in sort_by_date(entries) if (e.meta.end or e.date) < today]
        return ([Section("Предстоящие", ahead, anchor="upcoming")] if ahead else []) + by_year(past)

    def recent(self, entries: list[Entry], sections: list[Section], size: int) -> Section | None:
        if sections and sections[0].anchor == "upcoming":
            return Section("Ближайшие", sections[0].entries[:size], anchor="recent")
        return super().recent(entries, sections, size)

    def organizations(self, entry: Entry) -> list[Entry]:
        return list(entry.refs.get("organizers", []))

    def print_note(self, entry: Entry) -> str:
        return f"{super().print_note(entry)} · {entry.meta.place}"


KIND = Events()
