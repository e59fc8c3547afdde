"""Benchmark: build a synthetic site of N entries and measure what the issue promises.

    .venv/bin/python -m bench.run --entries 1000 [--work DIR] [--json FILE] [--no-floor] [--no-browser]

Prints: content model load time per stage (read, validate, link, facets, pages) at N and at N/4
(to show whether a stage grows faster than linearly); the innopub build (``mkdocs build`` with the
innopub plugin, Pagefind included) wall time and peak memory; the same for a plain ``mkdocs build``
of the same entry pages with the same theme and a small navigation (the floor), and the ratio;
site size and average entry page size; Pagefind's index time and size; bytes a browser transfers
for a first query, measured in headless Chromium (Debian's, never a downloaded one).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.floors import floor_project, same_pages_floor
from bench.generate import generate
from bench.model import stages as model_stages
from bench.static import serve

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1764028800"}
FIRST_QUERY = "наставничества"


def timed(args: list[str], cwd: Path) -> dict:
    """Run ``args``: wall seconds; peak memory of its largest process and of its whole tree.

    ``wait4`` returns the child's resource usage together with its waited-for children
    (the Pagefind processes the plugin starts, the typesetting workers), so ``ru_maxrss`` is the largest
    of them and the CPU seconds (user + system) are the whole tree's: far less sensitive to other load on
    the machine than the wall time, they are compared too. The
    tree's peak is the sum of its processes' resident memory, sampled every 0.2 s: MkDocs and
    Pagefind run at the same time. A child caught between ``fork`` and ``exec`` (Python starts Pagefind with ``vfork``)
    still runs the build's command and shares its memory: it is not counted twice.
    """
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=log, stderr=subprocess.STDOUT)
        tree_peak = [0]
        sampler = threading.Thread(target=_sample_tree, args=(proc.pid, tree_peak), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed in {cwd}:\n{output}")
    largest = round(usage.ru_maxrss / 1024)  # sampling may miss a short peak: the tree holds at least its largest process
    cpu = round(usage.ru_utime + usage.ru_stime, 2)  # of the process and every child it waited for (Pagefind, typesetting workers)
    tree = max(largest, round(tree_peak[0] / 2**20))
    return {"seconds": round(seconds, 2), "cpu_seconds": cpu, "peak_mb": largest, "tree_peak_mb": tree, "log": output}


def _sample_tree(pid: int, peak: list[int]) -> None:
    """Largest sum of resident memory of ``pid`` and its descendants until ``pid`` exits."""
    page = os.sysconf("SC_PAGE_SIZE")

    def tree(root: int) -> list[int]:
        found = [root]
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{root}/task"):
                found += [p for child in Path(f"/proc/{root}/task/{task}/children").read_text().split() for p in tree(int(child))]
        return found

    def running() -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"  # not yet a zombie
        except OSError:
            return False

    def command(member: int) -> bytes:
        try:
            return Path(f"/proc/{member}/cmdline").read_bytes()
        except OSError:
            return b""

    own = command(pid)
    while running():
        total = 0
        for member in tree(pid):
            seen = command(member)
            if member != pid and (own.startswith(seen) or not seen.strip(b"\0")):  # forked, not yet exec'd: the build's
                continue  # own pages (a vfork child shares its memory, /proc counts it again), not a process of its own; a
                # command line read short or blank (empty as the process exits, zeros while it is being forked) counts
                # as the same
            with contextlib.suppress(OSError, IndexError):
                total += int(Path(f"/proc/{member}/statm").read_text().split()[1]) * page
        peak[0] = max(peak[0], total)
        time.sleep(0.2)


def project(folder: Path, entries: int) -> dict[str, int]:
    """The project's mkdocs.yml and theme with generated content; returns the count per kind."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", folder / "theme", dirs_exist_ok=True)
    return generate(folder / "content", entries)


def profile_model(content: Path, collector: bool = True) -> dict[str, float]:
    """Seconds per stage of the content model (read, validate, link) and of what is derived from it.

    Without ``collector``, Python's cycle collector is paused: its full passes walk every object
    alive, so with it on a stage's time grows with the size of the heap as well as with its own work.
    """
    if not collector:
        gc.collect()
        gc.disable()
    try:
        return _profile_model(content)
    finally:
        gc.enable()


