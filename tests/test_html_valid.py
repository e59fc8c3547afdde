"""Every page of the built demo site passes the Nu HTML Checker (vnu.jar, offline) with zero errors."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures.checkers import vnu


def test_every_page_of_the_demo_is_valid_html(demo: Path) -> None:
    pages = sorted(demo.rglob("*.html"))
    assert len(pages) > 50
    errors = vnu("--skip-non-html", str(demo))
    shown = [f"{Path(m['url'].removeprefix('file:')).relative_to(demo)}:{m.get('lastLine')}: {m['message']}" for m in errors]
    assert not shown, f"{len(shown)} errors:\n" + "\n".join(shown[:40])


def test_the_checker_finds_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="ru"><title>x</title><input type="checkbox" autocomplete="off"><p><div></p>', encoding="utf-8")
    assert vnu(str(bad))
