"""What a reader sees cut, hidden or broken (issue 21, item 4), measured in Debian's Chromium with each reader's fonts
(``reader_browser``: Arial's metrics or DejaVu alone), so that every machine gives the same answer:

- at 375 px no box in a page's content cuts what it holds (scrollWidth > clientWidth: the third column of «Обзор
  площадок»), in the normal version and in the low-vision one at its largest font; a folder name in a table of
  /for-editors/ stays on one line («organizatio» / «ns/» before);
- the low-vision version at its largest font at 1280 px: the site's name whole, every tab («О сайте») on the screen;
- at 375 px its settings fold behind «Настройки»: the panel is one line above the page until it is unfolded.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import platform_fonts, soup

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
LARGEST = {"on": True, "size": "3", "scheme": "bw", "spacing": "0", "images": "on"}
NAMED = ["monitoring/", "monitoring/reports/", "opendata/", "for-editors/"]
"""Pages the issue named or that hold the widest tables: the monitoring's numbers, the open data's passports."""

# Boxes under ``scope`` whose content runs past them: a scroll box or a clipping box that hides part of what it holds
# (a column, the end of a name under «…»). A code block scrolls by design; a box 1 px wide or high is hidden on purpose
# (the screen-reader-only table head of a card layout, the switch's label, the search's closed list of results).
CLIPPED = """([scope, vertical]) => {
  const out = [];
  for (const root of document.querySelectorAll(scope)) {
    for (const el of [root, ...root.querySelectorAll("*")]) {
      const style = getComputedStyle(el);
      if (style.display === "none" || el.clientWidth <= 1 || el.clientHeight <= 1 || el.matches("pre > code")) continue;
      const text = (el.textContent || "").replace(/\\s+/g, " ").trim().slice(0, 60);
      if (style.overflowX !== "visible" && el.scrollWidth > el.clientWidth + 1) {
        out.push(`${el.tagName.toLowerCase()}.${el.classList[0] || ""}: ${el.scrollWidth} > ${el.clientWidth} px «${text}»`);
      } else if (vertical && style.overflowY !== "visible" && el.scrollHeight > el.clientHeight + 1) {
        out.push(`${el.tagName.toLowerCase()}.${el.classList[0] || ""}: ${el.scrollHeight} > ${el.clientHeight} px high «${text}»`);
      }
    }
  }
  return out;
}"""


def pages_with_tables(site: Path) -> list[str]:
    """The :data:`NAMED` pages, and of each section the first page at each depth whose article has a table."""
    first: dict[tuple[str, int], str] = {}
    for path in sorted(site.rglob("index.html")):
        parts = path.parent.relative_to(site).parts
        if not parts or {"admin", "pagefind"} & set(parts):
            continue
        html = soup(path)
        article = html.select_one("article")
        if article is None or html.find("meta", attrs={"http-equiv": "refresh"}) or article.find("table") is None:
            continue
        first.setdefault((parts[0], len(parts)), "/".join(parts) + "/")
    missing = [url for url in NAMED if not (site / url / "index.html").is_file()]
    assert not missing, f"the demo no longer has {missing}"
    return NAMED + sorted(url for url in first.values() if url not in NAMED)


def open_tab(reader_browser, demo_url: str, viewport: dict[str, int], state: dict | None = None):
    browser, family = reader_browser
    tab = browser.new_page(viewport=viewport)
    tab.goto(demo_url)
    if state is not None:
        tab.evaluate(f"localStorage.setItem('innopub.lowvision', {json.dumps(json.dumps(state))})")
    return tab, family


def clipped_pages(tab, demo_url: str, urls: list[str], family: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for url in urls:
        tab.goto(demo_url + url)
        tab.wait_for_load_state("networkidle")
        drawn = platform_fonts(tab, "article h1")
        assert drawn and all(name.startswith(family) for name in drawn), f"{url} is drawn in {drawn}, not {family}"
        if cut := tab.evaluate(CLIPPED, [".md-content", False]):
            found[url] = cut
        if extra := tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"):
            found.setdefault(url, []).append(f"the page scrolls sideways by {extra} px")
    return found


def test_nothing_in_a_page_is_cut_at_375_px(demo: Path, demo_url: str, reader_browser) -> None:
    urls = pages_with_tables(demo)
    assert len(urls) >= 10
    tab, family = open_tab(reader_browser, demo_url, PHONE)
    found = clipped_pages(tab, demo_url, urls, family)
    tab.close()
    assert not found, "\n".join(f"{url}: {cut}" for url, cut in found.items())


def test_nothing_in_a_page_is_cut_in_the_low_vision_version_at_375_px(demo: Path, demo_url: str, reader_browser) -> None:
    tab, family = open_tab(reader_browser, demo_url, PHONE, LARGEST)
    found = clipped_pages(tab, demo_url, pages_with_tables(demo), family)
    tab.close()
    assert not found, "\n".join(f"{url}: {cut}" for url, cut in found.items())


def test_folder_names_in_a_table_stay_whole_at_375_px(demo_url: str, reader_browser) -> None:
    tab, _ = open_tab(reader_browser, demo_url, PHONE)
    tab.goto(demo_url + "for-editors/")
    lines = tab.evaluate("[...document.querySelectorAll('article td code')].map(c => [c.textContent, c.getClientRects().length])")
    tab.close()
    folders = {text: count for text, count in lines if re.fullmatch(r"[a-z]+/", text)}
    assert "organizations/" in folders and len(folders) >= 8, lines
    assert all(count == 1 for count in folders.values()), f"broken across lines: {[t for t, n in folders.items() if n > 1]}"


def test_low_vision_header_at_its_largest_font_cuts_nothing_at_1280_px(demo_url: str, reader_browser) -> None:
    tab, family = open_tab(reader_browser, demo_url, DESKTOP, LARGEST)
    tab.goto(demo_url + "platforms/")
    tab.wait_for_load_state("networkidle")
    assert tab.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 32, "the largest font"
    assert all(name.startswith(family) for name in platform_fonts(tab, ".md-header__topic .md-ellipsis"))
    name = tab.locator(".md-header__topic").first
    assert name.inner_text().strip() == "Инновационный опыт образовательных организаций"
    assert tab.evaluate(CLIPPED, [".md-header, .md-tabs", True]) == []
    box = name.bounding_box()
    header = tab.locator(".md-header").bounding_box()
    assert box and header and box["y"] >= header["y"] and box["y"] + box["height"] <= header["y"] + header["height"] + 1
    tabs = tab.evaluate("""() => [...document.querySelectorAll('.md-tabs__link')].map(a => {
      const r = a.getBoundingClientRect();
      return [a.textContent.trim(), r.left, r.right, r.width, document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === a
        || a.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2))];
    })""")
    assert "О сайте" in [t[0] for t in tabs], tabs
    off = [text for text, left, right, width, seen in tabs if left < 0 or right > DESKTOP["width"] or not width or not seen]
    assert not off, f"tabs out of sight: {off}"
    assert tab.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]

    tab.mouse.wheel(0, 1500)  # scrolled: Material slides the page's title over the site's name; here the name stays
    tab.wait_for_timeout(600)
    assert tab.evaluate("getComputedStyle(document.querySelector('.md-header__topic')).opacity") == "1"
    tab.close()


def test_low_vision_settings_fold_on_a_phone(demo_url: str, reader_browser) -> None:
    tab, _ = open_tab(reader_browser, demo_url, PHONE, LARGEST)
    tab.goto(demo_url + "platforms/")
    panel, toggle = tab.locator("#lowvision-panel"), tab.locator("[data-lv-toggle]")
    size3 = tab.locator('[data-lv-set="size"][data-lv-value="3"]')
    height = panel.bounding_box()["height"]
    assert height <= 0.1 * PHONE["height"], f"the folded panel takes {height} px of {PHONE['height']}"
    assert toggle.is_visible() and toggle.inner_text().strip() == "Настройки" and toggle.get_attribute("aria-expanded") == "false"
    assert not size3.is_visible() and tab.locator("[data-lv-off]").is_visible()

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and size3.is_visible()
    tab.locator('[data-lv-set="scheme"][data-lv-value="wb"]').click()
    assert tab.evaluate("document.documentElement.dataset.lvScheme") == "wb"
    toggle.click()
    assert not size3.is_visible()

    tab.locator("[data-lv-off]").click()  # off, then on with the header's switch: the settings open at once
    tab.locator("[data-lv-switch]").click()
    assert toggle.get_attribute("aria-expanded") == "true" and size3.is_visible()
    tab.close()

    wide, _ = open_tab(reader_browser, demo_url, DESKTOP, LARGEST)
    wide.goto(demo_url + "platforms/")
    assert not wide.locator("[data-lv-toggle]").is_visible(), "on a wide screen the settings are always shown"
    assert wide.locator('[data-lv-set="size"][data-lv-value="3"]').is_visible()
    wide.close()
