"""Long listings split into pages (generator/listing/paginate.py), checked on a real synthetic site.

The site is ``bench/generate.py``'s content (about 150 entries) built with ``page_size: 6``, so that
registries, tags, directions, archive years and the authors' index all split, while a registry of
three collections stays one page. Expectations come from the generated files, read here with plain YAML
(tests/fixtures/content_files.py), never from innopub's content model; the model is only the input of the two units
tested on it (the pages' addresses, a registry's facets).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bench.generate import generate
from generator.listing.paginate import Pager, Section, page_path, section_starts, split, split_sections, unique_segments
from generator.model.content import ContentModel
from generator.model.load import load_content
from generator.pages.catalog import site_pages
from generator.settings.options import Settings
from tests.conftest import TODAY, innopub, project, serve, soup
from tests.fixtures import content_files
from tests.fixtures.checkers import broken_links, severe, vnu
from tests.fixtures.content_files import ENTRY_FOLDERS, File, by_value, every_entry, fold, publications
from tests.fixtures.vocabularies import STATUSES

SIZE = 6


# -- the splitting itself ------------------------------------------------------------------------


def test_pager_addresses_and_numbers() -> None:
    first, middle, last = Pager(1, 12, "tags/x/"), Pager(6, 12, "tags/x/"), Pager(12, 12, "tags/x/")
    assert (first.prev, first.next) == (None, "tags/x/page/2/")
    assert (middle.prev, middle.next) == ("tags/x/page/5/", "tags/x/page/7/")
    assert (last.prev, last.next) == ("tags/x/page/11/", None)
    assert Pager(2, 3, "tags/x/").prev == "tags/x/"
    assert first.numbers() == [1, 2, 3, None, 12]
    assert middle.numbers() == [1, None, 4, 5, 6, 7, 8, None, 12]
    assert Pager(4, 12, "a/").numbers() == [1, 2, 3, 4, 5, 6, None, 12], "a gap of one page shows the page"
    assert Pager(1, 1, "a/").numbers() == [1]
    assert (page_path("tags/x/", 1), page_path("tags/x/", 3)) == ("tags/x.md", "tags/x/page/3.md")


def test_split_and_split_sections() -> None:
    assert split(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert split([], 3) == [[]]
    a, b, c = Section("a", list(range(4)), anchor="a"), Section("b", list(range(5)), anchor="b"), Section("c", [1], anchor="c")
    pages = split_sections([a, b, c], 3)
    assert [[(s.title, len(s.entries), s.continued) for s in page] for page in pages] == [
        [("a", 3, False)],
        [("a", 1, True), ("b", 2, False)],
        [("b", 3, True)],
        [("c", 1, False)],
    ]
    assert section_starts(pages) == {"a": 1, "b": 2, "c": 4}


def test_unique_segments() -> None:
    assert unique_segments(["г. Сокол", "г Сокол", "2024", "Ё"]) == ["g-sokol", "g-sokol-2", "2024", "e"]


# -- a synthetic site built with a small page size -----------------------------------------------


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("paged-content") / "content"
    generate(folder, 150)
    # Entries whose ids equal a section's address segment: a year and a municipality.
    report = sorted((folder / "reports").rglob("*.md"))[0]
    shutil.copy(report, folder / "reports" / "2024.md")
    org = sorted((folder / "organizations").rglob("*.md"))[0]
    shutil.copy(org, folder / "organizations" / "g-sokol.md")
    # Decisions whose open points split the control page, its kinds' and its organizations' (issue 19).
    orgs = [p.stem for p in sorted((folder / "organizations").rglob("*.md"))[:3]]
    (folder / "decisions").mkdir()
    for n, kind in enumerate(("решение коллегии", "приказ", "приказ")):
        head = f"---\ntitle: Решение {n}\nkind: {kind}\ndate: 2025-0{n + 1}-15\nissuer: {orgs[0]}\nitems:\n"
        rows = "".join(f"  - text: Пункт {i}\n    responsible: [{orgs[i % 3]}]\n    due: 2026-{(i % 12) + 1:02d}-28\n" for i in range(9))
        (folder / "decisions" / f"reshenie-{n}.md").write_text(head + rows + "---\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def model(content: Path) -> ContentModel:
    """The input of the units tested on the model; never an expectation."""
    model, problems = load_content(content, Settings(today=dt.date.fromisoformat(TODAY), page_size=SIZE))
    assert not problems.errors, problems.report()
    return model


@pytest.fixture(scope="module")
def files(content: Path) -> dict[str, list[File]]:
    """The published entries of each kind the generated content has, as their files say."""
    return {folder: found for folder in ENTRY_FOLDERS if (found := content_files.entries(content, folder))}


@pytest.fixture(scope="module")
def site(content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = project(tmp_path_factory.mktemp("paged"), content, extra_config=f"      page_size: {SIZE}\n")
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def target(url: str, href: str) -> str | None:
    """A link's site path (``reports/-/2024/``) as seen from the page at ``url``; None for other sites."""
    if href.startswith(("http:", "https:", "mailto:", "#", "?")):
        return None
    path = href.split("#")[0].split("?")[0]
    resolved = posixpath.normpath(posixpath.join("/" + url, path)).lstrip("/")
    return "" if resolved == "." else resolved + ("/" if path.endswith("/") and resolved not in ("", ".") else "")


