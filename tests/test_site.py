"""The demo site built with ``innopub build``, read as a reader would: parsed HTML, feed, sitemap.

Expectations come from the editors' files, read here with plain YAML (tests/fixtures/content_files.py), and
from the contract's vocabularies written out by hand, never from innopub's content model: the tests follow the
demo content as it grows.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from lxml import etree

from tests.conftest import ROOT, TODAY, soup
from tests.fixtures.content_files import (
    ENTRY_FOLDERS,
    PUBLICATIONS,
    File,
    by_value,
    drafts,
    entries,
    every_entry,
    fold,
    long_date,
    publications,
)
from tests.fixtures.search import fragments
from tests.fixtures.vocabularies import PAGE_SIZE, STATUSES

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = ROOT / "content"
DAY = dt.date.fromisoformat(TODAY)


def kind(folder: str) -> list[File]:
    return entries(CONTENT, folder)


def by_id(folder: str) -> dict[str, File]:
    return {f.id: f for f in kind(folder)}


def page(site: Path, url: str):
    return soup(site / url / "index.html")


def card(site: Path, url: str) -> dict[str, str]:
    """The metadata card of a page as {label: text}."""
    dl = page(site, url).select_one(".innopub-card dl")
    assert dl is not None, f"{url} has no card"
    return {dt_.get_text(" ", strip=True): dt_.find_next_sibling("dd").get_text(" ", strip=True) for dt_ in dl.find_all("dt")}


def links(site: Path, url: str, selector: str = "article") -> set[str]:
    """Where the page's links lead, as site paths."""
    base = f"/{url}"
    found = set()
    for a in page(site, url).select(f"{selector} a[href]"):
        href = a["href"].split("#")[0]
        if href and not href.startswith(("http", "mailto:")):
            found.add(str(Path(base, href).resolve()).lstrip("/") + ("/" if href.endswith("/") else ""))
    return found


def test_demo_has_what_the_contract_promises() -> None:
    counts = {folder: len(kind(folder)) for folder in ("organizations", "platforms", "reports", "practices", "events", "articles")}
    assert counts["organizations"] >= 4 and counts["platforms"] >= 5 and counts["reports"] >= 8
    assert counts["practices"] >= 8 and counts["events"] >= 4 and counts["articles"] >= 4
    assert len({p.meta["status"] for p in kind("platforms")}) >= 3
    assert any(len(p.ids("organizations")) > 1 for p in kind("platforms"))
    assert drafts(CONTENT), "the demo has a draft"
    assert any(f.meta.get("aliases") for f in every_entry(CONTENT)), "the demo has an alias"


def people_links(site: Path, url: str, selector: str = "article") -> dict[str, str]:
    """The page's links to people's pages: the name's key (:func:`fold`) → the person's site path."""
    found = {}
    for a in page(site, url).select(f"{selector} a[href]"):
        path = str(Path(f"/{url}", a["href"].split("#")[0]).resolve()).lstrip("/") + "/"
        if re.fullmatch(r"authors/[a-z0-9-]+/", path):
            found[fold(a.get_text(" ", strip=True))] = path
    return found


def test_platform_cards(demo: Path) -> None:
    organizations, statuses = by_id("organizations"), {code: (name, level) for code, name, level in STATUSES}
    for platform in kind("platforms"):
        fields = card(demo, platform.url)
        name, level = statuses[platform.meta["status"]]
        assert name in fields["Статус"] and level in fields["Статус"]
        orgs = [organizations[i] for i in platform.ids("organizations")]
        label = "Организации" if len(orgs) > 1 else "Организация"
        assert all(o.meta["short"].replace("№ ", "№\u00a0") in fields[label] for o in orgs)  # «№ 1» never breaks
        assert ("в форме кооперации" in fields[label]) == (len(orgs) > 1)
        assert long_date(platform.day("start")) in fields["Срок"]
        finished = platform.day("end") is not None and platform.day("end") < DAY
        assert ("действует" in fields["Срок"]) == (not finished) and ("завершена" in fields["Срок"]) == finished
        target = links(demo, platform.url, ".innopub-card")
        assert {o.url for o in orgs} <= target
        for folder in ("reports", "practices"):
            for entry in (e for e in kind(folder) if platform.id in e.ids("platform")):
                assert entry.url in links(demo, platform.url), f"{platform.url} lists {entry.url}"
        if platform.meta.get("roadmap"):
            rows = page(demo, platform.url).select("#roadmap + .innopub-table tbody tr")
            assert len(rows) == len(platform.meta["roadmap"])


def test_report_links_platform_and_authors(demo: Path) -> None:
    for report in kind("reports"):
        target = links(demo, report.url, ".innopub-card")
        assert f"platforms/{report.meta['platform']}/" in target
        authors = {fold(name) for name in report.people(("authors",))}
        assert authors and authors <= set(people_links(demo, report.url, ".innopub-card")), report.url
        assert long_date(report.date) in card(demo, report.url)["Дата"]