def _profile_model(content: Path) -> dict[str, float]:
    stages = model_stages(content, time.perf_counter)
    stages["total"] = sum(stages.values())
    return {k: round(v, 3) for k, v in stages.items()}


def profile_coordinators(root: Path) -> dict[str, float]:
    """Seconds of what the coordinators' view adds to a build (issue 10), on the site's model: the monitoring
    (every platform's timeline and status term, the overviews) with its three pages rendered, and the open data
    (every dataset as CSV, JSON and XLSX with its passport). The fastest of two runs."""
    from generator.coordinators import opendata
    from generator.coordinators.datasets import datasets
    from generator.coordinators.monitoring_datasets import CATALOGUE
    from generator.coordinators.monitoring_pages import pages as monitoring_pages
    from generator.coordinators.monitoring_pages import platform_context
    from generator.model.load import load_content
    from generator.pages.catalog import PageSpec
    from generator.render.renderer import Renderer
    from generator.settings.config import load_config

    config = load_config(root / "mkdocs.yml")
    model, _ = load_content(config.docs_dir, config.settings)
    renderer = Renderer([config.theme_dir], model)
    runs = []
    for _ in range(2):
        started = time.perf_counter()
        for platform in model.entries.get("platforms", []):
            platform_context(model, platform)
        for page, context in monitoring_pages(model):
            renderer.render_parts(PageSpec(page.path, page.title, page.template, context), page.url)
        monitoring = time.perf_counter() - started
        started = time.perf_counter()
        if config.settings.opendata is not None:
            opendata.publish(datasets(model, config.site_url, CATALOGUE), config.settings.opendata, config.site_url)
        runs.append({"monitoring": monitoring, "opendata": time.perf_counter() - started})
    return {k: round(v, 2) for k, v in _fastest(runs).items()}


def _fastest(runs) -> dict[str, float]:
    """Per stage, the fastest of several runs: other load on the machine only ever adds time."""
    runs = list(runs)
    return {stage: min(r[stage] for r in runs) for stage in runs[0]}


def site_sizes(site: Path, kinds: dict[str, int]) -> dict:
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    entry_pages = [p for kind in kinds for p in (site / kind).glob("*/index.html")]
    index = site / "pagefind"
    return {
        "site_mb": round(total / 2**20, 1),
        "pages": sum(1 for _ in site.rglob("*.html")),
        "entry_pages": len(entry_pages),
        "avg_entry_page_kb": round(sum(p.stat().st_size for p in entry_pages) / max(1, len(entry_pages)) / 1024, 1),
        "max_entry_page_kb": round(max((p.stat().st_size for p in entry_pages), default=0) / 1024, 1),
        "pagefind_mb": round(sum(f.stat().st_size for f in index.rglob("*") if f.is_file()) / 2**20, 1),
    }


