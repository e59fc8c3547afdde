"""Academic years (учебные годы): the unit of a platform's reporting obligation.

The rules, as the editors' contract and the monitoring pages apply them:

* **An academic year runs from 1 September to 31 August.** 1 September is the first day of the school
  year in Russia (the law on education and the order on general education set it), and a year that ends on
  31 August leaves no day outside any year: summer belongs to the year it closes, the year whose report is
  written in June. So every date of a platform's term falls in exactly one academic year.
* **A report is due on ``report_due`` (``09-15``: 15 September) after its year ends**: the first such day
  after 31 August, so the report of 2022/2023 is due by 15 September 2023. A report dated that day is on
  time; without one the year is overdue from the next day.
* **A platform owes a report for every academic year its term touches**, from the year of its ``start`` to the
  year of its ``end`` (or of today while it has no end). A platform opened on 1 March 2023 owes a report for
  2022/2023 (its first half-year, usually the preparatory stage) and for each following year. The contract
  says «from its start»; and the years a report is owed for are the same years a report is allowed for
  (a report outside them is an error), so no year is allowed and not owed or owed and not allowed. An editor
  whose platform really begins with the school year writes ``start: 2023-09-01``.
* A period is one year (``2022/2023``; also ``2022-2023``, ``2022–2023 учебный год``, ``2022/23``) or, for a
  final report (итоговый отчёт), a span of years ``2021-2024 учебные годы``: 2021/2022, 2022/2023 and
  2023/2024 (two years written with consecutive numbers are always the one year between them).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

FIRST_MONTH = 9
"""An academic year begins on 1 September."""
MAX_SPAN = 10
"""The most academic years one report may cover: a platform's term is 2–5 years."""
FIRST_YEAR, LAST_YEAR = 1970, 2099
"""As the schema's dates (``schema.FIRST_DATE``, ``LAST_DATE``)."""

EXPECTED = "ожидается учебный год вида 2022/2023"
_HINT = f"{EXPECTED}; также понимаются 2022-2023 и «2022–2023 учебный год»"


class PeriodError(ValueError):
    """A period that is not an academic year; ``str()`` is the Russian message for an editor."""


