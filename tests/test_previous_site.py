"""The previous site, set aside by a swap and removed by the next build while it works (generator/site/staging.py).

At most one previous site is kept; it is never put back in place of the site (only a swap cut between its two
renames is repaired); a link named like one is removed, never followed; a removal cut by ``kill -9`` is finished by
the next build.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from generator.site.staging import Stage
from tests.conftest import ENV


def _build(site: Path, text: str) -> None:
    """What a build does with its staging folder: open, write, swap in."""
    stage = Stage(site)
    staging = stage.open()
    (staging / "index.html").write_text(text, encoding="utf-8")
    (staging / "reports" / "x").mkdir(parents=True)
    (staging / "reports" / "x" / "index.html").write_text(text, encoding="utf-8")
    stage.commit()


def _beside(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name != site.name)


def test_one_previous_site_is_kept_and_the_next_build_removes_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _build(site, "первая")
    assert _beside(site) == []  # nothing to set aside the first time
    _build(site, "вторая")
    [previous] = _beside(site)
    assert previous.startswith(".site-prev-") and (tmp_path / previous / "index.html").read_text(encoding="utf-8") == "первая"
    _build(site, "третья")
    [newer] = _beside(site)
    assert newer != previous and (tmp_path / newer / "index.html").read_text(encoding="utf-8") == "вторая"
    assert (site / "index.html").read_text(encoding="utf-8") == "третья"


def test_a_discarded_build_removes_the_previous_site_too(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _build(site, "первая")
    _build(site, "вторая")
    stage = Stage(site)
    stage.open()
    stage.discard()
    assert _beside(site) == [] and (site / "index.html").read_text(encoding="utf-8") == "вторая"


def test_a_previous_site_is_never_put_back_as_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _build(site, "первая")
    _build(site, "вторая")
    os.rename(site, tmp_path / "moved-away")  # the site gone (removed by hand): only a cut swap's «old» is put back
    stage = Stage(site)
    stage.open()
    stage.discard()
    assert not site.exists() and _beside(site) == ["moved-away"]


def test_a_link_named_like_a_previous_site_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "keep").mkdir(parents=True)
    (outside / "keep" / "file.txt").write_text("чужое", encoding="utf-8")
    project = tmp_path / "project"
    site = project / "site"
    _build(site, "первая")
    (project / ".site-prev-abcdefgh").symlink_to(outside, target_is_directory=True)
    _build(site, "вторая")
    _build(site, "третья")
    assert (outside / "keep" / "file.txt").read_text(encoding="utf-8") == "чужое"


OPEN_AND_WAIT = """
import sys, time
from generator.site.staging import Stage
Stage(sys.argv[1]).open()
print("open", flush=True)
time.sleep(60)
"""


def test_a_removal_cut_by_kill_9_is_finished_by_the_next_build(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _build(site, "первая")
    _build(site, "вторая")
    [previous] = _beside(site)
    for number in range(300):  # a previous site large enough to be cut while it is removed
        folder = tmp_path / previous / f"d{number}"
        folder.mkdir()
        for name in range(40):
            (folder / f"{name}.html").write_bytes(b"x")
    build = subprocess.Popen([sys.executable, "-c", OPEN_AND_WAIT, str(site)], env=ENV, stdout=subprocess.PIPE, text=True)
    assert build.stdout is not None and build.stdout.readline() == "open\n"
    time.sleep(0.02)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    assert (tmp_path / previous).is_dir(), "killed while it removed the previous site"
    _build(site, "третья")
    [kept] = _beside(site)
    assert kept != previous and (tmp_path / kept / "index.html").read_text(encoding="utf-8") == "вторая"
