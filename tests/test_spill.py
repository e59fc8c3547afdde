"""The pages' HTML kept on disk between conversion and writing (generator/site/spill.py): the same text comes back,
the file has no name (nothing to publish, nothing left after ``kill -9``), a link in the folder's place is not
followed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from generator.site.spill import Spill
from tests.conftest import ENV, ROOT


def files_open_in(folder: Path, pid: str = "self") -> list[str]:
    """What the process's descriptors name inside ``folder`` (a deleted file keeps its folder in the name)."""
    found = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith(f"{folder}/"):
            found.append(target)
    return found


def test_every_text_comes_back_as_it_was_put(tmp_path: Path) -> None:
    texts = {
        "a.md": "<h1>Проект «Школа ёлочек»</h1><p>A&amp;B</p>",
        "b/c.md": "",
        "emoji.md": "<p>🙂 — ё — \u00a0</p>",
        "surrogate.md": "до \ud800 после",  # not UTF-8 at all: still the same str
        "big.md": "<p>Ж</p>\n" * 300_000,  # 2.7 MB, more than one write
    }
    spill = Spill(tmp_path)
    assert spill.on_disk
    for key, text in texts.items():
        spill.put(key, text)
    for key in reversed(list(texts)):
        assert spill.take(key) == texts[key]
    assert spill.take("a.md") == texts["a.md"]  # taken again: the same
    assert spill.take("never.md") is None
    spill.close()


def test_the_file_has_no_name_and_is_inside_the_folder(tmp_path: Path) -> None:
    spill = Spill(tmp_path)
    spill.put("a.md", "<p>Текст</p>" * 1000)
    assert os.listdir(tmp_path) == []  # nothing MkDocs could publish, nothing another process could open by name
    [open_file] = files_open_in(tmp_path)
    assert open_file.endswith("(deleted)")
    spill.close()
    assert files_open_in(tmp_path) == []
    assert os.listdir(tmp_path) == []


def test_a_link_in_the_folders_place_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / "site-staging"
    link.symlink_to(elsewhere, target_is_directory=True)
    spill = Spill(link)
    assert not spill.on_disk  # kept in memory instead: the same pages, more memory
    spill.put("a.md", "<p>Текст</p>")
    assert spill.take("a.md") == "<p>Текст</p>"
    assert files_open_in(elsewhere) == [] and files_open_in(link) == []
    spill.close()
    assert os.listdir(elsewhere) == []


def test_a_missing_folder_keeps_the_pages_in_memory(tmp_path: Path) -> None:
    spill = Spill(tmp_path / "gone")
    assert not spill.on_disk
    spill.put("a.md", "x")
    assert spill.take("a.md") == "x"
    spill.close()
    assert not (tmp_path / "gone").exists()


def test_nothing_is_left_after_kill_9(tmp_path: Path) -> None:
    folder = tmp_path / ".site-abcdefgh"
    folder.mkdir()
    code = (
        "import sys, time\n"
        "from generator.site.spill import Spill\n"
        "spill = Spill(sys.argv[1])\n"
        "for n in range(200):\n"
        "    spill.put(f'page{n}.md', '<p>Страница</p>' * 5000)\n"
        "print(spill.on_disk, flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(folder)], cwd=ROOT, env=ENV, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "True"
        assert [name.endswith("(deleted)") for name in files_open_in(folder, str(proc.pid))] == [True]
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 5
    while os.listdir(folder) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert os.listdir(folder) == []
