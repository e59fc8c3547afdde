"""Описание практики, педагогический опыт: dated, of an organization, maybe of a platform."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from generator.kinds.base import Kind
from generator.kinds.schema import EntryMeta, Id, IsoDate, People, Ref, TextList, Vocab


class PracticeMeta(EntryMeta):
    """Описание практики, педагогический опыт."""

    date: IsoDate = Field(description="дата публикации: ГГГГ-ММ-ДД")
    authors: People = Field(min_length=1, description="авторы")
    organization: Annotated[Id, Ref("organizations")] = Field(description="id организации")
    platform: Annotated[Id | None, Ref("platforms")] = Field(None, description="id площадки")
    levels: Annotated[TextList, Vocab("levels")] = Field(default_factory=list, description="уровни: ДО, НОО, ООО, СОО, ДОП, ПО")
    subjects: TextList = Field(default_factory=list, description="предметы")
    event: Annotated[Id | None, Ref("events")] = Field(None, description="id мероприятия, где практика представлена")


class Practices(Kind):
    folder = "practices"
    schema = PracticeMeta
    one, few, many = "практика", "практики", "практик"
    registry = "Практики"
    nav_group = "Публикации"
    nav_order = 40
    publication = True
    names = ("practice",)
    cited = True
    selectable = True


KIND = Practices()
