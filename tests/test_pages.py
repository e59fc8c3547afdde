"""What readers meet on the demo's pages (issue 12): the home page's paragraph, registries on a phone, a platform's
table of contents, articles linked to their place in the collection's PDF, the bulletin and its archive, the
editors' vocabularies as configured. Built with ``innopub build``; parsed HTML, pypdf, Chromium at 375 px. Expectations
come from the content files read here (tests/fixtures/content_files.py) and the contract's vocabularies written out by
hand (tests/fixtures/vocabularies.py), never from innopub's content model or settings."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from pypdf import PdfReader

from tests.conftest import ROOT, innopub, project, soup
from tests.fixtures.content_files import entries
from tests.fixtures.vocabularies import DECISION_KINDS, DIRECTIONS, EVENT_KINDS, LEVELS, ORGANIZATION_KINDS, STATUSES

TODAY = dt.date(2026, 11, 25)
PHONE = {"width": 375, "height": 740}
PLATFORMS = entries(ROOT / "content", "platforms")
"""The demo's published platforms, as their files say."""


def page(site: Path, url: str):
    return soup(site / url / "index.html")


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_home_opens_with_what_the_site_is_and_for_whom(demo: Path) -> None:
    description = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["site_description"]
    article = page(demo, "").select_one("article")
    intro = article.select_one("p.innopub-intro")
    assert intro is not None and intro.get_text(strip=True) == description
    tiles = article.select_one(".innopub-registries")
    assert intro in tiles.find_all_previous("p"), "the paragraph comes above the counts"


def test_number_sign_never_parts_from_its_number(demo: Path) -> None:
    """«№ 1» with a non-breaking space in every page's text, its heading included (the glossary's typography)."""
    broken = {}
    for html in demo.rglob("*.html"):
        document = soup(html)
        article = document.select_one("article")  # the page's heading and text (the tab's <title> never wraps)
        found = re.search(r".{0,30}№[ \t\n]+\d", article.get_text()) if article is not None else None
        if found:
            broken[str(html.relative_to(demo))] = found.group(0)
    assert not broken
    issue = page(demo, "bulletin/")
    assert "№\u00a01 (1)" in issue.select_one("article").get_text()


def test_platform_registry_reads_terms_counts_and_shows_its_filters(demo: Path) -> None:
    registry = page(demo, "platforms/")
    rows = {urlsplit(tr.select_one("td a")["href"]).path.strip("/").split("/")[-1]: tr for tr in registry.select(".innopub-table tbody tr")}
    assert set(rows) == {p.id for p in PLATFORMS}
    for platform in PLATFORMS:
        term = rows[platform.id].select_one('td[data-label="Срок"]').get_text(" ", strip=True).replace("\u00a0", " ")
        start, end = platform.day("start").year, platform.day("end").year if platform.day("end") else None
        if end is None:
            assert term.startswith(f"с {start} г.") and "—" not in term and "–" not in term, term
        else:
            assert term.startswith(f"{start}–{end} гг." if end != start else f"{start} г."), term
        finished = platform.day("end") is not None and platform.day("end") < TODAY
        assert ("завершена" if finished else "действует") in term
    assert any(p.day("end") is None for p in PLATFORMS), "the demo has an ongoing platform"
    assert any(p.day("end") is not None for p in PLATFORMS), "the demo has a finished platform"
    facets = registry.select_one("details.innopub-facets")
    assert facets is not None and facets.has_attr("open"), "the registry's filters are shown, not folded"
    for chip in registry.select("nav.innopub-toc .innopub-chips a"):
        assert re.fullmatch(r".+\S \(\d+\)", chip.get_text(" ", strip=True)), chip.get_text()


def test_wide_tables_are_labelled_scroll_boxes_of_labelled_cells(demo: Path) -> None:
    for url in ["platforms/", "platforms/gimnaziya-1-mezhpredmetnye-zadachi/", "vocabularies/"]:
        boxes = page(demo, url).select("div.innopub-table")
        assert boxes, url
        for box in boxes:
            assert box.get("tabindex") == "0" and box.get("role") == "region" and box.get("aria-label"), url
            headers = [th.get_text(strip=True) for th in box.select("thead th")]
            for tr in box.select("tbody tr"):
                assert [td["data-label"] for td in tr.select("td")] == headers, url


