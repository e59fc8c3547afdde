"""A real build whose pages wait on disk between conversion and writing (generator/site/spill.py) writes every file
byte for byte as a build that keeps them in memory; the waiting file lives in the build's staging folder, without a
name, and nothing of it is left in the project."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ENV, ROOT, project

BUILD = """
import json, os, sys
import generator.site.spill as spill
used = []
if sys.argv[1] == "memory":
    spill._anonymous_file = lambda folder: None
else:
    put = spill.Spill.put
    def recording_put(self, key, text):
        if not used:
            fds = []
            for fd in os.listdir("/proc/self/fd"):
                try:
                    fds.append(os.readlink(f"/proc/self/fd/{fd}"))
                except OSError:  # the descriptor listdir itself used
                    pass
            used.append({"folder": str(self.folder), "on_disk": self.on_disk,
                         "open": [name for name in fds if name.startswith(str(self.folder) + "/")]})
        used.append(key)
        return put(self, key, text)
    spill.Spill.put = recording_put
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "-q"]
try:
    cli()
finally:
    if used:
        print(json.dumps({**used[0], "pages": len(used) - 1}))
"""


def files_of(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def build(root: Path, mode: str) -> dict:
    env = {**ENV, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", BUILD, mode], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {}


def test_spilled_pages_are_written_as_pages_kept_in_memory(tmp_path: Path) -> None:
    root = project(tmp_path / "site", ROOT / "content")
    assert build(root, "memory") == {}
    kept = files_of(root / "site")
    used = build(root, "disk")
    spilled = files_of(root / "site")

    assert used["on_disk"] is True
    staging = Path(used["folder"])
    assert staging.parent == root and staging.name.startswith(".site-")  # the build's staging folder, swapped in at the end
    assert [name.endswith("(deleted)") for name in used["open"]] == [True]
    assert used["pages"] > 100  # every page of the demo went through it

    assert sorted(spilled) == sorted(kept)
    assert [path for path in kept if spilled[path] != kept[path]] == []
    entry = next(path for path in kept if path.startswith("platforms/") and path.endswith("index.html") and path != "platforms/index.html")
    assert b'<article class="md-content__inner md-typeset">' in spilled[entry]
    assert sorted(name for name in os.listdir(root) if name.startswith(".site")) == []  # nothing left beside the site