def page(site: Path, url: str) -> BeautifulSoup:
    return soup(site / url / "index.html")


def article_links(html: BeautifulSoup, url: str) -> list[str]:
    return [t for a in html.select("article a[href]") if (t := target(url, a["href"])) is not None]


def crawl(site: Path, start: str, inside: tuple[str, ...]) -> Iterator[tuple[str, BeautifulSoup]]:
    """Every listing page reachable from ``start`` through links to ``start`` or addresses under ``inside``."""
    seen, queue = {start}, [start]
    while queue:
        url = queue.pop(0)
        html = page(site, url)
        yield url, html
        for link in article_links(html, url):
            if link not in seen and (link == start or link.startswith(inside)):
                seen.add(link)
                queue.append(link)


def listed(html: BeautifulSoup, url: str, urls: set[str]) -> int:
    """How many of ``urls`` (the listing's entries or people) the page at ``url`` links to."""
    return len(set(article_links(html, url)) & urls)


def entry_urls(entries: list[File]) -> set[str]:
    return {e.url for e in entries}


def people_listed(html: BeautifulSoup, url: str) -> dict[str, str]:
    """The people's pages the listing at ``url`` links to: site path → the name's key (:func:`fold`)."""
    found = {}
    for a in html.select("article a[href]"):
        link = target(url, a["href"])
        if link is not None and re.fullmatch(r"authors/(?!-/)[a-z0-9-]+/", link):
            found[link] = fold(a.get_text(" ", strip=True))
    return found


def test_pages_have_unique_addresses(model: ContentModel) -> None:
    specs = site_pages(model)
    assert len({s.path for s in specs}) == len(specs)
    assert len({s.url for s in specs}) == len(specs)


def test_every_registry_entry_is_reachable_and_no_page_lists_more_than_the_page_size(site: Path, files: dict[str, list[File]]) -> None:
    split_registries = 0
    for folder, entries in files.items():
        pages = dict(crawl(site, f"{folder}/", (f"{folder}/-/",)))
        reached = {link for url, html in pages.items() for link in article_links(html, url)} & entry_urls(entries)
        assert reached == entry_urls(entries), folder
        assert all(listed(html, url, entry_urls(entries)) <= SIZE for url, html in pages.items()), folder
        if len(entries) > SIZE:
            split_registries += 1
            sections = [u for u in pages if re.fullmatch(rf"{folder}/-/[a-z0-9-]+/", u)]
            assert len(sections) >= 2, folder
            lead = pages[f"{folder}/"].select_one(".innopub-lead").get_text(strip=True).replace("\xa0", " ")
            assert lead.startswith(f"{len(entries)} "), lead
        else:
            assert list(pages) == [f"{folder}/"] and not (site / folder / "-").exists(), f"{folder} stays one page"
    assert split_registries >= 5


