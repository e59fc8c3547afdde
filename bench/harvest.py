"""Benchmark of the region (issue 23 §1 and §5): the municipal export's cost, and a harvest of 60 local servers.

    .venv/bin/python -m bench.harvest [--export 1000,10000] [--municipalities 60] [--entries 200] [--json FILE]

1. The export: a synthetic site of N entries (:mod:`bench.generate`), its content model loaded once, then
   ``export/innopub.json`` and ``export/entries.json`` made from it (best of three): seconds and bytes, to set against
   the build's time at N (README «Performance»: the warm build at 1,000 and 10,000 entries).
2. The harvest: one synthetic municipal site of about M entries exported, served by ``--municipalities`` HTTP servers on
   127.0.0.1 (each its own port), and ``innopub harvest`` of a regional site naming them all: the first harvest (every
   file fetched, checked and written), then the second (conditional requests: every manifest answers 304).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.run import ROOT, project
from generator.render.export import export_files
from generator.settings.config import load_config
from generator.site.site import Site, paused_collector

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}


def export_cost(entries: int, work: Path) -> dict:
    folder = work / f"export-{entries}"
    project(folder, entries)
    started = time.perf_counter()
    site = Site(load_config(folder / "mkdocs.yml"))
    model = site.require()
    loaded = time.perf_counter() - started
    best, files = float("inf"), []
    with paused_collector():  # as the build makes it (Site.prepare)
        for _ in range(3):
            started = time.perf_counter()
            files = export_files(model, site.config)
            best = min(best, time.perf_counter() - started)
    sizes = {f.path: len(f.data) for f in files if f.data is not None}
    return {"entries": len(model.all()), "model_s": round(loaded, 2), "export_s": round(best, 3), "bytes": sizes}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def harvest_time(municipalities: int, entries: int, work: Path) -> dict:
    folder = work / "municipal"
    project(folder, entries)
    site = Site(load_config(folder / "mkdocs.yml"))
    served = work / "served"
    for f in export_files(site.require(), site.config):
        target = served / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f.data if f.data is not None else f.source.read_bytes())  # type: ignore[union-attr]
    count = json.loads((served / "export" / "innopub.json").read_text(encoding="utf-8"))["entries"]["count"]
    servers = []
    for _ in range(municipalities):
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(served)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    try:
        region = work / "region"
        region.mkdir()
        lines = "".join(
            f"        - {{id: m{i:02d}, name: Муниципалитет {i}, url: 'http://127.0.0.1:{s.server_address[1]}/'}}\n" for i, s in enumerate(servers)
        )
        (region / "mkdocs.yml").write_text(
            f"site_name: Регион\ndocs_dir: content\ntheme:\n  name: material\n  custom_dir: {ROOT / 'theme'}\n"
            f"plugins:\n  - innopub:\n      region:\n        municipalities:\n{lines}",
            encoding="utf-8",
        )
        (region / "content").mkdir()
        runs = []
        for _ in range(2):
            started = time.perf_counter()
            result = subprocess.run([sys.executable, "-m", "generator.commands.cli", "harvest"], cwd=region, env=ENV, capture_output=True, text=True)
            runs.append(round(time.perf_counter() - started, 2))
            if result.returncode != 0:
                raise SystemExit(result.stdout + result.stderr)
        size = sum(p.stat().st_size for p in (region / "harvest").rglob("*") if p.is_file())
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
    return {"municipalities": municipalities, "entries_each": count, "first_s": runs[0], "again_s": runs[1], "harvest_bytes": size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.harvest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--export", default="1000,10000", help="sizes of the export's measurement, comma-separated (0: none)")
    parser.add_argument("--municipalities", type=int, default=60)
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="innopub-bench-harvest-"))
    try:
        figures: dict = {"export": [export_cost(int(n), work) for n in args.export.split(",") if int(n) > 0]}
        for row in figures["export"]:
            print(f"export at {row['entries']} entries: {row['export_s']} s (model {row['model_s']} s), {row['bytes']}")
        if not args.municipalities:
            return 0
        figures["harvest"] = harvest_time(args.municipalities, args.entries, work)
        h = figures["harvest"]
        print(
            f"harvest of {h['municipalities']} servers × {h['entries_each']} entries: "
            f"first {h['first_s']} s, again {h['again_s']} s, {h['harvest_bytes']} bytes"
        )
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
