"""The monitoring pages of issue 10 («Coordinators»): each page's context, from the content model.

Templates in ``theme/innopub/monitoring/`` render them (macros ``before()``, as every generated page);
:data:`PAGES` lists the pages with their addresses and titles, :func:`platform_context` is what a
platform's page adds (its reporting timeline and status term, ``monitoring/timeline.html``).
Nothing here renders HTML or knows the host engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date

from generator.common.academic import ReportDue
from generator.common.russian import LOCALE
from generator.coordinators import charts, monitoring_overviews
from generator.coordinators.monitoring import Monitoring, monitor, status_term, timeline
from generator.coordinators.monitoring_overviews import CategoryCount
from generator.listing.paginate import Pager, page_path, page_title, split
from generator.model.content import ContentModel, Entry

STYLE_ALL, STYLE_BAD, STYLE_GOOD, STYLE_WAIT = 0, 1, 2, 3
"""Colours and patterns of ``theme/assets/innopub.css`` with one meaning on every chart: indigo, solid (all, working);
orange, hatched (overdue, closed, finished); green, dotted (received, opened); purple, cross-hatched (waiting, not started)."""


def due_day(report_due: ReportDue) -> str:
    """«15 сентября»: the day of ``report_due`` as a reader reads it."""
    return format_date(dt.date(2001, report_due.month, report_due.day), "d MMMM", locale=LOCALE)


def category_chart(id: str, title: str, corner: str, counts: list[CategoryCount]) -> charts.Chart:
    """Horizontal bars of platforms per category: working, finished, not started (a series only where it has platforms)."""
    columns = [("действуют", "active"), ("завершили работу", "closed"), ("ещё не начали работу", "planned")]
    shown = [(name, attr) for i, (name, attr) in enumerate(columns) if i == 0 or any(getattr(c, attr) for c in counts)]
    values = [[getattr(c, attr) for _, attr in shown] for c in counts]
    styles = {"active": STYLE_ALL, "closed": STYLE_BAD, "planned": STYLE_WAIT}
    return charts.hbars(id, title, [c.name for c in counts], [name for name, _ in shown], values, corner, styles=[styles[a] for _, a in shown])


def _common(m: Monitoring) -> dict[str, Any]:
    return {"today": m.today, "current": m.current, "report_due": due_day(m.report_due), "links": LINKS}


def overview_context(m: Monitoring) -> dict[str, Any]:
    """``/monitoring/``: the platforms by status, level, direction and municipality, and by academic year."""
    changes = monitoring_overviews.changes_by_year(m)
    return {
        **_common(m),
        "summary": monitoring_overviews.summary(m),
        "status": category_chart("chart-status", "Площадки по статусам", "Статус", monitoring_overviews.by_status(m)),
        "level": category_chart("chart-level", "Площадки по уровню статуса", "Уровень", monitoring_overviews.by_level(m)),
        "direction": category_chart("chart-direction", "Площадки по направлениям", "Направление", monitoring_overviews.by_direction(m)),
        "municipality": category_chart("chart-municipality", "Площадки по муниципалитетам", "Муниципалитет", monitoring_overviews.by_municipality(m)),
        "changes": charts.columns(
            "chart-changes",
            "Площадки по учебным годам: открыто, закрыто, действовало",
            [c.year.text for c in changes],
            ["открыто", "закрыто", "действовало"],
            [[c.opened, c.closed, c.active] for c in changes],
            corner="Учебный год",
            styles=(STYLE_GOOD, STYLE_BAD, STYLE_ALL),
        )
        if changes
        else None,
    }


def reports_context(m: Monitoring) -> dict[str, Any]:
    """``/monitoring/reports/``: reports received against reports owed per year, overdue reports, platforms without any."""
    rows = monitoring_overviews.reporting_by_year(m)
    return {
        **_common(m),
        "summary": monitoring_overviews.summary(m),
        "reporting": charts.columns(
            "chart-reporting",
            "Отчёты площадок по учебным годам: должно быть и получено",
            [r.year.text for r in rows],
            ["должно быть", "получено", "просрочено", "ожидается"],
            [[r.owed, r.received, r.overdue, r.waiting] for r in rows],
            corner="Учебный год",
            styles=(STYLE_ALL, STYLE_GOOD, STYLE_BAD, STYLE_WAIT),
        )
        if rows
        else None,
        **_overdue_first_page(m),
        "without": monitoring_overviews.without_reports(m),
        "terms": m.terms,
    }


OVERDUE_BASE = "monitoring/overdue/"
"""The pages of the overdue reports, when they are more than a page holds (``page_size``): 2,045 rows at 10,000
synthetic entries made the reports page 1.6 MB."""
OVERDUE_TITLE = "Просроченные отчёты площадок"
OVERDUE_TEMPLATE = "innopub/monitoring/overdue.html"


def _overdue_first_page(m: Monitoring) -> dict[str, Any]:
    """The reports page's table: every overdue report, or the longest overdue ``page_size`` and a link to the rest."""
    found = monitoring_overviews.overdue_reports(m)
    size = m.settings.page_size
    return {"overdue": found[:size], "overdue_total": len(found), "overdue_pages": OVERDUE_BASE if len(found) > size else None}


