"""The editions step alone (every PDF and EPUB typeset, cold cache) with a given number of workers.

    .venv/bin/python -m bench.typeset --site DIR [--workers 1 2]

``DIR`` is a benchmark project (``bench.run --work``'s ``innopub/`` or ``bench.run.project``'s folder).
Prints, per pool size: wall seconds, CPU seconds of this process and of its workers (user + system, which
other load on the machine hardly changes), whether every file's bytes equal those of the first size, and the
peak memory of the largest process so far (run the pool first to see a worker's: ``--workers 2 1``).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from generator.editions.pool import WORKERS_VARIABLE
from generator.editions.typeset import Editions
from generator.model.load import load_content
from generator.render.renderer import Renderer
from generator.settings.config import load_config


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def typeset(site: Path, workers: int) -> dict:
    config = load_config(site / "mkdocs.yml")
    model, _ = load_content(config.docs_dir, config.settings)
    renderer = Renderer([config.theme_dir], model)
    os.environ[WORKERS_VARIABLE] = str(workers)
    with tempfile.TemporaryDirectory(prefix="innopub-typeset-") as cache:
        editions = Editions(renderer.env, config.theme_dir, Path(cache), config.site_name, config.site_url)
        cpu, started = cpu_seconds(), time.perf_counter()
        outputs = editions.build_all(model)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        digest = hashlib.sha256()
        for url, out in outputs.items():
            digest.update(url.encode() + out.pdf_file.read_bytes() + out.epub_file.read_bytes() + repr(sorted(out.pages.items())).encode())
    figures = {"workers": workers, "editions": len(outputs), "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1)}
    figures["peak_mb"] = round(max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024)
    return figures | {"sha256": digest.hexdigest()[:16]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.typeset", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    runs = [typeset(args.site, n) for n in args.workers]
    for run in runs:
        same = "same bytes" if run["sha256"] == runs[0]["sha256"] else "BYTES DIFFER"
        print(f"{run['workers']} worker(s): {run['editions']} editions in {run['seconds']} s wall, {run['cpu_seconds']} s CPU; {same}")
        print(f"  largest process so far: {run['peak_mb']} MB (this one or a worker)")
    print(f"load average before: {load:.2f} on {os.cpu_count()} cores")
    return 0 if all(r["sha256"] == runs[0]["sha256"] for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
