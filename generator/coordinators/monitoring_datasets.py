"""The monitoring's tables as open datasets: each platform's reporting by academic year, status terms, and the
academic years' totals. Like every dataset, each is published as XLSX too (coordinators work in spreadsheets).

The rows are :mod:`generator.coordinators.monitoring`'s computations on the site's reference date (``today:``, else
SOURCE_DATE_EPOCH, else the build's day), the same the monitoring pages show; the fields are declared as the
registries' are (:mod:`generator.coordinators.datasets`). :data:`CATALOGUE` is every dataset the site publishes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.common.academic import AcademicYear
from generator.coordinators.datasets import SPECS, Context, Field, Spec, joined, municipalities, ref_ids, ref_shorts, status_name
from generator.coordinators.kind_datasets import kind_specs
from generator.coordinators.monitoring import (
    StatusTerm,
    TermState,
    Timeline,
    YearReport,
    YearState,
    monitor,
)
from generator.coordinators.monitoring_overviews import YearChange, YearReporting, changes_by_year, reporting_by_year
from generator.coordinators.opendata import Cell, address
from generator.model.content import ContentModel, Entry

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class PlatformYear:
    """One academic year of a platform's term on its reporting timeline."""

    platform: Entry
    year: YearReport


@dataclass(frozen=True)
class PlatformTerm:
    platform: Entry
    timeline: Timeline
    term: StatusTerm
    current: AcademicYear


@dataclass(frozen=True)
class Year:
    """An academic year's totals: platforms opened, closed and active, reports owed, received, overdue."""

    change: YearChange
    reporting: YearReporting | None


def platform_years(model: ContentModel) -> list[PlatformYear]:
    m = monitor(model)
    return [PlatformYear(p, y) for p in sorted(m.platforms, key=lambda p: p.id) for y in m.timelines[p.id].years]


def platform_terms(model: ContentModel) -> list[PlatformTerm]:
    m = monitor(model)
    return [PlatformTerm(p, m.timelines[p.id], m.terms[p.id], m.current) for p in sorted(m.platforms, key=lambda p: p.id)]


def years(model: ContentModel) -> list[Year]:
    m = monitor(model)
    reporting = {r.year: r for r in reporting_by_year(m)}
    return [Year(change, reporting.get(change.year)) for change in changes_by_year(m)]


def platform_field(get: Any) -> Any:
    """A field of a row's platform."""
    return lambda row, context: get(row.platform, context)


def page(row: PlatformYear | PlatformTerm, context: Context) -> Cell:
    return context.page(row.platform)


def report_pages(row: PlatformYear, context: Context) -> Cell:
    return joined(address(context.site_url, r.url) for r in row.year.reports)


def ends_in(row: PlatformTerm, _: Context) -> Cell:
    end = row.platform.meta.end
    if end is None:
        return None
    year = AcademicYear.of(end)
    return "текущем" if year == row.current else "следующем" if year == row.current.next() else None


def year_dates(row: PlatformYear, _: Context) -> Iterable[dt.date | None]:
    """The platform's start, the reports' dates, and the day a report became overdue."""
    overdue = row.year.due + ONE_DAY if row.year.state == YearState.OVERDUE else None
    return [row.platform.meta.start, *(r.date for r in row.year.reports), overdue]


def term_dates(row: PlatformTerm, _: Context) -> Iterable[dt.date | None]:
    end = row.platform.meta.end
    return [row.platform.meta.start, end + ONE_DAY if end and row.term.state == TermState.EXPIRED else None]


def totals_dates(row: Year, _: Context) -> Iterable[dt.date | None]:
    return [row.change.year.first_day, row.reporting.due + ONE_DAY if row.reporting and row.reporting.overdue else None]


def reporting(get: Any) -> Any:
    """A count of the year's reporting (empty for a year no platform owes a report for)."""
    return lambda row, _: get(row.reporting) if row.reporting else None


PLATFORM = Field[Any]("platform", "Идентификатор площадки", "Platform id", lambda row, _: row.platform.id)
THEME = Field[Any]("platformtheme", "Тема площадки", "Platform theme", lambda row, _: row.platform.title)
STATUS = Field[Any]("statuscode", "Статус площадки: код", "Status code", lambda row, _: row.platform.meta.status)
STATUS_NAME = Field[Any]("statusname", "Статус площадки: полное название", "Status full name", platform_field(status_name))
ORGANIZATIONS = Field[Any]("organizations", "Идентификаторы организаций", "Organization ids", platform_field(ref_ids("organizations")))
ORGANIZATION_NAMES = Field[Any](
    "organizationnames", "Организации: краткие наименования", "Organizations' short names", platform_field(ref_shorts("organizations"))
)
MUNICIPALITY = Field[Any](
    "municipality", "Муниципалитет организаций", "Municipality of the organizations", platform_field(municipalities("organizations"))
)
PAGE = Field[Any]("page", "Адрес страницы площадки", "Address of the platform's page", page)
ABOUT_PLATFORM = (PLATFORM, THEME, STATUS, STATUS_NAME, ORGANIZATIONS, ORGANIZATION_NAMES, MUNICIPALITY)
"""What a row of the reporting and of the terms says of its platform, first."""

