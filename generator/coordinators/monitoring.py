"""Monitoring of innovation platforms (issue 10): reporting timelines, status terms and the coordinators' overviews.

Pure computations over the content model: no HTML, no host engine, deterministic order. The date that
decides «overdue» is the build's (``settings.reference_date()``: ``today:`` or ``SOURCE_DATE_EPOCH``), as
for upcoming events. The academic-year rules (1 September–31 August, a report per year the term touches,
due on ``report_due`` after the year) are those of :mod:`generator.common.academic`.

Reports whose ``period`` does not parse are left out here: validation rejects them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from generator.common.academic import AcademicYear, Period, PeriodError, ReportDue, parse_period, term_years
from generator.common.russian import long_date
from generator.listing.order import sort_by_date
from generator.model.content import ContentModel, Entry
from generator.settings.options import Settings

ONE_DAY = dt.timedelta(days=1)


class YearState(StrEnum):
    """Where a platform's report on one academic year stands."""

    RECEIVED = "received"
    DUE = "due"
    """The year's work is over and its due date has not passed yet: the report is expected now."""
    OVERDUE = "overdue"
    NOT_YET_DUE = "not-yet-due"
    """The year (or the platform's work in it) is not over yet."""


YEAR_STATE_NAMES = {
    YearState.RECEIVED: "отчёт получен",
    YearState.DUE: "ожидается отчёт",
    YearState.OVERDUE: "отчёт просрочен",
    YearState.NOT_YET_DUE: "срок сдачи не наступил",
}


@dataclass(frozen=True)
class YearReport:
    """One academic year of a platform's term on its reporting timeline."""

    year: AcademicYear
    state: YearState
    reports: tuple[Entry, ...]
    """The published reports whose period covers this year, oldest first."""
    opens: dt.date
    """The day after the platform's work in this year ends: from then on the report is expected."""
    due: dt.date
    days_overdue: int
    """Days since ``due`` (0 unless the report is overdue): overdue by 1 day on the day after ``due``."""

    @property
    def state_name(self) -> str:
        return YEAR_STATE_NAMES[self.state]


@dataclass(frozen=True)
class Timeline:
    """A platform's reporting obligation: every academic year of its term, oldest first."""

    platform: Entry
    years: tuple[YearReport, ...]

    def count(self, state: YearState) -> int:
        return sum(1 for y in self.years if y.state == state)

    def get(self, year: AcademicYear) -> YearReport | None:
        return next((y for y in self.years if y.year == year), None)


class TermState(StrEnum):
    ACTIVE = "active"
    """Started, with an end that has not passed (the end day itself included)."""
    EXPIRED = "expired"
    ONGOING = "ongoing"
    """Started, without an end."""
    NOT_STARTED = "not-started"


TERM_STATE_NAMES = {
    TermState.ACTIVE: "действует",
    TermState.ONGOING: "действует без срока окончания",
    TermState.EXPIRED: "срок истёк",
    TermState.NOT_STARTED: "не начал действовать",
}


@dataclass(frozen=True)
class StatusTerm:
    """A platform's status term on the reference date."""

    state: TermState
    start: dt.date
    end: dt.date | None

    @property
    def state_name(self) -> str:
        return TERM_STATE_NAMES[self.state]

    @property
    def text(self) -> str:
        """«статус действует до 30 июня 2024 г.», «срок истёк 30 июня 2024 г.»…"""
        if self.state == TermState.EXPIRED and self.end:
            return f"срок истёк {long_date(self.end)}"
        if self.state == TermState.NOT_STARTED:
            return f"статус действует с {long_date(self.start)}" + (f" до {long_date(self.end)}" if self.end else "")
        if self.end:
            return f"статус действует до {long_date(self.end)}"
        return "статус действует, срок окончания не установлен"


def status_term(platform: Entry, today: dt.date) -> StatusTerm:
    start, end = platform.meta.start, platform.meta.end
    if start > today:
        state = TermState.NOT_STARTED
    elif end is None:
        state = TermState.ONGOING
    else:
        state = TermState.ACTIVE if end >= today else TermState.EXPIRED
    return StatusTerm(state, start, end)


def report_period(report: Entry) -> Period | None:
    """A report's parsed period; ``None`` when it does not parse (validation's concern)."""
    try:
        return parse_period(report.meta.period)
    except PeriodError:
        return None


def timeline(platform: Entry, reports: Iterable[Entry], today: dt.date, report_due: ReportDue | str | None = None) -> Timeline:
    """Every academic year of ``platform``'s term with the state of its report on ``today``."""
    due_rule = ReportDue.parse(report_due)
    start, end = platform.meta.start, platform.meta.end
    periods = [(r, p) for r in sorted(reports, key=lambda r: (r.date, r.id)) if (p := report_period(r))]
    rows = []
    for year in term_years(start, end, today):
        covering = tuple(r for r, p in periods if p.covers(year))
        work_end = min(year.last_day, end) if end else year.last_day
        opens, due = work_end + ONE_DAY, year.due(due_rule)
        if covering:
            state = YearState.RECEIVED
        elif today > due:
            state = YearState.OVERDUE
        elif today >= opens:
            state = YearState.DUE
        else:
            state = YearState.NOT_YET_DUE
        days = (today - due).days if state == YearState.OVERDUE else 0
        rows.append(YearReport(year, state, covering, opens, due, days))
    return Timeline(platform, tuple(rows))


def reports_by_platform(model: ContentModel) -> dict[str, list[Entry]]:
    """Published reports by their platform's id (every report, also one whose period does not parse)."""
    found: dict[str, list[Entry]] = defaultdict(list)
    for report in model.entries.get("reports", []):
        platform = report.ref("platform")
        if platform is not None:
            found[platform.id].append(report)
    return found


@dataclass(frozen=True)
class Monitoring:
    """Timelines and status terms of every published platform on one reference date."""

    settings: Settings
    today: dt.date
    report_due: ReportDue
    platforms: tuple[Entry, ...]
    """In the model's order (title)."""
    timelines: dict[str, Timeline]
    terms: dict[str, StatusTerm]
    reports: dict[str, tuple[Entry, ...]]
    """Every published report of each platform, newest first."""

    @property
    def current(self) -> AcademicYear:
        return AcademicYear.of(self.today)


def monitor(model: ContentModel, today: dt.date | None = None) -> Monitoring:
    """The monitoring of ``model`` on ``today``; on the build's reference date (no ``today``) computed once per model
    and shared by its pages, datasets and the platforms' pages."""
    if today is None:
        return model.view("monitoring", lambda: _monitor(model, model.settings.reference_date()))
    return _monitor(model, today)


def _monitor(model: ContentModel, today: dt.date) -> Monitoring:
    settings = model.settings
    day = today
    due_rule = ReportDue.parse(settings.report_due)
    platforms = tuple(model.entries.get("platforms", []))
    by_platform = reports_by_platform(model)
    return Monitoring(
        settings=settings,
        today=day,
        report_due=due_rule,
        platforms=platforms,
        timelines={p.id: timeline(p, by_platform.get(p.id, []), day, due_rule) for p in platforms},
        terms={p.id: status_term(p, day) for p in platforms},
        reports={p.id: tuple(sort_by_date(by_platform.get(p.id, []))) for p in platforms},
    )
