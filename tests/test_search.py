"""Search with Pagefind on the demo site: the index (only entries, facets from the model) and,
in real headless Chromium under a sub-path, Russian word forms, «ё» = «е», surnames in other
cases, facets that narrow the results, drafts never found, a clear message without JavaScript.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from generator.bundle import indexed_pages
from generator.load import load_content
from generator.settings import Settings
from tests.conftest import ROOT, serve, soup

DRAFT_URL = "reports/kadnikov-ep-2025-2026-chernovik/"


@pytest.fixture(scope="module")
def indexed(demo: Path) -> dict[str, dict]:
    """The demo's search index as Pagefind wrote it, per page URL."""
    return indexed_pages(demo / "pagefind")


def test_only_entry_pages_are_indexed(demo: Path, indexed: dict[str, dict]) -> None:
    model, _ = load_content(ROOT / "content", Settings())
    assert set(indexed) == {f"/{entry.url}" for entry in model.all()}
    assert len(indexed) >= 40 and f"/{DRAFT_URL}" not in indexed and not (demo / DRAFT_URL).exists()
    for page in ("/", "/reports/", "/search/", "/authors/", "/archive/", "/tags/"):
        assert page not in indexed
    manifest = json.loads((demo / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(manifest["languages"]) == ["ru"]
    assert manifest["languages"]["ru"]["page_count"] == len(indexed)


def test_the_index_holds_the_entry_not_the_page_around_it(demo: Path, indexed: dict[str, dict]) -> None:
    report = indexed["/reports/kadnikov-ep-2023-2024/"]
    content = report["content"]
    assert content.startswith("Промежуточный отчёт")  # the title, weighted as a heading
    assert "Парфёнов" in content  # the metadata card is searchable…
    assert "Отчётный период" not in content  # …without its labels
    assert "Перейти к содержанию" not in content and "¶" not in content  # no header, navigation, permalinks
    assert "Как цитировать" not in content and "электронный" not in content  # nor the citation, which repeats the title
    # The pages readers get carry no indexing markup: Pagefind got its own document (generator/indexer.py).
    assert not soup(demo / "reports/kadnikov-ep-2023-2024/index.html").select("[data-pagefind-body], [data-pagefind-filter]")


def test_facets_come_from_the_content_model(indexed: dict[str, dict]) -> None:
    report = indexed["/reports/kadnikov-ep-2023-2024/"]["filters"]
    assert report["Вид"] == ["Отчёт"]
    assert report["Год"] == ["2024"]
    assert report["Статус площадки"] == ["ЭП"]  # the report's platform's status
    assert report["Муниципалитет"] == ["г. Кадников"]
    assert report["Организация"] == ["МБОУ «Кадниковская СОШ»"]
    practice = indexed["/practices/cifrovoj-sled-marshrut/"]["filters"]
    assert practice["Вид"] == ["Практика"]
    assert practice["Уровень образования"]
    assert all(level.endswith("образование") for level in practice["Уровень образования"])
    assert indexed["/platforms/kadnikov-agroklass/"]["filters"]["Уровень площадки"]
    meta = indexed["/reports/kadnikov-ep-2023-2024/"]["meta"]
    assert meta["kind"] == "Отчёт" and meta["title"].startswith("Промежуточный отчёт")


def test_registries_link_to_faceted_search(demo: Path) -> None:
    link = soup(demo / "platforms/index.html").select_one("a[data-innopub-facet-link]")
    assert link is not None and link["href"] == "../search/?" + urlencode({"Вид": "Площадка"})


def test_material_search_is_gone(demo: Path) -> None:
    assert not (demo / "search/search_index.json").exists()
    page = soup(demo / "index.html")
    assert page.select_one("[data-innopub-search] input[name=q]")
    assert not page.select("[data-md-component=search]"), "Material's own search must not start"
    assert not page.select("form[name=search]")


@pytest.fixture(scope="module")
def site(demo: Path):
    """The demo served under a sub-path, as on GitHub Pages."""
    with serve(demo, "innopub") as url:
        yield url


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    page.close()
    assert errors == []


def header_search(page, site: str, query: str) -> list[str]:
    """Type ``query`` into the header box (opened with «/»); the site paths of the results."""
    page.goto(site + "about/")
    page.keyboard.press("/")
    box = page.locator("[data-innopub-search-query]")
    box.fill(query)
    box.press("End")  # fill() of Cyrillic sends no key event
    meta = page.locator("[data-innopub-search-meta]")
    meta.filter(has_text="Найдено").or_(meta.filter(has_text="Ничего не найдено")).wait_for()
    page.wait_for_function("q => document.querySelector('[data-innopub-search-query]').value === q", arg=query)
    links = page.locator("[data-innopub-search-results] .md-search-result__item:not(.innopub-search-all) a")
    return [href.split("/innopub/", 1)[1] for href in links.evaluate_all("els => els.map(e => e.href)")]


def page_results(page) -> list[str]:
    hrefs = page.locator("[data-innopub-search-page-results] a").evaluate_all("els => els.map(e => e.href)")
    return [href.split("/innopub/", 1)[1] for href in hrefs]


def status_count(page) -> int:
    text = page.locator("[data-innopub-search-page-status]").inner_text()
    return int(text.split(":")[1].split()[0]) if "Найдено" in text else 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("краеведения", "platforms/ddt-sokol-kraevedenie/"),  # the page says «краеведение»
        ("площадкам", "platforms/kadnikov-agroklass/"),  # «площадка»
        ("Корниловой", "practices/cifrovoj-sled-marshrut/"),  # the author Корнилова Анна Игоревна
        ("елкина", "practices/mezhpredmetnaya-zadacha-sukhona/"),  # written «Ёлкина»
        ("берёзкина", "events/nms-2022-08-innovacii/"),  # written «Березкина»
        ("Парфенова", "platforms/kadnikov-agroklass/"),  # the leader Парфёнов, in another case and without «ё»
    ],
)
def test_header_search_finds_russian_forms(page, site: str, query: str, expected: str) -> None:
    found = header_search(page, site, query)
    if expected not in found:  # the header shows the first ten; the search page shows all
        page.goto(site + "search/?" + urlencode({"q": query}))
        page.locator("[data-innopub-search-page-results] li").first.wait_for()
        page.wait_for_timeout(300)
        found = page_results(page)
    assert expected in found, found


