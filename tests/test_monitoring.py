"""Monitoring of platforms (issue 10): academic years, reporting timelines, overviews, charts.

The synthetic tree's expected numbers are worked out by hand in the comments beside them; the demo's
are counted here from its files (glob + yaml), without the code under test.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.common.academic import AcademicYear, PeriodError, ReportDue, parse_academic_year, parse_period, period_problem, term_years
from generator.common.problems import InnopubError
from generator.coordinators import monitoring as mon
from generator.coordinators import monitoring_overviews as overviews
from generator.coordinators.charts import MAX_COLUMNS, columns, hbars
from generator.coordinators.monitoring_pages import PAGES, pages, platform_context
from generator.model.content import ContentModel
from generator.model.load import load_content
from generator.pages.catalog import PageSpec, site_pages
from generator.render.renderer import Renderer
from generator.settings.options import Settings, make_settings
from tests.conftest import ROOT, TODAY, write_files

D = dt.date
BUILD_DAY = D(2024, 11, 20)
"""The synthetic tree's «today»: academic year 2024/2025."""


def _org(title: str, municipality: str) -> str:
    return f"---\ntitle: {title}\nshort: {title}\nmunicipality: {municipality}\n---\n"


def _platform(title: str, status: str, orgs: str, start: str, end: str | None = None, directions: str = "", draft: bool = False) -> str:
    lines = [f"title: {title}", f"status: {status}", f"organizations: [{orgs}]", f"start: {start}"]
    lines += [f"end: {end}"] * bool(end) + [f"directions: [{directions}]"] * bool(directions) + ["draft: true"] * draft
    return "---\n" + "\n".join(lines) + "\n---\nТекст.\n"


def _report(platform: str, period: str, date: str) -> str:
    meta = f"title: Отчёт {platform} {period}\ndate: {date}\nplatform: {platform}\nperiod: {period}\nauthors: [Иванова Елена Андреевна]"
    return f"---\n{meta}\n---\nТекст.\n"


HOSTILE = '<script>alert("x")</script> Пос. <b>Лесной</b>'
TREE = {
    "organizations/org-a.md": _org("Школа А", "г. Сокол"),
    "organizations/org-b.md": _org("Школа Б", "г. Кадников"),
    "organizations/org-c.md": _org("Школа В", "г. Вологда"),
    "organizations/org-x.md": _org("Школа Х", f"'{HOSTILE}'"),
    # alpha: 2021/22, 2022/23, 2023/24; a report on the first and the last
    "platforms/alpha.md": _platform("Альфа", "РИП", "org-a", "2021-09-01", "2024-06-30", "Современная школа"),
    # beta: opened in March 2023, so it owes 2022/23 too; no report at all
    "platforms/beta.md": _platform("Бета", "МИП", "org-b", "2023-03-01", None, "Учитель будущего, Современная школа"),
    # gamma: a cooperation of Сокол and Кадников; a report for 2022/23, a final one for 2023/24; ends in the current year
    "platforms/gamma.md": _platform("Гамма", "МИП", "org-a, org-b", "2022-09-01", "2025-06-30"),
    # delta: starts next year; no report
    "platforms/delta.md": _platform("Дельта", "ГИП", "org-c", "2025-09-01", "2027-06-30", "Патриотическое воспитание"),
    # epsilon: 2023/24 reported (two-digit spelling); ends next year
    "platforms/epsilon.md": _platform("Эпсилон", "ЭП", "org-c", "2023-09-01", "2026-05-31", "Цифровая образовательная среда"),
    # zeta: a draft, on no page and in no count
    "platforms/zeta.md": _platform("Зета", "БП", "org-x", "2020-09-01", draft=True),
    "reports/alpha-1.md": _report("alpha", "2021-2022 учебный год", "2022-06-20"),
    "reports/2024/alpha-3.md": _report("alpha", "2023/2024", "2024-06-20"),
    "reports/gamma-2023.md": _report("gamma", "2022–2023 учебный год", "2023-06-25"),
    "reports/gamma-final.md": _report("gamma", "2023-2024 учебный год", "2024-06-25"),
    "reports/epsilon-1.md": _report("epsilon", "2023/24", "2024-06-10"),
}


