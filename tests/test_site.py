"""The demo site built with ``innopub build``, read as a reader would: parsed HTML, feed, sitemap.

Expectations come from the content model (loaded independently of MkDocs) and from the
editors' files, so the tests follow the demo content as it grows.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from lxml import etree

from generator.common.russian import long_date
from generator.model.content import ContentModel
from generator.model.load import load_content
from generator.search.bundle import indexed_pages
from generator.settings.options import Settings
from tests.conftest import ROOT, soup

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def model() -> ContentModel:
    model, problems = load_content(ROOT / "content", Settings(today=dt.date(2026, 11, 25)))
    assert not problems.errors, problems.report()
    return model


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


def test_demo_has_what_the_contract_promises(model: ContentModel) -> None:
    counts = {folder: len(entries) for folder, entries in model.entries.items()}
    assert counts["organizations"] >= 4 and counts["platforms"] >= 5 and counts["reports"] >= 8
    assert counts["practices"] >= 8 and counts["events"] >= 4 and counts["articles"] >= 4
    assert len({p.meta.status for p in model.entries["platforms"]}) >= 3
    assert any(len(p.refs["organizations"]) > 1 for p in model.entries["platforms"])
    assert model.unpublished, "the demo has a draft"
    assert model.redirects, "the demo has an alias"


def test_platform_cards(demo: Path, model: ContentModel) -> None:
    for platform in model.entries["platforms"]:
        fields = card(demo, platform.url)
        status = model.settings.status(platform.meta.status)
        assert status.name in fields["Статус"] and status.level in fields["Статус"]
        orgs = platform.refs["organizations"]
        label = "Организации" if len(orgs) > 1 else "Организация"
        assert all(o.meta.short.replace("№ ", "№\u00a0") in fields[label] for o in orgs)  # «№ 1» never breaks
        assert ("в форме кооперации" in fields[label]) == (len(orgs) > 1)
        assert long_date(platform.meta.start) in fields["Срок"]
        finished = platform.meta.end is not None and platform.meta.end < dt.date(2026, 11, 25)
        assert ("действует" in fields["Срок"]) == (not finished) and ("завершена" in fields["Срок"]) == finished
        target = links(demo, platform.url, ".innopub-card")
        assert {o.url for o in orgs} <= target
        for report in platform.backlinks.get("reports", []):
            assert report.url in links(demo, platform.url), f"{platform.url} lists {report.url}"
        for practice in platform.backlinks.get("practices", []):
            assert practice.url in links(demo, platform.url)
        if platform.meta.roadmap:
            rows = page(demo, platform.url).select("#roadmap + .innopub-table tbody tr")
            assert len(rows) == len(platform.meta.roadmap)


def test_report_links_platform_and_authors(demo: Path, model: ContentModel) -> None:
    for report in model.entries["reports"]:
        target = links(demo, report.url, ".innopub-card")
        assert report.ref("platform").url in target
        assert {c.person.url for c in report.credits["authors"]} <= target
        assert long_date(report.date) in card(demo, report.url)["Дата"]


def test_practice_event_article_collection_cards(demo: Path, model: ContentModel) -> None:
    for practice in model.entries["practices"]:
        target = links(demo, practice.url, ".innopub-card")
        assert practice.ref("organization").url in target
        for name in ("platform", "event"):
            if practice.ref(name):
                assert practice.ref(name).url in target
    for event in model.entries["events"]:
        fields = card(demo, event.url)
        assert fields["Вид"].lower() == event.meta.kind
        assert event.meta.place.split()[0] in fields["Место"]
        for section in event.meta.sections:
            assert section in fields["Секции"]
    resolutions = [e for e in model.entries["events"] if re.search(r"^#+ *(Резолюция|Решение)", e.body, re.M)]
    assert len(resolutions) >= 4
    for event in resolutions:
        text = page(demo, event.url).select_one("article").get_text(" ", strip=True)
        assert "Резолюция" in text or "Решение" in text
    for collection in (c for c in model.entries["collections"] if not c.meta.includes):  # digests: tests/test_bulletin.py
        contents = page(demo, collection.url).select("#contents ~ ul a")
        assert [a.get_text(strip=True) for a in contents] == [
            a.title for s in collection.meta.sections for a in sorted(collection.backlinks["articles"], key=lambda x: x.title) if a.meta.section == s
        ]


def test_people_are_matched_with_yo(demo: Path, model: ContentModel) -> None:
    raw = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "content").rglob("*.md"))
    assert "Ёлкина" in raw and "Елкина" in raw, "the demo spells one person both ways"
    people = [p for p in model.people if p.key.startswith("елкина")]
    assert len(people) == 1
    person = people[0]
    assert person.url == "authors/elkina-marina-sergeevna/"
    listed = links(demo, person.url)
    assert {e.url for e in person.entries()} <= listed
    index = page(demo, "authors/")
    assert index.find("a", string=person.name) is not None
    letters = [h.get_text(strip=True) for h in index.select("article h2")]
    assert letters == sorted(letters) and "Ё" not in letters


def test_russian_plural_and_dates_on_registries(demo: Path, model: ContentModel) -> None:
    lead = page(demo, "reports/").select_one(".innopub-lead").get_text(strip=True).replace("\xa0", " ")
    n = len(model.entries["reports"])
    assert re.fullmatch(rf"{n} отчёт(а|ов)?", lead)
    text = page(demo, "reports/").select_one("article").get_text(" ", strip=True)
    assert re.search(r"\d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) \d{4}", text)


def test_registries_group_and_order(demo: Path, model: ContentModel) -> None:
    statuses = [h.get_text(strip=True) for h in page(demo, "platforms/").select("article h2")]
    order = [s.code for s in model.settings.statuses]
    codes = [s.split(" ")[0] for s in statuses]
    assert codes == sorted(codes, key=order.index)
    events = page(demo, "events/").select("article h2")
    assert events[0].get_text(strip=True) == "Предстоящие"
    years = [int(h.get_text(strip=True)) for h in events[1:]]
    assert years == sorted(years, reverse=True)
    municipalities = {o.meta.municipality for o in model.entries["organizations"]}
    assert {h.get_text(strip=True) for h in page(demo, "organizations/").select("article h2")} == municipalities


def test_demo_listings_stay_single_pages(demo: Path, model: ContentModel) -> None:
    """Registries, terms, archive years and the authors' index shorter than ``page_size`` are not split
    (tests/test_pagination.py checks the split ones)."""
    assert max(len(entries) for entries in model.entries.values()) <= model.settings.page_size
    assert [p for p in demo.rglob("*") if p.is_dir() and p.name in ("-", "page")] == []
    assert [p for p in demo.rglob("*.html") if "innopub-pager" in p.read_text(encoding="utf-8")] == []
    assert page(demo, "reports/").select("article h2") and not page(demo, "reports/").select(".innopub-sections")


def test_home_page(demo: Path, model: ContentModel) -> None:
    home = soup(demo / "index.html")
    upcoming = home.select("#upcoming + ul a")
    assert [a.get_text(strip=True) for a in upcoming] == [e.title for e in model.entries["events"] if e.date > dt.date(2026, 11, 25)]
    latest = [a.get_text(strip=True) for a in home.select("#latest + ul a.innopub-item__title")]
    assert latest and latest[0] == next(e for e in model.publications() if e.date <= dt.date(2026, 11, 25)).title


def test_tags_directions_archive(demo: Path, model: ContentModel) -> None:
    for name, entries in model.by_value("directions").items():
        index = page(demo, "directions/")
        link = index.find("a", string=name)
        assert link is not None
        term_url = str(Path("/directions", link["href"]).resolve()).lstrip("/") + "/"
        assert {e.url for e in entries} <= links(demo, term_url)
    archive = page(demo, "archive/")
    years = [h.get_text(strip=True) for h in archive.select("article h2")]
    assert years == sorted({str(e.date.year) for e in model.publications()}, reverse=True)


def test_drafts_are_nowhere(demo: Path, model: ContentModel) -> None:
    draft_ids = [Path(p).stem for p in model.unpublished]
    titles = [re.search(r"^title: *(.+)$", (ROOT / "content" / p).read_text(encoding="utf-8"), re.M).group(1) for p in model.unpublished]
    everything = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in demo.rglob("*") if p.suffix in {".html", ".xml", ".json"})
    for draft_id, title in zip(draft_ids, titles, strict=True):
        assert draft_id not in everything
        assert title.strip("\"'") not in everything


def test_alias_redirects(demo: Path, model: ContentModel) -> None:
    for redirect in model.redirects:
        html = soup(demo / redirect.url / "index.html")
        refresh = html.find("meta", attrs={"http-equiv": "refresh"})["content"]
        target = refresh.split("url=", 1)[1]
        assert str(Path("/", redirect.url, target).resolve()).lstrip("/") + "/" == redirect.target.url
        assert (demo / redirect.target.url / "index.html").is_file()


def test_attachments_are_copied_and_listed(demo: Path, model: ContentModel) -> None:
    with_files = [e for e in model.all() if e.attachments]
    assert with_files
    for entry in with_files:
        items = page(demo, entry.url).select("#attachments + ul li")
        assert len(items) == len(entry.attachments)
        for item, attachment in zip(items, entry.attachments, strict=True):
            assert attachment.title in item.get_text()
            assert attachment.format in item.get_text()
            assert re.search(r"\d+\xa0(Б|КБ|МБ)", item.get_text())
            assert (demo / attachment.url).read_bytes() == (ROOT / "content/files" / attachment.path).read_bytes()


def _publications() -> list[tuple[str, str]]:
    """(date, title) of every published dated entry, read from the content files here, not by the generator."""
    found = []
    for folder in ("reports", "practices", "events", "articles", "collections"):
        for path in (ROOT / "content" / folder).rglob("*.md"):
            meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
            if not meta.get("draft"):
                found.append((str(meta["date"]), meta["title"]))
    return found


def test_feed_and_sitemap(demo: Path, model: ContentModel) -> None:
    feed = etree.parse(str(demo / "feed.xml"))
    entries = feed.findall(f"{ATOM}entry")
    published = _publications()
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
    assert all(f"https://innopub.example.org/{e.url}" in locs for e in model.all())


def test_navigation_stays_small(demo: Path, model: ContentModel) -> None:
    html = page(demo, model.entries["reports"][0].url)
    nav_links = html.select("nav.md-nav--primary a.md-nav__link[href]")
    assert 0 < len(nav_links) < 30
    entry_urls = {e.url for e in model.all()}
    assert not [a for a in nav_links if str(Path("/reports/x", a["href"]).resolve()).lstrip("/") + "/" in entry_urls]


def test_theme_is_russian_with_pagefind_search(demo: Path) -> None:
    assert soup(demo / "index.html").html["lang"] == "ru"
    index = json.loads((demo / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(index["languages"]) == ["ru"]  # Pagefind's Russian stemmer
    assert not (demo / "search/search_index.json").exists()
    assert "/platforms/kadnikov-agroklass/" in indexed_pages(demo / "pagefind")