def test_header_result_shows_kind_date_title_and_snippet(page, site: str) -> None:
    assert header_search(page, site, "Корниловой")
    first = page.locator("[data-innopub-search-results] .md-search-result__item").first
    assert first.locator(".innopub-search-result__kind").inner_text().split(" · ")[0] in {
        "Отчёт",
        "Практика",
        "Мероприятие",
        "Статья",
        "Сборник",
        "Площадка",
    }
    assert first.locator("h1").inner_text().strip()
    assert first.locator(".innopub-search-result__excerpt mark").count() >= 1


def test_drafts_are_never_found(page, site: str) -> None:
    found = header_search(page, site, "черновик агротехнологического класса")
    assert DRAFT_URL not in found
    assert all("chernovik" not in url for url in found)


def test_a_facet_narrows_the_results(page, site: str) -> None:
    page.goto(site + "search/?" + urlencode({"q": "наставничество"}))
    page.locator("[data-innopub-search-page-results] li").first.wait_for()
    everything = status_count(page)
    kinds = page.locator(".innopub-facet[data-facet='Вид']")
    assert kinds.locator("input").count() >= 2
    kinds.locator("input[value='Отчёт']").check()
    page.wait_for_function("n => !document.querySelector('[data-innopub-search-page-status]').textContent.includes(`: ${n}`)", arg=everything)
    narrowed = status_count(page)
    assert 0 < narrowed < everything
    assert all(url.startswith("reports/") for url in page_results(page))
    assert quote("Вид") in page.url  # the choice is in the address, to share


def test_registry_link_preselects_its_facet(page, site: str) -> None:
    page.goto(site + "platforms/")
    page.locator("a[data-innopub-facet-link]").click()
    page.locator("[data-innopub-search-page-results] li").first.wait_for()
    assert page.locator(".innopub-facet[data-facet='Вид'] input[value='Площадка']").is_checked()
    found = page_results(page)
    assert found and all(url.startswith("platforms/") for url in found)
    assert page.locator(".innopub-facet[data-facet='Статус площадки'] input").count() >= 2


def test_without_javascript_a_clear_message(browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "search/")
    status = page.locator("[data-innopub-search-page-status]").inner_text()
    assert "JavaScript" in status and "реестр" in status
    assert "JavaScript" in (page.locator("[data-innopub-search-meta]").text_content() or "")
    context.close()


def test_registry_shows_the_search_facets_with_counts(demo: Path) -> None:
    from collections import Counter

    model, _ = load_content(ROOT / "content", Settings())
    expected = Counter(p.meta.status for p in model.entries["platforms"])
    groups = soup(demo / "platforms/index.html").select("details.innopub-facets .innopub-facets__group")
    status = next(g for g in groups if g.select_one(".innopub-facets__name").get_text(strip=True) == "Статус площадки:")
    shown = {a.get_text(strip=True): int(a.find_next_sibling("span").get_text(strip=True).strip("()")) for a in status.select("a")}
    assert shown == dict(expected)


def test_a_registry_facet_opens_the_narrowed_search(page, site: str) -> None:
    page.goto(site + "platforms/")
    link = page.locator("a[data-innopub-registry-facet]", has_text="МИП")  # the filters are shown, not folded
    expected = int(link.locator("xpath=following-sibling::span[1]").inner_text().strip("()"))
    link.click()
    page.locator("[data-innopub-search-page-results] li").first.wait_for()
    assert page.locator(".innopub-facet[data-facet='Статус площадки'] input[value='МИП']").is_checked()
    page.wait_for_function("() => document.querySelector('[data-innopub-search-page-status]').textContent.includes('Найдено')")
    assert status_count(page) == expected
    assert all(url.startswith("platforms/") for url in page_results(page))
