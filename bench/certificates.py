"""Benchmark of the certificates of publication (issue 24), separate from ``bench/run.py``.

    .venv/bin/python -m bench.certificates [--articles 100]

Builds a synthetic conference collection of ``--articles`` articles (two authors each), typesets its edition
(not timed), then prints: the time to make a certificate for every article (WeasyPrint, one page each, on the
editions' pool: every core) and per 100 certificates, wall and CPU time, the pool's workers included (on a shared
machine the CPU time is the steadier figure); the average and largest certificate's size; the time of the next
build's certificate step, which reads the kept ones back (``editions/spravki/``) and typesets none.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import tempfile
import time
from pathlib import Path

from generator.editions.certificate import certify
from generator.editions.typeset import Editions
from generator.model.load import load_content
from generator.render.renderer import Renderer
from generator.settings.config import load_config
from generator.settings.options import Publication

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 25)
PUBLICATION = Publication(editor="Белова Марина Николаевна", editor_position="директор МКУ «Информационно-методический центр»")
TEXT = (
    "Педагоги площадки разработали серию межпредметных заданий, в которых обучающиеся исследуют реальные проблемы своего "
    "города: качество воды в реке, маршруты школьных автобусов, бюджет семейного праздника."
)


def synthetic(folder: Path, articles: int) -> None:
    org = "---\ntitle: Муниципальное общеобразовательное учреждение «Гимназия № 1»\nshort: МОУ «Гимназия № 1»\nmunicipality: г. Сокол\n---\n"
    (folder / "organizations").mkdir(parents=True)
    (folder / "organizations/gimnaziya-1.md").write_text(org, encoding="utf-8")
    (folder / "collections").mkdir()
    collection = (
        "---\ntitle: Инновационная практика — 2026\nkind: conference\ndate: 2026-10-01\neditors: [Мохова Наталья Геннадьевна]\n"
        "publisher: МКУ «ИМЦ»\ncity: Сокол\nisbn: 978-5-00000-000-0\nudk: '37.01'\nbbk: '74.0'\n---\n\nПредисловие.\n"
    )
    (folder / "collections/praktika-2026.md").write_text(collection, encoding="utf-8")
    (folder / "articles").mkdir()
    for n in range(articles):
        text = (
            f"---\ntitle: Статья № {n + 1} — межпредметные задания для основной школы и их апробация\ndate: 2026-10-01\n"
            f"authors:\n  - {{name: Иванова Елена Андреевна, position: учитель математики, organization: gimnaziya-1}}\n"
            f"  - {{name: Петров Павел Сергеевич, position: учитель физики, organization: gimnaziya-1}}\n"
            f"collection: praktika-2026\n---\n\n{TEXT} {TEXT}\n"
        )
        (folder / f"articles/statya-{n + 1}.md").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100, help="articles in the synthetic collection, one certificate each")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-certificates-"))
    try:
        content = work / "content"
        synthetic(content, args.articles)
        site = load_config(ROOT / "mkdocs.yml")
        model, problems = load_content(content, site.settings)
        assert not problems.errors, problems.report()
        renderer = Renderer([ROOT / "theme"], model)
        editions = Editions(renderer.env, ROOT / "theme", work / "cache", site.site_name, site.site_url, content, TODAY)
        outputs = editions.build_all(model)

        def cpu_seconds() -> float:  # this process and its finished children: the typesetting pool's workers
            own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
            return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

        def step() -> tuple[dict, float, float]:
            start, cpu = time.perf_counter(), cpu_seconds()
            made, _ = certify(outputs, renderer.env, ROOT / "theme", content, editions.kept_dir, PUBLICATION, site.site_name, site.site_url, TODAY)
            return made, time.perf_counter() - start, cpu_seconds() - cpu

        made, first, first_cpu = step()
        sizes = [m.pdf_file.stat().st_size for m in made.values()]
        again, kept, _ = step()
        assert len(made) == args.articles == len(again)
        per = 100 / len(made)
        print(f"{len(made)} certificates made: {first:.2f} s ({first_cpu:.2f} s CPU), {first * per:.1f} s per 100 ({first_cpu * per:.1f} s CPU)")
        print(f"size per certificate: {sum(sizes) / len(sizes) / 1024:.1f} KB on average, {max(sizes) / 1024:.1f} KB the largest")
        print(f"next build, every certificate kept: {kept:.3f} s")
        print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
