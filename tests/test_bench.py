"""The benchmark script keeps working: a run at 50 entries (large sizes are run by hand, README)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.conftest import ROOT, innopub, run


def test_generated_content_follows_the_contract(tmp_path: Path) -> None:
    from bench.generate import generate

    counts = generate(tmp_path / "content", 40)
    assert set(counts) == {"organizations", "platforms", "reports", "practices", "events", "collections", "articles"}
    assert sum(counts.values()) == 40
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    result = innopub("check", "--strict", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    again = tmp_path / "again"
    generate(again / "content", 40)
    first = sorted(p.relative_to(tmp_path / "content") for p in (tmp_path / "content").rglob("*.md"))
    assert first == sorted(p.relative_to(again / "content") for p in (again / "content").rglob("*.md"))
    sample = first[len(first) // 2]
    assert (tmp_path / "content" / sample).read_bytes() == (again / "content" / sample).read_bytes(), "same seed, same tree"


def test_bench_runs_at_50_entries(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = run([sys.executable, "-m", "bench.run", "--entries", "50", "--work", str(tmp_path / "work"), "--json", str(out)], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["entries"] == 50
    assert report["build"]["seconds"] > 0 and report["build"]["peak_mb"] > 30
    assert report["floor"]["seconds"] > 0 and report["ratio"] > 0 and report["ratio_rebuild"] > 0
    assert report["rebuild_pages_converted"]["seconds"] > 0 and report["ratio_converted_same_pages_again"] > 0
    assert report["floor_same_pages"]["pages"] >= report["site"]["entry_pages"] and report["ratio_rebuild_same_pages"] > 0
    assert report["index"]["pages"] == report["site"]["entry_pages"] == 50
    assert 0 < report["site"]["avg_entry_page_kb"] < 100
    first = report["first_query"]
    assert first["results_shown"] > 1 and 0 < first["kb"] < 300
    assert 0 < report["first_query_gzip"]["kb"] <= first["kb"]
    assert {"read", "validate", "link", "facets", "pages"} <= set(report["model"])
    for line in ("innopub build", "plain mkdocs build (floor)", "ratio innopub / floor", "first query"):
        assert line in result.stdout


def test_the_region_bench_runs_small(tmp_path: Path) -> None:
    out = tmp_path / "harvest.json"
    args = ["--export", "50", "--municipalities", "3", "--entries", "30", "--json", str(out)]
    result = run([sys.executable, "-m", "bench.harvest", *args], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["export"][0]["bytes"]["export/innopub.json"] > 0 and figures["export"][0]["entries"] > 40
    assert figures["harvest"]["municipalities"] == 3 and figures["harvest"]["first_s"] > 0


def test_model_bench_prints_each_stage_and_its_growth(tmp_path: Path) -> None:
    result = run([sys.executable, "-m", "bench.model", "--entries", "20", "40", "--rounds", "1", "--work", str(tmp_path)], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("20 entries, CPU s: read ") and lines[1].startswith("40 entries, CPU s: read ")
    assert lines[2].startswith("growth 20 → 40 (entries ×2): read ×") and "link ×" in lines[2] and "total ×" in lines[2]
    assert (tmp_path / "40" / "content" / "reports").is_dir()


def test_model_stages_pause_the_collector_and_restore_it(tmp_path: Path) -> None:
    import gc
    import traceback

    from bench.generate import generate
    from generator.model.load import ContentLoader
    from generator.settings.options import Settings

    generate(tmp_path / "content", 20)
    loader = ContentLoader(tmp_path / "content", Settings())
    seen: list[str] = []

    def inside_model(phase: str, info: dict) -> None:  # a pass started from the model's own code
        if phase == "start":
            seen.extend(frame.filename for frame in traceback.extract_stack() if "/generator/" in frame.filename)

    gc.callbacks.append(inside_model)
    threshold = gc.get_threshold()
    try:
        gc.set_threshold(1)  # a pass on every allocation, were the collector running
        model, problems = loader.load()
        during = list(seen)
        gc.set_threshold(*threshold)
        assert during == [], "no collector pass while the model is made"
        assert not problems.errors and len(model.all()) == 20
        assert gc.isenabled()
        gc.disable()
        ContentLoader(tmp_path / "content", Settings()).load()
        assert not gc.isenabled(), "a caller's paused collector stays paused"
    finally:
        gc.enable()
        gc.set_threshold(*threshold)
        gc.callbacks.pop()