def test_section_pages_of_a_registry(site: Path, files: dict[str, list[File]]) -> None:
    reports = page(site, "reports/")
    years = sorted({e.date.year for e in files["reports"]}, reverse=True)
    sections = reports.select("ul.innopub-sections > li")
    assert [li.a.get_text(strip=True) for li in sections] == [str(y) for y in years]
    assert [li["id"] for li in sections] == [f"y{y}" for y in years], "old links to /reports/#y2024 still land on the year"
    for li, year in zip(sections, years, strict=True):
        assert target("reports/", li.a["href"]) == f"reports/-/{year}/"
    recent = [target("reports/", a["href"]) for a in reports.select("#recent + ul a.innopub-item__title")]
    assert recent == [e.url for e in sorted(files["reports"], key=lambda e: (e.date, e.id), reverse=True)[: len(recent)]]
    assert 0 < len(recent) <= SIZE
    year = page(site, f"reports/-/{years[0]}/")
    current = year.select('nav[aria-label="Разделы реестра"] a[aria-current="page"]')
    assert [a.get_text(" ", strip=True).split()[0] for a in current] == [str(years[0])]
    organizations = {target("organizations/", a["href"]) for a in page(site, "organizations/").select("ul.innopub-sections a")}
    assert "organizations/-/g-sokol/" in organizations


def test_section_pages_cannot_take_an_entry_address(site: Path, files: dict[str, list[File]]) -> None:
    assert {"reports/2024/", "organizations/g-sokol/"} <= entry_urls(files["reports"] + files["organizations"])
    assert page(site, "reports/2024/").select_one(".innopub-card") is not None
    assert page(site, "reports/-/2024/").select_one(".innopub-card") is None
    assert page(site, "organizations/g-sokol/").select_one(".innopub-card") is not None
    assert page(site, "organizations/-/g-sokol/").select_one("nav.innopub-toc") is not None


@pytest.fixture(scope="module")
def listings(site: Path) -> list[str]:
    return first_pages(site)


def first_pages(site: Path) -> list[str]:
    """Every listing that goes on over several pages, by its first page."""
    found = []
    for path in sorted(site.rglob("index.html")):
        url = path.parent.relative_to(site).as_posix() + "/"
        if "/page/" not in url and soup(path).select_one("nav.innopub-pager"):
            found.append(url)
    return found


def test_pager_links_go_forth_and_back(site: Path, listings: list[str]) -> None:
    assert any(u.startswith("tags/") for u in listings) and any(u.startswith("archive/") for u in listings)
    assert any("/-/" in u for u in listings)
    for first in listings:
        url, number, visited = first, 1, []
        html = page(site, url)
        count = int(re.search(r"Страница 1 из (\d+)", html.select_one(".innopub-pager__status").get_text()).group(1))
        while True:
            pager = html.select_one('nav.innopub-pager[aria-label="Страницы списка"]')
            assert pager.select_one(".innopub-pager__status").get_text(strip=True) == f"Страница {number} из {count}"
            assert f"Страница {number} из {count}" in html.select_one(".innopub-lead").get_text()
            current = pager.select('a[aria-current="page"]')
            assert [a.get_text(strip=True) for a in current] == [str(number)] and target(url, current[0]["href"]) == url
            prev, nxt = pager.select_one('a[rel="prev"]'), pager.select_one('a[rel="next"]')
            assert (prev is None) == (number == 1) and (nxt is None) == (number == count), url
            if prev is not None:
                assert target(url, prev["href"]) == visited[-1]
            visited.append(url)
            if nxt is None:
                break
            url, number = target(url, nxt["href"]), number + 1
            assert url == f"{first}page/{number}/"
            html = page(site, url)
        assert number == count > 1