def test_platform_page_lists_plan_products_and_reports_in_its_toc(demo: Path) -> None:
    checked = 0
    reported = {r.meta["platform"] for r in entries(ROOT / "content", "reports")}
    for platform in PLATFORMS:
        html = page(demo, platform.url)
        toc = {a["href"] for a in html.select("nav.md-nav--secondary a.md-nav__link")}
        expected = set()
        if platform.meta.get("roadmap"):
            expected.add("#roadmap")
        if platform.meta.get("products"):
            expected.add("#products")
        if platform.id in reported:
            expected.add("#related-reports")
        assert expected <= toc, (platform.url, expected - toc)
        for anchor in toc:
            assert html.find(id=anchor[1:]) is not None, (platform.url, anchor)
        checked += len(expected) == 3
        finished = platform.day("end") is not None and platform.day("end") < TODAY
        badge = html.select_one(".innopub-card .innopub-badge--done" if finished else ".innopub-card .innopub-badge--active")
        assert badge is not None and badge.get_text() == ("завершена" if finished else "действует"), platform.url
    assert checked, "a demo platform has a plan, products and reports"


def pdf_page_of(pdf: PdfReader, title: str) -> int:
    """The page (1-based) whose first lines hold the item ``title`` (after a section's heading, if any): where the
    item starts. Words hyphenated at a line's end are joined; the table of contents is skipped."""
    words = " ".join(title.split()[:4])
    for number, pdf_page in enumerate(pdf.pages, 1):
        text = " ".join(re.sub(r"-\n", "", pdf_page.extract_text() or "").split())
        if not text.startswith("Содержание") and words in text[:300]:
            return number
    raise AssertionError(f"«{title}» is not in the PDF")


def test_article_links_its_place_in_the_collections_pdf(demo: Path) -> None:
    collections = {c.id for c in entries(ROOT / "content", "collections")}
    articles = [a for a in entries(ROOT / "content", "articles") if a.meta["collection"] in collections]
    assert articles
    for article in articles:
        html = page(demo, article.url)
        link = next(a for a in html.select(".innopub-card a") if ".pdf" in a.get("href", ""))
        href = urljoin(article.url, link["href"])
        path, _, fragment = href.partition("#")
        pdf = PdfReader(demo / path)
        number = int(fragment.removeprefix("page="))
        assert number == pdf_page_of(pdf, article.title), article.url
        assert f"с. {number}" in link.get_text()


def test_bulletin_lists_articles_by_their_abstract(demo: Path) -> None:
    checked = 0
    for issue in sorted((ROOT / "content" / "bulletin").glob("*.md")):
        html = page(demo, f"bulletin/{issue.stem}")
        for item in front_matter(issue)["items"]:
            if not item.startswith("articles/"):
                continue
            abstract = front_matter(ROOT / "content" / f"{item}.md").get("abstract")
            li = next(li for li in html.select("article li.innopub-item") if li.a["href"].rstrip("/").endswith(item.split("/")[1]))
            summary = li.select_one(".innopub-item__summary")
            if abstract:
                assert summary is not None and summary.get_text(strip=True).replace("\u00a0", " ") == " ".join(abstract.split())
                checked += 1
    assert checked, "a demo issue lists an article with an abstract"


def test_bulletin_archive_shows_each_issues_pdf_and_the_feed(demo: Path) -> None:
    archive = page(demo, "bulletin/")
    feed = archive.select_one('article a[href$="feed.xml"]')
    assert feed is not None and (demo / "bulletin" / urljoin("bulletin/", feed["href"]).removeprefix("bulletin/")).is_file()
    issues = sorted((ROOT / "content" / "bulletin").glob("*.md"))
    for issue in issues:
        li = next(li for li in archive.select("article li.innopub-item") if li.a["href"].rstrip("/").endswith(issue.stem))
        pdf = next(a for a in li.select("a") if a["href"].endswith(".pdf"))
        assert (demo / urljoin("bulletin/", pdf["href"])).is_file()


