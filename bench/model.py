"""The content model's growth: CPU seconds of each stage at several sizes, Python's cycle collector on.

    .venv/bin/python -m bench.model --entries 2500 10000 [--rounds 3] [--work DIR]

Generates ``bench/generate.py``'s synthetic content of each size (or reuses ``DIR/<N>/content``), then times
read, validate and link (and the facets and pages derived from the model) in CPU seconds of this process
(``time.process_time``: other load on the machine changes it far less than the wall time), the smallest of
``--rounds`` after one warm-up, with the collector on as in any caller, and prints each stage's growth from the
first size to each other one against the entries' (×4 from 2,500 to 10,000 is linear).
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.generate import generate

STAGES = ("read", "validate", "link", "facets", "pages")


def stages(content: Path, clock: Callable[[], float] = time.process_time) -> dict[str, float]:
    """Seconds by ``clock`` (CPU by default) of each stage of the content model of ``content``, the collector as the
    caller left it; ``bench/run.py`` takes the wall clock's."""
    from generator.check.validate import validate_documents
    from generator.common.problems import Problems
    from generator.kinds import KINDS
    from generator.model.resolve import build_model
    from generator.pages.catalog import site_pages
    from generator.pages.facets import entry_record
    from generator.read.reader import read_tree
    from generator.settings.options import Settings

    problems = Problems()
    times: dict[str, float] = {}
    started = clock()
    documents = read_tree(content, "content", set(KINDS), problems)
    times["read"] = clock() - started
    started = clock()
    valid, failed = validate_documents(documents, Settings(), content, problems)
    times["validate"] = clock() - started
    started = clock()
    model = build_model(valid, failed, Settings(), content, problems)
    times["link"] = clock() - started
    if problems.errors:
        raise SystemExit("generated content has errors:\n" + problems.report())
    started = clock()
    for entry in model.all():
        entry_record(model, entry)
    times["facets"] = clock() - started
    started = clock()
    site_pages(model)
    times["pages"] = clock() - started
    return times


def measure(content: Path, rounds: int) -> dict[str, float]:
    """Per stage, the smallest CPU seconds of ``rounds`` runs after a warm-up (imports and caches are no stage's cost)."""
    gc.collect()
    stages(content)
    runs = []
    for _ in range(rounds):
        gc.collect()  # the last round's model is gone before the next is made
        runs.append(stages(content))
    found = {stage: min(run[stage] for run in runs) for stage in STAGES}
    found["total"] = sum(found.values())
    return {stage: round(seconds, 3) for stage, seconds in found.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.model", description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[2500, 10000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, help="folder for the generated content (kept, reused); by default a temporary one")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="innopub-model-") as temporary:
        work = args.work or Path(temporary)
        results = {}
        for entries in args.entries:
            content = work / str(entries) / "content"
            if not content.is_dir():
                generate(content, entries)
            results[entries] = measure(content, args.rounds)
            print(f"{entries} entries, CPU s: " + ", ".join(f"{k} {v}" for k, v in results[entries].items()), flush=True)
    first = args.entries[0]
    for entries in args.entries[1:]:
        growth = ", ".join(f"{k} ×{results[entries][k] / max(results[first][k], 1e-9):.1f}" for k in (*STAGES, "total"))
        print(f"growth {first} → {entries} (entries ×{entries / first:g}): {growth}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
