"""Phones: at 375 px no page scrolls sideways, in the normal and the low-vision version;
screenshots of the low-vision version in each colour scheme go to test-artifacts/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.fixtures.browser import page_types

ARTIFACTS = ROOT / "test-artifacts" / "lowvision"
PHONE = {"width": 375, "height": 740}
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
LARGEST = {"on": True, "size": "3", "scheme": "bw", "spacing": "2", "images": "on"}


def sideways(page, demo_url: str, urls: list[str]) -> dict[str, int]:
    found = {}
    for url in urls:
        page.goto(demo_url + url)
        extra = page.evaluate(OVERFLOW)
        if extra > 0:
            found[url or "/"] = extra
    return found


def test_no_page_scrolls_sideways_at_375_px(demo: Path, demo_url: str, browser) -> None:
    page = browser.new_page(viewport=PHONE)
    assert not sideways(page, demo_url, page_types(demo))
    page.close()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1024, "height": 768}], ids=["phone", "laptop"])
def test_low_vision_version_at_its_largest_keeps_the_layout(demo: Path, demo_url: str, browser, viewport: dict[str, int]) -> None:
    page = browser.new_page(viewport=viewport)
    page.goto(demo_url)
    page.evaluate(f"localStorage.setItem('innopub.lowvision', {json.dumps(json.dumps(LARGEST))})")
    assert not sideways(page, demo_url, page_types(demo))
    page.close()


@pytest.mark.parametrize("scheme", ["bw", "wb", "blue"])
def test_screenshots_of_the_low_vision_version(demo: Path, demo_url: str, browser, scheme: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    entry = next(u for u in page_types(demo) if u.startswith("reports/") and u != "reports/")
    for name, viewport in {"phone": PHONE, "desktop": {"width": 1280, "height": 900}}.items():
        page = browser.new_page(viewport=viewport)
        page.goto(demo_url)
        state = {**LARGEST, "scheme": scheme, "size": "2", "spacing": "1"}
        page.evaluate(f"localStorage.setItem('innopub.lowvision', {json.dumps(json.dumps(state))})")
        for url, label in [(entry, "entry"), ("platforms/", "registry")]:
            page.goto(demo_url + url)
            assert page.locator("#lowvision-panel").is_visible()
            shot = ARTIFACTS / f"{scheme}-{label}-{name}.png"
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 5000
        page.close()
