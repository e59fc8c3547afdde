"""The web editor in Chromium with locale ru-RU (issue 21, part 1): what an editor without a terminal meets at /admin/.

- a published site with no hosting: the Russian notice, no sign-in button, Sveltia not even loaded;
- the same site on 127.0.0.1: local mode, no dead button, in Russian also for a browser in English;
- a site with GitLab: each way a request to the hosting fails is said in Russian;
- the round trip: an entry made in the form and saved passes `innopub check --strict`, and the next build publishes it;
- `innopub serve`: /admin/ without MkDocs' reload script, so no console error;
- the bundle: under 6 MB, no highlighting grammar, every chunk it imports present.

A published site is served by Playwright itself at https://innopub.example.org/ (``context.route``): a secure
context on a host that is not local, as a real site is; nothing leaves the machine. The local mode's folder is the
browser's private file system, filled with the demo's files (Chromium's folder picker cannot be answered headless).
"""

from __future__ import annotations

import mimetypes
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ENV, ROOT, as_in_a_terminal, innopub, project, soup
from tests.fixtures.editor import READ_BACK, checked_out, local_context, new_files, reveal_body, save_when_shown

ORIGIN = "https://innopub.example.org/"
GITLAB = "https://gitlab.example.ru"
ORGANIZATION = """---
title: Муниципальное общеобразовательное учреждение «Школа № 3»
short: МОУ «Школа № 3»
municipality: г. Сокол
---
"""


class Watch:
    """What a page said in its console and which hosts it asked."""

    def __init__(self, page, own: str) -> None:
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith((own, "blob:", "data:")) else self.foreign.append(r.url))


def published(context, site: Path, hosting=None) -> None:
    """``site`` served at :data:`ORIGIN`; every other request answered by ``hosting`` (aborted without one)."""

    def answer(route) -> None:
        url = route.request.url
        if not url.startswith(ORIGIN):
            return hosting(route) if hosting else route.abort()
        rel = url[len(ORIGIN) :].split("?")[0].split("#")[0]
        file = site / (rel + "index.html" if rel.endswith("/") or not rel else rel)
        if file.is_file():
            route.fulfill(status=200, body=file.read_bytes(), content_type=mimetypes.guess_type(file.name)[0] or "application/octet-stream")
        else:
            route.fulfill(status=404, body=b"")

    context.route("**/*", answer)


@pytest.fixture(scope="module")
def gitlab_site(tmp_path_factory) -> Path:
    option = f"      cms: {{backend: gitlab, repo: uo/metod/innopub, app_id: abc123, base_url: {GITLAB}}}\n"
    root = project(tmp_path_factory.mktemp("gitlab"), {"organizations/shkola-3.md": ORGANIZATION}, extra_config=option)
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_published_site_without_hosting_says_so(browser, demo):
    """The demo has no `cms:`: its published /admin/ says what the administrator sets and links the site's guide;
    no sign-in button, and the editor's 2 MB are not even requested."""
    context = browser.new_context(locale="ru-RU")
    published(context, demo)
    page = context.new_page()
    watch = Watch(page, ORIGIN)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    try:
        page.goto(ORIGIN + "admin/", wait_until="networkidle")
        text = page.inner_text("body")
        assert "Веб-редактор этого сайта не подключён" in text
        assert "укажите хостинг в параметре cms: плагина innopub в файле mkdocs.yml" in text
        assert page.locator("button").count() == 0
        page.get_by_role("link", name="«Веб-редактор»").click()
        page.wait_for_load_state()
        assert page.url == ORIGIN + "web-editor/" and page.inner_text("h1") == "Веб-редактор"
    finally:
        context.close()
    assert not [url for url in asked if "sveltia-cms" in url]
    assert watch.errors == [] and watch.foreign == []


@pytest.mark.parametrize("locale", ["ru-RU", "en-US"])
def test_local_mode_without_hosting_has_no_dead_button(browser, demo_url, locale):
    """On 127.0.0.1 (`innopub serve`) the editor works with the folder: its button, a Russian note under it, no
    button that signs in nowhere; Russian in a browser in English too. No console error, no other host."""
    context = browser.new_context(locale=locale)
    page = context.new_page()
    watch = Watch(page, demo_url)
    try:
        page.goto(demo_url + "admin/", wait_until="load")
        button = page.get_by_role("button", name="Работать с локальным репозиторием")
        button.wait_for()
        page.locator("#innopub-local").wait_for()
        text = page.inner_text("body")
        assert "редактор работает с папкой сайта на этом компьютере" in text
        assert "выберите папку сайта: корневую папку его Git-репозитория, где лежит mkdocs.yml" in text
        buttons = [b.inner_text() for b in page.locator("button:visible").all()]
        assert buttons == ["Работать с локальным репозиторием"], buttons
        assert page.locator("#innopub-local a").get_attribute("href") == "../web-editor/"
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert watch.errors == [] and watch.foreign == []


def _network_failure(route) -> None:
    route.abort()


