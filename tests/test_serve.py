"""``mkdocs serve`` for real: a failed rebuild shows the Russian problems in the browser, and the page comes back once fixed."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.builderror import error_page
from tests.conftest import ENV, as_in_a_terminal, project, write_files
from tests.test_check import BASE, REPORT

BROKEN = REPORT.replace("platform: nastavnichestvo", "platform: nastavnichestv")
PROBLEM = "content/reports/2024/otchet-2024.md:4: неизвестная ссылка: нет записи «nastavnichestv» в content/platforms/"
ENGLISH = ("An error happened", "appear stuck", "Aborted", "Traceback", "Error:")
ENGLISH += ("Building", "Detected", "Reloading", "Serving", "Watching", "built in", "code 404")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 30) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def serve(root: Path, port: int, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    return subprocess.Popen(command, cwd=root, env=ENV, stdout=log.open("w"), stderr=subprocess.STDOUT, preexec_fn=as_in_a_terminal)


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGINT)  # MkDocs removes its temporary site on Ctrl-C
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_up(server: subprocess.Popen, url: str, log: Path, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text(encoding="utf-8")
        try:
            if get(url, timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"mkdocs serve did not answer in {seconds} s:\n{log.read_text(encoding='utf-8')}")


def test_failed_rebuild_shows_problems_and_recovers(tmp_path: Path, browser) -> None:
    root = project(tmp_path / "site", dict(BASE))
    port, log = free_port(), tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}"
    server = serve(root, port, log)
    try:
        wait_until_up(server, f"{base}/platforms/nastavnichestvo/", log)
        page = browser.new_page()
        page.goto(f"{base}/platforms/nastavnichestvo/")
        title = page.locator("h1").first.inner_text()
        assert "Наставничество как ресурс" in title

        write_files(root / "content", {"reports/2024/otchet-2024.md": BROKEN})
        page.wait_for_selector("#problems li", timeout=120_000)  # the open page reloads by itself
        assert page.locator("h1").inner_text() == "Сайт не собран: исправьте ошибку"
        assert page.locator("html").get_attribute("lang") == "ru"
        problems = page.locator("#problems li").all_inner_texts()
        assert len(problems) == 1 and problems[0].startswith(PROBLEM), problems
        status, other = get(f"{base}/reports/", timeout=10)  # any address answers at once, none hangs
        assert status == 404 and PROBLEM in other

        write_files(root / "content", {"reports/2024/otchet-2024.md": REPORT})
        page.wait_for_function("() => !document.querySelector('meta[name=innopub-build-error]') && !!document.querySelector('h1')", timeout=120_000)
        assert page.locator("h1").first.inner_text() == title
        assert get(f"{base}/reports/otchet-2024/", timeout=30)[0] == 200
        page.close()
    finally:
        stop(server)
    output = log.read_text(encoding="utf-8")
    assert PROBLEM in output
    assert "Сайт не собран: ошибки показаны и в браузере" in output
    assert "innopub-build-error-poll" not in output
    assert "ответ 404" not in output, output  # while the site is broken, requests are not logged one by one
    for line in ["Сборка сайта…", "Сайт открыт по адресу http://127.0.0.1:", "Файлы изменены", "Страницы в браузере обновляются"]:
        assert line in output, output
    assert not [e for e in ENGLISH if e in output], output


def test_first_build_failure_is_russian(tmp_path: Path) -> None:
    root = project(tmp_path / "site", {**BASE, "reports/2024/otchet-2024.md": BROKEN})
    port, log = free_port(), tmp_path / "serve.log"
    server = serve(root, port, log)
    try:
        server.wait(timeout=120)
    finally:
        stop(server)
    output = log.read_text(encoding="utf-8")
    assert server.returncode == 1
    assert PROBLEM in output
    assert not [e for e in ENGLISH if e in output], output


def test_error_page_shows_problems_as_text() -> None:
    """The problems quote editors' values: the page prints them as text, never as markup."""
    message = (
        "content/a.md:3: недопустимое значение «<img src=x onerror=alert(1)>» поля «directions»\n"
        "content/b.md:1: <script>alert(2)</script>\n"
        "Найдено 2 ошибки: сайт не собран."
    )
    page = BeautifulSoup(error_page([str(Path(__file__).parent.parent / "theme")], "Сайт", message), "lxml")
    assert [li.get_text() for li in page.select("#problems li")] == message.splitlines()[:2]
    assert page.select("#problems img, #problems script") == []
    assert len(page.find_all("script")) == 1  # the page's own polling
    assert page.h1.get_text() == "Сайт не собран: исправьте ошибки"
    assert "Сборка остановилась: 2\xa0ошибки." in page.get_text()
    assert "Найдено 2 ошибки: сайт не собран." in page.get_text()