def load(tmp: Path, files: dict[str, str], today: dt.date = BUILD_DAY, **options: str) -> ContentModel:
    write_files(tmp / "content", files)
    model, problems = load_content(tmp / "content", make_settings({"today": today, **options}, "test"))
    assert not problems.errors, problems.report()
    return model


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("monitoring")
    load(root, TREE)
    return root / "content"


def model_on(content: Path, today: dt.date, **options: str) -> ContentModel:
    model, problems = load_content(content, make_settings({"today": today, **options}, "test"))
    assert not problems.errors, problems.report()
    return model


def states(model: ContentModel, platform: str) -> list[tuple[str, str, int]]:
    t = mon.monitor(model).timelines[platform]
    return [(y.year.text, y.state.value, y.days_overdue) for y in t.years]


# Academic years ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("2022/2023", "2022/2023"),
        ("2022-2023", "2022/2023"),
        ("2022–2023", "2022/2023"),
        ("2022—2023", "2022/2023"),
        ("2022 - 2023", "2022/2023"),
        ("2022–2023 учебный год", "2022/2023"),
        ("2022-2023 учебный год", "2022/2023"),
        ("2022/2023 Учебный год", "2022/2023"),
        ("2022-2023 учебного года", "2022/2023"),
        ("2022-2023 уч. год", "2022/2023"),
        ("2022/23", "2022/2023"),
        ("  2022/2023  ", "2022/2023"),
        ("2021-2023 учебные годы", "2021/2022–2022/2023"),
        ("2021-2024 учебные годы", "2021/2022–2023/2024"),
        ("2021/2022–2023/2024", "2021/2022–2023/2024"),
        ("2099/00", None),
    ],
)
def test_every_spelling_of_a_period_is_normalized(text: str, normalized: str | None) -> None:
    if normalized is None:
        with pytest.raises(PeriodError, match="вне допустимого диапазона"):
            parse_period(text)
        return
    assert parse_period(text).text == normalized
    assert parse_period(parse_period(text).text).text == normalized  # the normalized form reads back as itself


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("весь срок", "не учебный год"),
        ("2022", "не учебный год"),
        ("2022/2023 год и ещё", "не учебный год"),
        ("22/23", "не учебный год"),
        ("2023/2022", "год окончания раньше года начала"),
        ("2022/2022", "год окончания раньше года начала"),
        ("2021/2023-2023/2024", "два соседних года"),
        ("2010-2030", "больше 10 учебных лет"),
        ("1960/1961", "вне допустимого диапазона"),
    ],
)
def test_a_bad_period_says_what_is_expected_in_russian(text: str, why: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert why in str(caught.value)
    assert "ожидается учебный год вида 2022/2023" in str(caught.value)
    assert f"«{' '.join(text.split())}»" in str(caught.value)


def test_one_academic_year_and_its_days() -> None:
    year = parse_academic_year("2022–2023 учебный год")
    assert year == AcademicYear(2022)
    assert (year.first_day, year.last_day, year.text) == (D(2022, 9, 1), D(2023, 8, 31), "2022/2023")
    assert year.due() == D(2023, 9, 15) and year.due("10-01") == D(2023, 10, 1) and year.due("06-30") == D(2024, 6, 30)
    assert AcademicYear.of(D(2023, 8, 31)) == year and AcademicYear.of(D(2023, 9, 1)) == AcademicYear(2023)
    with pytest.raises(PeriodError, match="это 3 учебных года, а отчёт — за один"):
        parse_academic_year("2021-2024 учебные годы")  # a report is for one academic year (the contract)


def test_the_years_a_term_touches() -> None:
    # opened in March 2023: 2022/2023 is owed (the year of its start), then every year to today's
    assert [y.text for y in term_years(D(2023, 3, 1), None, D(2024, 11, 20))] == ["2022/2023", "2023/2024", "2024/2025"]
    assert [y.text for y in term_years(D(2021, 9, 1), D(2024, 6, 30), D(2030, 1, 1))] == ["2021/2022", "2022/2023", "2023/2024"]
    assert [y.text for y in term_years(D(2025, 9, 1), None, D(2024, 11, 20))] == ["2025/2026"]


def test_a_period_outside_the_term_is_a_problem_for_validation() -> None:
    start, end = D(2022, 9, 1), D(2024, 6, 30)
    assert period_problem("2023-2024 учебный год", start, end, BUILD_DAY) is None
    assert period_problem("2022-2024 учебные годы", start, end, BUILD_DAY) is None
    assert (
        period_problem("2021/2022", start, end, BUILD_DAY)
        == "период 2021/2022 вне срока работы площадки (ожидается учебный год с 2022/2023 по 2023/2024)"
    )
    assert period_problem("2021-2023", start, end, BUILD_DAY) is not None  # half inside is outside
    assert "ожидается учебный год вида 2022/2023" in (period_problem("весна", start, end, BUILD_DAY) or "")
    assert period_problem("2025/2026", D(2023, 3, 1), None, BUILD_DAY) is not None  # a year that has not begun


def test_report_due_is_a_month_and_a_day() -> None:
    assert ReportDue.parse("9-1").text == "09-01" and ReportDue.parse(None) == ReportDue(9, 15)
    for bad in ("02-29", "13-01", "15 сентября", "0915"):
        with pytest.raises(ValueError, match="ожидается ММ-ДД"):
            ReportDue.parse(bad)
    assert make_settings({"report_due": "10-01"}, "mkdocs.yml").report_due == "10-01"
    with pytest.raises(InnopubError, match=r"report_due: «31-09» — не день срока сдачи отчёта"):
        make_settings({"report_due": "31-09"}, "mkdocs.yml")


# Timelines ---------------------------------------------------------------------------------------------


def test_timelines_on_the_build_day(tree: Path) -> None:
    model = model_on(tree, BUILD_DAY)
    # 2022/23 due 15.09.2023: to 15.09.2024 is 366 days (29.02.2024), then 30 + 31 + 5 to 20.11.2024 → 432
    assert states(model, "alpha") == [("2021/2022", "received", 0), ("2022/2023", "overdue", 432), ("2023/2024", "received", 0)]
    # 15.09.2024 → 20.11.2024: 30 + 31 + 5 = 66 days
    assert states(model, "beta") == [("2022/2023", "overdue", 432), ("2023/2024", "overdue", 66), ("2024/2025", "not-yet-due", 0)]
    assert states(model, "gamma") == [("2022/2023", "received", 0), ("2023/2024", "received", 0), ("2024/2025", "not-yet-due", 0)]
    assert states(model, "delta") == [("2025/2026", "not-yet-due", 0), ("2026/2027", "not-yet-due", 0)]
    assert states(model, "epsilon") == [("2023/2024", "received", 0), ("2024/2025", "not-yet-due", 0), ("2025/2026", "not-yet-due", 0)]
    m = mon.monitor(model)
    assert "zeta" not in m.timelines
    gamma = m.timelines["gamma"]
    assert [r.id for r in gamma.years[0].reports] == ["gamma-2023"] and [r.id for r in gamma.years[1].reports] == ["gamma-final"]
    assert gamma.years[2].opens == D(2025, 7, 1) and gamma.years[2].due == D(2025, 9, 15)


@pytest.mark.parametrize(
    ("today", "state", "days"),
    [
        (D(2024, 8, 31), "not-yet-due", 0),  # the year is not over
        (D(2024, 9, 1), "due", 0),  # the window opens
        (D(2024, 9, 14), "due", 0),  # the day before report_due
        (D(2024, 9, 15), "due", 0),  # the day itself: still on time
        (D(2024, 9, 16), "overdue", 1),  # the day after
    ],
)
def test_overdue_moves_with_today_across_report_due(tree: Path, today: dt.date, state: str, days: int) -> None:
    assert states(model_on(tree, today), "beta")[1] == ("2023/2024", state, days)


@pytest.mark.parametrize(
    ("today", "state", "days"),
    [(D(2024, 9, 30), "due", 0), (D(2024, 10, 1), "due", 0), (D(2024, 10, 2), "overdue", 1)],
)
def test_report_due_comes_from_the_settings(tree: Path, today: dt.date, state: str, days: int) -> None:
    assert states(model_on(tree, today, report_due="10-01"), "beta")[1] == ("2023/2024", state, days)


@pytest.mark.parametrize(
    ("today", "state", "term"),
    [
        (D(2025, 6, 30), "not-yet-due", "статус действует до 30 июня 2025\u00a0г."),  # the last day of the term
        (D(2025, 7, 1), "due", "срок истёк 30 июня 2025\u00a0г."),  # the day after: the final year's report is expected
        (D(2025, 9, 15), "due", "срок истёк 30 июня 2025\u00a0г."),
        (D(2025, 9, 16), "overdue", "срок истёк 30 июня 2025\u00a0г."),
        (D(2030, 1, 1), "overdue", "срок истёк 30 июня 2025\u00a0г."),  # no year after the term's end is owed
    ],
)
def test_states_move_across_a_terms_end(tree: Path, today: dt.date, state: str, term: str) -> None:
    model = model_on(tree, today)
    assert [y for y, _, _ in states(model, "gamma")] == ["2022/2023", "2023/2024", "2024/2025"]
    assert states(model, "gamma")[2][1] == state
    assert mon.monitor(model).terms["gamma"].text == term


def test_status_terms_on_the_build_day(tree: Path) -> None:
    m = mon.monitor(model_on(tree, BUILD_DAY))
    assert {p: (t.state.value, t.text) for p, t in m.terms.items()} == {
        "alpha": ("expired", "срок истёк 30 июня 2024\u00a0г."),
        "beta": ("ongoing", "статус действует, срок окончания не установлен"),
        "gamma": ("active", "статус действует до 30 июня 2025\u00a0г."),
        "delta": ("not-started", "статус действует с 1 сентября 2025\u00a0г. до 30 июня 2027\u00a0г."),
        "epsilon": ("active", "статус действует до 31 мая 2026\u00a0г."),
    }


# Overviews ---------------------------------------------------------------------------------------------


def counts(rows: list[overviews.CategoryCount]) -> list[tuple[str, int, int, int]]:
    return [(c.key, c.active, c.closed, c.planned) for c in rows]


def test_overviews_by_category(tree: Path) -> None:
    m = mon.monitor(model_on(tree, BUILD_DAY))
    # alpha expired, beta and gamma and epsilon working, delta not started; statuses in the settings' order
    assert counts(overviews.by_status(m)) == [("РИП", 0, 1, 0), ("ГИП", 0, 0, 1), ("МИП", 2, 0, 0), ("ЭП", 1, 0, 0)]
    assert overviews.by_status(m)[0].name == "РИП — региональная инновационная площадка"
    assert counts(overviews.by_level(m)) == [
        ("региональный", 0, 1, 0),
        ("муниципальный (город)", 0, 0, 1),
        ("муниципальный", 2, 0, 0),
        ("региональный или районный", 1, 0, 0),
    ]
    assert counts(overviews.by_direction(m)) == [
        ("Современная школа", 1, 1, 0),  # beta; alpha (expired)
        ("Учитель будущего", 1, 0, 0),
        ("Цифровая образовательная среда", 1, 0, 0),
        ("Патриотическое воспитание", 0, 0, 1),
        ("Без направления", 1, 0, 0),  # gamma
    ]
    # gamma (Сокол and Кадников) counts in both
    assert counts(overviews.by_municipality(m)) == [("г. Вологда", 1, 0, 1), ("г. Кадников", 2, 0, 0), ("г. Сокол", 1, 1, 0)]


def test_overviews_by_academic_year(tree: Path) -> None:
    m = mon.monitor(model_on(tree, BUILD_DAY))
    assert [(c.year.text, c.opened, c.closed, c.active) for c in overviews.changes_by_year(m)] == [
        ("2021/2022", 1, 0, 1),  # alpha opened
        ("2022/2023", 2, 0, 3),  # gamma (September), beta (March)
        ("2023/2024", 1, 1, 4),  # epsilon opened, alpha closed
        ("2024/2025", 0, 1, 3),  # gamma closes (30 June 2025); beta, gamma, epsilon
    ]
    assert [(r.year.text, r.due, r.owed, r.received, r.overdue, r.waiting) for r in overviews.reporting_by_year(m)] == [
        ("2021/2022", D(2022, 9, 15), 1, 1, 0, 0),
        ("2022/2023", D(2023, 9, 15), 3, 1, 2, 0),  # alpha, beta overdue; gamma's final report
        ("2023/2024", D(2024, 9, 15), 4, 3, 1, 0),  # beta overdue
        ("2024/2025", D(2025, 9, 15), 3, 0, 0, 3),
    ]
    assert [(o.platform.id, o.year.text, o.due, o.days) for o in overviews.overdue_reports(m)] == [
        ("alpha", "2022/2023", D(2023, 9, 15), 432),  # a tie in days: by title, «Альфа» before «Бета»
        ("beta", "2022/2023", D(2023, 9, 15), 432),
        ("beta", "2023/2024", D(2024, 9, 15), 66),
    ]
    current, following = overviews.statuses_ending(m)
    assert [e.platform.id for e in current] == ["gamma"] and [e.platform.id for e in following] == ["epsilon"]
    assert [t.platform.id for t in overviews.without_reports(m)] == ["beta", "delta"]
    assert overviews.summary(m) == overviews.Summary(platforms=5, active=3, reports=5, overdue=3, platforms_overdue=2)


# Charts and pages --------------------------------------------------------------------------------------


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def assert_inert(html: str) -> None:
    """Nothing runs and nothing is fetched: no script, no handler, no address but the page's own fragments."""
    doc = parse(html)
    assert not doc.find_all(["script", "style", "iframe", "object", "embed", "foreignobject", "image", "img", "use"])
    for tag in doc.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (tag.name, name)
            assert name.lower() != "style", tag.name
            text = " ".join(value) if isinstance(value, list) else str(value)
            if tag.find_parent("svg") is not None or tag.name == "svg":
                assert name not in ("href", "xlink:href", "src"), (tag.name, name)
                assert "http" not in text or name == "xmlns", (tag.name, name, text)
                for ref in re.findall(r"url\(([^)]*)\)", text):
                    assert ref.startswith("#"), ref
            elif name in ("href", "src"):
                assert not re.match(r"^[a-z]+:|^//", text), text


def check_chart(chart: BeautifulSoup) -> list[list[str]]:
    """A rendered chart: title and desc, the table's numbers all on the bars; returns the table's rows."""
    svg = chart.find("svg")
    assert svg["role"] == "img"
    title, desc = svg.find("title"), svg.find("desc")
    assert title.get_text(strip=True) and desc.get_text(strip=True)
    assert svg["aria-labelledby"] == title["id"] and svg["aria-describedby"] == desc["id"]
    table = chart.find("table")
    assert table.find("caption").get_text(strip=True)
    assert all(th.get("scope") == "col" for th in table.find("thead").find_all("th"))
    rows = []
    for tr in table.find("tbody").find_all("tr"):
        assert tr.find("th")["scope"] == "row"
        rows.append([tr.find("th").get_text(strip=True)] + [td.get_text(strip=True) for td in tr.find_all("td")])
    on_bars = [t.get_text() for t in svg.select("text.innopub-chart__value")]
    assert on_bars == [n for row in rows for n in row[1:]]  # every number, in the table's order
    labels = " ".join(t.get_text(" ") for t in svg.select("text.innopub-chart__label"))
    for row in rows:
        assert row[0] in labels or row[0][:20] in labels
        assert all(n in desc.get_text() for n in row[1:])
    return rows


@pytest.fixture(scope="module")
def rendered(tree: Path) -> dict[str, str]:
    model = model_on(tree, BUILD_DAY)
    renderer = Renderer([ROOT / "theme"], model)
    out = {}
    for page, context in pages(model):
        before, after = renderer.render_parts(PageSpec(page.path, page.title, page.template, context), page.url)
        out[page.url] = before + after
    return out


def test_the_monitoring_pages_and_their_addresses() -> None:
    assert [(p.url, p.title) for p in PAGES] == [
        ("monitoring/", "Мониторинг инновационных площадок"),
        ("monitoring/reports/", "Отчётность площадок"),
        ("monitoring/terms/", "Сроки статусов площадок"),
    ]


def test_overview_page_charts(rendered: dict[str, str]) -> None:
    html = rendered["monitoring/"]
    assert_inert(html)
    doc = parse(html)
    charts = {c["id"]: c for c in doc.select("div.innopub-chart")}
    assert list(charts) == ["chart-status", "chart-level", "chart-direction", "chart-municipality", "chart-changes"]
    status = check_chart(charts["chart-status"])
    assert [r[0] for r in status] == [
        "РИП — региональная инновационная площадка",
        "ГИП — городская инновационная площадка",
        "МИП — муниципальная инновационная площадка",
        "ЭП — экспериментальная площадка",
    ]
    assert [r[1:] for r in status] == [["0", "1", "0"], ["0", "0", "1"], ["2", "0", "0"], ["1", "0", "0"]]
    assert [th.get_text() for th in charts["chart-status"].select("thead th")] == ["Статус", "действуют", "завершили работу", "ещё не начали работу"]
    assert check_chart(charts["chart-municipality"]) == [["г. Вологда", "1", "0", "1"], ["г. Кадников", "2", "0", "0"], ["г. Сокол", "1", "1", "0"]]
    check_chart(charts["chart-level"]), check_chart(charts["chart-direction"])
    changes = check_chart(charts["chart-changes"])
    assert changes == [["2021/2022", "1", "0", "1"], ["2022/2023", "2", "0", "3"], ["2023/2024", "1", "1", "4"], ["2024/2025", "0", "1", "3"]]
    lead = doc.select_one(".innopub-lead").get_text(" ", strip=True)
    assert lead.startswith("5\u00a0площадок, из них действуют 3") and "20 ноября 2024\u00a0г." in lead
    # colour is never alone: each series but the first has its own pattern, named in the legend
    svg = charts["chart-status"].find("svg")
    assert [p["id"] for p in svg.find_all("pattern")] == ["chart-status-p1", "chart-status-p3"]
    assert [t.get_text() for t in svg.select(".innopub-chart__legend text")] == ["действуют", "завершили работу", "ещё не начали работу"]


def test_reports_page(rendered: dict[str, str]) -> None:
    html = rendered["monitoring/reports/"]
    assert_inert(html)
    doc = parse(html)
    rows = check_chart(doc.select_one("#chart-reporting"))
    assert rows == [
        ["2021/2022", "1", "1", "0", "0"],
        ["2022/2023", "3", "1", "2", "0"],
        ["2023/2024", "4", "3", "1", "0"],
        ["2024/2025", "3", "0", "0", "3"],
    ]
    overdue = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in doc.select("#overdue-caption ~ tbody tr")]
    assert [(r[0].split(" ")[0], r[1], r[2], r[3], r[4]) for r in overdue] == [
        ("Альфа", "Школа А", "2022/2023", "15 сентября 2023\u00a0г.", "432\u00a0дня"),
        ("Бета", "Школа Б", "2022/2023", "15 сентября 2023\u00a0г.", "432\u00a0дня"),
        ("Бета", "Школа Б", "2023/2024", "15 сентября 2024\u00a0г.", "66\u00a0дней"),
    ]
    without = [li.select_one(".innopub-item__title").get_text() for li in doc.select("#without ~ ul > li")]
    assert without == ["Бета", "Дельта"]
    lead = doc.select_one(".innopub-lead").get_text(" ", strip=True)
    assert lead.startswith("5\u00a0отчётов; просрочено 3\u00a0отчёта у 2\u00a0площадок")