def _bad_gateway(route) -> None:
    route.fulfill(status=502, body=b"<html><body><h1>502 Bad Gateway</h1></body></html>", content_type="text/html")


def _forbidden(route) -> None:
    route.fulfill(status=403, body=b'{"message":"403 Forbidden"}', content_type="application/json")


@pytest.mark.parametrize(
    ("hosting", "said"),
    [
        (_network_failure, "Не удалось связаться с сервером gitlab.example.ru. Проверьте подключение к интернету"),
        (_bad_gateway, "Сервер gitlab.example.ru ответил ошибкой 502. Попробуйте позже; если ошибка повторяется"),
        (_forbidden, "Сервер gitlab.example.ru ответил ошибкой 403 (403 Forbidden). Хостинг отказал в доступе"),
    ],
    ids=["network", "502-html", "403-json"],
)
def test_a_failed_request_to_the_hosting_is_said_in_russian(browser, gitlab_site, hosting, said):
    """An editor signs in to the site's GitLab with a token, and GitLab cannot be reached, answers a proxy's HTML
    page, or refuses: each is one Russian sentence (Sveltia showed «Failed to fetch», or JSON's own parse error)."""
    context = browser.new_context(locale="ru-RU")
    published(context, gitlab_site, hosting)
    page = context.new_page()
    try:
        page.goto(ORIGIN + "admin/", wait_until="load")
        page.get_by_role("button", name="Войти через ⁨GitLab⁩").wait_for()
        page.get_by_role("button", name="Войти с помощью токена доступа").click()
        page.get_by_role("textbox", name="Персональный токен доступа").fill("glpat-0123456789")
        page.get_by_role("button", name="Войти", exact=True).click()
        page.get_by_text(said).wait_for(timeout=15000)
        text = page.inner_text("body")
    finally:
        context.close()
    assert not re.search(r"Failed to|JSON|Unexpected|Bad Gateway", text), text


TITLE = "Шахматы на переменах: клуб для младших школьников"
TEXT = "Клуб собирается на больших переменах два раза в неделю."


SELECT_ALL = "el => { const r = document.createRange(); r.selectNodeContents(el); getSelection().removeAllRanges(); getSelection().addRange(r); }"
"""Select an element's whole content (the text editor's), as a person does with the mouse."""


def fill_the_practice(page) -> bool:
    """The new practice's fields filled where they do not show what the editor typed: the title, the date, an author
    with the organization chosen from the list, the text. True when all of them already showed it."""
    kept = True
    title = page.get_by_role("textbox", name="Заголовок")
    if title.input_value() != TITLE:
        kept = False
        title.fill(TITLE)
    date = page.locator("section[data-key-path=date] input[type=date]").first
    if date.input_value() != "2026-11-20":
        kept = False
        date.fill("2026-11-20")
    name = page.get_by_role("textbox", name="Фамилия Имя Отчество")
    if not name.count():
        page.get_by_role("button", name="Добавить ⁨Авторы⁩").click()
    if name.input_value() != "Соколова Анна Петровна":
        kept = False
        name.fill("Соколова Анна Петровна")
    organization = page.get_by_role("combobox", name="Организация")
    if "Кадниковская" not in organization.inner_text():
        kept = False
        organization.click()
        page.get_by_role("option", name=re.compile("«Кадниковская средняя общеобразовательная школа»")).click()
    reveal_body(page)
    body = page.locator("section[data-key-path=body][aria-label] [contenteditable=true]")
    if body.inner_text().strip() != TEXT:
        kept = False
        body.click()
        for _ in range(5):  # emptied first: Control+A did not always take on a loaded machine (CI: the text typed ten
            # times over, its first letter lost each time), so the text's own range is selected, then deleted
            body.evaluate(SELECT_ALL)
            page.keyboard.press("Delete")
            if not body.inner_text().strip():
                break
            page.wait_for_timeout(300)
        page.keyboard.type(TEXT)
    return kept


