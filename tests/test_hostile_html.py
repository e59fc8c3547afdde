"""No text from YAML becomes markup: a hostile corpus built into a real site.

Every text field of every kind, an ordinary page's ``title``/``description`` (MkDocs reads those
itself and Material prints them without escaping), an author, a tag, a collection and a bulletin
issue carry payloads that pass ``innopub check``. The built pages are parsed (no injected element or
attribute anywhere, the exact text shown, JSON-LD that parses, feeds that are XML with text titles)
and opened in Chromium with the Content-Security-Policy removed, so that only escaping stands
between a payload and the reader: no payload may run, open a dialog or lead the page away.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Comment

from generator.render import page_meta, text_of
from tests.conftest import innopub, project, serve, soup


def payload(tag: str) -> str:
    """Text that is markup if anything prints it unescaped; ``tag`` names the field it was put in."""
    return (
        f"«А & Б» &lt;b&gt; Злоумышленник {tag} <script>window.__pwned='{tag}'</script>"
        f"<img src=x onerror=\"window.__pwned='{tag}'\">"
        f"\"><svg onload=document.title='PWNED-{tag}'>'><img src=x onerror=alert('{tag}')>"
        f"<!--<script></script><script>window.__pwned='{tag}-2'</script>"
        ' {{ 7*7 }} {% raw %}r{% endraw %} </title></textarea><script src="/files/x.txt"></script>'
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
    )


def short(tag: str) -> str:
    """A shorter payload for values that become addresses (tags, names, places)."""
    return f"<img src=x onerror=\"window.__pwned='{tag}'\"> «А & Б» \"><svg onload=alert('{tag}')> {{{{ 7*7 }}}}"


def y(value: str) -> str:
    """A YAML scalar holding exactly ``value`` (JSON is YAML)."""
    return json.dumps(value, ensure_ascii=False)


PERSON = "<svg onload=window.__pwned='name'>Злодеева Анна Ивановна {{ 7*7 }}"
TAG = short("tag")
PLACE = short("place")
SECTION = short("section")
# Raw HTML of a body is the sanitizer's (generator/sanitize.py): it keeps <img src="body">, drops the handler.
# The first heading's id (attr_list) goes into the href of its link in the table of contents and of the skip link.
HEADINGS = """
## Якорь { id='q"><svg onload=window.__pwned=1//' }

## <img src=body onerror="window.__pwned='toc'"> Итоги &lt;b&gt; & «А & Б»

## Раздел {data-toc-label="&lt;img src=x onerror=alert('label')&gt;"}

## <!--<script>--> Ещё раздел </script><script>window.__pwned='toc2'</script>

