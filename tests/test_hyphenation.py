"""Russian hyphenation in the version for the visually impaired (issue 12), seen in Debian's Chromium at 375 px, a browser
with no Russian hyphenation patterns of its own: at the largest font, with each reader's fonts (Arial's metrics, DejaVu;
issue 21, item 4), a long word that wraps ends its line with a hyphen drawn on the screen, no Russian word breaks
without one, nothing scrolls sideways; readers of the normal version get
neither extra files nor changed text, and copying, finding in the page and switching back see whole words."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import platform_fonts, soup

PHONE = {"width": 375, "height": 740}
LARGEST = {"on": True, "size": "3", "scheme": "bw", "spacing": "0", "images": "on"}
NAMED = ("профессиональных", "межпредметные", "естественнонаучной")
SHY = "\u00ad"

# Every Russian word in the page's text (not in a table's hidden header row) with the box of each of its letters, in the
# document's coordinates; a soft hyphen is not a letter. A break is two neighbouring letters of one word on two lines.
WORDS = """() => {
  const out = {words: [], breaks: [], offscreen: []};
  const width = document.documentElement.clientWidth;
  for (const scope of document.querySelectorAll(".md-content .md-typeset")) {
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode()); ) {
      if (node.parentElement.closest("thead")) continue;
      const re = /[А-Яа-яЁё\\u00AD]+/g;
      for (let m; (m = re.exec(node.data)); ) {
        const letters = [];
        for (let i = m.index; i < m.index + m[0].length; i++) {
          if (node.data[i] === "\\u00AD") continue;
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          // The glyph's box is the last: a letter just after a break also has a box at the end of the line above, empty
          // or (Chromium) as wide as the hyphen drawn there, which in Liberation Sans is as wide as «г».
          const boxes = [...range.getClientRects()].filter((b) => b.width);
          const box = boxes.length ? boxes[boxes.length - 1] : {width: 0};
          const [x, y] = [scrollX, scrollY];
          letters.push({left: box.left + x, right: box.right + x, top: box.top + y, bottom: box.bottom + y, width: box.width});
        }
        const word = m[0].replaceAll("\\u00AD", "");
        if (letters.length < 2 || letters.some((l) => !l.width)) continue;  // not rendered
        out.words.push(word);
        for (let k = 1; k < letters.length; k++) {
          const [a, b] = [letters[k - 1], letters[k]];
          if (b.top >= a.bottom - 1) out.breaks.push({word, at: k, right: a.right, top: a.top, bottom: a.bottom});
        }
        if (letters.some((l) => l.right > width + 0.5 || l.left < -0.5)) out.offscreen.push(word);
      }
    }
  }
  return out;
}"""

# The browser's own Russian hyphenation, asked the way a stylesheet asks for it: a long word in a narrow box that may
# only break by hyphenation takes more than one line. Debian's Chromium has no patterns (README, «Phones»).
NATIVE = """() => {
  const probe = document.createElement("div");
  probe.lang = "ru";
  probe.style.cssText = "position:absolute;width:48px;font-size:12px;line-height:12px;hyphens:auto;overflow-wrap:normal";
  probe.textContent = "естественнонаучной";
  document.body.append(probe);
  const lines = probe.offsetHeight / 12;
  probe.remove();
  return lines > 1;
}"""


def pages_with(site: Path, words: tuple[str, ...]) -> dict[str, str]:
    """word → the page whose article has it most often (the first by address of those)."""
    counts: dict[str, dict[str, int]] = {word: {} for word in words}
    for path in sorted(site.rglob("index.html")):
        if {"pagefind", "admin"} & set(path.parts):
            continue
        article = soup(path).select_one("article")
        text = article.get_text() if article is not None else ""
        for word in words:
            if found := len(re.findall(rf"(?<!\w){word}(?!\w)", text)):
                counts[word][path.parent.relative_to(site).as_posix() + "/"] = found
    return {word: max(pages, key=lambda url: pages[url]) for word, pages in counts.items() if pages}


class Screen:
    """What the phone shows, one screenful at a time: the page is scrolled only when a place is not on the current
    screenshot, below the sticky header and above the bottom edge."""

    def __init__(self, tab) -> None:
        self.tab, self.picture, self.top = tab, None, 0.0

    def ink(self, brk: dict) -> int:
        """Dark pixels just right of the last letter before a break, at the height of a hyphen (above any underline)."""
        height = brk["bottom"] - brk["top"]
        if self.picture is None or not self.top + 150 <= brk["top"] <= self.top + PHONE["height"] - height - 20:
            self.tab.evaluate(f"window.scrollTo(0, {max(0, brk['top'] - 150)})")
            self.top = self.tab.evaluate("scrollY")
            self.picture = Image.open(io.BytesIO(self.tab.screenshot())).convert("L")
        left, top = brk["right"] + 1, brk["top"] - self.top + 0.3 * height
        return sum(self.picture.crop((round(left), round(top), round(left + 0.5 * height), round(top + 0.45 * height))).histogram()[:128])


def low_vision(tab, demo_url: str, state: dict) -> None:
    tab.goto(demo_url)
    tab.evaluate(f"localStorage.setItem('innopub.lowvision', {json.dumps(json.dumps(state))})")


def settle(tab) -> None:
    """Until the page and what it loads have arrived, and the hyphenation (if any) is done. Polled from here: the page's
    CSP forbids the eval that Playwright's wait_for_function uses. Without the mark the layout measured next tells."""
    tab.wait_for_load_state("networkidle")
    for _ in range(30):
        if tab.evaluate("document.documentElement.hasAttribute('data-lv-hyphens')"):
            return
        tab.wait_for_timeout(100)


