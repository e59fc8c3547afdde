"""Benchmark of a regional site (issue 23, §5): M municipalities × N harvested entries against one site of M × N.

    .venv/bin/python -m bench.region [--municipalities 60] [--entries 200] [--work DIR] [--json FILE] [--no-single]

Each municipality's content is ``bench/generate.py``'s (another seed each), read with innopub's own model and written
as format 1 of the municipal export (``harvest/<id>/innopub.json``, ``entries.json``, ``state.json``) — the exporter
is another branch's code, so the export is written here from the format's text. The regional site has a little
content of its own (20 entries) and the harvest; the single site has the M × N entries as its own content. Both are
built with ``innopub build`` (Pagefind included): wall time and peak memory (largest process and the whole tree, as
``bench/run.py`` measures them).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import generate
from bench.run import project, timed
from generator.kinds import KINDS
from generator.model.load import load_content
from generator.settings.options import Settings

TEXT_LIMIT = 20_000


def export(content: Path, site: str) -> tuple[bytes, int]:
    """The entries file (format 1) of ``content`` as the site ``https://<site>.example.ru/`` would publish it."""
    model, _ = load_content(content, Settings())
    entries = []
    for folder in KINDS:
        for entry in sorted(model.entries.get(folder, []), key=lambda e: e.id):
            meta = entry.meta.model_dump(mode="json", exclude_defaults=True)
            for key in ("draft", "aliases", "attachments"):
                meta.pop(key, None)
            text = " ".join(entry.body.split())[:TEXT_LIMIT]
            entries.append(
                {"kind": folder, "id": entry.id, "url": f"https://{site}.example.ru/{folder}/{entry.id}/", "title": entry.title,
                 "date": entry.date.isoformat() if entry.date else None, "summary": entry.summary, "text": text, "meta": meta}
            )  # fmt: skip
    data = json.dumps({"format": "innopub-export-entries", "version": 1, "entries": entries}, ensure_ascii=False, sort_keys=True).encode()
    return data, len(entries)


def regional_project(folder: Path, municipalities: int, entries: int) -> int:
    """A regional site in ``folder``: 20 entries of its own and ``municipalities`` harvested exports; the harvested count."""
    project(folder, 20)
    ids = [f"m{i:02d}" for i in range(1, municipalities + 1)]
    config = folder / "mkdocs.yml"
    block = "".join(f'          - {{id: {m}, name: Муниципалитет {m[1:]}, url: "https://{m}.example.ru/"}}\n' for m in ids)
    region = f"  - innopub:\n      region:\n        municipalities:\n{block}"
    config.write_text(config.read_text(encoding="utf-8").replace("  - innopub:\n", region), encoding="utf-8")
    total = 0
    day = "2026-11-25T03:00:00Z"
    with tempfile.TemporaryDirectory() as scratch:
        for number, m in enumerate(ids, 1):
            content = Path(scratch) / m
            generate(content, entries, seed=2026 + number)
            data, count = export(content, m)
            total += count
            target = folder / "harvest" / m
            target.mkdir(parents=True)
            (target / "entries.json").write_bytes(data)
            described = {"href": "entries.json", "count": count, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            site = {"name": f"Муниципалитет {m}", "url": f"https://{m}.example.ru/", "municipality": None}
            manifest = {"format": "innopub-export", "version": 1, "built": "2026-11-25", "site": site, "entries": described}
            (target / "innopub.json").write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            state = {"url": site["url"], "last_success": day, "last_attempt": day, "error": None, "failing_since": None}
            state |= {"etag": None, "last_modified": None, "counts": {"came": count, "changed": 0, "went": 0}}
            (target / "state.json").write_text(json.dumps(state, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            shutil.rmtree(content)
    return total


def conditions() -> dict:
    day = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()], "python": platform.python_version(), "date": day}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=60)
    parser.add_argument("--entries", type=int, default=200, help="entries per municipality")
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--no-single", action="store_true", help="skip the single site of the same size")
    parser.add_argument("--single-only", action="store_true", help="only the single site (the regional one measured before)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="innopub-region-bench-"))
    shutil.rmtree(work / "region", ignore_errors=True)
    shutil.rmtree(work / "single", ignore_errors=True)
    results: dict = {"conditions_before": conditions(), "municipalities": args.municipalities, "entries_each": args.entries}
    started = time.perf_counter()
    if not args.single_only:
        results["harvested"] = regional_project(work / "region", args.municipalities, args.entries)
        results["prepare_seconds"] = round(time.perf_counter() - started, 1)
    command = [sys.executable, "-m", "generator.commands.cli", "build"]
    builds = [] if args.single_only else [("region", work / "region")]
    for name, folder in [*builds, *([] if args.no_single else [("single", work / "single")])]:
        if name == "single":
            project(folder, args.municipalities * args.entries)
        measured = timed(command, folder)
        results[name] = {k: v for k, v in measured.items() if k != "log"}
        print(f"{name}: {measured['seconds']} s, largest process {measured['peak_mb']} MB, tree {measured['tree_peak_mb']} MB", flush=True)
    results["conditions_after"] = conditions()
    print(json.dumps(results, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
