"""The demo region end to end (issue 23, «Done when»), as a new regional coordinator would try it.

The three municipal demo sites of ``demo-region/`` (belozersk, kirillov, kharovsk) are built with their local
addresses as ``site_url`` and served on 127.0.0.1; the demo's regional site (its own content and settings, the three
local addresses in ``region:``) harvests them; kharovsk's server stops and the next harvest says which municipality
is stale and since when; then the regional site is built (under the network guard: not a connection) and shows every
municipality's platforms, its overdue reports and its entries in search — kharovsk's included, from its kept copy.
Every expected value below is written by hand from the demo's files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import shutil
from urllib.parse import urlencode

import pytest

from bench.static import serve
from tests.conftest import ENV, INNOPUB, ROOT, TODAY, run, soup
from tests.fixtures.network_guard import guarded_env

NAMES = {"belozersk": "г. Белозерск", "kirillov": "г. Кириллов", "kharovsk": "Харовский округ"}
"""demo-region/region/mkdocs.yml's municipalities."""
PLATFORMS = {
    "belozersk": ("shkola-1-ozero-laboratoriya", "Озеро как лаборатория — школьные исследования водной экосистемы малого города"),
    "kirillov": (
        "cdo-muzejnaya-pedagogika",
        "Музейная педагогика в сетевом взаимодействии школы, центра дополнительного образования и музея-заповедника",
    ),
    "kharovsk": ("shkolnoe-lesnichestvo", "Школьное лесничество как ресурс профессиональной ориентации сельских подростков"),
}
"""Each municipal demo's one platform (demo-region/<id>/content/platforms/)."""
ENTRIES = {"belozersk": 5, "kirillov": 6, "kharovsk": 6}
"""Published entries of each municipal demo (files under content/<kind>/, none a draft)."""
OVERDUE = {"belozersk": 1, "kirillov": 1, "kharovsk": 2}
"""Overdue reports on 2026-11-25: belozersk's and kirillov's platforms reported 2024/2025, not 2025/2026 (due
2026-09-15); kharovsk's, from 2023-09-01, reported 2023/2024 only."""
LATE_POINTS = {"belozersk": 1, "kirillov": 0, "kharovsk": 1}
"""Points of decisions overdue on 2026-11-25: belozersk's council point 1 (due 2026-06-30, not done); kirillov's two
are done; kharovsk's order point 2 (the report due 2025-10-01, not done)."""
STOPPED = "kharovsk"
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря")


def russian(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}\u00a0г."


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory):
    """(the regional site folder, the municipal sites' local addresses, the two harvests' outputs, the days the two
    harvests ran on): kharovsk's server is stopped before the second harvest and stays stopped."""
    tmp = tmp_path_factory.mktemp("region-e2e")
    env, log = guarded_env(tmp)
    shutil.copytree(ROOT / "theme", tmp / "theme")
    with contextlib.ExitStack() as stack:
        servers, urls = {}, {}
        for mid in NAMES:
            folder = tmp / "demo-region" / mid
            shutil.copytree(ROOT / "demo-region" / mid, folder, ignore=shutil.ignore_patterns("site", ".cache", ".site-*"))
            # The server first (its folder is read at each request): its address is the site_url the build is given.
            servers[mid] = serve(folder / "site")
            urls[mid] = stack.enter_context(servers[mid])
            config = folder / "mkdocs.yml"
            config.write_text(config.read_text(encoding="utf-8").replace(f"https://{mid}.example.ru/", urls[mid]), encoding="utf-8")
            built = run([*INNOPUB, "build", "-q"], folder, env)
            assert built.returncode == 0, built.stdout + built.stderr

        root = tmp / "demo-region" / "region"
        shutil.copytree(ROOT / "demo-region" / "region", root, ignore=shutil.ignore_patterns("site", ".cache", "harvest"))
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8").replace("  - innopub:\n", f"  - innopub:\n      today: {TODAY}\n")
        for mid in NAMES:
            text = text.replace(f'url: "https://{mid}.example.ru/"', f'url: "{urls[mid]}"')
        config.write_text(text, encoding="utf-8")
        harvest_env = {**ENV, "INNOPUB_HARVEST_TIMEOUT": "5"}
        before = dt.datetime.now(dt.UTC).date()
        first = run([*INNOPUB, "harvest"], root, harvest_env)
        servers[STOPPED].__exit__(None, None, None)
        second = run([*INNOPUB, "harvest"], root, harvest_env)
        after = dt.datetime.now(dt.UTC).date()
        built = run([*INNOPUB, "build", "-q"], root, env)
        assert built.returncode == 0, built.stdout + built.stderr
        assert not log.exists(), f"the regional build touched the network: {log.read_text(encoding='utf-8')}"
        assert "предупреждение" not in built.stdout + built.stderr  # every entry of every export is read
        yield root, urls, first, second, {before, after}


