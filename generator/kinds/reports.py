"""Отчёт площадки: dated; the report of one academic year of its platform."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from generator.kinds.base import Kind, Monitoring
from generator.schema import EntryMeta, Id, IsoDate, People, Ref, Text


class ReportMeta(EntryMeta):
    """Отчёт площадки."""

    date: IsoDate = Field(description="дата отчёта: ГГГГ-ММ-ДД")
    platform: Annotated[Id, Ref("platforms")] = Field(description="id площадки")
    period: Text = Field(description="отчётный период: 2022-2023 учебный год")
    authors: People = Field(min_length=1, description="авторы")
    stage: str | None = Field(None, description="этап работы")


class Reports(Kind):
    folder = "reports"
    schema = ReportMeta
    one, few, many = "отчёт", "отчёта", "отчётов"
    registry = "Отчёты площадок"
    nav_group = "Публикации"
    nav_order = 30
    publication = True
    names = ("report",)
    cited = True
    selectable = True
    monitoring = Monitoring(frozenset({"report"}))


KIND = Reports()