Текст с кодом `<img src=x onerror="window.__pwned='excerpt'">` и словом Злоумышленник.
"""
TITLES = {
    "organizations/zlo-shkola": payload("org-title"),
    "platforms/zlo-ploshchadka": payload("platform-title"),
    "reports/zlo-otchet": payload("report-title"),
    "practices/zlo-praktika": payload("practice-title"),
    "events/zlo-konferenciya": payload("event-title"),
    "collections/zlo-sbornik": payload("collection-title"),
    "articles/zlo-statya": payload("article-title"),
    "bulletin/2024-06": payload("bulletin-title"),
}
PAGE_TITLE = payload("page-title")
PAGE_DESCRIPTION = payload("page-description")
AUTHOR = {"name": PERSON, "position": short("position"), "organization": short("org-text")}


def _entry(key: str, fields: dict, body: str = "") -> str:
    lines = [f"title: {y(TITLES[key])}"] + [f"{name}: {json.dumps(value, ensure_ascii=False)}" for name, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


CORPUS: dict[str, str | bytes] = {
    "files/x.txt": "window.__pwned = 'files/x.txt';\n",
    "organizations/zlo-shkola.md": _entry(
        "organizations/zlo-shkola",
        {"short": short("short"), "municipality": PLACE, "kind": "школа", "district": short("district"), "address": short("address"), "tags": [TAG]},
        HEADINGS,
    ),
    "platforms/zlo-ploshchadka.md": _entry(
        "platforms/zlo-ploshchadka",
        {
            "status": "МИП",
            "organizations": ["zlo-shkola"],
            "start": "2023-09-01",
            "leader": AUTHOR,
            "supervisor": short("supervisor"),
            "stage": short("stage"),
            "directions": ["Учитель будущего"],
            "tags": [TAG],
            "summary": payload("platform-summary"),
            "roadmap": [{"what": short("what"), "when": short("when"), "audience": short("audience"), "result": short("result")}],
            "products": [{"title": short("product")}],
        },
        HEADINGS,
    ),
    "reports/zlo-otchet.md": _entry(
        "reports/zlo-otchet",
        {
            "date": "2024-06-10",
            "platform": "zlo-ploshchadka",
            "period": "2023-2024 учебный год",
            "authors": [AUTHOR],
            "stage": short("report-stage"),
            "summary": payload("report-summary"),
            "tags": [TAG],
            "aliases": ["/reports/staryj-otchet/"],
            "attachments": [{"file": "x.txt", "title": short("attachment")}],
        },
        HEADINGS,
    ),
    "practices/zlo-praktika.md": _entry(
        "practices/zlo-praktika",
        {
            "date": "2024-06-12",
            "authors": [PERSON],
            "organization": "zlo-shkola",
            "platform": "zlo-ploshchadka",
            "levels": ["ООО"],
            "subjects": [short("subject")],
            "event": "zlo-konferenciya",
            "tags": [TAG],
        },
        # The first paragraph is the summary (plain text in listings and feeds) and raw HTML in the body.
        "Первый абзац " + payload("practice-first-paragraph").replace("src=x", "src=body") + "\n" + HEADINGS,
    ),
    "events/zlo-konferenciya.md": _entry(
        "events/zlo-konferenciya",
        {"kind": "конференция", "date": "2024-06-01", "place": PLACE, "organizers": ["zlo-shkola"], "sections": [SECTION], "tags": [TAG]},
        HEADINGS,
    ),
    "collections/zlo-sbornik.md": _entry(
        "collections/zlo-sbornik",
        {
            "kind": "conference",
            "date": "2024-06-15",
            "editors": [AUTHOR],
            "event": "zlo-konferenciya",
            "sections": [SECTION],
            "isbn": short("isbn"),
            "udk": short("udk"),
            "bbk": short("bbk"),
            "publisher": short("publisher"),
            "city": short("city"),
            "tags": [TAG],
        },
        "Предисловие.\n" + HEADINGS,
    ),
    "articles/zlo-statya.md": _entry(
        "articles/zlo-statya",
        {
            "date": "2024-06-15",
            "authors": [AUTHOR],
            "collection": "zlo-sbornik",
            "section": SECTION,
            "abstract": payload("abstract"),
            "summary": payload("article-summary"),
            "keywords": [short("keyword")],
            "references": [payload("reference")],
            "tags": [TAG],
        },
        HEADINGS,
    ),
    "bulletin/2024-06.md": _entry(
        "bulletin/2024-06",
        {
            "date": "2024-07-01",
            "number": 1,
            "total": 1,
            "items": ["reports/zlo-otchet", "practices/zlo-praktika", "events/zlo-konferenciya", "articles/zlo-statya", "collections/zlo-sbornik"],
        },
        HEADINGS,
    ),
    "zlo-stranica.md": (
        f"---\ntitle: {y(PAGE_TITLE)}\ndescription: {y(PAGE_DESCRIPTION)}\ntemplate: 404.html\n"
        f"hide: [footer]\nsubtitle: {y(short('subtitle'))}\nauthor: {y(short('author'))}\nicon: ../../../etc/passwd\n"
        f"status: {y(short('status'))}\n---\n" + HEADINGS
    ),
    "kontakty.md": "---\ntitle: Контакты\n---\nТелефон.\n",  # two ordinary pages: the navigation lists each by its title
    "razdel/bez-zagolovka.md": "# <img src=body onerror=\"window.__pwned='h1'\"> Страница &lt;b&gt; & «А & Б»\n" + HEADINGS,
}

EXPECTED_TITLES = {**{f"{key}/index.html": title for key, title in TITLES.items()}, "zlo-stranica/index.html": PAGE_TITLE}
FEEDS = ("feed.xml", "bulletin/feed.xml")
# What a page of the site may run: Material's and innopub's own files, JSON data, nothing else.
ALLOWED_SCRIPT = re.compile(r"^(\.\./)*(\./|/)?assets/")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = project(tmp_path_factory.mktemp("hostile"), CORPUS)
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def pages(site: Path) -> list[Path]:
    # pagefind/ and admin/ are bundles of their own (Pagefind's UI, the web editor), written from no content
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts and "admin" not in p.parts)


def is_redirect(page: BeautifulSoup) -> bool:
    return page.find("meta", attrs={"http-equiv": "refresh"}) is not None and page.find("meta", attrs={"name": "robots"}) is not None


def injected(document: BeautifulSoup, where: str) -> list[str]:
    """Elements and attributes that no page of the site has unless a payload became markup."""
    found = []
    for element in document.find_all(True):
        name = element.name
        if name in {"iframe", "object", "embed", "base", "textarea"}:
            found.append(f"{where}: <{name}>")
        if name == "form" and not element.get("action", "").endswith(("./", "search/")):  # only the search boxes
            found.append(f"{where}: <form action={element.get('action')!r}>")
        if name == "img" and element.get("src") == "x":
            found.append(f"{where}: <img src=x>")
        if name == "script":
            kind = element.get("type")
            if kind in ("application/ld+json", "application/json"):
                continue
            src = element.get("src")
            if src is None or not ALLOWED_SCRIPT.match(src):
                found.append(f"{where}: <script src={src!r}>{element.string or ''}")
        if name == "meta" and element.get("http-equiv", "").lower() == "refresh" and "evil" in element.get("content", ""):
            found.append(f"{where}: <meta refresh>")
        for attribute in element.attrs:
            if attribute.lower().startswith("on"):
                found.append(f"{where}: <{name} {attribute}=…>")
    for comment in document.find_all(string=lambda s: isinstance(s, Comment)):
        if "script" in comment:
            found.append(f"{where}: <!--{comment}-->")
    return found


def test_no_payload_becomes_an_element_or_attribute(site: Path) -> None:
    found = []
    for path in pages(site):
        found += injected(soup(path), str(path.relative_to(site)))
        assert "&amp;amp;" not in path.read_text(encoding="utf-8"), path  # escaped once, never twice
    assert not found, "\n".join(found)


def texts(page: BeautifulSoup, selector: str) -> list[str]:
    return [node.get_text(" ", strip=True) for node in page.select(selector)]


def test_titles_are_shown_exactly_as_written(site: Path) -> None:
    for rel, title in EXPECTED_TITLES.items():
        page = soup(site / rel)
        assert page.title.string.startswith(title + " - "), (rel, page.title.string)
        assert page.h1.get_text().strip() == title, rel  # {{ 7*7 }} and {% raw %} are text too, never evaluated
        assert title in texts(page, ".md-header__topic"), rel
        toc = texts(page, ".md-nav--secondary a")  # headings of the body: the text they show, never their markup
        assert "Итоги <b> & «А & Б»" in toc and "<img src=x onerror=alert('label')>" in toc and any(t.startswith("Ещё раздел") for t in toc), (
            rel,
            toc,
        )
    for rel in ("index.html", "reports/index.html", "search/index.html"):  # an ordinary page's title is in every page's navigation
        assert PAGE_TITLE in texts(soup(site / rel), ".md-nav--primary a"), rel
    untitled = soup(site / "razdel/bez-zagolovka/index.html")  # no title: MkDocs takes the first heading's HTML
    assert untitled.title.string == "Страница <b> & «А & Б» - Инновационный опыт образовательных организаций"
    person = next(site.glob("authors/svg-onload-*/index.html"))
    assert soup(person).h1.get_text(strip=True) == PERSON
    tag = next(site.glob("tags/img-src-x-*/index.html"))
    assert soup(tag).h1.get_text(strip=True) == TAG
    assert PLACE in texts(soup(site / "organizations/index.html"), "h2")
    assert payload("report-summary") in texts(soup(site / "reports/index.html"), ".innopub-item__summary")  # text, as written


def test_front_matter_of_ordinary_pages_and_csp_first(site: Path) -> None:
    page = soup(site / "zlo-stranica/index.html")
    assert [m["content"] for m in page.find_all("meta", attrs={"name": "description"})] == [PAGE_DESCRIPTION]
    assert page.find("meta", attrs={"name": "author"}) is None  # author:, subtitle:, status:, icon: do not reach Material
    assert "subtitle" not in str(page.select_one(".md-nav--primary")) and "md-status" not in str(page)
    assert page.select_one("article h1") is not None and "404" not in page.title.string  # template: 404.html is not used
    assert page.select_one(".md-footer")["class"] == ["md-footer"]  # hide: [footer] only hides the footer's navigation
    for path in pages(site):
        head = [child for child in soup(path).head.children if getattr(child, "name", None)]
        assert head[0].name == "meta" and head[0].get("charset") == "utf-8", path
        assert head[1].name == "meta" and head[1].get("http-equiv") == "Content-Security-Policy", path


JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
CITED = ("articles/zlo-statya/index.html", "reports/zlo-otchet/index.html", "practices/zlo-praktika/index.html", "bulletin/2024-06/index.html")


def test_json_ld_and_citation_tags_hold_the_exact_text(site: Path) -> None:
    for rel in CITED:
        text = (site / rel).read_text(encoding="utf-8")
        page = BeautifulSoup(text, "lxml")
        assert len(page.find_all("script", attrs={"type": "application/ld+json"})) == 1, rel
        (raw,) = JSON_LD.findall(text)
        assert not set(raw) & set("<>&"), rel  # nothing that could end the element or start a comment
        assert json.loads(raw)["name"] == EXPECTED_TITLES[rel], rel
        if rel != "bulletin/2024-06/index.html":
            assert page.find("meta", attrs={"name": "citation_title"})["content"] == EXPECTED_TITLES[rel]
    (raw,) = JSON_LD.findall((site / CITED[0]).read_text(encoding="utf-8"))
    article = json.loads(raw)
    assert article["author"][0]["name"] == PERSON and article["abstract"] == payload("article-summary")
    assert article["isPartOf"]["name"] == TITLES["collections/zlo-sbornik"]
    assert article["isPartOf"]["about"]["location"] == PLACE


ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("feed", FEEDS)
def test_feeds_are_xml_with_text_titles_and_escaped_summaries(site: Path, feed: str) -> None:
    root = ET.fromstring((site / feed).read_bytes())
    assert all(element.tag.startswith(ATOM) for element in root.iter())  # no element a payload brought in
    entries = root.findall(f"{ATOM}entry")
    assert entries
    titles = set(EXPECTED_TITLES.values())
    for entry in entries:
        title = entry.find(f"{ATOM}title")
        assert title.get("type") in (None, "text") and title.text in titles
        summary = entry.find(f"{ATOM}summary")
        if summary is not None and summary.text:
            assert summary.get("type") in ("html", "text")
            if summary.get("type") == "html":  # what a feed reader shows: the HTML holds no element
                shown = BeautifulSoup(summary.text, "html.parser")
                assert not shown.find_all(True), summary.text


def test_page_meta_and_text_of() -> None:
    meta = {"title": "«А & Б» <b>", "description": ["список"], "hide": ["toc", "x"], "template": "404.html", "draft": False}
    assert page_meta(meta) == ({"title": "«А &amp; Б» &lt;b&gt;", "hide": ["toc"]}, ["template", "description"])
    assert page_meta({"title": "", "description": 2024}) == ({"description": "2024"}, [])
    assert text_of('А &amp; Б <img src=x onerror="a()"> &lt;b&gt;<!--<script>-->') == "А & Б  <b>"


# In the browser: the site as served, but with the Content-Security-Policy meta tag removed.
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')
PROBE = "() => ({pwned: window.__pwned ?? null, title: document.title})"


@pytest.fixture(scope="module")
def unprotected(site: Path, tmp_path_factory: pytest.TempPathFactory):
    copy = tmp_path_factory.mktemp("no-csp") / "site"
    shutil.copytree(site, copy)
    for path in pages(copy):
        text = path.read_text(encoding="utf-8")
        stripped, count = CSP.subn("", text)
        assert count == 1, path
        path.write_text(stripped, encoding="utf-8")
    with serve(copy) as url:
        yield copy, url


def visit(browser, url: str, action=None) -> dict:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    outside: list[str] = []
    navigations: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)

    def route(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    page.route("**/*", route)
    page.goto(url)
    page.wait_for_load_state("load")
    if action is not None:
        action(page)
    page.wait_for_timeout(150)
    state = page.evaluate(PROBE)
    state.update(dialogs=dialogs, outside=outside, navigations=navigations, url=page.url)
    context.close()
    return state


def assert_quiet(state: dict, expected_url: str) -> None:
    assert state["pwned"] is None, state
    assert not state["title"].startswith("PWNED"), state  # a payload sets document.title = "PWNED-…"
    assert not state["dialogs"] and not state["outside"], state

    def path(url: str) -> str:  # the search page keeps its query in the address, in its own spelling
        return urlsplit(url)._replace(query="").geturl()

    assert path(state["url"]) == path(expected_url) and {path(n) for n in state["navigations"]} <= {path(expected_url)}, state


def test_no_payload_runs_in_chromium_on_any_page(unprotected, browser) -> None:
    copy, base = unprotected
    kinds = set()
    for path in pages(copy):
        rel = path.relative_to(copy).as_posix()
        url = urljoin(base, rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        document = soup(path)
        expected = url
        if is_redirect(document):
            expected = urljoin(url, document.find("link", rel="canonical")["href"])
        state = visit(browser, url)
        if is_redirect(document):
            state["navigations"] = [n for n in state["navigations"] if n != url]
        assert_quiet(state, expected)
        kinds.add(rel.split("/")[0])
    assert {"index.html", "zlo-stranica", "authors", "tags", "organizations", "bulletin", "reports", "articles", "search"} <= kinds


RESULTS = """(selector) => [...document.querySelectorAll(selector)].map((li) => ({
    title: li.querySelector(".innopub-search-result__title")?.textContent ?? null,
    elements: [...li.querySelectorAll(".innopub-search-result__excerpt *")].map((e) => e.localName),
    excerpt: li.querySelector(".innopub-search-result__excerpt")?.textContent ?? "",
}))"""


@pytest.mark.parametrize("query", ["Злоумышленник", payload("query")])
def test_search_results_show_payloads_as_text(unprotected, browser, query: str) -> None:
    _, base = unprotected
    found: dict[str, list] = {}

    def results(page, selector: str, status: str) -> None:
        page.wait_for_function(
            f"document.querySelectorAll('{selector}').length > 0 || /Ничего/.test(document.querySelector('{status}').textContent)", timeout=20000
        )
        found[selector] = page.evaluate(RESULTS, selector)

    page_results = "[data-innopub-search-page-results] li"
    url = f"{base}search/?q={quote(query)}"
    assert_quiet(visit(browser, url, lambda page: results(page, page_results, "[data-innopub-search-page-status]")), url)

    def typed(page) -> None:
        page.keyboard.press("/")
        page.locator("[data-innopub-search-query]").fill(query)
        results(page, "[data-innopub-search-results] li", "[data-innopub-search-meta]")

    assert_quiet(visit(browser, base + "reports/", typed), base + "reports/")
    for selector, items in found.items():
        assert all(set(item["elements"]) <= {"mark"} for item in items), items  # Pagefind's excerpt: text and <mark>
        if query == "Злоумышленник":  # the hostile entries are found and their titles shown as text
            titles = {item["title"] for item in items}
            assert titles & set(TITLES.values()), (selector, titles)
            assert any("onerror" in item["excerpt"] for item in items), items  # a body's code, shown as text