@dataclass(frozen=True, order=True)
class AcademicYear:
    """The academic year that begins on 1 September of ``start``: ``AcademicYear(2022)`` is 2022/2023."""

    start: int

    @classmethod
    def of(cls, day: dt.date) -> AcademicYear:
        """The academic year ``day`` falls in."""
        return cls(day.year if day.month >= FIRST_MONTH else day.year - 1)

    @property
    def text(self) -> str:
        """``2022/2023``: how the site writes it, and the normalized form of every accepted spelling."""
        return f"{self.start}/{self.start + 1}"

    def __str__(self) -> str:
        return self.text

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start, FIRST_MONTH, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.start + 1, FIRST_MONTH, 1) - dt.timedelta(days=1)

    @property
    def anchor(self) -> str:
        """An HTML id: ``y2022-2023``."""
        return f"y{self.start}-{self.start + 1}"

    def next(self, years: int = 1) -> AcademicYear:
        return AcademicYear(self.start + years)

    def contains(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day

    def due(self, report_due: ReportDue | str | None = None) -> dt.date:
        """The day this year's report is expected by: the first ``report_due`` after the year's last day."""
        return ReportDue.parse(report_due).after(self.last_day)


@dataclass(frozen=True)
class ReportDue:
    """The setting ``report_due: 09-15``: the month and day by which the report of a finished year is expected."""

    month: int = 9
    day: int = 15

    @classmethod
    def parse(cls, value: ReportDue | str | None) -> ReportDue:
        """``"09-15"`` (also ``"9-15"``); ``None`` is the default, 15 September. Raises :class:`ValueError` in Russian."""
        if value is None:
            return cls()
        if isinstance(value, ReportDue):
            return value
        match = re.fullmatch(r"\s*(\d{1,2})-(\d{1,2})\s*", str(value))
        if match:
            month, day = map(int, match.groups())
            try:
                dt.date(2001, month, day)  # not a leap year: 29 February would be missing in most years
            except ValueError:
                pass
            else:
                return cls(month, day)
        raise ValueError(f"«{value}» — не день срока сдачи отчёта (ожидается ММ-ДД, например 09-15 — 15 сентября; 29 февраля не подходит)")

    @property
    def text(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"

    def after(self, day: dt.date) -> dt.date:
        """The first date with this month and day strictly after ``day``."""
        candidate = dt.date(day.year, self.month, self.day)
        return candidate if candidate > day else dt.date(day.year + 1, self.month, self.day)


@dataclass(frozen=True)
class Period:
    """A report's period: one academic year, or a span of them for a final report."""

    first: AcademicYear
    last: AcademicYear

    @property
    def years(self) -> tuple[AcademicYear, ...]:
        return tuple(AcademicYear(y) for y in range(self.first.start, self.last.start + 1))

    @property
    def single(self) -> bool:
        return self.first == self.last

    @property
    def text(self) -> str:
        """``2022/2023``, or ``2021/2022–2023/2024`` for a span."""
        return self.first.text if self.single else f"{self.first.text}–{self.last.text}"

    def __str__(self) -> str:
        return self.text

    def covers(self, year: AcademicYear) -> bool:
        return self.first <= year <= self.last


_DASH = r"(?:\s*[/\-\u2010-\u2015\u2212]\s*)"
"""A slash, a hyphen or any dash, with or without spaces around it."""
_WORDS = r"(?:\s*(?:учебн(?:ый|ого|ые|ых)\s+(?:год(?:а|ы|ов)?|гг?\.)|уч\.?\s*(?:год(?:а|ы)?|гг?\.?)|гг?\.))?"
"""«учебный год», «учебные годы», «уч. год», «уч. г.», «гг.»: optional after the years."""
_YEARS = re.compile(rf"(\d{{4}}){_DASH}(\d{{4}}|\d{{2}}){_WORDS}", re.IGNORECASE)
_SPAN = re.compile(rf"(\d{{4}})/(\d{{4}}){_DASH}(\d{{4}})/(\d{{4}}){_WORDS}", re.IGNORECASE)
"""The normalized form of a span, ``2021/2022–2023/2024``, read back."""


def _full_year(start: int, end: str) -> int:
    """The year ``end`` (four digits, or the last two of a year after ``start``)."""
    if len(end) == 4:
        return int(end)
    year = start - start % 100 + int(end)
    return year if year > start else year + 100


def parse_period(value: object) -> Period:
    """A report's ``period`` as an academic year or a span of them; :class:`PeriodError` says what is expected."""
    return _parse_text(" ".join(str(value).split()))


@functools.lru_cache(maxsize=4096)  # the same few spellings, parsed again on every load of a preview
def _parse_text(text: str) -> Period:
    if match := _SPAN.fullmatch(text):
        a, b, c, d = map(int, match.groups())
        if b != a + 1 or d != c + 1:
            raise PeriodError(f"«{text}» — в учебном году два соседних года ({EXPECTED})")
        first, last = a, c
    elif match := _YEARS.fullmatch(text):
        first = int(match.group(1))
        last = _full_year(first, match.group(2)) - 1
    else:
        raise PeriodError(f"«{text}» — не учебный год ({_HINT})")
    if last < first:
        raise PeriodError(f"«{text}» — год окончания раньше года начала или совпадает с ним ({EXPECTED})")
    if not (first >= FIRST_YEAR and last < LAST_YEAR):
        raise PeriodError(f"«{text}» — год вне допустимого диапазона ({EXPECTED}, с {FIRST_YEAR} по {LAST_YEAR} год)")
    if last - first + 1 > MAX_SPAN:
        raise PeriodError(f"«{text}» — больше {MAX_SPAN} учебных лет в одном отчёте ({EXPECTED})")
    return Period(AcademicYear(first), AcademicYear(last))


def parse_academic_year(value: object) -> AcademicYear:
    """Exactly one academic year: ``2022-2023`` → ``AcademicYear(2022)``; a span is a :class:`PeriodError`."""
    period = parse_period(value)
    if not period.single:
        years = len(period.years)
        raise PeriodError(
            f"«{' '.join(str(value).split())}» — это {years} {'учебных года' if years < 5 else 'учебных лет'}, а отчёт — за один "
            f"({EXPECTED}; итоговый отчёт — за последний учебный год работы площадки)"
        )
    return period.first


def term_years(start: dt.date, end: dt.date | None, today: dt.date) -> list[AcademicYear]:
    """The academic years a term ``start..end`` touches; without an end, up to the year of ``today``
    (a platform that has not started yet: the year of its start)."""
    first = AcademicYear.of(start)
    last = AcademicYear.of(max(end, start) if end else max(today, start))
    return [AcademicYear(y) for y in range(first.start, last.start + 1)]


def period_problem(value: object, start: dt.date, end: dt.date | None, today: dt.date) -> str | None:
    """Why a report's ``period`` does not fit its platform's term (Russian), or ``None``: for validation.

    The term's years are those of :func:`term_years`: without an end, up to the year of ``today`` (a report on
    a year that has not begun yet is an error then).
    """
    try:
        period = parse_period(value)
    except PeriodError as exc:
        return str(exc)
    allowed = term_years(start, end, today)
    if period.first < allowed[0] or period.last > allowed[-1]:
        span = allowed[0].text if len(allowed) == 1 else f"с {allowed[0].text} по {allowed[-1].text}"
        return f"период {period.text} вне срока работы площадки (ожидается учебный год {span})"
    return None