def test_an_entry_made_in_the_form_is_on_the_site_after_the_next_build(browser, demo, demo_url, tmp_path):
    """The round trip in local mode: an editor creates a practice in the form (title, date, an author, the
    organization from the list, the text), saves; the file that lands passes `innopub check --strict`, and the next
    build publishes it at /practices/<its file name>/ with what was typed."""
    context = local_context(browser, checked_out(demo.parent))
    page = context.new_page()
    watch = Watch(page, demo_url)
    try:
        page.goto(demo_url + "admin/", wait_until="load")
        page.get_by_role("button", name="Работать с локальным репозиторием").click()
        page.get_by_role("treeitem", name="Практики").click()
        page.get_by_role("button", name="Создать новую запись").wait_for()
        assert page.locator("#innopub-local").count() == 0  # the note of the sign-in page left with it
        page.get_by_role("button", name="Создать новую запись").click()
        before = {p.name for p in (demo.parent / "content/practices").iterdir()}
        if not save_when_shown(page, lambda: fill_the_practice(page), lambda: bool(new_files(page, "content/practices", before))):
            page.screenshot(path=tmp_path / "form.png", full_page=True)
        new = new_files(page, "content/practices", before)
        assert new == ["shakhmaty-na-peremenakh-klub-dlya-mladshikh-shkolnikov.md"], (
            f"nothing saved; the form said {page.locator('[role=alert]').all_inner_texts()} (see {tmp_path / 'form.png'})"
        )
        written = page.evaluate(READ_BACK, f"content/practices/{new[0]}")
    finally:
        context.close()
    assert watch.errors == [] and watch.foreign == []
    assert written == (
        "---\n"
        "title: 'Шахматы на переменах: клуб для младших школьников'\n"
        "date: 2026-11-20\n"
        "draft: false\n"
        "authors:\n"
        "  - name: Соколова Анна Петровна\n"
        "organization: kadnikovskaya-shkola\n"
        "---\n"
        "\n"
        "Клуб собирается на больших переменах два раза в неделю.\n"
    )
    root = project(tmp_path / "site", ROOT / "content")
    (root / "content/practices" / new[0]).write_text(written, encoding="utf-8")
    result = innopub("check", "--strict", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    html = soup(root / "site/practices/shakhmaty-na-peremenakh-klub-dlya-mladshikh-shkolnikov/index.html")
    assert html.find("h1").get_text(strip=True) == "Шахматы на переменах: клуб для младших школьников"
    text = html.get_text(" ", strip=True)
    assert "Клуб собирается на больших переменах два раза в неделю." in text and "Соколова Анна Петровна" in text
    assert html.find("a", href="../../organizations/kadnikovskaya-shkola/").get_text(strip=True) == "МБОУ «Кадниковская СОШ»"


def test_a_code_block_shows_as_text_without_the_highlighting_left_out(browser, demo, demo_url):
    """The bundle has no code highlighting (Shiki's engine throws when imported): an entry whose text has a code block
    opens, the code shows as plain text, and nothing is said in the console."""
    files = checked_out(demo.parent)
    path = "content/practices/mezhpredmetnaya-zadacha-sukhona.md"
    files[path] += "\n```python\nprint('привет')\n```\n"
    context = local_context(browser, files)
    page = context.new_page()
    watch = Watch(page, demo_url)
    try:
        page.goto(demo_url + "admin/", wait_until="load")
        page.get_by_role("button", name="Работать с локальным репозиторием").click()
        page.get_by_role("treeitem", name="Практики").click()
        page.get_by_text("Межпредметная проектная задача «Чистая Сухона»").first.click()
        reveal_body(page)
        body = page.locator("section[data-key-path=body][aria-label]")
        body.get_by_text("print('привет')", exact=True).wait_for()
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert watch.errors == [] and watch.foreign == []


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_serve_shows_the_editor_without_a_console_error(browser, tmp_path):
    """Under `innopub serve` MkDocs' reload script went inline into /admin/, whose policy refuses inline script: a
    console error. The editor's page is now served as built; other pages keep the reload."""
    root = project(tmp_path / "site", {"organizations/shkola-3.md": ORGANIZATION})
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "generator.commands.cli", "serve", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=root, env=ENV, stdout=log.open("w"), stderr=subprocess.STDOUT, preexec_fn=as_in_a_terminal)
    try:
        deadline = time.monotonic() + 240
        while True:
            assert server.poll() is None, log.read_text(encoding="utf-8")
            try:
                page_html = _get(base + "organizations/shkola-3/")
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
                time.sleep(0.5)
        assert "livereload" in page_html  # an ordinary page reloads after a save
        admin = _get(base + "admin/")
        assert "livereload" not in admin and '<script type="module" src="innopub-admin.js"></script>\n</body>' in admin
        context = browser.new_context(locale="ru-RU")
        page = context.new_page()
        watch = Watch(page, base)
        try:
            page.goto(base + "admin/", wait_until="load")
            page.get_by_role("button", name="Работать с локальным репозиторием").wait_for()
            page.wait_for_load_state("networkidle")
        finally:
            context.close()
        assert watch.errors == [] and watch.foreign == []
    finally:
        server.send_signal(2)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_the_bundle_holds_only_what_the_editor_loads(demo):
    """/admin/ was 18 MB (230 highlighting grammars, 29 languages): under 6 MB now, no grammar, the Russian strings,
    and every chunk a file imports is there."""
    files = [p for p in (demo / "admin").rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 6_000_000
    scripts = {p.name: p.read_text(encoding="utf-8") for p in files if p.suffix == ".js"}
    assert not [name for name, text in scripts.items() if '"scopeName"' in text]  # a TextMate grammar
    assert not [p.name for p in files if p.suffix == ".map"]
    assert [name for name, text in scripts.items() if "Работать с локальным репозиторием" in text and "Имя файла" in text]
    for name, text in scripts.items():
        for chunk in re.findall(r"""(?:from|import)\s*\(?\s*["']\./([\w.-]+\.js)["']""", text):
            assert chunk in scripts, f"{name} imports {chunk}"
