"""``innopub harvest`` against real servers on 127.0.0.1 that fail in every way issue 23 §2 names.

One HTTP server in a thread answers for every municipality (``/<id>/export/…``), first with a good export, then with
its fault: down (a closed port), 404, 500, a hang, garbage, a truncated entries file, a 200 MB answer, a newer
format, redirects to ``file://`` and to ``ftp://``. Each keeps its last good copy byte for byte and is named with
what went wrong and since when; exit code 1, never a traceback. A hostile export has its bad entries left out and
writes nothing outside its folder; an entry and a municipality removed go; a conditional request answers 304.
The exports are written here by hand (their SHA-256 by hashlib), never by the code under test.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ENV, INNOPUB, as_in_a_terminal, project, run
from tests.fixtures.serving import free_port

Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


def entry(kind: str, id: str, title: str, **meta: object) -> dict:
    base = f"http://127.0.0.1/{kind}/{id}/"
    return {"kind": kind, "id": id, "url": base, "title": title, "date": None, "summary": "", "text": "Текст.", "meta": {"title": title, **meta}}


ORGANIZATION = entry("organizations", "shkola-1", "Средняя школа № 1", short="СШ № 1", municipality="г. Белозерск")
PLATFORM = entry(
    "platforms", "ozero", "Озеро как лаборатория", status="МИП", organizations=["shkola-1"], start="2024-09-01"
)  # fmt: skip


def export(entries: list[dict], version: int = 1, name: str = "Сайт") -> tuple[bytes, bytes]:
    data = json.dumps({"format": "innopub-export-entries", "version": version, "entries": entries}, ensure_ascii=False).encode()
    manifest = {
        "format": "innopub-export",
        "version": version,
        "site": {"name": name, "url": "http://127.0.0.1/", "municipality": "г. Белозерск"},
        "built": "2026-11-25",
        "entries": {"href": "entries.json", "count": len(entries), "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()},
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2).encode(), data


def reply(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> Handler:
    def answer(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        for name, value in {"Content-Length": str(len(body)), "Content-Type": "application/json", **(headers or {})}.items():
            h.send_header(name, value)
        h.end_headers()
        h.wfile.write(body)

    return answer


class Server:
    """``routes``: path → handler; anything else is 404. ``sent`` counts the bytes of the endless answers."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.sent = 0
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class _Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                server.routes.get(self.path, reply(404, b"not found"))(self)

        self.http = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.http.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def good(self, mid: str, entries: list[dict], **headers: str) -> tuple[bytes, bytes]:
        manifest, data = export(entries)
        self.routes[f"/{mid}/export/innopub.json"] = reply(200, manifest, headers)
        self.routes[f"/{mid}/export/entries.json"] = reply(200, data)
        return manifest, data

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


def region(tmp: Path, urls: dict[str, str]) -> Path:
    lines = "      region:\n        municipalities:\n" + "".join(
        f"          - {{id: {mid}, name: Муниципалитет {mid}, url: '{url}'}}\n" for mid, url in urls.items()
    )
    return project(tmp, {}, lines)


def set_region(root: Path, urls: dict[str, str]) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("      region:\n")
    end = text.index("\n", text.rindex("          - {id:")) + 1
    lines = "      region:\n        municipalities:\n" + "".join(
        f"          - {{id: {mid}, name: Муниципалитет {mid}, url: '{url}'}}\n" for mid, url in urls.items()
    )
    config.write_text(text[:start] + lines + text[end:], encoding="utf-8")


def harvest(root: Path, timeout: str = "10") -> subprocess.CompletedProcess[str]:
    """A harvest; the wait on a server is generous (a loaded machine answers late) unless a test waits out a hang."""
    return run([*INNOPUB, "harvest"], root, {**ENV, "INNOPUB_HARVEST_TIMEOUT": timeout})


def state(root: Path, mid: str) -> dict:
    return json.loads((root / "harvest" / mid / "state.json").read_text(encoding="utf-8"))


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def hang(h: http.server.BaseHTTPRequestHandler) -> None:
    time.sleep(4)  # past the harvest's timeout of 1 s


