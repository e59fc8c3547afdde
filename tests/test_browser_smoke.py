"""The demo site in real headless Chromium: it loads, in Russian, without script errors."""

from __future__ import annotations


def test_home_page_loads_in_chromium(browser, demo_url: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(demo_url)
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").first.inner_text().strip()
    page.goto(demo_url + "platforms/")
    assert page.locator("article table tbody tr").count() >= 5
    assert errors == []
    page.close()