def test_terms_page(rendered: dict[str, str]) -> None:
    html = rendered["monitoring/terms/"]
    assert_inert(html)
    doc = parse(html)
    assert [h2["id"] for h2 in doc.find_all("h2")] == ["y2024-2025", "y2025-2026"]
    first, second = doc.find_all("table")
    assert [a.get_text() for a in first.select("tbody td:first-child a")] == ["Гамма"]
    assert "статус действует до 30 июня 2025" in first.get_text()
    assert [a.get_text() for a in second.select("tbody td:first-child a")] == ["Эпсилон"]


def test_platform_timeline(tree: Path) -> None:
    model = model_on(tree, BUILD_DAY)
    renderer = Renderer([ROOT / "theme"], model)
    template = renderer.env.from_string(
        '{% import "innopub/monitoring/timeline.html" as tl with context %}{{ tl.term(term) }}{{ tl.timeline(timeline, report_due) }}'
    )
    html = template.render(**platform_context(model, model.get("platforms", "beta")), url=lambda target: target.url)
    assert_inert(html)
    doc = parse(html)
    items = [(li["id"], li.select_one(".innopub-state").get_text(" ", strip=True)) for li in doc.select("ol.innopub-timeline > li")]
    assert items == [("y2022-2023", "! отчёт просрочен"), ("y2023-2024", "! отчёт просрочен"), ("y2024-2025", "○ срок сдачи не наступил")]
    assert "просрочен на 66\u00a0дней" in doc.get_text() and "до 15 сентября после его окончания" in doc.get_text()