def first_query_bytes(site: Path, start_page: str, query: str = FIRST_QUERY, compress: bool = False) -> dict:
    """Bytes of Pagefind's files a fresh browser fetches for its first query typed in the header box."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("Chromium is not installed (Debian package `chromium`; `make test` installs it)")
    fetched: list[tuple[str, int]] = []
    with serve(site, compress=compress) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(url + start_page)
        page.wait_for_load_state("networkidle")

        def count(request) -> None:
            if "/pagefind/" in request.url:
                sizes = request.sizes()
                fetched.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

        page.on("requestfinished", count)
        started = time.perf_counter()
        page.keyboard.press("/")
        box = page.locator("[data-innopub-search-query]")
        box.fill(query)
        box.press("End")
        page.locator("[data-innopub-search-meta]", has_text="Найдено").wait_for(timeout=60_000)
        seconds = time.perf_counter() - started
        page.wait_for_load_state("networkidle")
        results = page.locator("[data-innopub-search-results] .md-search-result__item").count()
        browser.close()
    return {
        "query": query,
        "kb": round(sum(size for _, size in fetched) / 1024, 1),
        "requests": len(fetched),
        "results_shown": results,
        "seconds": round(seconds, 2),
    }


def run(entries: int, work: Path, floor: bool = True, browser: bool = True, model: bool = True) -> dict:
    report: dict = {"entries": entries, "load_before": round(os.getloadavg()[0], 2), "cores": os.cpu_count()}
    site_root = work / "innopub"
    started = time.perf_counter()
    kinds = project(site_root, entries)
    report["generate_seconds"] = round(time.perf_counter() - started, 1)
    report["kinds"] = kinds
    if model:
        small = work / "quarter"
        generate(small / "content", max(8, entries // 4))
        profile_model(small / "content")  # warm-up: imports and caches are not a stage's cost
        report["model_quarter"] = _fastest(profile_model(small / "content") for _ in range(3))
        report["model"] = _fastest(profile_model(site_root / "content") for _ in range(2))
        report["model_quarter_no_gc"] = _fastest(profile_model(small / "content", collector=False) for _ in range(3))
        report["model_no_gc"] = _fastest(profile_model(site_root / "content", collector=False) for _ in range(2))
        shutil.rmtree(small)
    build = timed([sys.executable, "-m", "mkdocs", "build"], site_root)
    match = re.search(r"Pagefind: (\d+) стр\. в (\d+) ч\., ([\d.]+) с", build.pop("log"))
    report["build"] = build
    report["index"] = {"pages": int(match.group(1)), "parts": int(match.group(2)), "seconds": float(match.group(3))} if match else None
    report["site"] = site_sizes(site_root / "site", kinds)
    if model:
        report["coordinators"] = profile_coordinators(site_root)
    # A second build: what an editor waits for after a change, with the caches (PDF and EPUB of
    # collections, kept in the project's .cache/) warm. The first build typesets every edition.
    rebuild = timed([sys.executable, "-m", "mkdocs", "build"], site_root)
    rebuild.pop("log")
    report["rebuild"] = rebuild
    # And once more with the converted pages' cache emptied (generator/engines/mkdocs/pagecache.py): every page converted
    # again, as after an upgrade of MkDocs or Python-Markdown; the warm build's figure alone would hide the converter.
    (site_root / ".cache" / "innopub" / "pages.sqlite").unlink(missing_ok=True)
    unconverted = timed([sys.executable, "-m", "mkdocs", "build"], site_root)
    unconverted.pop("log")
    report["rebuild_pages_converted"] = unconverted
    if model:  # against the build with warm caches: the first build's typesetting would make the share look smaller
        report["coordinators_share"] = round(sum(report["coordinators"].values()) / rebuild["seconds"] * 100, 1)
    report["load_after"] = round(os.getloadavg()[0], 2)
    if floor:
        floor_root = work / "floor"
        floor_project(site_root, floor_root)
        plain = timed([sys.executable, "-m", "mkdocs", "build", "-q"], floor_root)
        plain.pop("log")
        report["floor"] = plain
        report["ratio"] = round(build["seconds"] / plain["seconds"], 2)
        report["ratio_rebuild"] = round(rebuild["seconds"] / plain["seconds"], 2)
        report["floor_site"] = {"avg_page_kb": site_sizes(floor_root / "site", kinds)["avg_entry_page_kb"]}
        same_root = work / "floor-same-pages"
        same_pages_floor(site_root, same_root)
        same = timed([sys.executable, "-m", "mkdocs", "build", "-q"], same_root)
        same.pop("log")
        report["floor_same_pages"] = same | {"pages": sum(1 for _ in (same_root / "site").rglob("index.html"))}
        report["ratio_same_pages"] = round(build["seconds"] / same["seconds"], 2)
        report["ratio_rebuild_same_pages"] = round(rebuild["seconds"] / same["seconds"], 2)
        report["cpu_ratio_same_pages"] = round(build["cpu_seconds"] / same["cpu_seconds"], 2)
        # The floor built again over its own site, as our warm build is: plain MkDocs first removes the previous site
        # (``clean_directory``), as innopub removes the site it replaces. Like against like for the warm build.
        again = timed([sys.executable, "-m", "mkdocs", "build", "-q"], same_root)
        again.pop("log")
        report["floor_same_pages_again"] = again
        report["ratio_rebuild_same_pages_again"] = round(rebuild["seconds"] / again["seconds"], 2)
        report["cpu_ratio_rebuild_same_pages_again"] = round(rebuild["cpu_seconds"] / again["cpu_seconds"], 2)
        report["cpu_ratio_rebuild_same_pages"] = round(rebuild["cpu_seconds"] / same["cpu_seconds"], 2)
        report["ratio_converted_same_pages_again"] = round(unconverted["seconds"] / again["seconds"], 2)
    if browser:
        first = next(iter(sorted((site_root / "site" / "reports").glob("*/index.html"))))
        start = first.parent.relative_to(site_root / "site").as_posix() + "/"
        report["first_query"] = first_query_bytes(site_root / "site", start)
        report["first_query_gzip"] = first_query_bytes(site_root / "site", start, compress=True)
    return report


def print_report(r: dict) -> None:
    print(f"entries: {r['entries']} ({', '.join(f'{k} {v}' for k, v in r['kinds'].items())}); generated in {r['generate_seconds']} s")
    for label, key in (("content model", "model"), ("content model, cycle collector paused (the stages' own growth)", "model_no_gc")):
        if key not in r:
            continue
        quarter = r[key.replace("model", "model_quarter", 1)]
        growth = ", ".join(f"{k} {v} s (×{v / quarter[k]:.1f} vs N/4)" if quarter.get(k) else f"{k} {v} s" for k, v in r[key].items())
        print(f"{label}: {growth}")
    b = r["build"]
    print(f"innopub build (mkdocs build + plugin + Pagefind), first: {b['seconds']} s ({b['cpu_seconds']} s CPU), {memory(b)}")
    rb = r["rebuild"]
    print(f"innopub build again (edition caches warm): {rb['seconds']} s ({rb['cpu_seconds']} s CPU), {memory(rb)}")
    rc = r["rebuild_pages_converted"]
    print(f"innopub build again, every page converted (their cache emptied): {rc['seconds']} s ({rc['cpu_seconds']} s CPU), {memory(rc)}")
    if r.get("index"):
        i = r["index"]
        print(f"search index (Pagefind, beside the rendering): {i['pages']} pages in {i['parts']} part(s), {i['seconds']} s from first page to index")
    if "floor" in r:
        f = r["floor"]
        print(f"plain mkdocs build (floor): {f['seconds']} s, {memory(f)}")
        print(f"ratio innopub / floor: first build {r['ratio']}, again {r['ratio_rebuild']}")
        same = r["floor_same_pages"]
        print(
            f"plain mkdocs build of the same {same['pages']} pages with Material's search: {same['seconds']} s "
            f"({same['cpu_seconds']} s CPU), {memory(same)}; ratio: first build {r['ratio_same_pages']}, again {r['ratio_rebuild_same_pages']}"
        )
    if "coordinators" in r:
        c = r["coordinators"]
        print(f"coordinators' view: monitoring {c['monitoring']} s, open data {c['opendata']} s = {r['coordinators_share']} % of a warm build")
    s = r["site"]
    print(
        f"site: {s['site_mb']} MB, {s['pages']} HTML pages; entry page avg {s['avg_entry_page_kb']} KB, max {s['max_entry_page_kb']} KB; "
        f"Pagefind index {s['pagefind_mb']} MB"
    )
    if "first_query" in r:
        q = r["first_query"]
        print(f"first query «{q['query']}»: {q['kb']} KB in {q['requests']} requests, {q['results_shown']} results shown after {q['seconds']} s")
        print(f"first query, server compressing JS and WebAssembly (as nginx, GitHub Pages): {r['first_query_gzip']['kb']} KB")
    if "floor" in r:
        print(
            f"RATIOS to the same-pages floor at {r['entries']} entries (load average {r['load_before']} → {r['load_after']} on "
            f"{r['cores']} cores): warm build {r['ratio_rebuild_same_pages']}× wall, {r['cpu_ratio_rebuild_same_pages']}× CPU "
            f"(against the floor built again over its site, {r['floor_same_pages_again']['seconds']} s: "
            f"{r['ratio_rebuild_same_pages_again']}× wall, {r['cpu_ratio_rebuild_same_pages_again']}× CPU); "
            f"warm build with every page converted {r['ratio_converted_same_pages_again']}× the floor built again; "
            f"first build {r['ratio_same_pages']}× wall, {r['cpu_ratio_same_pages']}× CPU"
        )


def memory(figures: dict) -> str:
    return f"peak memory {figures['peak_mb']} MB (largest process), {figures['tree_peak_mb']} MB (all its processes)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--work", type=Path, help="folder to build in (kept); by default a temporary one, removed")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--no-floor", action="store_true", help="skip the plain mkdocs build")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-query measurement in Chromium")
    parser.add_argument("--no-model", action="store_true", help="skip the content model's stages at N and N/4 and the coordinators' view")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="innopub-bench-"))
    try:
        report = run(args.entries, work, floor=not args.no_floor, browser=not args.no_browser, model=not args.no_model)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