def test_bulletin_pdf_names_the_issue_is_tagged_and_russian(demo: Path) -> None:
    pdf = PdfReader(demo / "bulletin" / "2024-05" / "2024-05.pdf")
    assert pdf.metadata.title == "Вестник № 2 (2), май 2024 г."
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "ru"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    text = " ".join((pdf.pages[0].extract_text() + pdf.pages[1].extract_text()).split())
    assert "Вестник № 2 (2), май 2024 г." in text.replace("\u00a0", " ")
    assert "г.." not in text and "1 июня 2024 г. Электронное издание" in text.replace("\u00a0", " ")
    collection = PdfReader(next((demo / "collections").rglob("*.pdf")))
    assert bool(collection.trailer["/Root"]["/MarkInfo"]["/Marked"]) and collection.trailer["/Root"]["/Lang"] == "ru"


def vocabulary_page(site: Path) -> dict[str, list[str]]:
    html = page(site, "vocabularies")
    found = {ul["data-innopub-vocabulary"]: [li.get_text() for li in ul.select("li")] for ul in html.select("ul[data-innopub-vocabulary]")}
    found["statuses"] = [tuple(td.get_text(strip=True) for td in tr.select("td")) for tr in html.select("#statuses + div tbody tr")]
    found["levels"] = [tuple(td.get_text(strip=True) for td in tr.select("td")) for tr in html.select("#levels + div tbody tr")]
    found["commands"] = [dt_.get_text(strip=True) for dt_ in html.select("#commands ~ dl")[0].select("dt")]
    return found


def test_editors_vocabularies_are_the_demo_settings(demo: Path) -> None:
    """The demo replaces no vocabulary (mkdocs.yml): the page shows the contract's."""
    found = vocabulary_page(demo)
    assert found["directions"] == DIRECTIONS and found["event_kinds"] == EVENT_KINDS
    assert found["organization_kinds"] == ORGANIZATION_KINDS
    assert found["decision_kinds"] == DECISION_KINDS
    assert found["statuses"] == STATUSES
    assert found["levels"] == LEVELS
    for name in ["check", "new", "bulletin", "publish"]:
        assert any(c.startswith(f"innopub {name}") for c in found["commands"]), name
    guide = page(demo, "for-editors")
    assert any(a["href"].startswith("../vocabularies/") for a in guide.select("article a"))


@pytest.mark.slow  # builds a site
def test_editors_vocabularies_follow_replaced_settings(tmp_path: Path) -> None:
    extra = "      directions: [Наставничество, Читательская грамотность]\n      event_kinds: [слёт, другое]\n"
    extra += "      statuses: [{code: ОП, name: опорная площадка, level: районный}]\n"
    root = project(tmp_path, {"about.md": "---\ntitle: О сайте\n---\n\nТекст.\n"}, extra)
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    found = vocabulary_page(root / "site")
    assert found["directions"] == ["Наставничество", "Читательская грамотность"] and found["event_kinds"] == ["слёт", "другое"]
    assert found["statuses"] == [("ОП", "опорная площадка", "районный")]
    for command in found["commands"]:
        words = command.split()
        assert innopub(words[1], "--help", cwd=root).returncode == 0, command


WIDEST = """() => Math.max(...[...document.querySelectorAll('.md-content td, .md-content th, .md-content a')]
  .filter(e => e.getClientRects().length && !e.closest('thead')).map(e => e.getBoundingClientRect().right))"""


def test_registries_and_platforms_fit_a_phone(demo: Path, demo_url: str, browser) -> None:
    tab = browser.new_page(viewport=PHONE)
    urls = ["platforms/", "organizations/", "reports/", "bulletin/", "vocabularies/", *(p.url for p in PLATFORMS)]
    for url in urls:
        tab.goto(demo_url + url)
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
        assert tab.evaluate(WIDEST) <= PHONE["width"], f"{url}: a cell or link is off-screen"
    tab.goto(demo_url)
    name = tab.locator(".md-header__topic:first-child .md-ellipsis")
    box = name.evaluate("e => [e.scrollWidth <= e.clientWidth, e.scrollHeight <= e.clientHeight + 1, e.getBoundingClientRect().bottom]")
    assert box[0] and box[1], "the site's name is shown whole in the header at 375 px"
    assert box[2] <= tab.locator(".md-header").bounding_box()["height"] + 1
    tab.close()
