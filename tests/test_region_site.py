"""A regional site built from content/ and harvest/ (issue 23, §3–§4, «Done when»): three municipal exports written by
hand (tests/fixtures/region.py), one municipality down since 2026-11-20 with its last good copy kept, and a fourth
kind of hostile data in another's export. The site is built for real and its HTML parsed; its search is run in
Debian's Chromium."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import ROOT, TODAY, innopub, project, serve, soup, write_files
from tests.fixtures.region import FRESH, INN, REGION_CONFIG, entry, files, harvest_files, municipality_entries

OWN = {
    "organizations/iro.md": "---\ntitle: Институт развития образования\nshort: ИРО\nmunicipality: г. Вологда\n---\n",
    "platforms/regionalnaya.md": "---\ntitle: Цифровая школа\nstatus: РИП\norganizations: [iro]\nstart: 2024-09-01\n---\nТекст.\n",
    "bulletin/2026-10.md": "---\ntitle: Вестник, октябрь\ndate: 2026-11-01\nnumber: 1\ntotal: 1\nregion_new: true\n---\nСлово редакции.\n",
}
ORG = {"short": "Школа", "municipality": "пос. Заря"}
DECISION = {"kind": "решение коллегии", "date": "2026-01-20", "issuer": "Коллегия управления образования",
            "items": [{"number": "1", "text": "Провести семинар.", "responsible": ["shkola-1"], "due": "2026-05-01"},
                      {"number": "2", "text": "Издать сборник.", "responsible": ["shkola-1"], "due": "2026-03-01", "done": "2026-02-20"},
                      {"number": "3", "text": "Подвести итоги.", "responsible": ["shkola-1"], "due": "2027-05-01"}]}  # fmt: skip
PRACTICE = {"date": "2026-10-15", "authors": ["Иванова Анна Петровна"], "organization": "shkola-1", "platform": "nastavnichestvo"}


def hostile_entries() -> list:
    xss = entry("zarya", "organizations", "xss", "<script>alert('title')</script>Гимназия", ORG,
                summary='<img src=x onerror="alert(1)">описание', text="<script>alert('text')</script> текст")  # fmt: skip
    js = {**entry("zarya", "organizations", "js", "Школа со ссылкой", ORG), "url": "javascript:alert(1)"}
    rel = {**entry("zarya", "organizations", "rel", "Школа с относительной ссылкой", ORG), "url": "/organizations/rel/"}
    dots = entry("zarya", "organizations", "../../mkdocs", "Школа", ORG)
    return [*municipality_entries("zarya", "пос. Заря", "Функциональная грамотность"), xss, js, rel, dots]


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = project(tmp_path_factory.mktemp("region"), OWN, REGION_CONFIG + "      search_part_size: 4\n")  # parts: at most two Pagefinds
    sokol = [*municipality_entries("sokol", "г. Сокол", "Наставничество", INN), entry("sokol", "practices", "kvest", "Квест наставникам", PRACTICE),
             entry("sokol", "decisions", "kollegiya", "Решение коллегии", DECISION)]  # fmt: skip
    write_files(root, harvest_files() | files("zarya", "пос. Заря", hostile_entries(), FRESH) | files("sokol", "г. Сокол", sokol, FRESH))
    write_files(root, {"harvest/stray/innopub.json": "{}"})
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site", result.stdout + result.stderr


def test_the_build_goes_on_and_says_each_problem_in_russian(region: tuple[Path, str]) -> None:
    _, output = region
    assert "harvest/zarya/entries.json:1: предупреждение: запись № 7: «../../mkdocs» — не идентификатор записи" in output
    assert "запись organizations/js: адрес страницы «javascript:alert(1)» — не адрес на сайте муниципалитета" in output
    assert "запись organizations/rel: адрес страницы «/organizations/rel/» — не адрес на сайте муниципалитета" in output
    assert "папка harvest/stray/ не названа в region: municipalities — не прочитана" in output
    assert "Traceback" not in output


def test_the_registry_shows_every_municipalitys_platforms_with_the_facet(region: tuple[Path, str]) -> None:
    site, _ = region
    page = soup(site / "region/platforms/index.html")
    facet = page.select_one("[data-innopub-facet='Муниципалитет']")
    assert [a.get_text(strip=True) for a in facet.select("a")] == ["г. Сокол", "г. Плёс", "пос. Заря"]
    cards = {li["data-innopub-id"]: li for li in page.select("li.innopub-harvested")}
    assert set(cards) == {"sokol/platforms/nastavnichestvo", "ples/platforms/nastavnichestvo", "zarya/platforms/nastavnichestvo"}
    ples = cards["ples/platforms/nastavnichestvo"]
    assert ples.select_one("a.innopub-item__title")["href"] == "https://ples.example.ru/platforms/nastavnichestvo/"
    assert "на сайте г. Плёс" in ples.get_text() and "наставничество педагогов молодых учителей" in ples.get_text()
    assert not (site / "region/ples").exists() and not (site / "platforms/nastavnichestvo").exists()  # no page of their own
    assert (site / "platforms/regionalnaya/index.html").exists()  # the region's own content as before


def test_the_municipalities_page_shows_freshness_and_overdue_reports(region: tuple[Path, str]) -> None:
    site, _ = region
    page = soup(site / "region/index.html")
    ples = page.select_one("tr[data-innopub-municipality='ples']")
    assert "данные от 19 ноября 2026\u00a0г.; сайт недоступен с 20 ноября 2026\u00a0г." in ples.get_text()
    assert "сайт не ответил за 30 секунд" in ples.get_text()
    assert "сайт недоступен" not in page.select_one("tr[data-innopub-municipality='sokol']").get_text()
    # Each platform started 2022-09-01 and reported 2022/2023 only: 2023/24, 2024/25, 2025/26 are overdue on 2026-11-25.
    for municipality in ("sokol", "ples", "zarya"):
        row = page.select_one(f"tr[data-innopub-municipality='{municipality}'] [data-innopub-overdue]")
        assert row.get_text(strip=True) == "3"
        assert len(page.select(f"[data-innopub-overdue-list='{municipality}'] li")) == 3
    cell = "td[data-label='Просрочено пунктов решений']"
    late = {m: page.select_one(f"tr[data-innopub-municipality='{m}'] {cell}").get_text() for m in ("sokol", "ples")}
    assert late == {"sokol": "1", "ples": "0"}  # point 1 (due 2026-05-01, not done); 2 is done, 3 is not due yet
    chart = page.select_one("#region-reporting")
    assert chart.select_one("svg[role='img'] title").get_text() == "Площадки и просроченные отчёты по муниципалитетам"
    rows = [[c.get_text(strip=True) for c in tr.select("th, td")] for tr in chart.select("tbody tr")]
    assert rows == [["г. Сокол", "1", "3"], ["г. Плёс", "1", "3"], ["пос. Заря", "1", "3"]]


def test_hostile_text_is_escaped_and_no_link_leaves_http(region: tuple[Path, str]) -> None:
    site, _ = region
    for path in [*site.joinpath("region").rglob("*.html")]:
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "onerror=" not in html.replace("onerror=&#34;", "").replace('onerror="alert(1)"&gt;', "")
        for href in re.findall(r'href="([^"]*)"', html):
            assert not href.lower().startswith(("javascript:", "data:")), href
    orgs = soup(site / "region/organizations/index.html")
    assert "<script>alert('title')</script>Гимназия" in orgs.get_text()  # shown as the text it is
    assert not orgs.select("img[src='x']")


@pytest.fixture(scope="module")
def region_url(region: tuple[Path, str]):
    with serve(region[0]) as url:
        yield url


def test_search_finds_a_harvested_entry_by_a_word_form_and_filters_by_municipality(browser, region_url: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(region_url + "search/?" + urlencode({"q": "наставничеством"}))
    results = page.locator("[data-innopub-search-page-results] li")
    results.first.wait_for()
    page.wait_for_function("() => document.querySelector('[data-innopub-search-page-status]').textContent.includes('Найдено')")
    hrefs = page.locator("[data-innopub-search-page-results] a").evaluate_all("els => els.map(e => e.href)")
    assert "https://ples.example.ru/platforms/nastavnichestvo/" in hrefs  # down since 2026-11-20: still found
    assert "https://sokol.example.ru/platforms/nastavnichestvo/" in hrefs
    page.locator(".innopub-facet[data-facet='Муниципалитет'] input[value='г. Плёс']").check()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-innopub-search-page-results] a')].every(a => a.href.startsWith('https://ples.'))"
    )
    hrefs = page.locator("[data-innopub-search-page-results] a").evaluate_all("els => els.map(e => e.href)")
    assert hrefs and all(h.startswith("https://ples.example.ru/") for h in hrefs)
    page.close()


def test_open_data_merges_the_municipalities_with_a_municipality_column(region: tuple[Path, str]) -> None:
    import csv
    import json

    import openpyxl

    site, _ = region
    [folder] = site.joinpath("opendata").glob("*-platforms")
    [data] = folder.glob("data-*.csv")
    rows = list(csv.DictReader(data.read_text(encoding="utf-8").splitlines()))
    assert [(r["regionmunicipality"], r["id"]) for r in rows] == [
        ("", "regionalnaya"),
        ("г. Сокол", "sokol/platforms/nastavnichestvo"),
        ("г. Плёс", "ples/platforms/nastavnichestvo"),
        ("пос. Заря", "zarya/platforms/nastavnichestvo"),
    ]
    assert rows[2]["page"] == "https://ples.example.ru/platforms/nastavnichestvo/" and rows[2]["reports"] == "ples/reports/otchet-2023"
    as_json = json.loads(data.with_suffix(".json").read_text(encoding="utf-8"))
    assert "г. Плёс" in json.dumps(as_json, ensure_ascii=False)
    sheet = openpyxl.load_workbook(data.with_suffix(".xlsx")).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Муниципалитет региона" and ["г. Плёс", "ples/platforms/nastavnichestvo"] in [v[:2] for v in values]


def test_a_regional_bulletin_issue_lists_the_months_new_municipal_entries(region: tuple[Path, str]) -> None:
    site, _ = region
    page = soup(site / "bulletin/2026-10/index.html")
    [item] = page.select("[data-innopub-region-new='sokol'] a")
    assert (item.get_text(strip=True), item["href"]) == ("Квест наставникам", "https://sokol.example.ru/practices/kvest/")
    assert not page.select("[data-innopub-region-new='ples']")  # nothing of its dated October 2026


@pytest.fixture(scope="module")
def regional_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """demo-region/region/ built as on 2026-11-25, beside a copy of the theme its mkdocs.yml names (../../theme)."""
    base = tmp_path_factory.mktemp("demo-region")
    shutil.copytree(ROOT / "theme", base / "theme")
    root = base / "demo-region" / "region"
    shutil.copytree(ROOT / "demo-region" / "region", root, ignore=shutil.ignore_patterns("site", ".cache"))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - innopub:\n", f"  - innopub:\n      today: {TODAY}\n"), encoding="utf-8")
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "предупреждение" not in result.stdout + result.stderr  # the committed exports are clean
    return root / "site"


def test_the_regional_demo_shows_every_municipality(regional_demo: Path) -> None:
    platforms = soup(regional_demo / "region/platforms/index.html")
    facet = platforms.select_one("[data-innopub-facet='Муниципалитет']")
    assert [a.get_text(strip=True) for a in facet.select("a")] == ["г. Белозерск", "г. Кириллов", "Харовский округ"]
    for municipality in ("belozersk", "kirillov", "kharovsk"):
        assert platforms.select(f"[data-innopub-municipality='{municipality}'] li.innopub-harvested")
    overview = soup(regional_demo / "region/index.html")
    assert "сайт недоступен с 20 ноября 2026\u00a0г." in overview.select_one("tr[data-innopub-municipality='kharovsk']").get_text()
    # Харовск: «Школьное лесничество» (from 2023-09-01) reported 2023/2024 only: 2024/2025 and 2025/2026 are overdue.
    assert overview.select_one("tr[data-innopub-municipality='kharovsk'] [data-innopub-overdue]").get_text(strip=True) == "2"
    assert len(overview.select("[data-innopub-overdue-list='kharovsk'] li")) == 2
    [folder] = regional_demo.joinpath("opendata").glob("*-platforms")
    [data] = folder.glob("data-*.csv")
    header, *rows = data.read_text(encoding="utf-8").splitlines()
    assert header.startswith("regionmunicipality,id,") and sum(r.startswith("Харовский округ,kharovsk/platforms/") for r in rows) == 1


def test_a_long_regional_registry_puts_each_municipality_on_pages_of_its_own(tmp_path: Path) -> None:
    root = project(tmp_path, OWN, REGION_CONFIG + "      page_size: 1\n")
    practices = [entry("sokol", "practices", f"kvest-{n}", f"Квест {n}", PRACTICE) for n in (1, 2)]
    write_files(root, harvest_files() | files("sokol", "г. Сокол", [*municipality_entries("sokol", "г. Сокол", "Наставничество"), *practices], FRESH))
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    overview = soup(root / "site/region/platforms/index.html")
    assert not overview.select("li.innopub-harvested")  # three platforms, one a page: each municipality has its own
    assert [a["href"] for a in overview.select("[data-innopub-municipality-part]")] == ["sokol/", "ples/", "zarya/"]
    first = soup(root / "site/region/practices/sokol/index.html")
    second = soup(root / "site/region/practices/sokol/page/2/index.html")
    titles = [p.select_one("li.innopub-harvested a").get_text(strip=True) for p in (first, second)]
    assert titles == ["Квест 1", "Квест 2"] or titles == ["Квест 2", "Квест 1"]
    assert first.select_one("a[rel='next']")["href"] == "page/2/"


def test_the_municipalities_page_lists_ten_overdue_reports_of_one_and_links_the_rest(tmp_path: Path) -> None:
    root = project(tmp_path, OWN, REGION_CONFIG)
    many = [
        entry("sokol", "platforms", f"p-{n:02d}", f"Площадка {n}", {"status": "МИП", "organizations": ["shkola-1"], "start": "2022-09-01"})
        for n in range(1, 5)
    ]  # each without a report: 2022/23 … 2025/26 overdue, 4 × 4 = 16
    write_files(root, harvest_files() | files("sokol", "г. Сокол", [municipality_entries("sokol", "г. Сокол", "Н")[0], *many], FRESH))
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    page = soup(root / "site/region/index.html")
    assert page.select_one("tr[data-innopub-municipality='sokol'] [data-innopub-overdue]").get_text(strip=True) == "16"
    assert len(page.select("[data-innopub-overdue-list='sokol'] li")) == 10
    more = page.find("a", string=re.compile("ещё 6 — в мониторинге на сайте г. Сокол"))
    assert more["href"] == "https://sokol.example.ru/monitoring/overdue/"


def test_hostile_harvested_text_runs_nothing_in_chromium(browser, region_url: str) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(region_url + "region/organizations/")
    assert page.get_by_text("<script>alert('title')</script>Гимназия").count() == 1  # shown as text
    page.goto(region_url + "search/?" + urlencode({"q": "гимназия"}))
    page.locator("[data-innopub-search-page-results] li").first.wait_for()
    assert "<script>" in page.locator("[data-innopub-search-page-results]").inner_text()
    page.wait_for_timeout(300)
    assert dialogs == []
    page.close()


def test_the_regional_registry_lists_the_regions_own_entries_first(region: tuple[Path, str]) -> None:
    site, _ = region
    page = soup(site / "region/platforms/index.html")
    own = page.find("h2", id="region-own").find_next("ul")
    assert [a["href"] for a in own.select("a.innopub-item__title, a")][:1] == ["../../platforms/regionalnaya/"]