def test_practice_event_article_collection_cards(demo: Path) -> None:
    for practice in kind("practices"):
        target = links(demo, practice.url, ".innopub-card")
        assert f"organizations/{practice.meta['organization']}/" in target
        for name, folder in (("platform", "platforms"), ("event", "events")):
            if practice.meta.get(name):
                assert f"{folder}/{practice.meta[name]}/" in target
    for event in kind("events"):
        fields = card(demo, event.url)
        assert fields["Вид"].lower() == event.meta["kind"]
        assert event.meta["place"].split()[0] in fields["Место проведения"]
        for section in event.meta.get("sections") or []:
            assert section in fields["Секции"]
    resolutions = [e for e in kind("events") if re.search(r"^#+ *(Резолюция|Решение)", e.body, re.M)]
    assert len(resolutions) >= 4
    for event in resolutions:
        text = page(demo, event.url).select_one("article").get_text(" ", strip=True)
        assert "Резолюция" in text or "Решение" in text
    conferences = [c for c in kind("collections") if not c.meta.get("includes")]  # digests: tests/test_bulletin.py
    assert conferences
    for collection in conferences:
        articles = sorted((a for a in kind("articles") if a.meta["collection"] == collection.id), key=lambda a: a.title)
        contents = page(demo, collection.url).select("#contents ~ ul a")
        expected = [a.title for s in collection.meta["sections"] for a in articles if a.meta.get("section") == s]
        assert [a.get_text(strip=True) for a in contents] == expected


def test_people_are_matched_with_yo(demo: Path) -> None:
    raw = " ".join(p.read_text(encoding="utf-8") for p in CONTENT.rglob("*.md"))
    assert "Ёлкина" in raw and "Елкина" in raw, "the demo spells one person both ways"
    credited = [e for e in every_entry(CONTENT) if any(fold(n).startswith("елкина") for n in e.people())]
    assert len(credited) >= 2
    index = page(demo, "authors/")
    pages = {path for key, path in people_links(demo, "authors/").items() if key.startswith("елкина")}
    assert pages == {"authors/elkina-marina-sergeevna/"}, "both spellings lead to one page"
    assert {e.url for e in credited} <= links(demo, "authors/elkina-marina-sergeevna/")
    letters = [h.get_text(strip=True) for h in index.select("article h2")]
    assert letters == sorted(letters) and "Ё" not in letters


def test_russian_plural_and_dates_on_registries(demo: Path) -> None:
    lead = page(demo, "reports/").select_one(".innopub-lead").get_text(strip=True).replace("\xa0", " ")
    n = len(kind("reports"))
    assert re.fullmatch(rf"{n} отчёт(а|ов)?", lead)
    text = page(demo, "reports/").select_one("article").get_text(" ", strip=True)
    assert re.search(r"\d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) \d{4}", text)


def test_registries_group_and_order(demo: Path) -> None:
    statuses = [h.get_text(strip=True) for h in page(demo, "platforms/").select("article h2")]
    order = [code for code, _, _ in STATUSES]
    codes = [s.split(" ")[0] for s in statuses]
    assert codes == sorted(codes, key=order.index)
    events = page(demo, "events/").select("article h2")
    assert events[0].get_text(strip=True) == "Предстоящие"
    years = [int(h.get_text(strip=True)) for h in events[1:]]
    assert years == sorted(years, reverse=True)
    municipalities = {o.meta["municipality"] for o in kind("organizations")}
    assert {h.get_text(strip=True) for h in page(demo, "organizations/").select("article h2")} == municipalities


def test_demo_listings_stay_single_pages(demo: Path) -> None:
    """Registries, terms, archive years and the authors' index shorter than ``page_size`` are not split
    (tests/test_pagination.py checks the split ones)."""
    assert max(len(kind(folder)) for folder in ENTRY_FOLDERS) <= PAGE_SIZE
    assert [p for p in demo.rglob("*") if p.is_dir() and p.name in ("-", "page")] == []
    assert [p for p in demo.rglob("*.html") if "innopub-pager" in p.read_text(encoding="utf-8")] == []
    assert page(demo, "reports/").select("article h2") and not page(demo, "reports/").select(".innopub-sections")


def test_home_page(demo: Path) -> None:
    home = soup(demo / "index.html")
    upcoming = home.select("#upcoming + ul a")
    expected = [e.title for e in sorted(kind("events"), key=lambda e: e.date) if e.date > DAY]
    assert expected and [a.get_text(strip=True) for a in upcoming] == expected
    latest = [a.get_text(strip=True) for a in home.select("#latest + ul a.innopub-item__title")]
    newest = max(e.date for e in publications(CONTENT) if e.date <= DAY)
    # Of publications of one day, the first by title («ё» as «е», case ignored), as in the registries and the feed.
    first = min((e for e in publications(CONTENT) if e.date == newest), key=lambda e: fold(e.title))
    assert latest and latest[0] == first.title


