"""The site's own footer and the Russian page «не найдено», from any depth and under a sub-path."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import innopub, project, soup
from tests.fixtures.content import BASE, FOOTER

SITE_NAME = "Инновационный опыт образовательных организаций"  # the project's mkdocs.yml
BASE_REGISTRIES = ["organizations", "platforms", "reports", "practices", "events", "articles", "collections"]
WORD = re.compile(r"[A-Za-z]{3,}")
NAMES = {"info", "example", "org", "opendata", "CC", "BY", "HTML", "Nu", "Checker", "axe", "core", "WCAG", "EPUB"}


def english(text: str) -> set[str]:
    return {w for w in WORD.findall(text) if w not in NAMES}


@pytest.fixture(scope="module")
def subsite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site with every footer setting, published under /sub/."""
    root = project(tmp_path_factory.mktemp("footer"), dict(BASE), extra_config=FOOTER)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("https://innopub.example.org/", "https://innopub.example.org/sub/"), encoding="utf-8")
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_footer_from_the_settings(subsite: Path) -> None:
    page = subsite / "reports" / "otchet-2024" / "index.html"
    footer = soup(page).select_one("footer .md-copyright")
    text = footer.get_text(" ", strip=True)
    shown = ["Управление образования г. Вологды", "г. Вологда, ул. Примерная, 1", "+7 (8172) 00-00-00", "Тексты доступны по лицензии CC BY 4.0"]
    for expected in shown:
        assert expected in text
    links = {a.get_text(strip=True): a["href"] for a in footer.select("a")}
    assert links["info@example.org"] == "mailto:info@example.org"
    assert links["+7 (8172) 00-00-00"] == "tel:+78172000000"
    assert links["Тексты доступны по лицензии CC BY 4.0"] == "https://creativecommons.org/licenses/by/4.0/deed.ru"
    assert links["Открытые данные"] == "https://opendata.example.org/"
    statement = (page.parent / links["Доступность сайта"] / "index.html").resolve()
    assert statement == (subsite / "accessibility" / "index.html").resolve()
    statement_page = soup(statement)
    assert statement_page.h1.get_text(strip=True) == "Доступность сайта"
    assert statement_page.select_one('.md-content a[href="mailto:info@example.org"]') is not None


def test_no_material_credit_on_any_page(subsite: Path) -> None:
    pages = sorted(subsite.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "Made with" not in html and "Material for MkDocs" not in html, page


def test_404_under_a_sub_path(subsite: Path) -> None:
    page = soup(subsite / "404.html")
    main = page.select_one(".md-content")
    assert page.h1.get_text(strip=True) == "Страница не найдена"
    assert page.title.get_text() == "Страница не найдена - " + SITE_NAME
    form = main.select_one("form[role=search]")
    assert form["action"] == "/sub/search/" and form["method"] == "get"
    assert form.select_one("input[type=search]")["name"] == "q"
    hrefs = [a["href"] for a in main.select("ul a")]
    assert hrefs == [f"/sub/{folder}/" for folder in BASE_REGISTRIES]
    assert main.find("a", string="главной страницы")["href"] == "/sub/"
    for asset in page.select("link[rel=stylesheet], script[src]"):
        assert (asset.get("href") or asset["src"]).startswith("/sub/"), asset  # absolute: the page works at any depth
    assert english(main.get_text(" ")) == set()


def test_default_footer_and_404(demo: Path) -> None:
    footer = soup(demo / "index.html").select_one("footer .md-copyright")
    assert footer.select_one(".innopub-footer__publisher").get_text(strip=True) == SITE_NAME
    assert "Права на тексты принадлежат их авторам" in footer.get_text()
    # the demo names an open data publisher (mkdocs.yml): its /opendata/ page is linked without a footer setting
    links = {a.get_text(strip=True): a["href"] for a in footer.select("a")}
    assert links == {"Доступность сайта": "accessibility/", "Открытые данные": "opendata/"}
    assert english(footer.get_text(" ")) == set()
    page = soup(demo / "404.html")
    assert page.select_one(".md-content form[role=search]")["action"] == "/search/"
    assert "/platforms/" in [a["href"] for a in page.select(".md-content ul a")]


def test_404_at_a_deep_address_in_chromium(demo: Path, demo_url: str, browser) -> None:
    """As a server answers a missing address with 404.html: styles load, search and registries lead to real pages."""
    body = (demo / "404.html").read_bytes()
    page = browser.new_page()
    missing = urljoin(demo_url, "reports/no/such/page/")
    page.route(missing, lambda route: route.fulfill(status=404, body=body, content_type="text/html; charset=utf-8"))
    page.goto(missing)
    assert page.locator("h1").inner_text() == "Страница не найдена"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"  # Material's CSS loaded
    axe = Axe().run(page).response["violations"]
    assert [v["id"] for v in axe if v["impact"] in {"serious", "critical"}] == []
    page.fill("#innopub-notfound-query", "наставничество")
    page.click(".innopub-notfound__search button")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert page.locator("#innopub-search-page-query").input_value() == "наставничество"
    page.goto(missing)
    page.click(".innopub-notfound__registries a >> text=Инновационные площадки")
    assert page.url == urljoin(demo_url, "platforms/")
    page.close()


def test_accessibility_statement_passes_axe(demo_url: str, browser) -> None:
    page = browser.new_page()
    page.goto(urljoin(demo_url, "accessibility/"))
    assert page.locator("h1").inner_text() == "Доступность сайта"
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations if v["impact"] in {"serious", "critical"}] == []
    page.close()
