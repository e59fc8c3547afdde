"""Sizes and times of the files indexes load (issue 24): eLIBRARY XML, Crossref deposits, the OAI-PMH repository.

    .venv/bin/python -m bench.indexes                 # the demo (its kept editions' page maps)
    .venv/bin/python -m bench.indexes --entries 1000  # synthetic content (bench/generate.py)

The content is loaded as a build loads it and every file is written as a build writes it, with
``publication: {elibrary_titleid, doi_prefix}`` set; nothing is typeset: the demo's page maps are the kept ones,
synthetic collections get none (their pages are then «1», a few bytes less than real ones).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
import time
from pathlib import Path

from bench.generate import generate
from generator.editions.typeset import Output
from generator.render import outputs
from generator.settings.config import load_config
from generator.site.site import Site

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = '      publication: {elibrary_titleid: "12345", doi_prefix: "10.5555"}\n'


def site_folder(work: Path, entries: int | None) -> Path:
    config = re.sub(r"^      publication:.*\n(?:        .*\n)*", "", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), flags=re.M)
    config = config.replace("  - innopub:\n", "  - innopub:\n      today: 2026-11-25\n" + SETTINGS)
    (work / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "theme", work / "theme")
    if entries is None:
        shutil.copytree(ROOT / "content", work / "content")
        shutil.copytree(ROOT / "editions", work / "editions")
    else:
        generate(work / "content", entries)
    return work


def page_map(work: Path, entry) -> tuple[int, dict]:
    info = work / "editions" / entry.kind.folder / f"{entry.id}.json"
    if not info.is_file():
        return 1, {}
    data = json.loads(info.read_text(encoding="utf-8"))
    return data["pages"], {k: (v[0], v[1]) for k, v in data["items"].items()}


def measure(work: Path) -> dict:
    site = Site(load_config(work / "mkdocs.yml"))
    model = site.require()
    holders = [e for folder in ("collections", "bulletin") for e in model.entries.get(folder, [])]
    results = {}
    for entry in holders:
        pages, items = page_map(work, entry)
        results[entry.url] = Output(entry, Path("unused.pdf"), Path("unused.epub"), pages, items)
    started = time.perf_counter()
    files = outputs.index_files(model, site.config, results)
    indexes_time = time.perf_counter() - started
    started = time.perf_counter()
    oai_files, _ = outputs.oai_file(model, site.config)
    oai_time = time.perf_counter() - started
    report: dict = {"entries": len(model.all())}
    for name in ("elibrary.xml", "crossref.xml"):
        sizes = [len(f.data) for f in files if f.path.endswith(name)]
        report[name] = {"files": len(sizes), "total_kb": round(sum(sizes) / 1024, 1), "largest_kb": round(max(sizes, default=0) / 1024, 1)}
    report["elibrary_and_crossref_s"] = round(indexes_time, 2)
    report["oai.xml"] = {"kb": round(sum(len(f.data) for f in oai_files) / 1024, 1), "s": round(oai_time, 2)}
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=None, help="synthetic entries (default: the demo)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(measure(site_folder(Path(tmp), args.entries)), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