REPORTING = Spec[PlatformYear](
    "reportingyears",
    "Отчётность инновационных площадок по учебным годам",
    "Каждый учебный год срока работы каждой площадки: срок сдачи отчёта, состояние на дату сборки сайта (отчёт получен, "
    "ожидается, просрочен, срок сдачи не наступил), дней просрочки, отчёты за этот год и адрес страницы площадки.",
    ("мониторинг инновационной деятельности", "отчёты инновационных площадок", "инновационные площадки"),
    platform_years,
    (
        *ABOUT_PLATFORM,
        Field("academicyear", "Учебный год", "Academic year", lambda row, _: row.year.year.text),
        Field("due", "Срок сдачи отчёта", "Report due", lambda row, _: row.year.due, "date"),
        Field("state", "Состояние на дату сборки сайта", "State on the site's build date", lambda row, _: row.year.state_name),
        Field("daysoverdue", "Дней просрочки", "Days overdue", lambda row, _: row.year.days_overdue, "integer"),
        Field("reports", "Идентификаторы отчётов за этот год", "Ids of the year's reports", lambda row, _: joined(r.id for r in row.year.reports)),
        Field("reportpages", "Адреса отчётов за этот год", "Addresses of the year's reports", report_pages),
        PAGE,
    ),
    year_dates,
)  # fmt: skip

TERMS = Spec[PlatformTerm](
    "statusterms",
    "Сроки статусов инновационных площадок",
    "Срок статуса каждой площадки: начало, окончание, состояние на дату сборки сайта, в каком учебном году статус "
    "заканчивается (текущем, следующем), отчётов получено и просрочено, адрес страницы площадки.",
    ("мониторинг инновационной деятельности", "статус площадки", "инновационные площадки"),
    platform_terms,
    (
        *ABOUT_PLATFORM,
        Field("start", "Начало срока", "Term start", lambda row, _: row.platform.meta.start, "date"),
        Field("end", "Окончание срока (пусто — без срока окончания)", "Term end (empty: no end set)", lambda row, _: row.platform.meta.end, "date"),
        Field("state", "Состояние на дату сборки сайта", "State on the site's build date", lambda row, _: row.term.state_name),
        Field("statetext", "Срок словами", "The term in words", lambda row, _: row.term.text.replace("\xa0", " ")),
        Field("endsin", "Статус заканчивается в учебном году (текущем, следующем)", "Ends in the academic year (current, next)", ends_in),
        Field("received", "Отчётов получено", "Reports received", lambda row, _: row.timeline.count(YearState.RECEIVED), "integer"),
        Field("overdue", "Отчётов просрочено", "Reports overdue", lambda row, _: row.timeline.count(YearState.OVERDUE), "integer"),
        PAGE,
    ),
    term_dates,
)  # fmt: skip

TOTALS = Spec[Year](
    "monitoringyears",
    "Инновационные площадки и их отчётность: итоги по учебным годам",
    "По каждому учебному году: площадок открыто, закрыто и работало; отчётов к сдаче, получено, просрочено и "
    "ожидается на дату сборки сайта, срок сдачи отчётов.",
    ("мониторинг инновационной деятельности", "инновационные площадки", "отчёты инновационных площадок"),
    years,
    (
        Field("academicyear", "Учебный год", "Academic year", lambda row, _: row.change.year.text),
        Field("opened", "Площадок открыто", "Platforms opened", lambda row, _: row.change.opened, "integer"),
        Field("closed", "Площадок закрыто", "Platforms closed", lambda row, _: row.change.closed, "integer"),
        Field("active", "Площадок работало", "Platforms active", lambda row, _: row.change.active, "integer"),
        Field("due", "Срок сдачи отчётов", "Reports due", reporting(lambda r: r.due), "date"),
        Field("owed", "Отчётов к сдаче", "Reports owed", reporting(lambda r: r.owed), "integer"),
        Field("received", "Отчётов получено", "Reports received", reporting(lambda r: r.received), "integer"),
        Field("overdue", "Отчётов просрочено", "Reports overdue", reporting(lambda r: r.overdue), "integer"),
        Field("waiting", "Отчётов ожидается (срок не прошёл)", "Reports awaited (not past due)", reporting(lambda r: r.waiting), "integer"),
    ),
    totals_dates,
)  # fmt: skip

MONITORING: tuple[Spec[Any], ...] = (REPORTING, TERMS, TOTALS)
CATALOGUE: tuple[Spec[Any], ...] = (*SPECS, *kind_specs(), *MONITORING)
"""Every dataset the site publishes, in the order the open data page lists them."""
