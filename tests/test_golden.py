"""Golden outputs of a small fixture site (``tests/golden/content/``), the way Pelican keeps its expected output.

The fixture is built with ``innopub build`` and what innopub itself writes is compared, file by file, with
``tests/golden/expected/``: of each page its title, the citation tags and JSON-LD of its ``<head>`` and its
content (Material's header, navigation and footer are Material's, and left out), pretty-printed one tag a
line; the Atom feed, the sitemap, the redirects and the open data files as they are. A change of the output
shows as a diff a reviewer reads. After an intended change, regenerate and review the diff:

    .venv/bin/python -m tests.test_golden        # or: make golden
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import lxml.html
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "golden" / "content"
EXPECTED = ROOT / "tests" / "golden" / "expected"
TODAY = "2026-11-25"
SETTINGS = f"""      today: {TODAY}
"""
TEXT_FILES = (".xml", ".csv", ".json")
SKIPPED = ("assets/", "pagefind/", "admin/", "search/", "files/")


def build(folder: Path) -> Path:
    """The fixture site built into ``folder`` with the project's settings, theme and ``innopub build``."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("  - innopub:\n", "  - innopub:\n" + SETTINGS)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "theme", folder / "theme")
    shutil.copytree(FIXTURE, folder / "content")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", "LANG": "C.UTF-8"}
    result = subprocess.run(
        [sys.executable, "-m", "generator.commands.cli", "build", "-q"], cwd=folder, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise AssertionError(f"the golden fixture does not build:\n{result.stdout}{result.stderr}")
    return folder / "site"


def _page(path: Path) -> str:
    """A page's own part: title, citation tags and JSON-LD, and the article, one tag a line."""
    tree = lxml.html.fromstring(path.read_bytes())
    parts = [f"<title>{tree.findtext('.//title')}</title>"]
    for meta in tree.xpath('//head/meta[starts-with(@name, "citation_")]'):
        parts.append(etree.tostring(meta, encoding="unicode", method="html").strip())
    for script in tree.xpath('//head/script[@type="application/ld+json"]'):
        parts.append(f'<script type="application/ld+json">{script.text}</script>')
    article = tree.xpath('//article[contains(@class, "md-content__inner")]')
    target = article[0] if article else tree.find(".//body")
    for link in target.xpath('.//a[@class="headerlink"]'):  # «¶» after every heading: Markdown's, not ours
        link.drop_tree()
    parts.append(etree.tostring(target, encoding="unicode", method="html", pretty_print=True))
    lines = (line.rstrip() for line in "\n".join(parts).splitlines())
    return "\n".join(line for line in lines if line.strip()) + "\n"  # blank lines of the templates left out


def outputs(site: Path) -> dict[str, str]:
    """What innopub writes of ``site``, by path, as text."""
    found = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel.startswith(SKIPPED):
            continue
        if path.suffix == ".html":
            found[rel] = _page(path)
        elif path.suffix in TEXT_FILES:
            found[rel] = path.read_text(encoding="utf-8")
    return found


def expected() -> dict[str, str]:
    return {p.relative_to(EXPECTED).as_posix()[: -len(".txt")]: p.read_text(encoding="utf-8") for p in sorted(EXPECTED.rglob("*.txt"))}


def test_golden_outputs(tmp_path: Path) -> None:
    built, golden = outputs(build(tmp_path)), expected()
    assert golden, "no golden outputs: run `python -m tests.test_golden`"
    missing, extra = sorted(golden.keys() - built.keys()), sorted(built.keys() - golden.keys())
    assert not missing and not extra, f"missing: {missing}; not in the golden outputs: {extra}"
    changed = [name for name in golden if golden[name] != built[name]]
    diff = "".join(
        line
        for name in changed[:3]
        for line in difflib.unified_diff(golden[name].splitlines(True), built[name].splitlines(True), f"golden/{name}", f"built/{name}", n=2)
    )
    assert not changed, f"{len(changed)} outputs differ from tests/golden/expected/ (regenerate: python -m tests.test_golden):\n{diff[:6000]}"


def regenerate() -> None:
    """Write the fixture's outputs as the new golden files (``git diff tests/golden`` shows what changed)."""
    with tempfile.TemporaryDirectory(prefix="innopub-golden-") as folder:
        built = outputs(build(Path(folder)))
    shutil.rmtree(EXPECTED, ignore_errors=True)
    for name, text in built.items():
        target = EXPECTED / f"{name}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"{len(built)} golden outputs written to {EXPECTED.relative_to(ROOT)}/")


if __name__ == "__main__":
    regenerate()
