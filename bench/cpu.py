"""CPU seconds of a warm build and of innopub's own per-page work, for comparing two versions of the code in one run.

    .venv/bin/python -m bench.cpu --site DIR [--code DIR ...] [--rounds 3]

``DIR`` is a benchmark project already built once (``bench.run --work``'s ``innopub/``: its edition cache is warm).
Each ``--code`` folder is a checkout of innopub (``git worktree add`` or ``git archive | tar -x``; default: this
one), put first on ``PYTHONPATH``; the versions take turns, round after round, so that other load on the machine
falls on each alike. Prints per version the smallest of the rounds: the CPU seconds (user + system, the build and
every process it waited for) of ``mkdocs build``, and of the template parts of every page innopub renders
(``Renderer.render_parts``, in one process, the model loaded before the clock starts).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PARTS = """
import json, resource, sys, time
from pathlib import Path
from generator.model.load import load_content
from generator.pages.catalog import site_pages
from generator.render.renderer import Renderer
from generator.settings.config import load_config

config = load_config(Path(sys.argv[1]) / "mkdocs.yml")
model, _ = load_content(config.docs_dir, config.settings)
specs = list(site_pages(model))
renderer = Renderer([config.theme_dir], model)
for spec in specs[:50]:
    renderer.render_parts(spec, spec.url)  # templates compiled: not the pages' cost
renderer = Renderer([config.theme_dir], model)
started = time.process_time()
for spec in specs:
    renderer.render_parts(spec, spec.url)
print(json.dumps({"parts_cpu": round(time.process_time() - started, 2), "pages": len(specs)}))
"""


def _env(code: Path) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(code), "SOURCE_DATE_EPOCH": "1764028800"}


def build_cpu(site: Path, code: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=site, env=_env(code), check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2)


def parts_cpu(site: Path, code: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", PARTS, str(site)], cwd=code, env=_env(code), check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cpu", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--code", type=Path, action="append", help="a checkout of innopub (repeat to compare)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-build", action="store_true", help="only the template parts")
    args = parser.parse_args(argv)
    codes = [c.resolve() for c in (args.code or [ROOT])]
    results: dict[Path, dict[str, list[float]]] = {c: {"build": [], "parts": []} for c in codes}
    load = os.getloadavg()[0]
    for _ in range(args.rounds):
        for code in codes:
            results[code]["parts"].append(parts_cpu(args.site, code)["parts_cpu"])
            if not args.no_build:
                results[code]["build"].append(build_cpu(args.site, code))
    for code, figures in results.items():
        build = f"warm build {min(figures['build'])} s CPU (rounds: {figures['build']}); " if figures["build"] else ""
        print(f"{code}: {build}template parts {min(figures['parts'])} s CPU (rounds: {figures['parts']})")
    print(f"load average {load:.2f} → {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
