"""Benchmark of the PDF/EPUB editions (issue 3), separate from ``bench/run.py``.

    .venv/bin/python -m bench.collections [--items 70]

Prints: the time to lay out the demo conference collection's PDF (cold cache), the time and
page count of a synthetic bulletin issue of about 100 pages, and the time of the editions step
of a rebuild when no collection changed (every edition from the cache; target: under 1 s).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from generator.editions.bulletin import write_issue
from generator.editions.typeset import Editions
from generator.model.load import load_content
from generator.render.renderer import Renderer
from generator.settings.config import load_config

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = (
    "Педагоги площадки разработали серию межпредметных заданий, в которых обучающиеся исследуют реальные проблемы своего "
    "города: качество воды в реке, маршруты школьных автобусов, бюджет семейного праздника. Каждое задание проходит "
    "апробацию в двух классах, затем обсуждается на методическом объединении и уточняется по результатам диагностики."
)


def editions(content: Path, cache: Path):
    site = load_config(ROOT / "mkdocs.yml")
    model, problems = load_content(content, site.settings)
    assert not problems.errors, problems.report()
    renderer = Renderer([ROOT / "theme"], model)
    return model, Editions(renderer.env, ROOT / "theme", cache, site.site_name, site.site_url)


def synthetic(folder: Path, items: int) -> None:
    org = "---\ntitle: Гимназия № 1\nshort: МОУ «Гимназия № 1»\nmunicipality: г. Сокол\n---\n"
    (folder / "organizations").mkdir(parents=True)
    (folder / "organizations/gimnaziya-1.md").write_text(org, encoding="utf-8")
    (folder / "practices").mkdir()
    body = "\n\n".join(f"## Этап {i}\n\n{PARAGRAPH} {PARAGRAPH}" for i in range(1, 4))
    for n in range(items):
        text = (
            f"---\ntitle: Практика № {n + 1} — межпредметные задания для основной школы\ndate: 2026-10-{n % 28 + 1:02d}\n"
            f"authors:\n  - {{name: Иванова Елена Андреевна, position: учитель, organization: gimnaziya-1}}\n"
            f"organization: gimnaziya-1\n---\n\n{body}\n"
        )
        (folder / f"practices/p-{n + 1}.md").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=95, help="practices in the synthetic issue (95 ≈ 100 pages)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-collections-"))
    try:
        model, ed = editions(ROOT / "content", work / "cache")
        conference = next(e for e in model.entries["collections"] if e.meta.kind == "conference")
        start = time.perf_counter()
        out = ed.build(conference, model)
        print(f"demo conference PDF+EPUB, cold: {time.perf_counter() - start:.2f} s, {out.pdf_pages} pages")

        ed.build_all(model)
        start = time.perf_counter()
        outputs = ed.build_all(model)
        warm = time.perf_counter() - start
        print(f"rebuild, nothing changed: {len(outputs)} editions in {warm:.2f} s, laid out again: {sum(o.rendered for o in outputs.values())}")

        content = work / "synthetic"
        synthetic(content, args.items)
        model, _ = load_content(content, load_config(ROOT / "mkdocs.yml").settings)
        write_issue(content, model, 2026, 10)
        model, ed = editions(content, work / "cache")
        issue = model.entries["bulletin"][0]
        start = time.perf_counter()
        out = ed.build(issue, model)
        print(f"synthetic bulletin issue PDF+EPUB: {time.perf_counter() - start:.2f} s, {out.pdf_pages} pages")
        print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
