"""Инновационная площадка: a status, its organizations, a term; grouped by status in the registry."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

from pydantic import BeforeValidator, Field

from generator.common.russian import slug
from generator.kinds.base import Kind, Monitoring
from generator.kinds.schema import EntryMeta, Id, IsoDate, Person, Product, Ref, RoadmapRow, Text, Vocab, listify
from generator.listing.order import Section

if TYPE_CHECKING:
    from generator.model.content import Entry
    from generator.settings.options import Settings


class PlatformMeta(EntryMeta):
    """Инновационная площадка."""

    title: Text = Field(description="тема площадки")
    status: Annotated[Text, Vocab("statuses")] = Field(description="статус: ФИП, РИП, ГИП, МИП, ЛОИ, ЭП, РЦОО, БП")
    organizations: Annotated[list[Id], Ref("organizations"), BeforeValidator(listify)] = Field(
        min_length=1, description="id организаций; несколько — кооперация"
    )
    start: IsoDate = Field(description="начало работы: ГГГГ-ММ-ДД")
    end: IsoDate | None = Field(None, description="окончание; нет — площадка действует")
    leader: Person | None = Field(None, description="руководитель площадки")
    supervisor: Person | None = Field(None, description="научный руководитель")
    stage: str | None = Field(None, description="этап: подготовительный, основной, обобщающий")
    roadmap: list[RoadmapRow] = Field(default_factory=list, description="план мероприятий")
    products: list[Product] = Field(default_factory=list, description="инновационные продукты")

    def consistency(self) -> list[tuple[tuple[str, ...], str]]:
        if self.end and self.end < self.start:
            return [(("end",), "окончание раньше начала работы площадки (ожидается дата не раньше start)")]
        return []


class Platforms(Kind):
    folder = "platforms"
    schema = PlatformMeta
    one, few, many = "площадка", "площадки", "площадок"
    registry = "Инновационные площадки"
    nav_group = "Площадки"
    nav_order = 10
    names = ("platform",)
    monitoring = Monitoring(frozenset({"platform"}))

    def registry_sections(self, entries: list[Entry], settings: Settings) -> list[Section]:
        sections = []
        for status in settings.statuses:
            group = [e for e in entries if e.meta.status == status.code]
            if group:
                note = f"{status.name}; уровень: {status.level}"
                sections.append(Section(f"{status.code} — {status.name}", group, note, slug(status.code), segment=status.code))
        return sections

    def recent(self, entries: list[Entry], sections: list[Section], size: int) -> Section | None:
        return None

    def facet_date(self, entry: Entry) -> dt.date | None:
        return entry.date or entry.meta.start

    def platforms(self, entry: Entry) -> list[Entry]:
        return [entry]

    def organizations(self, entry: Entry) -> list[Entry]:
        return list(entry.refs.get("organizations", []))


KIND = Platforms()
