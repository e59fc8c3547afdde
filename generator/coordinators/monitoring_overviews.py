"""The coordinators' overviews of the monitoring (issue 10): platforms counted by status, level, direction and
municipality; the academic years' changes and reporting; overdue reports, ending terms, the summary.

Each is computed from one :class:`generator.coordinators.monitoring.Monitoring` (the timelines and the status terms
on the site's reference date), for the monitoring's pages, the home page and the open datasets.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.common.academic import AcademicYear
from generator.common.russian import fold
from generator.coordinators.monitoring import Monitoring, StatusTerm, TermState, Timeline, YearReport, YearState
from generator.model.content import Entry

# Overviews -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryCount:
    """Platforms of one status, level, direction or municipality, by their term's state today."""

    key: str
    """The value as written (a status code, a direction…)."""
    name: str
    """How a reader reads it: «МИП — муниципальная инновационная площадка»."""
    active: int
    closed: int
    planned: int
    """Not started yet."""

    @property
    def total(self) -> int:
        return self.active + self.closed + self.planned


NO_DIRECTION = "Без направления"
NO_MUNICIPALITY = "Муниципалитет не указан"


def _counts(m: Monitoring, keys_of: Callable[[Entry], Iterable[str]], order: list[tuple[str, str]]) -> list[CategoryCount]:
    """A :class:`CategoryCount` per key that has platforms: the keys of ``order`` (key, name) first, in
    that order, then any other key alphabetically («ё» = «е»)."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for p in m.platforms:
        state = m.terms[p.id].state
        column = 1 if state == TermState.EXPIRED else 2 if state == TermState.NOT_STARTED else 0
        for key in dict.fromkeys(keys_of(p)):
            tally[key][column] += 1
    names = dict(order)
    known = [k for k, _ in order if k in tally]
    others = sorted((k for k in tally if k not in names), key=lambda k: (fold(k), k))
    return [CategoryCount(k, names.get(k, k), *tally[k]) for k in known + others]


def by_status(m: Monitoring) -> list[CategoryCount]:
    return _counts(m, lambda p: [p.meta.status], [(s.code, f"{s.code} — {s.name}") for s in m.settings.statuses])


def by_level(m: Monitoring) -> list[CategoryCount]:
    """By the level of each platform's status (федеральный, региональный…), in the statuses' order."""

    def level(p: Entry) -> list[str]:
        status = m.settings.status(p.meta.status)
        return [status.level if status else p.meta.status]

    levels = list(dict.fromkeys(s.level for s in m.settings.statuses))
    return _counts(m, level, [(x, x) for x in levels])


def by_direction(m: Monitoring) -> list[CategoryCount]:
    """A platform of several directions counts under each; one without any under «Без направления» (last)."""
    counts = _counts(m, lambda p: p.meta.directions or [NO_DIRECTION], [(d, d) for d in m.settings.directions])
    return [c for c in counts if c.key != NO_DIRECTION] + [c for c in counts if c.key == NO_DIRECTION]


def by_municipality(m: Monitoring) -> list[CategoryCount]:
    """By the municipalities of each platform's organizations: a cooperation across two counts in both."""

    def municipalities(p: Entry) -> list[str]:
        return [o.meta.municipality for o in p.refs.get("organizations", [])] or [NO_MUNICIPALITY]

    return _counts(m, municipalities, [])


@dataclass(frozen=True)
class YearChange:
    """Platforms by the dates of their terms in one academic year."""

    year: AcademicYear
    opened: int
    """``start`` in this year."""
    closed: int
    """``end`` in this year (also a later day of the current year: as the order sets it)."""
    active: int
    """The term overlaps this year, at least one day."""


