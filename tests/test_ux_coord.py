"""What a new coordinator met (issue 21, part 3): search, navigation, the home page, the demo's terms, open data.

- Search: the count beside a ticked filter is the count «Найдено» says (headless Chromium, locale ru-RU).
- Navigation: the tab «Контроль исполнения» opens the control page, not the decisions' registry.
- Home page: a way to the monitoring, the statuses' terms, the control and the open data, with their numbers.
- The demo: «Сроки статусов» lists platforms in the current and in the next academic year.
- Open data: every dataset also as XLSX, with a Russian header on every sheet (openpyxl); a downloaded file's name
  says its dataset (the page's ``download`` names, and Chromium's saved name); the CSV has no byte order mark, and
  the page says so and sends spreadsheet users to the XLSX.

Every expected number is read here from the demo's files (YAML front matter) or written by hand, never from the
code under test.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import unquote, urljoin

import openpyxl
import pytest
import yaml

from tests.conftest import ROOT, TODAY, soup

DAY = dt.date.fromisoformat(TODAY)
INN = "3527000001"
"""The demo's publisher (mkdocs.yml)."""
DATASETS = [
    "organizations", "platforms", "reports", "practices", "events", "decisionpoints",
    "reportingyears", "statusterms", "monitoringyears",
]  # fmt: skip
"""Every dataset the demo publishes, as the open data page lists them."""
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def published(folder: str) -> dict[str, dict]:
    """The demo's published entries of a kind: id → front matter, read here with PyYAML."""
    found = {}
    for path in sorted((ROOT / "content" / folder).rglob("*.md")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")) or {}
        if not meta.get("draft"):
            found[path.stem] = meta
    return found


def academic_year(day: dt.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


# Search: one count --------------------------------------------------------------------------------------------


@pytest.fixture
def ru_page(browser):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == []


STATUS = "document.querySelector('[data-innopub-search-page-status]')?.textContent || ''"
"""The search page's status line, as a script reads it (empty while the page loads)."""


def found(page) -> int:
    """The number «Найдено: N записей» says, once the search has answered."""
    status = page.locator("[data-innopub-search-page-status]")
    page.wait_for_function(f"() => /Найдено|Ничего/.test({STATUS})")
    text = status.inner_text()
    return int(re.search(r"Найдено: (\d+)", text)[1]) if "Найдено" in text else 0


def counts(page, checked: bool) -> dict[tuple[str, str], int]:
    """(facet, value) → the count beside it, of the ticked (or unticked) values."""
    rows = page.locator(".innopub-facet__value").evaluate_all(
        """labels => labels.map(l => [l.closest('[data-facet]').dataset.facet, l.querySelector('input').value,
                                      l.querySelector('input').checked, l.querySelector('.innopub-count').textContent])"""
    )
    return {(facet, value): int(count) for facet, value, ticked, count in rows if ticked == checked}


def settle(page, expected: int) -> None:
    """Wait until «Найдено» says ``expected`` (the facets are drawn in the same task)."""
    page.wait_for_function(f"n => new RegExp(`Найдено: ${{n}}[^0-9]`).test({STATUS})", arg=expected)


def test_a_registry_facet_opens_a_search_whose_ticked_filters_read_its_count(ru_page, demo_url: str) -> None:
    """The issue's case: «Современная школа (4)» of the platforms' registry opened «Найдено: 4 записи» beside
    «Площадка 7» and «Современная школа 8» (Pagefind's counts without any filter)."""
    school = [p for p in published("platforms").values() if "Современная школа" in (p.get("directions") or [])]
    assert len(school) >= 2, "the demo has several platforms of the direction"
    ru_page.goto(demo_url + "platforms/")
    link = ru_page.locator("a[data-innopub-registry-facet]", has_text="Современная школа")
    assert int(link.locator("xpath=following-sibling::span[1]").inner_text().strip("()")) == len(school)
    link.click()
    ru_page.wait_for_url("**/search/?*")
    settle(ru_page, len(school))
    assert found(ru_page) == len(school)
    assert counts(ru_page, checked=True) == {("Вид", "Площадка"): len(school), ("Направление", "Современная школа"): len(school)}
    # an unticked value of a facet without a choice reads what ticking it finds
    years = sorted({p["start"].year for p in school})
    assert len(years) >= 2
    unticked = counts(ru_page, checked=False)
    for year in years:
        assert unticked[("Год", str(year))] == sum(1 for p in school if p["start"].year == year)
    year = years[0]
    ru_page.locator(f".innopub-facet[data-facet='Год'] input[value='{year}']").check()
    expected = sum(1 for p in school if p["start"].year == year)
    settle(ru_page, expected)
    assert set(counts(ru_page, checked=True).values()) == {found(ru_page)} == {expected}


def test_with_a_query_a_ticked_filter_reads_the_results_count(ru_page, demo_url: str) -> None:
    ru_page.goto(demo_url + "search/?q=наставничество")
    everything = found(ru_page)
    reports = counts(ru_page, checked=False)[("Вид", "Отчёт")]
    assert 0 < reports < everything
    ru_page.locator(".innopub-facet[data-facet='Вид'] input[value='Отчёт']").check()
    settle(ru_page, reports)
    assert counts(ru_page, checked=True) == {("Вид", "Отчёт"): reports} and found(ru_page) == reports


# Navigation and the home page -----------------------------------------------------------------------------------


def test_the_control_tab_opens_the_control_page(demo: Path) -> None:
    for page in ("index.html", "decisions/index.html", "monitoring/index.html"):
        tabs = {a.get_text(strip=True): a["href"] for a in soup(demo / page).select(".md-tabs__link")}
        assert unquote(urljoin(f"/{page}", tabs["Контроль исполнения"])) == "/control/", page
    section = soup(demo / "control/index.html").select_one(".md-nav--primary .md-nav__item--active .md-nav__list")
    links = [a.get_text(strip=True) for a in section.select("a.md-nav__link")]
    assert links.index("Контроль исполнения") < links.index("Решения и резолюции")  # the section's first page is the tab's


def control_points() -> tuple[int, int]:
    """(points under control, overdue) of the demo, from the decisions' files: a published decision's points
    without ``done`` (plans have rows, not points; a superseded decision's open points are lifted from control);
    overdue when ``due`` is a date before the build's day."""
    decisions = published("decisions")
    superseded = {d["supersedes"] for d in decisions.values() if d.get("supersedes")}
    controlled = [d for key, d in decisions.items() if key not in superseded and d["kind"] != "план"]
    under = [item for d in controlled for item in d.get("items", []) if "done" not in item]
    return len(under), sum(1 for item in under if isinstance(item.get("due"), dt.date) and item["due"] < DAY)


def test_the_home_page_leads_to_the_monitoring_and_the_control(demo: Path) -> None:
    platforms = published("platforms").values()
    active = [p for p in platforms if p["start"] <= DAY and (not p.get("end") or p["end"] >= DAY)]
    ending = [p for p in platforms if p.get("end") and academic_year(p["end"]) == academic_year(DAY)]
    on_control, overdue = control_points()
    page = soup(demo / "index.html")
    section = page.find("h2", id="coordination").find_next_sibling("div")
    tiles = {a["href"]: a.get_text(" ", strip=True).replace("\xa0", " ") for a in section.select("a.innopub-tile")}
    assert list(tiles) == ["monitoring/", "monitoring/reports/", "monitoring/terms/", "control/", "opendata/"]
    assert tiles["monitoring/"] == f"Мониторинг площадок действуют {len(active)} из {len(platforms)} площадок"
    assert tiles["monitoring/terms/"] == f"Сроки статусов {len(ending)} статуса заканчиваются в 2026/2027 учебном году"
    assert tiles["control/"] == f"Контроль исполнения на контроле {on_control} пунктов решений, просрочено {overdue}"
    assert tiles["opendata/"].startswith("Открытые данные")
    for href in tiles:
        assert (demo / href / "index.html").is_file()


def test_the_demo_shows_statuses_ending_this_year_and_next(demo: Path) -> None:
    """The demo's platforms had no ``end``: «Сроки статусов» said 0 and 0. Now it shows what the page is for."""
    platforms = published("platforms")
    by_year = {
        year: sorted(p["title"] for p in platforms.values() if p.get("end") and academic_year(p["end"]) == year)
        for year in (academic_year(DAY), academic_year(DAY) + 1)
    }
    assert all(by_year.values()) and any(not p.get("end") for p in platforms.values()), "ending this year, next year, and one without an end"
    page = soup(demo / "monitoring/terms/index.html")
    shown = {}
    for table in page.select("article table"):
        year = int(re.search(r"(\d{4})/\d{4}", table.caption.get_text())[1])
        shown[year] = sorted(td.a.get_text(strip=True) for td in table.select("tbody td[data-label='Площадка']"))
    assert shown == by_year


# Open data for a spreadsheet user -------------------------------------------------------------------------------


def files_table(demo: Path):
    page = soup(demo / "opendata/index.html")
    return page, page.select("table:has(caption:-soup-contains('Файлы набора')) a[download]")


def test_every_dataset_is_a_workbook_with_russian_headers_on_every_sheet(demo: Path) -> None:
    workbooks = sorted((demo / "opendata").glob("*/data-*.xlsx"))
    assert [p.parent.name for p in workbooks] == sorted(f"{INN}-{name}" for name in DATASETS)  # 9 of 9
    for path in workbooks:
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["Данные", "Структура", "Паспорт"], path
        for sheet in book:
            header = [c.value for c in next(sheet.iter_rows(max_row=1))]
            assert header and all(isinstance(h, str) and CYRILLIC.search(h) for h in header), (path.parent.name, sheet.title, header)
        data = list(book["Данные"].iter_rows(values_only=True))
        structure = list(book["Структура"].iter_rows(values_only=True))[1:]
        assert list(data[0]) == [row[1] for row in structure]  # each column named as the structure sheet says
        passport = {row[2]: row[1] for row in book["Паспорт"].iter_rows(min_row=2, values_only=True)}
        assert passport["identifier"] == path.parent.name and passport["standardversion"] == "http://opendata.gosmonitor.ru/standard/3.0"
    _, links = files_table(demo)
    assert sorted(a["href"] for a in links if a["href"].endswith(".xlsx")) == [p.relative_to(demo / "opendata").as_posix() for p in workbooks]


def test_a_downloaded_file_names_its_dataset(demo: Path) -> None:
    """The standard names files alike in every dataset's folder: the platforms' data and the status terms' data were
    both ``data-20240901-structure-20210901.*`` when saved. The links name them ``<identifier>-<file>``."""
    page, links = files_table(demo)
    names = [a["download"] for a in links]
    assert len(names) == len(set(names)) == 5 * len(DATASETS)
    for a in links:
        folder, name = a["href"].split("/")
        assert a["download"] == f"{folder}-{name}" and folder.startswith(f"{INN}-")
    for a in page.select("table:has(caption:-soup-contains('Паспорт набора')) a"):  # the passport's links to its files
        assert a["download"] == a["href"].replace("/", "-")
    assert page.select_one("a[href='list.csv']")["download"] == f"{INN}-list.csv"


def test_chromium_saves_a_file_under_its_datasets_name(ru_page, demo_url: str) -> None:
    ru_page.goto(demo_url + "opendata/")
    for dataset, suffix in (("platforms", ".csv"), ("statusterms", ".xlsx")):
        link = ru_page.locator(f"section[aria-labelledby='{INN}-{dataset}'] table a[href$='{suffix}'][href*='/data-']").first
        with ru_page.expect_download() as download:
            link.click()
        name = download.value.suggested_filename
        assert re.fullmatch(rf"{INN}-{dataset}-data-\d{{8}}-structure-\d{{8}}\{suffix}", name), name


def test_csv_has_no_byte_order_mark_and_the_page_sends_excel_users_to_xlsx(demo: Path) -> None:
    """The decision (generator/coordinators/opendata.py): UTF-8 without a BOM, as the recommendations and the
    harvesters read it (a BOM would be part of the first header); Excel users get the XLSX of the same rows."""
    csv_files = sorted((demo / "opendata").rglob("*.csv"))
    assert len(csv_files) == 1 + 3 * len(DATASETS)
    for path in csv_files:
        raw = path.read_bytes()
        raw.decode("utf-8")  # strict
        first = raw.split(b"\r\n", 1)[0]
        assert re.fullmatch(rb"[a-z][a-z ]*(,[a-z][a-z0-9 ]*)*", first), (path, first[:40])  # Latin field names, no BOM
    advice = soup(demo / "opendata/index.html").select_one(".innopub-opendata-excel").get_text(" ", strip=True)
    for words in ("XLSX", "UTF-8 без метки порядка байтов (BOM)", "разделитель — запятая", "Из текстового/CSV-файла"):
        assert words in advice
