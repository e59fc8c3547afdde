"""The second engine: the demo built by Zensical (``innopub build --engine zensical``) is the MkDocs site's twin.

Same pages at the same addresses, with the same titles, the same content (cards, listings, bodies),
tables of contents, navigation and citation tags; links resolve; a page requests nothing from another
host and breaks none of its policy; titles from the content reach Zensical's templates as text; a
failure of Zensical is a Russian sentence. Zensical runs from its own virtual environment (``make
zensical``); without it these tests are skipped, and only then.
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.engines.zensical import adapter as zensical
from generator.site.boundary import EngineError, EnginePage, SiteSettings, TocItem
from tests.conftest import ENV, INNOPUB, ROOT, project, serve, soup
from tests.fixtures.browser import Visit, page_types
from tests.fixtures.checkers import broken_links, vnu
from tests.fixtures.content import BASE, FOOTER

EXECUTABLE = zensical.find_executable(ROOT)
pytestmark = pytest.mark.skipif(EXECUTABLE is None, reason=f"Zensical не установлен: {zensical.INSTALL_HINT}")
ZENSICAL = [*INNOPUB, "build", "--engine", "zensical"]
ENGINE_ONLY = ("assets/", "pagefind/", "print/")
"""Files of the engines themselves (their scripts and styles, the index's chunks), not of the site's content."""


def zensical_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**ENV, zensical.EXECUTABLE_ENV: str(EXECUTABLE)}
    return subprocess.run([*ZENSICAL, *args], cwd=root, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def zdemo(tmp_path_factory: pytest.TempPathFactory, demo: Path) -> Path:
    """The demo built by Zensical, beside the MkDocs build (``demo``), with its editions from the same cache."""
    root = project(tmp_path_factory.mktemp("zdemo"), ROOT / "content")
    for kept in ("editions", ".cache"):  # the editions are typeset once, by the MkDocs build
        if (demo.parent / kept).is_dir():
            shutil.copytree(demo.parent / kept, root / kept)
    result = zensical_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "Сайт собран в site/" in result.stdout, result.stdout
    return root / "site"


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and not p.relative_to(site).as_posix().startswith(ENGINE_ONLY)}


def _article(path: Path) -> str:
    article = soup(path).select_one("article.md-content__inner")
    assert article is not None, path
    for engine_own in article.select("a#__skip"):
        engine_own.decompose()
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(article))).strip()


def _title(path: Path) -> str:
    return soup(path).title.get_text().replace("\u00a0", " ")


def test_same_pages_and_files_at_the_same_addresses(demo: Path, zdemo: Path) -> None:
    assert _files(zdemo) == _files(demo)
    assert (zdemo / "pagefind" / "pagefind.js").is_file()
    assert not (zdemo / "search.json").exists()  # Zensical's own index (of stubs) is not shipped: the site searches with Pagefind


def test_same_titles_and_content_as_mkdocs(demo: Path, zdemo: Path) -> None:
    """Every page's article (cards, listings, the body, the citation box) is the MkDocs build's, byte for byte but for spaces."""
    pages = sorted(
        p.relative_to(demo)
        for p in demo.rglob("index.html")
        if not soup(p).find("meta", attrs={"http-equiv": "refresh"}) and p.relative_to(demo).parts[0] != "admin"  # the web editor: its own page
    )
    assert len(pages) > 100
    for rel in pages:
        assert _title(zdemo / rel) == _title(demo / rel), rel
        assert _article(zdemo / rel) == _article(demo / rel), rel
    assert soup(zdemo / "platforms" / "kadnikov-agroklass" / "index.html").select_one(".innopub-card dl")
    assert soup(zdemo / "reports" / "shkola-7-bp-2023-2024" / "index.html").select_one("#how-to-cite")
    assert soup(zdemo / "platforms" / "index.html").select_one("article a[href='kadnikov-agroklass/']")  # the registry's listing


def test_toc_navigation_and_citation_tags_as_mkdocs(demo: Path, zdemo: Path) -> None:
    def toc(path: Path) -> list[tuple[str, str]]:
        return [(a["href"], a.get_text(" ", strip=True)) for a in soup(path).select("nav.md-nav--secondary a")]

    def nav(path: Path) -> list[str]:
        return [a.get_text(" ", strip=True) for a in soup(path).select("nav.md-nav--primary a, .md-tabs a")]

    def head(path: Path) -> list[str]:
        html = soup(path)
        # Zensical's `url` filter writes «./feed.xml» on the home page where MkDocs writes «feed.xml»: the same address
        tags = html.select('meta[name^="citation_"], script[type="application/ld+json"], link[rel=alternate]')
        return sorted(str(t).replace('href="./', 'href="') for t in tags)  # order apart: ours go last in <head>

    for url in page_types(demo):
        rel = Path(url) / "index.html"
        assert toc(zdemo / rel) == toc(demo / rel), url
        assert nav(zdemo / rel) == nav(demo / rel), url
        assert head(zdemo / rel) == head(demo / rel), url
    assert soup(zdemo / "reports" / "shkola-7-bp-2023-2024" / "index.html").select('meta[name="citation_title"]')


def test_policy_on_every_page_and_no_inline_script(zdemo: Path) -> None:
    for path in sorted(zdemo.rglob("*.html")):
        html = soup(path)
        if html.find("meta", attrs={"http-equiv": "refresh"}) or path.relative_to(zdemo).parts[0] == "admin":
            continue
        inline = [s for s in html.find_all("script") if not s.get("src") and s.get("type") not in ("application/json", "application/ld+json")]
        assert not inline, f"{path.relative_to(zdemo)}: {inline[0]}"
        policy = html.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert policy and "script-src 'self'" in policy["content"], path
        assert html.find("html")["lang"] == "ru"


def test_every_page_is_valid_html(zdemo: Path) -> None:
    errors = vnu("--skip-non-html", str(zdemo))
    shown = [f"{Path(m['url'].removeprefix('file:')).relative_to(zdemo)}:{m.get('lastLine')}: {m['message']}" for m in errors]
    assert not shown, f"{len(shown)} errors:\n" + "\n".join(shown[:40])


def test_sitemap_and_404(demo: Path, zdemo: Path) -> None:
    def urls(site: Path) -> set[tuple[str, str | None]]:
        xml = BeautifulSoup((site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
        return {(u.loc.get_text(), u.lastmod.get_text() if u.lastmod else None) for u in xml.find_all("url")}

    pages = [p for p in zdemo.rglob("index.html") if not soup(p).find("meta", attrs={"http-equiv": "refresh"}) and "admin" not in p.parts]
    assert len(urls(zdemo)) == len(pages) and urls(zdemo) == urls(demo)
    assert gzip.decompress((zdemo / "sitemap.xml.gz").read_bytes()) == (zdemo / "sitemap.xml").read_bytes()
    not_found = soup(zdemo / "404.html")
    assert not_found.h1.get_text(strip=True) == "Страница не найдена"
    assert [a["href"] for a in not_found.select(".innopub-notfound__registries a")][:2] == ["/organizations/", "/platforms/"]


def test_links_resolve(zdemo: Path) -> None:
    assert broken_links(zdemo) == []


def test_pages_request_only_the_site_itself_and_search_works(zdemo: Path, browser) -> None:
    with serve(zdemo) as url:
        visit = Visit(browser, url)
        visit.pages(page_types(zdemo))  # and the low-vision panel works under Zensical's scripts too
        page = visit.page
        assert page.evaluate("document.documentElement.dataset.lv") == "on"
        page.goto(url + "platforms/")
        box = page.locator("input[data-innopub-search-query]")
        box.fill("наставничество")
        box.press("End")
        page.wait_for_timeout(1500)
        assert page.locator("[data-innopub-search-results] li").count() > 3
        assert "Найдено" in page.locator("[data-innopub-search-meta]").inner_text()
        visit.note("поиск")
        visit.context.close()
    assert not visit.foreign(), visit.foreign()
    assert not visit.violations, visit.violations


def test_footer_settings_and_a_sub_path(tmp_path: Path) -> None:
    """The plugin's footer settings reach Zensical's templates (config.extra.innopub), and the 404 works under /sub/."""
    root = project(tmp_path, dict(BASE), extra_config=FOOTER)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("https://innopub.example.org/", "https://innopub.example.org/sub/"), encoding="utf-8"
    )
    result = zensical_build(root, "-q")
    assert result.returncode == 0, result.stderr
    footer = soup(root / "site" / "index.html").select_one(".innopub-footer").get_text(" ", strip=True)
    assert "Управление образования г. Вологды" in footer and "info@example.org" in footer and "CC BY 4.0" in footer
    not_found = soup(root / "site" / "404.html")
    assert not_found.select_one("link[rel=stylesheet][href^='/sub/assets/']")
    assert all(a["href"].startswith("/sub/") for a in not_found.select(".innopub-notfound__registries a"))


def _settings() -> SiteSettings:
    return SiteSettings("Сайт", "https://example.org/", None, ROOT / "theme", theme={"variant": "classic", "font": False})


def test_titles_and_headings_reach_zensical_as_text(tmp_path: Path) -> None:
    """The adapter's boundary: a hostile title and heading are shown, not run; the page's HTML is ours, untouched."""
    hostile = "<script>alert(1)</script> & «№ 1» {#x} *a* `b`"
    body = '<h2 id="goal">Цель</h2><p data-x="1">Текст <em>как есть</em> *не курсив*</p>'
    pages = [
        EnginePage("index.md", "Главная", "<h1>Главная</h1><p>Привет</p>", description='Сайт "<b>"', hide=("toc", "navigation", "bogus")),
        EnginePage("a/b.md", hostile, f"<h1>{hostile.replace('<', '&lt;')}</h1>{body}", (TocItem(1, "t", hostile), TocItem(2, "goal", hostile))),
    ]
    site = tmp_path / "site"
    result = zensical.build(
        pages, {"files/x.txt": b"x"}, [("Главная", "index.md"), ("Раздел", [(hostile, "a/b.md")])], _settings(), site, executable=EXECUTABLE
    )
    assert result.pages == 2 and (site / "files" / "x.txt").read_bytes() == b"x"
    html = (site / "a" / "b" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4  # <title>, header, toc, nav, h1
    assert body in html  # our HTML as it was: no Markdown run over it
    home = soup(site / "index.html")
    assert home.find("meta", attrs={"name": "description"})["content"] == 'Сайт "<b>"'
    assert home.select_one(".md-sidebar--primary[hidden]") and home.select_one(".md-sidebar--secondary[hidden]")  # as the page asks
    page = soup(site / "a" / "b" / "index.html")
    assert page.title.get_text() == f"{hostile} - Сайт"
    toc = page.select("nav.md-nav--secondary a")  # the table of contents, and its copy in the navigation (for phones)
    assert {(a["href"], a.get_text(" ", strip=True)) for a in toc} == {("#goal", hostile)}


def test_a_failure_of_zensical_is_a_russian_sentence(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "main.html").write_text('{% extends "base.html" %}{% block content %}{{ page.title.rstrip() }}{% endblock %}', encoding="utf-8")
    settings = SiteSettings("Сайт", None, None, theme)
    with pytest.raises(EngineError) as failed:
        zensical.build([EnginePage("index.md", "Главная", "<p>x</p>")], {}, [], settings, tmp_path / "site", executable=EXECUTABLE)
    assert str(failed.value).startswith("Zensical не собрал сайт: ") and "theme/" in str(failed.value)
    assert "Traceback" not in str(failed.value)


def test_without_zensical_the_command_says_how_to_install_it(tmp_path: Path) -> None:
    root = project(tmp_path, dict(BASE))
    env = {**ENV, zensical.EXECUTABLE_ENV: str(tmp_path / "no-such-zensical")}
    result = subprocess.run(ZENSICAL, cwd=root, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Zensical не найден: установите его командой «make zensical»" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "site").exists()