def test_tags_directions_archive(demo: Path) -> None:
    directions = by_value(every_entry(CONTENT), "directions")
    assert directions
    for name, urls in directions.items():
        index = page(demo, "directions/")
        link = index.find("a", string=name)
        assert link is not None
        term_url = str(Path("/directions", link["href"]).resolve()).lstrip("/") + "/"
        assert urls <= links(demo, term_url)
    archive = page(demo, "archive/")
    years = [h.get_text(strip=True) for h in archive.select("article h2")]
    assert years == sorted({str(e.date.year) for e in publications(CONTENT)}, reverse=True)


def test_drafts_are_nowhere(demo: Path) -> None:
    unpublished = drafts(CONTENT)
    assert unpublished
    draft_ids = [p.stem for p in unpublished]
    titles = [re.search(r"^title: *(.+)$", p.read_text(encoding="utf-8"), re.M).group(1) for p in unpublished]
    everything = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in demo.rglob("*") if p.suffix in {".html", ".xml", ".json"})
    for draft_id, title in zip(draft_ids, titles, strict=True):
        assert draft_id not in everything
        assert title.strip("\"'") not in everything


def test_alias_redirects(demo: Path) -> None:
    redirects = [(alias.strip("/") + "/", entry.url) for entry in every_entry(CONTENT) for alias in entry.meta.get("aliases") or []]
    assert redirects
    for old, new in redirects:
        html = soup(demo / old / "index.html")
        refresh = html.find("meta", attrs={"http-equiv": "refresh"})["content"]
        target = refresh.split("url=", 1)[1]
        assert str(Path("/", old, target).resolve()).lstrip("/") + "/" == new
        assert (demo / new / "index.html").is_file()


def test_attachments_are_copied_and_listed(demo: Path) -> None:
    with_files = [e for e in every_entry(CONTENT) if e.meta.get("attachments")]
    assert with_files
    for entry in with_files:
        attachments = [a if isinstance(a, dict) else {"file": a} for a in entry.meta["attachments"]]
        items = page(demo, entry.url).select("#attachments + ul li")
        assert len(items) == len(attachments)
        for item, attachment in zip(items, attachments, strict=True):
            path = Path(attachment["file"])
            assert attachment.get("title", path.name) in item.get_text()
            assert path.suffix.lstrip(".").upper() in item.get_text()  # «PDF», «DOCX»
            assert re.search(r"\d+\xa0(Б|КБ|МБ)", item.get_text())
            copy = (demo / entry.url / item.select_one("a[href]")["href"]).resolve()
            assert copy.is_relative_to(demo.resolve() / "files")
            assert copy.read_bytes() == (CONTENT / "files" / path).read_bytes()


def test_feed_and_sitemap(demo: Path) -> None:
    feed = etree.parse(str(demo / "feed.xml"))
    entries = feed.findall(f"{ATOM}entry")
    published = [(str(e.date), e.title) for e in publications(CONTENT)]
    assert {e.folder for e in publications(CONTENT)} == set(PUBLICATIONS)
    assert len(published) == 38 and len(entries) == 30  # feed_size: the 30 newest of the demo's 38 publications
    dates = [e.findtext(f"{ATOM}updated")[:10] for e in entries]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert dates[-1] >= sorted((d for d, _ in published), reverse=True)[29]  # and none older than the 30th newest
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[0] == "Межмуниципальный форум «Образование малых городов: инновации, которые работают»"  # 26 March 2027
    # Three entries share 16 April 2026: ordered by title («ё» as «е», case ignored), as the registries are.
    assert titles[1:4] == [
        "Семейный клуб «Маленький инженер» — конструирование вместе с родителями",
        "Сетевая научная лаборатория школьников «Естествознание» в ресурсном центре",
        "Фестиваль инновационных площадок Сокольского муниципального округа «ИнноФест-2026»",
    ]
    assert feed.findtext(f"{ATOM}updated").startswith("2027-03-26")
    sitemap = etree.parse(str(demo / "sitemap.xml"))
    locs = {el.text for el in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert all(f"https://innopub.example.org/{e.url}" in locs for e in every_entry(CONTENT))


def test_navigation_stays_small(demo: Path) -> None:
    html = page(demo, kind("reports")[0].url)
    nav_links = html.select("nav.md-nav--primary a.md-nav__link[href]")
    assert 0 < len(nav_links) < 30
    entry_urls = {e.url for e in every_entry(CONTENT)}
    assert not [a for a in nav_links if str(Path("/reports/x", a["href"]).resolve()).lstrip("/") + "/" in entry_urls]


def test_theme_is_russian_with_pagefind_search(demo: Path) -> None:
    assert soup(demo / "index.html").html["lang"] == "ru"
    index = json.loads((demo / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(index["languages"]) == ["ru"]  # Pagefind's Russian stemmer
    assert not (demo / "search/search_index.json").exists()
    assert "/platforms/kadnikov-agroklass/" in fragments(demo / "pagefind")