def changes_by_year(m: Monitoring) -> list[YearChange]:
    """From the year the first platform opened to the current one."""
    if not m.platforms:
        return []
    first = min(AcademicYear.of(p.meta.start) for p in m.platforms)
    rows = []
    for start in range(first.start, max(first, m.current).start + 1):
        year = AcademicYear(start)
        opened = sum(1 for p in m.platforms if year.contains(p.meta.start))
        closed = sum(1 for p in m.platforms if p.meta.end and year.contains(p.meta.end))
        active = sum(1 for p in m.platforms if p.meta.start <= year.last_day and (p.meta.end is None or p.meta.end >= year.first_day))
        rows.append(YearChange(year, opened, closed, active))
    return rows


@dataclass(frozen=True)
class YearReporting:
    """Reports received against reports owed for one academic year, over every platform."""

    year: AcademicYear
    due: dt.date
    owed: int
    """Platforms whose term touches this year: each owes one report."""
    received: int
    overdue: int
    waiting: int
    """Not received and not overdue: expected now, or not due yet."""


def reporting_by_year(m: Monitoring) -> list[YearReporting]:
    """Every academic year some platform owes a report for, up to the current one."""
    rows: dict[AcademicYear, list[YearReport]] = defaultdict(list)
    for t in m.timelines.values():
        for y in t.years:
            if y.year <= m.current:
                rows[y.year].append(y)
    out = []
    for year in sorted(rows):
        found = rows[year]
        received = sum(1 for y in found if y.state == YearState.RECEIVED)
        overdue = sum(1 for y in found if y.state == YearState.OVERDUE)
        out.append(YearReporting(year, year.due(m.report_due), len(found), received, overdue, len(found) - received - overdue))
    return out


@dataclass(frozen=True)
class OverdueReport:
    platform: Entry
    year: AcademicYear
    due: dt.date
    days: int

    @property
    def organizations(self) -> list[Entry]:
        return self.platform.refs.get("organizations", [])


def overdue_reports(m: Monitoring) -> list[OverdueReport]:
    """Every overdue report, the longest overdue first (then the platform's title, then the year)."""
    found = [OverdueReport(t.platform, y.year, y.due, y.days_overdue) for t in m.timelines.values() for y in t.years if y.state == YearState.OVERDUE]
    return sorted(found, key=lambda o: (-o.days, o.platform.sort_title, o.platform.id, o.year))


@dataclass(frozen=True)
class EndingStatus:
    platform: Entry
    term: StatusTerm
    year: AcademicYear


def statuses_ending(m: Monitoring) -> tuple[list[EndingStatus], list[EndingStatus]]:
    """(in the current academic year, in the next one): platforms whose ``end`` falls in it, by end, then title.
    The current year's list holds the statuses that ended earlier in it too (their term says «срок истёк»)."""
    lists: tuple[list[EndingStatus], list[EndingStatus]] = ([], [])
    for p in m.platforms:
        end = p.meta.end
        for i, year in enumerate((m.current, m.current.next())):
            if end and year.contains(end):
                lists[i].append(EndingStatus(p, m.terms[p.id], year))
    for found in lists:
        found.sort(key=lambda e: (e.platform.meta.end, e.platform.sort_title, e.platform.id))
    return lists


def without_reports(m: Monitoring) -> list[Timeline]:
    """Timelines of the platforms with no published report at all, in title order."""
    return [m.timelines[p.id] for p in m.platforms if not m.reports[p.id]]


@dataclass(frozen=True)
class Summary:
    platforms: int
    active: int
    """Working today: started, and without an end or with an end not passed."""
    reports: int
    overdue: int
    """Overdue reports (a platform two years behind counts twice)."""
    platforms_overdue: int


def summary(m: Monitoring) -> Summary:
    working = (TermState.ACTIVE, TermState.ONGOING)
    overdue = [t.count(YearState.OVERDUE) for t in m.timelines.values()]
    return Summary(
        platforms=len(m.platforms),
        active=sum(1 for t in m.terms.values() if t.state in working),
        reports=sum(len(r) for r in m.reports.values()),
        overdue=sum(overdue),
        platforms_overdue=sum(1 for n in overdue if n),
    )