def test_content_is_escaped_in_charts(tmp_path: Path) -> None:
    files = {**TREE, "platforms/zeta.md": _platform("Зета", "БП", "org-x", "2020-09-01")}
    model = load(tmp_path, files)
    renderer = Renderer([ROOT / "theme"], model)
    page, context = pages(model)[0]
    html = "".join(renderer.render_parts(PageSpec(page.path, page.title, page.template, context), page.url))
    assert_inert(html)
    assert HOSTILE in parse(html).select_one("#chart-municipality desc").get_text()


def test_chart_layout_wraps_long_labels_and_keeps_every_number() -> None:
    chart = hbars("c", "Т", ["очень " * 40, "к"], ["а"], [[0], [120]], corner="К")
    assert len(chart.labels[0].lines) == 3 and chart.labels[0].lines[-1].endswith("…")
    assert [b.value for b in chart.bars] == [0, 120] and chart.bars[0].width == 0
    assert chart.bars[1].label_x + 3 * 8.68 <= chart.width  # the number fits after the longest bar
    with pytest.raises(ValueError):
        hbars("c", "Т", ["к"], ["а"], [[-1]], corner="К")
    years = [f"{y}/{y + 1}" for y in range(2015, 2016 + MAX_COLUMNS)]
    assert columns("c", "Т", years[:MAX_COLUMNS], ["а", "б"], [[1, 2]] * MAX_COLUMNS, corner="Год").kind == "columns"
    assert columns("c", "Т", years, ["а", "б"], [[1, 2]] * len(years), corner="Год").kind == "hbars"  # too many to read as columns


