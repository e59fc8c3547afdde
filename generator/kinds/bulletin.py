"""Выпуск ежемесячного «Вестника»: written by ``innopub bulletin``, built from its frozen ``items``."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from generator.common.russian import month_year
from generator.kinds.base import EditionHead, Kind, by_kind
from generator.kinds.schema import EntryMeta, IsoDate
from generator.listing.order import Section

if TYPE_CHECKING:
    from collections.abc import Callable

    from generator.model.content import Entry
    from generator.read.reader import Location

ITEM = re.compile(r"^[a-z]+/[a-z0-9]+(?:-[a-z0-9]+)*$")
"""An item of ``items:``: ``kind/id``."""


def _check_item(value: str) -> str:
    if not ITEM.match(value):
        raise PydanticCustomError("innopub", "«{value}» — не ссылка на запись (ожидается вид/id, например reports/otchet-2026)", {"value": value})
    return value


class BulletinMeta(EntryMeta):
    """Выпуск ежемесячного «Вестника»: пишется командой ``innopub bulletin ГГГГ-ММ``; тело — слово редакции."""

    date: IsoDate = Field(description="дата выхода выпуска: ГГГГ-ММ-ДД")
    number: int = Field(ge=1, description="номер выпуска в году")
    total: int = Field(ge=1, description="сквозной номер выпуска")
    items: list[Annotated[str, AfterValidator(_check_item)]] = Field(default_factory=list, description="замороженный список записей: вид/id")
    region_new: bool = Field(False, description="региональный сайт: перечислить новые записи муниципалитетов за месяц выпуска")


def previous_month(today: dt.date) -> tuple[int, int]:
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def issue_month(date: dt.date) -> str:
    """«апрель 2026»: the month an issue dated ``date`` covers (the month before it)."""
    year, month = previous_month(date)
    return month_year(dt.date(year, month, 1))


def issue_title(number: int, total: int, date: dt.date) -> str:
    """«Вестник № 2 (2), май 2024 г.»: the issue's numbers and the month it covers (the month before ``date``)."""
    year, month = previous_month(date)
    return f"Вестник № {number} ({total}), {month_year(dt.date(year, month, 1))}\u00a0г."


class Bulletin(Kind):
    folder = "bulletin"
    schema = BulletinMeta
    one, few, many = "выпуск «Вестника»", "выпуска «Вестника»", "выпусков «Вестника»"
    registry = "Вестник"
    nav_group = "Публикации"
    nav_order = 70
    names = ("issue", "вестник")
    editors_create = False
    contents_field = "items"
    holder = "выпуск «Вестника»"
    feed = "bulletin/feed.xml"

    def check_together(self, entries: list[Entry], error: Callable[[Entry, Location, str], None]) -> None:
        """Numbers follow the months (issue 19): an issue's overall number, and its number in the year, is smaller
        than that of every issue of a later month. An issue written for an earlier month after a later one (which
        ``innopub bulletin`` now refuses), or two issues given one number in two branches, are errors here."""
        issues = sorted(entries, key=lambda e: (e.meta.date, e.id))
        _numbers_follow_months(issues, "total", "сквозной номер", error)
        years: dict[int, list[Entry]] = {}
        for issue in issues:
            years.setdefault(previous_month(issue.meta.date)[0], []).append(issue)
        for year_issues in years.values():
            _numbers_follow_months(year_issues, "number", "номер в году", error)

    def contents(self, entry: Entry) -> list[Section]:
        return by_kind(entry.refs.get("items", []))

    def edition(self, entry: Entry, site_name: str) -> EditionHead:
        meta = entry.meta
        title = issue_title(meta.number, meta.total, meta.date)
        return EditionHead(title, "ежемесячный информационный бюллетень", site_name, "", [], "Слово редакции")


def _numbers_follow_months(issues: list[Entry], field: str, what: str, error: Callable[[Entry, Location, str], None]) -> None:
    """An error at ``field`` of each of ``issues`` (in month order) whose number is not below every later one's."""
    lowest: Entry | None = None  # the later issue with the lowest number, walking back from the latest
    for issue in reversed(issues):
        number = getattr(issue.meta, field)
        if lowest is not None and number >= getattr(lowest.meta, field):
            later = getattr(lowest.meta, field)
            error(
                issue,
                (field,),
                f"{what} {number} выпуска за {issue_month(issue.meta.date)} не меньше, чем у выпуска за более поздний месяц "
                f"— {issue_month(lowest.meta.date)}, bulletin/{lowest.id}: {later} (ожидается, что номера идут по порядку "
                "месяцев: у более раннего месяца — меньший; выпуск за прошедший месяц после более позднего не записывают)",
            )
        if lowest is None or number < getattr(lowest.meta, field):
            lowest = issue


KIND = Bulletin()
