"""Accessibility: axe-core in Chromium on every page type, one h1 and lang="ru" on every page,
the version for the visually impaired reachable by keyboard and persistent."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import soup
from tests.fixtures.browser import page_types
from tests.fixtures.checkers import severe


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def test_every_page_type_has_no_serious_axe_violation(demo: Path, demo_url: str, browser, axe: Axe) -> None:
    urls = page_types(demo)
    assert len(urls) > 15
    page = browser.new_page()
    found = {}
    for url in urls:
        page.goto(demo_url + url)
        problems = severe(axe, page)
        if problems:
            found[url or "/"] = problems
    page.close()
    assert not found, "\n".join(f"{u}: {p}" for u, p in found.items())


@pytest.mark.parametrize("scheme", ["bw", "wb", "blue"])
def test_low_vision_schemes_have_no_serious_axe_violation(demo: Path, demo_url: str, browser, axe: Axe, scheme: str) -> None:
    page = browser.new_page()
    page.goto(demo_url)
    page.evaluate(f"localStorage.setItem('innopub.lowvision', JSON.stringify({{on: true, size: '3', scheme: '{scheme}', spacing: '2'}}))")
    entry = page_types(demo)[2]
    for url in ["", entry, "platforms/"]:
        page.goto(demo_url + url)
        assert page.evaluate("document.documentElement.dataset.lvScheme") == scheme
        assert not severe(axe, page), url
    page.close()


def test_every_page_has_one_h1_and_russian_language(demo: Path) -> None:
    wrong = []
    for path in sorted(demo.rglob("*.html")):
        html = soup(path)
        if html.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect of an old address
        if html.html.get("lang") != "ru" or len(html.find_all("h1")) != 1:
            wrong.append(f"{path.relative_to(demo)}: lang={html.html.get('lang')}, h1={len(html.find_all('h1'))}")
    assert not wrong, "\n".join(wrong)


def test_low_vision_version_by_keyboard_persists_across_pages_and_visits(demo_url: str, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(demo_url)
    switch = page.locator("[data-lv-switch]")
    assert switch.is_visible() and "слабовидящих" in (switch.get_attribute("title") or "")
    for _ in range(40):  # Tab until the switch has the focus: it is reachable by keyboard alone
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-lv-switch')"):
            break
    else:
        pytest.fail("the switch to the low-vision version is not reachable with Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.dataset.lv") == "on"
    page.locator('[data-lv-set="scheme"][data-lv-value="wb"]').click()
    page.locator('[data-lv-set="size"][data-lv-value="3"]').click()
    page.locator('[data-lv-set="images"][data-lv-value="off"]').click()
    size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert size >= 32
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    page.goto(demo_url + "platforms/")  # another page
    assert page.evaluate("document.documentElement.dataset.lvScheme") == "wb"
    page.close()
    page = context.new_page()  # a later visit
    page.goto(demo_url + "reports/")
    assert page.evaluate("[document.documentElement.dataset.lvSize, document.documentElement.dataset.lvImages]") == ["3", "off"]
    page.locator("[data-lv-off]").click()
    assert page.evaluate("document.documentElement.dataset.lv") is None
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(0, 0, 0)"
    page.reload()
    assert page.evaluate("document.documentElement.dataset.lv") is None
    context.close()