def test_terms_list_every_entry_over_their_pages(site: Path, content: Path) -> None:
    for field_name in ("tags", "directions"):
        index = page(site, f"{field_name}/")
        terms = by_value(every_entry(content), field_name)
        assert any(len(urls) > SIZE for urls in terms.values()), field_name
        for name, urls in terms.items():
            first = target(f"{field_name}/", index.find("a", string=name)["href"])
            pages = dict(crawl(site, first, (f"{first}page/",)))
            assert len(pages) == -(-len(urls) // SIZE)
            reached = [link for url, html in pages.items() for link in article_links(html, url) if link in urls]
            assert sorted(reached) == sorted(urls), name
            assert all(listed(html, url, urls) <= SIZE for url, html in pages.items())
            assert all(html.select_one(".innopub-lead").get_text().startswith(f"{len(urls)}\xa0") for html in pages.values())


def test_archive_years_and_their_month_links(site: Path, content: Path) -> None:
    archive = page(site, "archive/")
    by_year: dict[int, set[str]] = {}
    for entry in publications(content):
        by_year.setdefault(entry.date.year, set()).add(entry.url)
    for year, urls in by_year.items():
        pages = dict(crawl(site, f"archive/{year}/", (f"archive/{year}/page/",)))
        assert len(pages) == -(-len(urls) // SIZE)
        reached = {link for url, html in pages.items() for link in article_links(html, url)} & urls
        assert reached == urls and all(listed(html, url, urls) <= SIZE for url, html in pages.items())
    months = archive.select("article ul.innopub-chips a")
    assert months
    for a in months:
        href = a["href"]
        url, anchor = target("archive/", href), href.split("#")[1]
        heading = page(site, url).select_one(f"h2#{anchor}")
        assert heading is not None and heading.get_text().startswith(a.get_text(" ", strip=True).split()[0]), href


def test_authors_index_splits_by_letter(site: Path, content: Path) -> None:
    people = {fold(name) for entry in every_entry(content) for name in entry.people()}
    assert len(people) > SIZE
    pages = dict(crawl(site, "authors/", ("authors/-/",)))
    assert len(pages) > 2
    listed_people = [people_listed(html, url) for url, html in pages.items()]
    reached = {link: key for found in listed_people for link, key in found.items()}
    assert sorted(reached.values()) == sorted(people), "each person once, on a page of their own"
    assert all(len(found) <= SIZE for found in listed_people)
    assert page(site, "authors/").select_one("article h2") is None, "the split index lists letters, not people"


def test_split_pages_stay_out_of_the_navigation(site: Path, listings: list[str]) -> None:
    url = next(u for u in listings if u.startswith("reports/-/")) + "page/2/"
    nav = [target(url, a["href"]) for a in page(site, url).select("nav.md-nav--primary a.md-nav__link[href]")]
    assert 0 < len(nav) < 30
    assert not [t for t in nav if t and ("/-/" in t or "/page/" in t)]


def test_split_pages_are_valid_html_and_accessible(site: Path, listings: list[str], browser) -> None:
    from axe_playwright_python.sync_playwright import Axe

    files = [p for p in site.rglob("index.html") if "/-/" in p.as_posix() or "/page/" in p.as_posix()]
    files += [site / f / "index.html" for f in ("reports", "platforms", "events", "authors", "archive")]
    errors = vnu(*map(str, files))
    assert not errors, [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors][:20]
    second_pages = {}
    for first in listings:  # the second page of one listing of each sort
        second_pages.setdefault(first.split("/")[0] + ("/-/" if "/-/" in first else ""), f"{first}page/2/")
    urls = ["reports/", "platforms/-/rip/", *second_pages.values()]
    axe, found = Axe(), {}
    with serve(site) as base:
        tab = browser.new_page()
        for url in urls:
            tab.goto(base + url)
            if problems := severe(axe, tab):
                found[url] = problems
        tab.close()
    assert len(urls) >= 6 and not found, (urls, found)


def test_nothing_is_broken_in_the_split_pages(site: Path) -> None:
    assert broken_links(site) == []


def test_the_control_and_the_overdue_reports_are_split(site: Path, files: dict[str, list[File]], listings: list[str]) -> None:
    """27 open points (3 decisions of 9, none done) in pages of six; the overdue reports likewise (issue 19)."""
    points = [item for decision in files["decisions"] for item in decision.meta["items"] if "done" not in item]
    assert len(points) == 27
    pages = dict(crawl(site, "control/", ("control/page/",)))
    assert len(pages) == -(-len(points) // SIZE) == 5
    assert sum(len(html.select("article table tbody tr")) for html in pages.values()) == len(points)
    kinds = [u for u in listings if u.startswith("control/-/kind/")]
    organizations = [u for u in listings if u.startswith("control/-/organization/")]
    responsible = {org for item in points for org in item["responsible"]}
    assert kinds == ["control/-/kind/prikaz/", "control/-/kind/reshenie-kollegii/"] and len(organizations) == len(responsible) == 3
    # The overdue reports: as many over their pages as the reports page says there are, each once.
    reports = page(site, "monitoring/reports/")
    total = int(re.search(r"самых давних из (\d+)", reports.get_text(" ", strip=True))[1])
    assert total > SIZE
    pages = dict(crawl(site, "monitoring/overdue/", ("monitoring/overdue/page/",)))
    assert len(pages) == -(-total // SIZE)
    rows = [tr.get_text(" ", strip=True) for html in pages.values() for tr in html.select("#overdue-caption ~ tbody tr")]
    assert len(rows) == len(set(rows)) == total
    assert len(reports.select("#overdue-caption ~ tbody tr")) == SIZE


def report_facets(files: dict[str, list[File]]) -> dict[str, Counter[str]]:
    """The reports' facets counted from the files: a report's year, its platform's status and the status's level,
    its directions, and the municipality and short name of its platform's organizations and of its authors'."""
    platforms, organizations = {p.id: p for p in files["platforms"]}, {o.id: o for o in files["organizations"]}
    levels = {code: level for code, _, level in STATUSES}
    facets: dict[str, Counter[str]] = {name: Counter() for name in ("Год", "Статус площадки", "Уровень площадки", "Направление")}
    facets |= {"Муниципалитет": Counter(), "Организация": Counter()}
    for report in files["reports"]:
        platform = platforms[report.meta["platform"]]
        orgs = [*platform.ids("organizations"), *(a.get("organization") for a in report.meta["authors"] if isinstance(a, dict))]
        orgs = [organizations[o] for o in dict.fromkeys(orgs) if o in organizations]
        facets["Год"][str(report.date.year)] += 1
        facets["Статус площадки"][platform.meta["status"]] += 1
        facets["Уровень площадки"][levels[platform.meta["status"]]] += 1
        facets["Направление"].update(set(report.meta.get("directions") or []))
        facets["Муниципалитет"].update({o.meta["municipality"] for o in orgs})
        facets["Организация"].update({o.meta["short"] for o in orgs})
    return {name: counts for name, counts in facets.items() if len(counts) > 1}


def test_a_registry_shows_the_most_frequent_values_of_a_long_facet(
    model: ContentModel, files: dict[str, list[File]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.pages import catalog as pages

    expected = report_facets(files)
    assert {name: (dict(values), hidden) for name, values, hidden in pages.registry_facets(model, "reports")} == {
        name: (dict(counts), 0) for name, counts in expected.items()
    }
    assert any(len(counts) > 3 for counts in expected.values())
    monkeypatch.setattr(pages, "FACET_VALUES", 3)
    for name, values, hidden in pages.registry_facets(model, "reports"):
        counts = expected[name]
        assert len(values) == min(3, len(counts)) and hidden == len(counts) - len(values)
        assert all(counts[value] == count for value, count in values), name
        assert min(count for _, count in values) >= sorted(counts.values(), reverse=True)[len(values) - 1]
