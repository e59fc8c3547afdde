"""One Markdown parser for every page (generator/engines/mkdocs/convert.py) gives the very site MkDocs' own
per-page parser gives: the demo (tables, admonitions, attributes, tables of contents, raw HTML, links to
anchors, editors' hostile markup) built both ways with plain ``mkdocs build``, every file compared."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from generator.engines.mkdocs.convert import Converter
from tests.conftest import ENV, ROOT, project, run
from tests.fixtures.sites import different

PER_PAGE = (
    "import sys; from generator.engines.mkdocs.convert import Converter; Converter.usable = staticmethod(lambda: False); "
    "from mkdocs.__main__ import cli; sys.argv = ['mkdocs', 'build', '-q']; cli()"
)


# Each page defines a reference link the other uses without defining it: a parser that kept the first page's
# references (not reset between pages) would link the second page's «[источник][…]».
REFERENCES = {
    "ssylki-1.md": "---\ntitle: Ссылки один\n---\n\nСм. [источник][vtoroy].\n\n[pervyy]: https://example.org/1\n",
    "ssylki-2.md": "---\ntitle: Ссылки два\n---\n\nСм. [источник][pervyy].\n\n[vtoroy]: https://example.org/2\n",
}


def _with_references(root: Path) -> Path:
    for name, text in REFERENCES.items():
        (root / "content" / name).write_text(text, encoding="utf-8")
    return root


def test_the_shared_parser_builds_the_same_site_as_a_parser_per_page(tmp_path: Path) -> None:
    assert Converter.usable(), "this MkDocs is the one the converter repeats: the comparison below means something"
    shared = _with_references(project(tmp_path / "shared", ROOT / "content"))
    result = run([sys.executable, "-m", "mkdocs", "build", "-q"], shared, ENV)
    assert result.returncode == 0, result.stderr
    per_page = _with_references(project(tmp_path / "per-page", ROOT / "content"))
    shutil.copytree(shared / ".cache", per_page / ".cache")  # the editions from the first build's cache: not typeset twice
    result = run([sys.executable, "-c", PER_PAGE], per_page, ENV)
    assert result.returncode == 0, result.stderr
    assert (shared / "site" / "reports").is_dir() and len(list((shared / "site").rglob("index.html"))) > 100
    assert "[источник][vtoroy]" in (shared / "site" / "ssylki-1" / "index.html").read_text(encoding="utf-8")
    assert "[источник][pervyy]" in (shared / "site" / "ssylki-2" / "index.html").read_text(encoding="utf-8")
    assert different(shared / "site", per_page / "site") == []
