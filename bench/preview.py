"""The preview at the speed of an editor: from saving an entry to the fresh page in the browser.

    .venv/bin/python -m bench.preview --entries 1000 [--saves 9] [--plain-saves 3] [--work DIR]

Generates a synthetic site (``bench/generate.py``), starts the preview on 127.0.0.1 — ``innopub serve``
(pages rendered on request) and, for comparison, ``mkdocs serve`` as MkDocs itself rebuilds (every page
after every save: ``INNOPUB_PREVIEW=rebuild``) — opens a platform's page in headless Chromium (Debian's),
then saves that platform's file again and again with a new title and measures, each time, the seconds from
the write to the new title shown by the page the browser reloaded. After each save it also opens the
pages that show that platform's title elsewhere (its registry section, its organization, a report of it)
and checks they show the new title: correct when visited. Prints the median and the worst time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import yaml

from bench.run import ENV, project

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def preview(root: Path, command: list[str], env: dict[str, str], port: int, timeout: float) -> Iterator[tuple[str, float]]:
    """The preview running on ``port``; yields its address and the seconds until it answered."""
    log = open(root / "preview.log", "w", encoding="utf-8")  # noqa: SIM115 - open while the preview runs
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"the preview stopped:\n{(root / 'preview.log').read_text(encoding='utf-8')[-3000:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if time.perf_counter() - started > timeout:
                raise SystemExit("the preview did not start in time")
            time.sleep(0.2)
        yield url, time.perf_counter() - started
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=20)
        if proc.poll() is None:
            proc.kill()
        log.close()


def _save(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)  # as an editor's editor saves: the whole file at once


def retitle(path: Path, marker: str) -> None:
    """The title changed: shown by the entry's page and by every page that lists the entry."""
    text = re.sub(r"^(title: .*?)(?: правка\w+)?$", lambda m: f"{m[1]} {marker}", path.read_text(encoding="utf-8"), count=1, flags=re.M)
    _save(path, text)


def retag(path: Path, marker: str) -> None:
    """A tag changed: the entry moves between listings (its links are made anew)."""
    text = re.sub(r"^tags:\n(?:- .*\n)+", f"tags:\n- {marker}\n", path.read_text(encoding="utf-8"), count=1, flags=re.M)
    _save(path, text)


EDITS = {"title": retitle, "tag": retag}
"""What each save changes, in turn: the title (the links between entries stay), a tag (they are made anew)."""


def measure(root: Path, command: list[str], env: dict[str, str], saves: int, timeout: float) -> dict:
    from playwright.sync_api import sync_playwright

    from generator.common.russian import slug

    content = root / "content"
    platform = sorted((content / "platforms").rglob("*.md"))[len(list((content / "platforms").rglob("*.md"))) // 2]
    pid = platform.stem
    report = next(p for p in sorted((content / "reports").rglob("*.md")) if re.search(rf"^platform: {pid}$", p.read_text(encoding="utf-8"), re.M))
    org = yaml.safe_load(platform.read_text(encoding="utf-8").split("---")[1])["organizations"][0]
    port = free_port()
    times: dict[str, list[float]] = {kind: [] for kind in EDITS}
    checked = 0
    with preview(root, [*command, "-a", f"127.0.0.1:{port}"], env, port, timeout) as (url, opened), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), headless=True, args=ARGS)
        page = browser.new_page()
        first = time.perf_counter()
        page.goto(f"{url}platforms/{pid}/", timeout=timeout * 1000)
        first_page = time.perf_counter() - first
        for n in range(saves):
            kind = list(EDITS)[n % len(EDITS)]
            marker = f"правка{n}x{int(time.time() * 1000) % 100000}"
            page.wait_for_timeout(1500)  # the page's live-reload poll is connected
            started = time.perf_counter()
            EDITS[kind](platform, marker)
            page.get_by_text(marker).first.wait_for(timeout=timeout * 1000)
            times[kind].append(time.perf_counter() - started)
            other = browser.new_page()  # then closed: an open tab reloads on every change as well
            pages = (f"organizations/{org}/", f"reports/{report.stem}/") if kind == "title" else (f"tags/{slug(marker)}/",)
            for address in pages:  # the pages that show the change elsewhere: current when visited
                other.goto(url + address, timeout=timeout * 1000)
                shown = other.get_by_text(marker) if kind == "title" else other.locator(f"a[href$='platforms/{pid}/']")
                shown.first.wait_for(timeout=timeout * 1000)
                checked += 1
            other.close()
        browser.close()
    every = [t for found in times.values() for t in found]
    return {
        "opened_seconds": round(opened, 1),
        "first_page_seconds": round(first_page, 2),
        "saves": len(every),
        "median_seconds": round(statistics.median(every), 2),
        "worst_seconds": round(max(every), 2),
        **{f"median_{kind}_seconds": round(statistics.median(found), 2) for kind, found in times.items() if found},
        "times": {kind: [round(t, 2) for t in found] for kind, found in times.items()},
        "other_pages_checked": checked,
    }


def run(entries: int, work: Path, saves: int, plain_saves: int) -> dict:
    root = work / "site"
    if not (root / "content").is_dir():
        project(root, entries)
    env = {**ENV}
    env.pop("SOURCE_DATE_EPOCH", None)
    innopub = [sys.executable, "-m", "generator.commands.cli", "serve"]
    result: dict = {"entries": entries, "innopub_serve": measure(root, innopub, env, saves, timeout=600)}
    if plain_saves:
        mkdocs = [sys.executable, "-m", "mkdocs", "serve"]
        result["mkdocs_serve_rebuilding"] = measure(root, mkdocs, {**env, "INNOPUB_PREVIEW": "rebuild"}, plain_saves, timeout=1800)
        result["ratio_median"] = round(result["mkdocs_serve_rebuilding"]["median_seconds"] / result["innopub_serve"]["median_seconds"], 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=9)
    parser.add_argument("--plain-saves", type=int, default=3, help="saves measured under MkDocs' own rebuild (0: not measured)")
    parser.add_argument("--work", type=Path, help="keep the generated site here")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="innopub-preview-"))
    result = run(args.entries, work, args.saves, args.plain_saves)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