@pytest.fixture(scope="module")
def named_pages(demo: Path) -> dict[str, str]:
    found = pages_with(demo, NAMED)
    assert set(found) == set(NAMED), f"the demo no longer has {set(NAMED) - set(found)}"
    return found


def test_long_words_wrap_with_a_hyphen_at_the_largest_font_on_a_phone(demo_url: str, reader_browser, named_pages: dict[str, str]) -> None:
    """With each reader's fonts (tests/conftest.py, READER_FONTS): Arial's metrics or DejaVu alone."""
    browser, family = reader_browser
    tab = browser.new_page(viewport=PHONE)
    low_vision(tab, demo_url, LARGEST)
    assert not tab.evaluate(NATIVE), "this Chromium hyphenates Russian itself: the test would not see the fallback"
    breaks, unhyphenated, short, wrapped, offscreen = 0, [], [], set(), {}
    for word, url in named_pages.items():
        tab.goto(demo_url + url)
        settle(tab)
        assert tab.evaluate("document.documentElement.lang") == "ru"
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{url} scrolls sideways"
        found = tab.evaluate(WORDS)
        assert word in found["words"], f"«{word}» is not shown on {url}"
        drawn = platform_fonts(tab, ".md-content .md-typeset p")
        assert drawn and all(name.startswith(family) for name in drawn), f"{url} is drawn in {drawn}, not {family}"
        if found["offscreen"]:
            offscreen[url] = found["offscreen"]
        screen = Screen(tab)
        for brk in sorted(found["breaks"], key=lambda b: b["top"]):
            breaks += 1
            where = f"{url}: «{brk['word'][: brk['at']]}|{brk['word'][brk['at'] :]}»"
            if screen.ink(brk) < 3:
                unhyphenated.append(where)
            if brk["at"] < 2 or len(brk["word"]) - brk["at"] < 2:
                short.append(where)  # Russian rules: never one letter left on a line or carried over
            wrapped.add(brk["word"].lower())
    tab.close()
    assert breaks >= 10, "at the largest font long words wrap on a phone: the layout was not measured"
    assert not unhyphenated, "words broken without a hyphen:\n" + "\n".join(unhyphenated)
    assert not short, "\n".join(short)
    assert wrapped & set(NAMED), f"none of {NAMED} wraps on its page: {sorted(wrapped)}"
    assert not offscreen, offscreen


def test_normal_version_is_left_alone_and_switching_back_restores_the_text(demo_url: str, browser, named_pages: dict[str, str]) -> None:
    context = browser.new_context(viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    url = demo_url + named_pages["естественнонаучной"]
    tab.goto(url)
    tab.wait_for_load_state("networkidle")
    text = tab.locator("article").text_content()
    scripts = set(tab.evaluate("[...document.scripts].map(s => s.src).filter(Boolean)"))
    assert SHY not in text and not tab.evaluate("document.documentElement.hasAttribute('data-lv-hyphens')")
    loaded = {u for u in requested if u.endswith((".js", ".wasm"))}
    assert loaded <= scripts, f"the normal version loads {loaded - scripts}"

    tab.locator("[data-lv-switch]").click()
    settle(tab)
    hyphenated = tab.locator("article").text_content()
    native = tab.evaluate(NATIVE)
    assert (SHY in hyphenated) is not native, "soft hyphens exactly where the browser cannot hyphenate Russian itself"
    assert hyphenated.replace(SHY, "") == text
    assert tab.evaluate("getComputedStyle(document.querySelector('.md-typeset p')).hyphens") == "auto"  # native where it can

    # Ctrl+C copies whole words (Chromium's own copy keeps soft hyphens); the page's find (Chromium's, as Ctrl+F's)
    # finds a word across them.
    tab.evaluate("""() => getSelection().selectAllChildren([...document.querySelectorAll('article p')]
      .find(e => e.textContent.replaceAll('\\u00AD', '').includes('естественнонаучной')))""")
    tab.keyboard.press("Control+c")
    copied = tab.evaluate("navigator.clipboard.readText()")
    assert "естественнонаучной" in copied and SHY not in copied, copied
    tab.evaluate("getSelection().removeAllRanges()")
    found = tab.evaluate("window.find('естественнонаучной') && getSelection().getRangeAt(0).toString()")
    assert found and found.replace(SHY, "") == "естественнонаучной" and (SHY in found) is not native, found

    tab.locator("[data-lv-off]").click()
    assert tab.locator("article").text_content() == text
    assert not tab.evaluate("document.documentElement.hasAttribute('data-lv-hyphens')")
    context.close()