def test_pages_of_a_site_without_platforms(tmp_path: Path) -> None:
    model = load(tmp_path, {"organizations/org-a.md": _org("Школа А", "г. Сокол")})
    renderer = Renderer([ROOT / "theme"], model)
    texts = {}
    for page, context in pages(model):
        html = "".join(renderer.render_parts(PageSpec(page.path, page.title, page.template, context), page.url))
        assert_inert(html)
        assert not parse(html).find("svg")
        texts[page.url] = parse(html).get_text(" ", strip=True)
    assert "Площадок пока нет." in texts["monitoring/"]
    assert "Просроченных отчётов нет." in texts["monitoring/reports/"] and "Таких площадок нет" in texts["monitoring/reports/"]
    assert "Ни у одной площадки срок статуса не заканчивается в 2024/2025 учебном году." in texts["monitoring/terms/"]


# The demo ----------------------------------------------------------------------------------------------


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_demo_counts_agree_with_its_files() -> None:
    today = D.fromisoformat(TODAY)
    platforms = {p.stem: m for p in (ROOT / "content/platforms").rglob("*.md") if not (m := front_matter(p)).get("draft")}
    reports = [m for p in (ROOT / "content/reports").rglob("*.md") if not (m := front_matter(p)).get("draft")]
    orgs = {p.stem: front_matter(p) for p in (ROOT / "content/organizations").rglob("*.md")}

    def year_of(day: dt.date) -> int:
        return day.year if day.month >= 9 else day.year - 1

    covered: dict[str, set[int]] = {}
    for r in reports:
        first, last = map(int, re.findall(r"\d{4}", str(r["period"]))[:2])
        covered.setdefault(r["platform"], set()).update(range(first, last))
    expected_overdue, owed, received = set(), Counter(), Counter()
    for pid, p in platforms.items():
        for y in range(year_of(p["start"]), year_of(p.get("end") or today) + 1):
            if y > year_of(today):
                continue
            owed[y] += 1
            if y in covered.get(pid, ()):
                received[y] += 1
            elif today > D(y + 1, 9, 15):
                expected_overdue.add((pid, f"{y}/{y + 1}"))
    working = [p for p in platforms.values() if p["start"] <= today and (not p.get("end") or p["end"] >= today)]

    model, problems = load_content(ROOT / "content", Settings(today=today))
    assert not problems.errors
    m = mon.monitor(model)
    assert {(o.platform.id, o.year.text) for o in overviews.overdue_reports(m)} == expected_overdue
    assert {r.year.start: (r.owed, r.received) for r in overviews.reporting_by_year(m)} == {y: (owed[y], received[y]) for y in owed}
    s = overviews.summary(m)
    assert (s.platforms, s.active, s.reports, s.overdue) == (len(platforms), len(working), len(reports), len(expected_overdue))
    assert {c.key: c.total for c in overviews.by_status(m)} == Counter(p["status"] for p in platforms.values())
    by_town = Counter(town for p in platforms.values() for town in {orgs[o]["municipality"] for o in p["organizations"]})
    assert {c.key: c.total for c in overviews.by_municipality(m)} == by_town
    assert expected_overdue  # the demo's «today» has overdue reports to show


