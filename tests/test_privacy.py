"""Privacy and CSP: a page requests nothing from another host, and breaks none of its own policy."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import innopub, project, soup
from tests.fixtures.browser import Visit, page_types
from tests.fixtures.content import ORG


def test_pages_request_only_the_site_itself_and_satisfy_their_csp(demo: Path, demo_url: str, browser) -> None:
    visit = Visit(browser, demo_url)
    visit.pages(page_types(demo))
    page, requests, violations = visit.page, visit.requests, visit.violations
    if (demo / "search" / "index.html").is_file():  # the search (Pagefind: WebAssembly, a worker) under the policy
        page.goto(demo_url + "search/")
        box = page.locator("main input[type=search]").first
        box.fill("наставничество")
        box.press("End")  # Cyrillic fill() sends no key event
        page.wait_for_timeout(1000)
        page.wait_for_load_state("networkidle")
        assert any("pagefind" in u for u in requests)
        visit.note("search/?q")
    visit.context.close()
    assert len(requests) > 50
    assert not visit.foreign(), visit.foreign()
    assert not violations, violations


def test_no_inline_script_and_a_policy_on_every_page(demo: Path) -> None:
    for path in sorted(demo.rglob("*.html")):
        html = soup(path)
        if html.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        inline = [s for s in html.find_all("script") if not s.get("src") and s.get("type") not in ("application/json", "application/ld+json")]
        assert not inline, f"{path.relative_to(demo)}: {inline[0]}"
        policy = html.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert policy and "script-src 'self'" in policy["content"] and "unsafe-inline" not in policy["content"].split("style-src")[0]
        assert not html.select('link[rel=stylesheet][href^="http"], link[rel=preconnect], script[src^="http"]'), path


def test_analytics_and_video_hosts_only_when_configured(tmp_path: Path) -> None:
    content = {"about.md": "---\ntitle: О сайте\n---\n\nТекст.\n", "organizations/shkola-5.md": ORG}
    plain = project(tmp_path / "plain", content)
    configured = project(tmp_path / "metrica", content, extra_config="      yandex_metrica: 12345678\n      iframe_hosts: [rutube.ru]\n")
    for root in (plain, configured):
        result = innopub("build", cwd=root)
        assert result.returncode == 0, result.stdout + result.stderr
    page = (plain / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "yandex" not in page and "metrica" not in page and "frame-src 'none'" in page
    html = soup(configured / "site" / "about" / "index.html")
    assert html.select_one('script[src$="assets/metrica.js"]')["data-counter"] == "12345678"
    policy = html.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "script-src 'self' 'wasm-unsafe-eval' https://mc.yandex.ru" in policy
    assert "frame-src https://rutube.ru https://*.rutube.ru" in policy
