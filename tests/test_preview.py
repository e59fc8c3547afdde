"""The preview for real (``innopub serve``, ``mkdocs serve``): after a save, every page that shows the change is
current when it is visited, pages are rendered when asked for, and an open page reloads by itself.

Each edit is checked on the pages that show it elsewhere: a title on the registry, the organization's page and a
report's page; a tag on its tag page (the links between entries made anew); a new entry on its own address, the
registry and its author's page; a removed one gone from all of them. Expectations are the texts written here.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.engines.mkdocs.preview import RELEASE_SECONDS
from tests.conftest import ENV, INNOPUB, as_in_a_terminal, project
from tests.fixtures.content import BASE, PLATFORM, REPORT
from tests.fixtures.serving import free_port, get, stop, wait_until_up

NEW_REPORT = REPORT.replace("Отчёт за первый год", "Отчёт о летней школе наставников").replace("2024-06-10", "2024-08-20")


def save(root: Path, rel: str, text: str) -> None:
    """As an editor's editor saves: the whole file at once (a temporary file renamed over it)."""
    target = root / "content" / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)


def until(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the preview did not show the change")


def text_of(url: str) -> str:
    status, body = get(url)
    return body if status == 200 else f"<{status}>"


@pytest.fixture
def preview(tmp_path: Path):
    """``innopub serve`` on a small site: (root, address, log); stopped afterwards."""
    root = project(tmp_path / "site", dict(BASE))
    port, log = free_port(), tmp_path / "serve.log"
    command = [*INNOPUB, "serve", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=root, env=ENV, stdout=log.open("w"), stderr=subprocess.STDOUT, preexec_fn=as_in_a_terminal)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(server, base, log)
        yield root, base, log
    finally:
        stop(server)


def test_every_page_that_shows_an_edit_is_current_when_visited(preview) -> None:
    root, base, log = preview
    assert "Наставничество как ресурс" in text_of(base + "platforms/nastavnichestvo/")  # rendered on request
    export = text_of(base + "export/entries.json")
    assert '"title":"Наставничество как ресурс' in export
    made = (root / ".cache/innopub/export/entries.json").stat().st_mtime_ns
    title = "Наставничество в малых городах: сетевая модель"
    save(root, "platforms/nastavnichestvo.md", re.sub(r"^title: .*$", f'title: "{title}"', PLATFORM, count=1, flags=re.M))
    for address in ("platforms/nastavnichestvo/", "platforms/", "organizations/shkola-5/", "reports/otchet-2024/"):
        until(lambda address=address: title in text_of(base + address))
    # The municipal export is the published site's business: a save does not make it again (at 10,000 entries that
    # took 6 s of every save's 8), the preview serves the one it opened with.
    assert text_of(base + "export/entries.json") == export
    assert (root / ".cache/innopub/export/entries.json").stat().st_mtime_ns == made

    save(root, "reports/2024/otchet-2024.md", REPORT.replace("period:", "tags: [летняя школа]\nperiod:"))
    until(lambda: "otchet-2024" in text_of(base + "tags/letniaia-shkola/"))  # a new tag: its page exists

    save(root, "reports/2024/otchet-leto.md", NEW_REPORT)
    until(lambda: "Отчёт о летней школе наставников" in text_of(base + "reports/otchet-leto/"))
    assert "Отчёт о летней школе наставников" in text_of(base + "reports/")
    assert "Отчёт о летней школе наставников" in text_of(base + "platforms/nastavnichestvo/")

    (root / "content/reports/2024/otchet-leto.md").unlink()
    until(lambda: text_of(base + "reports/otchet-leto/") == "<404>")
    assert "Отчёт о летней школе наставников" not in text_of(base + "reports/")
    output = log.read_text(encoding="utf-8")
    assert "Изменено: platforms/nastavnichestvo.md" in output and "Traceback" not in output


def test_the_open_page_reloads_by_itself(preview, browser) -> None:
    root, base, _ = preview
    page = browser.new_page()
    page.goto(base + "platforms/nastavnichestvo/")
    page.wait_for_timeout(1000)  # the page's live-reload request is waiting
    save(root, "platforms/nastavnichestvo.md", PLATFORM.replace("Цель площадки.", "Цель площадки.\n\nНовый абзац о сетевом наставничестве."))
    page.get_by_text("Новый абзац о сетевом наставничестве.").wait_for(timeout=60_000)
    page.close()


def test_a_page_never_opened_while_the_site_is_broken_shows_the_problems(preview) -> None:
    """``innopub serve`` renders a page when first asked for: while the content is broken, that page shows the
    error page like every other address (no rendering from a broken model, no traceback), and once the file is
    fixed it is rendered."""
    root, base, log = preview
    save(root, "reports/2024/otchet-2024.md", REPORT.replace("platform: nastavnichestvo", "platform: nastavnichestv"))
    until(lambda: 'meta name="innopub-build-error"' in get(base)[1])
    time.sleep(RELEASE_SECONDS + 1)  # the model the last good build was made from is freed meanwhile
    for address in ("platforms/", "platforms/nastavnichestvo/"):  # not rendered yet: the first build is lazy
        status, body = get(base + address)
        assert status == 404 and "нет записи «nastavnichestv» в content/platforms/" in body, (address, body)
    save(root, "reports/2024/otchet-2024.md", REPORT)
    until(lambda: "Наставничество как ресурс" in text_of(base + "platforms/nastavnichestvo/"))
    output = log.read_text(encoding="utf-8")
    assert "Traceback" not in output and "Непредвиденная ошибка" not in output, output


def test_a_page_that_fails_when_rendered_on_request_is_worded_in_the_browser(tmp_path: Path) -> None:
    """A fault met while a page is rendered on request (here a template that does not compile) is shown as a
    failed rebuild is: the error page, the message in the log, no traceback, no «A server error occurred»."""
    root = project(tmp_path / "site", dict(BASE))
    registry = root / "theme" / "innopub" / "registry.html"
    registry.write_text("{% if %}\n" + registry.read_text(encoding="utf-8"), encoding="utf-8")
    port, log = free_port(), tmp_path / "serve.log"
    command = [*INNOPUB, "serve", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=root, env=ENV, stdout=log.open("w"), stderr=subprocess.STDOUT, preexec_fn=as_in_a_terminal)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(server, base + "about/", log)  # the first build is lazy: the registry is not rendered yet
        status, body = get(base + "platforms/")
        assert status == 404 and "Непредвиденная ошибка" in body and "TemplateSyntaxError" in body, body
        assert get(base + "about/")[0] == 404  # every address shows it until a change builds again
    finally:
        stop(server)
    output = log.read_text(encoding="utf-8")
    assert "Сайт не собран: ошибки показаны и в браузере" in output and "Traceback" not in output, output


def test_plain_mkdocs_serve_builds_whole_then_renders_on_request(tmp_path: Path) -> None:
    """``mkdocs serve`` (not innopub's command): the first build writes every page; a change is shown the same way."""
    root = project(tmp_path / "site", dict(BASE))
    port, log = free_port(), tmp_path / "serve.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root, env=ENV, stdout=log.open("w"), stderr=subprocess.STDOUT, preexec_fn=as_in_a_terminal,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(server, base, log)
        assert "Разметка страниц:" in log.read_text(encoding="utf-8")  # the first build made every page
        save(root, "reports/2024/otchet-2024.md", REPORT.replace("Отчёт за первый год", "Отчёт за первый год сети"))
        until(lambda: "Отчёт за первый год сети" in text_of(base + "reports/"))
    finally:
        stop(server)
