"""The header search box shows five results and a «Показать ещё» button for the next five (issue 22: each result
fetches its own fragment, and ten at once were a tenth of the first query at 10,000 entries); the keyboard walks
the results, the button and the link to the search page; a hostile title stays text after «Показать ещё».

A site of 12 organizations whose bodies say «теплица»: the first 11 say it three times, so they come first; the
twelfth, titled with markup, says it once, so it is among the results «Показать ещё» brings.
"""

from __future__ import annotations

import pytest

from tests.conftest import innopub, project, serve

HOSTILE = "<img src=x onerror=alert(1)>"
COUNT = 12


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    files: dict[str, str | bytes] = {}
    for number in range(1, COUNT + 1):
        title = f'"{HOSTILE}"' if number == COUNT else f"Школа {number}"
        body = "Здесь теплица." if number == COUNT else "Здесь теплица, вторая теплица и третья теплица."
        card = f"title: {title}\nshort: Школа {number}\nmunicipality: г. Н\nkind: школа"
        files[f"organizations/shkola-{number}.md"] = f"---\n{card}\n---\n{body}\n"
    root = project(tmp_path_factory.mktemp("more"), files)
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stderr
    with serve(root / "site", "innopub") as url:
        yield url


def search(page, site: str, query: str) -> None:
    page.goto(site)
    page.keyboard.press("/")
    box = page.locator("[data-innopub-search-query]")
    box.fill(query)
    box.press("End")  # fill() of Cyrillic sends no key event
    page.locator("[data-innopub-search-meta]", has_text="Найдено").wait_for()


def results(page) -> list[str]:
    """The result links' paths in the header box, in order (not the button, not the link to the search page)."""
    links = page.locator("[data-innopub-search-results] .md-search-result__item:not(.innopub-search-all) a")
    return [href.split("/innopub/", 1)[1] for href in links.evaluate_all("els => els.map(e => e.href)")]


def test_five_results_then_the_next_five_then_the_rest(browser, site: str) -> None:
    page = browser.new_page()
    fragments: list[str] = []
    page.on("request", lambda request: fragments.append(request.url) if request.url.endswith(".pf_fragment") else None)
    search(page, site, "теплица")
    assert page.locator("[data-innopub-search-meta]").inner_text() == "Найдено: 12\xa0записей"
    first = results(page)
    assert len(first) == 5 and len(fragments) == 5  # five fragments fetched, not ten
    more = page.locator("[data-innopub-search-results] button[data-innopub-search-more]")
    assert more.inner_text() == "Показать ещё"
    assert more.evaluate("b => b.type") == "button"
    items = page.locator("[data-innopub-search-results] > li")
    assert items.last.locator("a").inner_text() == "Все результаты и фильтры →"
    more.click()
    page.wait_for_function("() => document.querySelectorAll('[data-innopub-search-results] .md-search-result__item a h1').length === 10")
    second = results(page)
    assert second[:5] == first and len(set(second)) == 10 and len(fragments) == 10
    assert more.count() == 1  # two more to come
    more.click()
    page.wait_for_function("() => document.querySelectorAll('[data-innopub-search-results] .md-search-result__item a h1').length === 12")
    assert more.count() == 0  # every result shown: the button is gone
    assert len(set(results(page))) == COUNT
    assert items.last.locator("a").inner_text() == "Все результаты и фильтры →"  # the link to the search page stays last
    page.close()


def test_the_keyboard_walks_results_button_and_link(browser, site: str) -> None:
    page = browser.new_page()
    search(page, site, "теплица")
    focused = "() => document.activeElement.textContent.trim()"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.matches('[data-innopub-search-results] a')")
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # after the fifth result: the button
    assert page.evaluate(focused) == "Показать ещё"
    page.keyboard.press("Enter")  # a real button: Enter presses it
    page.wait_for_function("() => document.querySelectorAll('[data-innopub-search-results] .md-search-result__item a h1').length === 10")
    # The focus goes on at the first new result, the sixth.
    sixth = page.locator("[data-innopub-search-results] .md-search-result__item:not(.innopub-search-all) a").nth(5)
    assert sixth.evaluate("a => a === document.activeElement")
    page.keyboard.press("ArrowUp")  # back to the fifth
    fifth = page.locator("[data-innopub-search-results] .md-search-result__item:not(.innopub-search-all) a").nth(4)
    assert fifth.evaluate("a => a === document.activeElement")
    for _ in range(6):
        page.keyboard.press("ArrowDown")  # the sixth to the tenth, then the button
    assert page.evaluate(focused) == "Показать ещё"
    page.keyboard.press(" ")  # Space presses it too: the last two come, the button goes
    page.wait_for_function("() => document.querySelectorAll('[data-innopub-search-results] .md-search-result__item a h1').length === 12")
    eleventh = page.locator("[data-innopub-search-results] .md-search-result__item:not(.innopub-search-all) a").nth(10)
    assert eleventh.evaluate("a => a === document.activeElement")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) == "Все результаты и фильтры →"
    page.close()


def test_a_hostile_title_is_text_after_show_more(browser, site: str) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    search(page, site, "теплица")
    titles = page.locator("[data-innopub-search-results] .innopub-search-result__title")
    assert HOSTILE not in titles.all_inner_texts()  # said once, it ranks below the first five
    for _ in range(2):
        page.locator("[data-innopub-search-results] button[data-innopub-search-more]").click()
        page.wait_for_timeout(300)
    page.wait_for_function("() => document.querySelectorAll('[data-innopub-search-results] .md-search-result__item a h1').length === 12")
    assert HOSTILE in titles.all_inner_texts()  # shown as the text it is
    assert page.locator("[data-innopub-search-results] img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []
    page.close()


def test_on_a_phone_the_button_is_a_finger_wide(browser, site: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    search(page, site, "теплица")
    more = page.locator("[data-innopub-search-results] button[data-innopub-search-more]")
    box = more.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 300
    more.tap()
    page.wait_for_function("() => document.querySelectorAll('[data-innopub-search-results] .md-search-result__item a h1').length === 10")
    context.close()


def test_a_key_that_changes_nothing_keeps_the_results_shown(browser, site: str) -> None:
    """End, an arrow or Shift in the box repeated the search and put the list back to its first five (a reader who
    had pressed «Показать ещё» lost the results; a test pressing it after End raced with the repeated search)."""
    page = browser.new_page()
    search(page, site, "теплица")
    page.locator("[data-innopub-search-results] button[data-innopub-search-more]").click()
    page.wait_for_function("() => document.querySelectorAll('[data-innopub-search-results] .md-search-result__item a h1').length === 10")
    box = page.locator("[data-innopub-search-query]")
    for key in ("End", "ArrowLeft", "Shift", "Home"):
        box.press(key)
    page.wait_for_timeout(600)  # a repeated search would have answered by now (150 ms debounce, the index is cached)
    assert len(results(page)) == 10
    box.press("End")
    box.press("Backspace")  # a real change searches again: «теплиц» finds the same twelve, five shown
    page.wait_for_function("() => document.querySelectorAll('[data-innopub-search-results] .md-search-result__item a h1').length === 5")
    page.close()