def endless(server: Server, with_length: bool) -> Handler:
    def answer(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        if with_length:
            h.send_header("Content-Length", str(200 * 1024 * 1024))
        else:
            h.send_header("Connection", "close")
        h.end_headers()
        chunk = b"[" * 65536
        try:
            for _ in range(200 * 16):  # 200 MB, generated as it goes
                h.wfile.write(chunk)
                server.sent += len(chunk)
        except OSError:
            pass  # the harvester hung up at its limit

    return answer


FAULTS = ["down", "notfound", "error", "hang", "garbage", "truncated", "huge", "huge-length", "newer", "to-file", "to-ftp"]


def test_every_fault_keeps_the_last_good_copy_and_says_what_and_since_when(tmp_path: Path, server: Server) -> None:
    closed = free_port()
    urls = {mid: f"{server.base}/{mid}/" for mid in FAULTS}
    root = region(tmp_path / "region", {"good": f"{server.base}/good/", **urls})
    for mid in ["good", *FAULTS]:
        server.good(mid, [ORGANIZATION, PLATFORM])
    first = harvest(root)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "good (Муниципалитет good): 2\u00a0записи; новых 2, изменённых 0, удалённых 0" in first.stdout
    before = {mid: ((root / "harvest" / mid / "innopub.json").read_bytes(), (root / "harvest" / mid / "entries.json").read_bytes()) for mid in FAULTS}
    good_success = state(root, "good")["last_success"]

    # Now each fails its own way.
    set_region(root, {"good": f"{server.base}/good/", **urls, "down": f"http://127.0.0.1:{closed}/down/"})
    manifest, data = export(
        [ORGANIZATION, PLATFORM, entry("reports", "novyj", "Новый отчёт", platform="ozero", period="2025", authors=["Иванова А. П."])]
    )
    r = server.routes
    r["/notfound/export/innopub.json"] = reply(404, b"nope")
    r["/error/export/innopub.json"] = reply(500, b"boom")
    r["/hang/export/innopub.json"] = hang
    r["/garbage/export/innopub.json"] = reply(200, b"<html>\x00\xff garbage")
    r["/truncated/export/innopub.json"] = reply(200, manifest)
    r["/truncated/export/entries.json"] = reply(200, data[: len(data) // 2])
    r["/huge/export/innopub.json"] = reply(200, manifest)
    r["/huge/export/entries.json"] = endless(server, with_length=False)
    r["/huge-length/export/innopub.json"] = reply(200, manifest)
    r["/huge-length/export/entries.json"] = endless(server, with_length=True)
    r["/newer/export/innopub.json"] = reply(200, export([ORGANIZATION], version=2)[0])
    r["/to-file/export/innopub.json"] = reply(302, b"", {"Location": "file:///etc/passwd"})
    r["/to-ftp/export/innopub.json"] = reply(301, b"", {"Location": "ftp://127.0.0.1/export/innopub.json"})
    server.good("good", [ORGANIZATION])  # the good one loses an entry

    started = time.monotonic()
    second = harvest(root, timeout="2")
    took = time.monotonic() - started
    out = second.stdout + second.stderr
    assert second.returncode == 1, out
    assert "Traceback" not in out
    assert took < 40, f"the harvest took {took:.0f} s: a fault held it"
    assert server.sent < 60 * 1024 * 1024, f"{server.sent} bytes sent: the 200 MB answer was read past the limit"
    assert "good (Муниципалитет good): 1\u00a0запись; новых 0, изменённых 0, удалённых 1" in out
    expected = {
        "down": "соединение отклонено",
        "notfound": "сайт ответил 404 (не найдено)",
        "error": "сайт ответил 500 (ошибка сервера)",
        "hang": "не ответил за 2 с",
        "garbage": "не текст UTF-8",
        "truncated": "файл записей не тот, что назван в манифесте",
        "huge": "больше допустимого",
        "huge-length": "больше допустимого",
        "newer": "формат выгрузки 2 новее, чем понимает innopub (1): обновите innopub",
        "to-file": "перенаправляет на адрес «file:///etc/passwd» (разрешены только http:// и https://)",
        "to-ftp": "перенаправляет на адрес «ftp://127.0.0.1/export/innopub.json»",
    }
    for mid, words in expected.items():
        line = next((ln for ln in out.splitlines() if ln.strip().startswith(f"{mid} (")), "")
        assert "ОШИБКА" in line and words in line, f"{mid}: {line!r}"
        assert "оставлена прежняя копия от" in line and "не обновляется с" in line, line
        folder = root / "harvest" / mid
        assert ((folder / "innopub.json").read_bytes(), (folder / "entries.json").read_bytes()) == before[mid], mid
        s = state(root, mid)
        assert words in s["error"] and s["failing_since"] == s["last_attempt"] and s["last_success"] is not None, s
    assert "не обновлены: down, notfound, error, hang, garbage, truncated, huge, huge-length, newer, to-file, to-ftp" in out
    assert state(root, "good")["error"] is None and state(root, "good")["last_success"] >= good_success
    assert [p for p in (root / "harvest").iterdir() if p.name.startswith(".")] == []  # no temporary folder left

    # Failing again: «since» stays the first failure's moment.
    since = state(root, "error")["failing_since"]
    time.sleep(1.1)
    third = harvest(root, timeout="2")
    assert third.returncode == 1
    assert state(root, "error")["failing_since"] == since and state(root, "error")["last_attempt"] > since


def test_a_hostile_export_loses_its_bad_entries_and_writes_nowhere_else(tmp_path: Path, server: Server) -> None:
    deep: dict = {"a": "b"}
    for _ in range(60):
        deep = {"x": [deep]}
    hostile = [
        ORGANIZATION,
        entry("platforms", "skript", "<script>alert(1)</script> Площадка", status="МИП", organizations=["shkola-1"], start="2024-09-01"),
        {**entry("organizations", "js-url", "Школа", short="Ш", municipality="г. Б"), "url": "javascript:alert(1)"},
        entry("organizations", "sajt", "Школа", short="Ш", municipality="г. Б", website="javascript:alert(document.cookie)"),
        entry("organizations", "../../etc/passwd", "Школа", short="Ш", municipality="г. Б"),
        entry("reports", "fajl", "Отчёт", platform="ozero", period="2025", authors=["И. П."], attachments=[{"file": "../../etc/passwd"}]),
        entry("organizations", "dlinnyj", "Школа", short="Ш", municipality="г. Б", address="д" * 50_000),
        entry("organizations", "glubokij", "Школа", short="Ш", municipality="г. Б", district=deep),
        entry("organizations", "neizvestnoe", "Школа", short="Ш", municipality="г. Б", template="../../../etc/passwd"),
        {**entry("organizations", "upravlenie", "Школа\x1b]0;title\x07", short="Ш", municipality="г. Б")},
        entry("organizations", "##[group]komanda\n::error::vzlom", "Школа", short="Ш", municipality="г. Б"),
    ]
    server.good("hostile", hostile)
    outside = tmp_path / "outside"
    outside.mkdir()
    root = region(tmp_path / "region", {"hostile": f"{server.base}/hostile/"})
    before = files_under(tmp_path)
    result = harvest(root)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "Traceback" not in out and "\x1b" not in out and "\x07" not in out
    assert "##[" not in out and not [line for line in out.splitlines() if line.lstrip().startswith("::")]  # no runner command
    assert "hostile (Муниципалитет hostile): 2\u00a0записи; новых 2" in out  # the organization and the platform
    warned = {
        "organizations/js-url: поле «url»",
        "organizations/sajt: поле «meta.website»",
        "organizations/../../etc/passwd: поле «id»",
        "reports/fajl: поле «meta.attachments»",
        "organizations/dlinnyj: поле «meta.address»: текст длиннее 10000 знаков",
        "organizations/glubokij: вложенность больше 32 уровней",
        "organizations/neizvestnoe: поле «meta.template»: неизвестное поле «template»",
        "organizations/upravlenie: поле «title»: управляющий символ",
        "organizations/#\\x23[group]komanda\\x0a::error::vzlom: поле «id»",
    }
    for words in warned:
        assert f"предупреждение: hostile: {words}" in out, words
    assert out.count("— запись пропущена") == len(warned)
    after = files_under(tmp_path)
    written = sorted(set(after) - set(before))
    assert written == ["region/harvest/hostile/entries.json", "region/harvest/hostile/innopub.json", "region/harvest/hostile/state.json"]
    assert not (outside / "etc").exists()


def test_removed_entries_and_municipalities_go_and_an_unchanged_export_is_asked_conditionally(tmp_path: Path, server: Server) -> None:
    second = entry("organizations", "shkola-2", "Средняя школа № 2", short="СШ № 2", municipality="г. Белозерск")
    server.good("one", [ORGANIZATION, second, PLATFORM], ETag='"v1"')
    server.good("two", [ORGANIZATION])
    root = region(tmp_path / "region", {"one": f"{server.base}/one/", "two": f"{server.base}/two/"})
    assert harvest(root).returncode == 0
    assert state(root, "one")["etag"] == '"v1"'

    # Not changed: the manifest is asked with If-None-Match and answers 304.
    server.requests.clear()
    server.routes["/one/export/innopub.json"] = lambda h: reply(304)(h) if h.headers.get("If-None-Match") == '"v1"' else reply(500)(h)
    again = harvest(root)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "one (Муниципалитет one): без изменений, 3\u00a0записи" in again.stdout
    assert [path for path, _ in server.requests if path.startswith("/one/")] == ["/one/export/innopub.json"]  # no entries asked

    # An entry changed, one removed, one added; the municipality «two» removed from the settings.
    changed = {**PLATFORM, "title": "Озеро как лаборатория (второй год)", "meta": {**PLATFORM["meta"], "title": "Озеро как лаборатория (второй год)"}}
    third = entry("organizations", "shkola-3", "Средняя школа № 3", short="СШ № 3", municipality="г. Белозерск")
    server.good("one", [ORGANIZATION, changed, third], ETag='"v2"')
    set_region(root, {"one": f"{server.base}/one/"})
    result = harvest(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "one (Муниципалитет one): 3\u00a0записи; новых 1, изменённых 1, удалённых 1" in result.stdout
    assert "two: муниципалитета нет в настройках — папка harvest/two/ удалена" in result.stdout
    assert sorted(p.name for p in (root / "harvest").iterdir()) == ["one"]
    ids = [e["id"] for e in json.loads((root / "harvest" / "one" / "entries.json").read_text(encoding="utf-8"))["entries"]]
    assert ids == ["shkola-1", "ozero", "shkola-3"]
    assert state(root, "one")["counts"] == {"came": 1, "changed": 1, "went": 1}


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_a_harvest_stopped_during_a_download_leaves_the_last_good_copy_whole(tmp_path: Path, server: Server, stop: int) -> None:
    server.good("slow", [ORGANIZATION])
    root = region(tmp_path / "region", {"slow": f"{server.base}/slow/"})
    assert harvest(root).returncode == 0
    folder = root / "harvest" / "slow"
    kept = {name: (folder / name).read_bytes() for name in ("innopub.json", "entries.json", "state.json")}

    manifest, data = export([ORGANIZATION, PLATFORM])
    started = threading.Event()

    def drip(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        started.set()
        for i in range(len(data)):
            try:
                h.wfile.write(data[i : i + 1])
                h.wfile.flush()
            except OSError:
                return
            time.sleep(0.05)

    server.routes["/slow/export/innopub.json"] = reply(200, manifest)
    server.routes["/slow/export/entries.json"] = drip
    env = {**ENV, "INNOPUB_HARVEST_TIMEOUT": "30"}
    process = subprocess.Popen(
        [*INNOPUB, "harvest"], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=as_in_a_terminal
    )
    try:
        assert started.wait(30), "the harvest never asked for the entries"
        time.sleep(0.5)
        assert process.poll() is None
        os.kill(process.pid, stop)
        _, err = process.communicate(timeout=10)  # Ctrl-C ends it at once, not after the download
    finally:
        if process.poll() is None:
            process.kill()
    if stop == signal.SIGINT:
        assert process.returncode == 130 and "Прервано (Ctrl-C): прежние копии в harvest/ не тронуты." in err, err
    assert {name: (folder / name).read_bytes() for name in kept} == kept
    assert sorted(p.name for p in folder.iterdir()) == ["entries.json", "innopub.json", "state.json"]
    # The next harvest finds the site as it is and ends well.
    server.good("slow", [ORGANIZATION, PLATFORM])
    assert harvest(root).returncode == 0
    assert json.loads((folder / "entries.json").read_text(encoding="utf-8"))["entries"][1]["id"] == "ozero"


def test_a_site_without_region_has_nothing_to_harvest(tmp_path: Path) -> None:
    root = project(tmp_path / "municipal", {})
    result = harvest(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Собирать нечего: в mkdocs.yml нет region:" in result.stdout
    assert not (root / "harvest").exists()