def test_the_harvest_says_which_municipality_is_stale_and_since_when(region) -> None:
    _, _, first, second, _ = region
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Сбор выгрузок: 3\u00a0муниципалитета" in first.stdout
    for mid, count in ENTRIES.items():
        assert f"{mid} ({NAMES[mid]}): {count}\u00a0записей; новых {count}, изменённых 0, удалённых 0" in first.stdout
    assert "Итог: свежие выгрузки — 3 из 3." in first.stdout

    assert second.returncode == 1, second.stdout + second.stderr
    line = next(ln for ln in second.stdout.splitlines() if f"{STOPPED} ({NAMES[STOPPED]})" in ln)
    assert "ОШИБКА — сайт недоступен" in line and "оставлена прежняя копия от" in line
    assert re.search(r"не обновляется с \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", line), line
    assert "belozersk (г. Белозерск): без изменений, 5\u00a0записей" in second.stdout
    assert "Итог: свежие выгрузки — 2 из 3; не обновлены: kharovsk" in second.stdout


def test_the_municipalities_page_shows_every_municipality_and_the_stale_one(region) -> None:
    root, _, _, _, days = region
    page = soup(root / "site/region/index.html")
    for mid in NAMES:
        row = page.select_one(f"tr[data-innopub-municipality='{mid}']")
        text = " ".join(row.get_text().split())
        assert NAMES[mid] in text and f"{ENTRIES[mid]} записей" in text
        assert row.select_one("[data-innopub-overdue]").get_text(strip=True) == str(OVERDUE[mid])
        assert row.select_one("td[data-label='Просрочено пунктов решений']").get_text(strip=True) == str(LATE_POINTS[mid])
    stale = " ".join(page.select_one(f"tr[data-innopub-municipality='{STOPPED}']").get_text().split())
    # The data are of the first harvest (the last success); the site is down since the second (the clock's days).
    assert any(f"данные от {' '.join(russian(day).split())}" in stale for day in days), stale
    assert any(f"сайт недоступен с {' '.join(russian(day).split())}" in stale for day in days), stale
    assert "соединение отклонено" in stale  # the harvest's reason
    for mid in ("belozersk", "kirillov"):
        assert "сайт недоступен" not in page.select_one(f"tr[data-innopub-municipality='{mid}']").get_text()
    # The overdue reports, by municipality: kharovsk's two years, from its kept copy.
    overdue = [" ".join(li.get_text(" ", strip=True).split()) for li in page.select(f"[data-innopub-overdue-list='{STOPPED}'] li")]
    assert len(overdue) == 2 and all(PLATFORMS[STOPPED][1] in item for item in overdue)
    assert "2024/2025 учебный год" in overdue[0] and "2025/2026 учебный год" in overdue[1]
    for mid in ("belozersk", "kirillov"):
        [item] = page.select(f"[data-innopub-overdue-list='{mid}'] li")
        assert PLATFORMS[mid][1] in item.get_text() and "2025/2026 учебный год" in item.get_text()


def test_the_regional_registry_lists_every_municipalitys_platforms(region) -> None:
    root, urls, _, _, _ = region
    page = soup(root / "site/region/platforms/index.html")
    facet = page.select_one("[data-innopub-facet='Муниципалитет']")
    assert [a.get_text(strip=True) for a in facet.select("a")] == list(NAMES.values())
    for mid, (pid, title) in PLATFORMS.items():
        card = page.select_one(f"li.innopub-harvested[data-innopub-id='{mid}/platforms/{pid}']")
        assert card is not None, mid
        assert title in card.get_text() and NAMES[mid] in card.get_text()
        assert card.find("a", href=f"{urls[mid]}platforms/{pid}/") is not None  # its page on the municipal site


def test_the_regional_search_finds_the_stale_municipalitys_entries_and_filters_by_it(browser, region) -> None:
    root, urls, _, _, _ = region
    with serve(root / "site") as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        # «лесничеством»: the platform's title says «лесничество»; kharovsk's site is down, its copy is searched.
        page.goto(url + "search/?" + urlencode({"q": "лесничеством"}))
        page.locator("[data-innopub-search-page-results] li").first.wait_for()
        page.wait_for_function("() => document.querySelector('[data-innopub-search-page-status]').textContent.includes('Найдено')")
        hrefs = page.locator("[data-innopub-search-page-results] a").evaluate_all("els => els.map(e => e.href)")
        assert f"{urls[STOPPED]}platforms/shkolnoe-lesnichestvo/" in hrefs
        # «площадкой» is in entries of all three; the facet «Муниципалитет» narrows the results to kharovsk's.
        page.goto(url + "search/?" + urlencode({"q": "площадкой"}))
        page.locator("[data-innopub-search-page-results] li").first.wait_for()
        page.wait_for_function("() => document.querySelector('[data-innopub-search-page-status]').textContent.includes('Найдено')")
        hrefs = page.locator("[data-innopub-search-page-results] a").evaluate_all("els => els.map(e => e.href)")
        assert {mid for mid in NAMES if any(h.startswith(urls[mid]) for h in hrefs)} == set(NAMES), hrefs
        page.locator(f".innopub-facet[data-facet='Муниципалитет'] input[value='{NAMES[STOPPED]}']").check()
        page.wait_for_function(
            "prefix => [...document.querySelectorAll('[data-innopub-search-page-results] a')].every(a => a.href.startsWith(prefix))",
            arg=urls[STOPPED],
        )
        hrefs = page.locator("[data-innopub-search-page-results] a").evaluate_all("els => els.map(e => e.href)")
        assert hrefs and all(h.startswith(urls[STOPPED]) for h in hrefs)
        assert f"{urls[STOPPED]}platforms/shkolnoe-lesnichestvo/" in hrefs
        page.close()
