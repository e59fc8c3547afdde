"""Отчёт площадки: dated; the report of one academic year of its platform."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from generator.common.academic import PeriodError, parse_academic_year
from generator.kinds.base import Kind, Monitoring
from generator.kinds.schema import EntryMeta, Id, IsoDate, People, Ref


def _academic_year(value: object) -> str:
    """A report's period as one academic year, normalized: «2022–2023 учебный год» → «2022/2023»."""
    if value is None or isinstance(value, bool | list | dict):
        return value  # type: ignore[return-value]  # pydantic words the wrong type
    try:
        return parse_academic_year(value).text
    except PeriodError as exc:
        raise PydanticCustomError("innopub", "{message}", {"message": str(exc)}) from None


class ReportMeta(EntryMeta):
    """Отчёт площадки."""

    date: IsoDate = Field(description="дата отчёта: ГГГГ-ММ-ДД")
    platform: Annotated[Id, Ref("platforms")] = Field(description="id площадки")
    period: Annotated[str, BeforeValidator(_academic_year)] = Field(description="отчётный период — учебный год: 2022/2023")
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