def test_a_long_overdue_list_is_split_into_pages(tree: Path) -> None:
    """Issue 19, item 8: 2,045 overdue reports at 10,000 synthetic entries made the reports page 1.6 MB. With a page of
    two, the three overdue reports (by hand, above: Альфа 2022/2023, Бета 2022/2023, Бета 2023/2024) take two pages."""
    model = model_on(tree, BUILD_DAY, page_size=2)
    renderer = Renderer([ROOT / "theme"], model)
    specs = {spec.url: spec for spec in site_pages(model) if spec.path.startswith("monitoring/")}
    assert sorted(specs) == ["monitoring/", "monitoring/overdue/", "monitoring/overdue/page/2/", "monitoring/reports/", "monitoring/terms/"]

    def page(url: str) -> BeautifulSoup:
        spec = specs[url]
        before, after = renderer.render_parts(PageSpec(spec.path, spec.title, spec.template, spec.full_context()), url)
        assert_inert(before + after)
        return parse(before + after)

    def overdue_rows(doc: BeautifulSoup) -> list[tuple[str, str, str]]:
        found = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in doc.select("#overdue-caption ~ tbody tr")]
        return [(r[0].split(" ")[0], r[2], r[4]) for r in found]

    reports = page("monitoring/reports/")
    assert overdue_rows(reports) == [("Альфа", "2022/2023", "432\u00a0дня"), ("Бета", "2022/2023", "432\u00a0дня")]
    more = reports.select_one(".innopub-more")
    assert more.get_text(" ", strip=True).startswith("Показаны 2 самых давних из 3;")
    assert [a["href"] for a in more.find_all("a")] == ["../overdue/"]
    first, second = page("monitoring/overdue/"), page("monitoring/overdue/page/2/")
    assert overdue_rows(first) == overdue_rows(reports)
    assert overdue_rows(second) == [("Бета", "2023/2024", "66\u00a0дней")]
    assert first.select_one(".innopub-lead").get_text(" ", strip=True).startswith("Просрочено 3\u00a0отчёта — по состоянию на 20 ноября 2024")
    assert [a["href"] for a in first.select(".innopub-pager a[rel=next]")] == ["page/2/"]
    assert [a["href"] for a in second.select(".innopub-pager a[rel=prev]")] == ["../../"]
    assert specs["monitoring/overdue/page/2/"].title == "Просроченные отчёты площадок — страница 2"


def test_a_short_overdue_list_stays_on_the_reports_page(tree: Path) -> None:
    model = model_on(tree, BUILD_DAY)  # page_size 100
    assert not [spec.path for spec in site_pages(model) if spec.path.startswith("monitoring/overdue")]
