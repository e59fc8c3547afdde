"""``mkdocs serve`` for real: a failed rebuild shows the Russian problems in the browser, and the page comes back once fixed;
an address no page can have and a request line of raw control bytes are answered in Russian and logged escaped."""

from __future__ import annotations

import io
import logging
import re
import socket
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from generator.engines.mkdocs.builderror import error_page
from tests.conftest import ENV, as_in_a_terminal, project, write_files
from tests.fixtures.content import BASE, REPORT
from tests.fixtures.serving import free_port, get, stop, wait_until_up

BROKEN = REPORT.replace("platform: nastavnichestvo", "platform: nastavnichestv")
PROBLEM = "content/reports/2024/otchet-2024.md:4: неизвестная ссылка: нет записи «nastavnichestv» в content/platforms/"
ENGLISH = ("An error happened", "appear stuck", "Aborted", "Traceback", "Error:")
ENGLISH += ("Building", "Detected", "Reloading", "Serving", "Watching", "built in", "code 404")


def serve(root: Path, port: int, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    return subprocess.Popen(command, cwd=root, env=ENV, stdout=log.open("w"), stderr=subprocess.STDOUT, preexec_fn=as_in_a_terminal)


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


def raw_request(port: int, data: bytes) -> bytes:
    """``data`` sent as it is to the server on 127.0.0.1 (no client library would send it), its whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


NOT_FOUND = "Страница не найдена"
BAD_PATHS = ["/%00", "/platforms/%00/", "/%ff", "/%c0%af", "/..%2f..%2fetc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/" + "a" * 5000]


def test_bad_addresses_and_raw_request_lines(tmp_path: Path) -> None:
    """Issue 19, item 6: ``/%00`` answered 500 in English with a traceback in the terminal, a request line with raw
    ESC and BEL was written to the terminal as it was (it set the terminal's title)."""
    root = project(tmp_path / "site", dict(BASE))
    port, log = free_port(), tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "generator.commands.cli", "serve", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=root, env=ENV, stdout=log.open("w"), stderr=subprocess.STDOUT, preexec_fn=as_in_a_terminal)
    try:
        wait_until_up(server, f"{base}/", log)
        for path in BAD_PATHS:
            status, body = get(base + path)
            assert status == 404 and NOT_FOUND in body and '<html lang="ru"' in body, (path, status, body[:300])
        assert get(f"{base}/platforms/nastavnichestvo/")[0] == 200  # the server serves on
        title = raw_request(port, b"GET /\x1b]0;TITLE\x07\x1b[31m HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert title.startswith(b"HTTP/1.0 404 ") and NOT_FOUND.encode() in title
        long_line = raw_request(port, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert long_line.startswith(b"HTTP/1.0 414 ") and "Слишком длинный адрес".encode() in long_line
        garbage = raw_request(port, b"\x1b]0;T\x07 \x1b[2J\r\n\r\n").decode("utf-8")
        assert '<html lang="ru">' in garbage and "Неверный запрос" in garbage and "Error response" not in garbage
    finally:
        stop(server)
    output = log.read_text(encoding="utf-8")
    assert "Traceback" not in output and "500" not in output, output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", output), ascii(output)  # nothing drives the terminal
    assert 'запрос "GET /\\x1b]0;TITLE\\x07\\x1b[31m HTTP/1.1": ответ 404' in output
    assert 'запрос "\\x1b]0;T\\x07 \\x1b[2J": ответ 400' in output
    assert 'запрос "GET /%00 HTTP/1.1": ответ 404' in output
    assert f'запрос "GET /{"a" * 195}… (ещё 4814 знаков)": ответ 404' in output  # 200 of the 5,014 characters
    assert not [e for e in ENGLISH if e in output], output


def test_a_failure_of_mkdocs_server_is_one_russian_line(tmp_path: Path) -> None:
    """The last wall: whatever else MkDocs' server fails on while answering (it logs a traceback and answers «500
    Internal Server Error»), the terminal gets one Russian line and the browser a Russian page. MkDocs' own
    server, not started, asked for ``/%00`` without the preview in front of it."""
    from mkdocs.livereload import LiveReloadServer

    from generator.engines.mkdocs import badrequest, servelog

    handler = logging.StreamHandler(io.StringIO())
    handler.addFilter(servelog.RussianLines())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path))
    server.error_handler = badrequest.russian_errors(lambda code: None)
    answered = []
    try:
        body = b"".join(server.serve_request({"PATH_INFO": "/%00".replace("%00", "\x00")}, lambda status, headers: answered.append(status)))
    finally:
        logger.removeHandler(handler)
        server.server_close()
    assert answered == ["500 Internal Server Error"]
    assert '<html lang="ru">' in body.decode() and "Ошибка сервера предпросмотра" in body.decode()
    (line,) = handler.stream.getvalue().splitlines()
    assert line.endswith("сервер предпросмотра не смог ответить на запрос (ValueError: embedded null byte): ответ 500"), line