def overdue_pages(m: Monitoring) -> list[tuple[str, str, dict[str, Any]]]:
    """(virtual file, title, context) of each page of the overdue reports, the longest overdue first; none while
    they fit the reports page. Split as a registry's section (``monitoring/overdue/page/2/``…)."""
    found = monitoring_overviews.overdue_reports(m)
    if len(found) <= m.settings.page_size:
        return []
    parts = split(found, m.settings.page_size)
    common = {**_common(m), "total": len(found)}
    return [
        (page_path(OVERDUE_BASE, n), page_title(OVERDUE_TITLE, n), {**common, "overdue": part, "pager": Pager(n, len(parts), OVERDUE_BASE)})
        for n, part in enumerate(parts, 1)
    ]


def terms_context(m: Monitoring) -> dict[str, Any]:
    """``/monitoring/terms/``: the statuses whose term ends in the current and in the next academic year."""
    current, following = monitoring_overviews.statuses_ending(m)
    return {**_common(m), "ending": [(m.current, current), (m.current.next(), following)], "timelines": m.timelines}


def platform_context(model: ContentModel, platform: Entry, today: dt.date | None = None) -> dict[str, Any]:
    """What a platform's page adds: ``timeline`` (every academic year of its term and its report) and ``term``
    (its status term: «статус действует до …», «срок истёк …»). For ``monitoring/timeline.html``."""
    day = today or model.settings.reference_date()
    reports = platform.backlinks.get("reports", [])
    return {
        "timeline": timeline(platform, reports, day, model.settings.report_due),
        "term": status_term(platform, day),
        "report_due": due_day(ReportDue.parse(model.settings.report_due)),
    }


@dataclass(frozen=True)
class MonitoringPage:
    path: str
    """The virtual Markdown file: ``monitoring/reports.md`` is published at ``/monitoring/reports/``."""
    title: str
    template: str
    context: Callable[[Monitoring], dict[str, Any]]

    @property
    def url(self) -> str:
        stem = self.path.removesuffix(".md")
        return stem.removesuffix("index") if stem.endswith("/index") else f"{stem}/"


PAGES = (
    MonitoringPage("monitoring/index.md", "Мониторинг инновационных площадок", "innopub/monitoring/overview.html", overview_context),
    MonitoringPage("monitoring/reports.md", "Отчётность площадок", "innopub/monitoring/reports.html", reports_context),
    MonitoringPage("monitoring/terms.md", "Сроки статусов площадок", "innopub/monitoring/terms.html", terms_context),
)
LINKS = tuple((p.title, p.url) for p in PAGES)
"""(title, address) of each monitoring page: the pages link each other."""


def pages(model: ContentModel, today: dt.date | None = None) -> list[tuple[MonitoringPage, dict[str, Any]]]:
    """Every monitoring page with its context; the monitoring is computed once for all of them."""
    m = monitor(model, today)
    return [(page, page.context(m)) for page in PAGES]
