"""Temporary files of killed writes (generator/common/atomic.py) are removed by the next process that writes into their
folder, once they are surely not in use; the folder is listed once per process, not at every write (a folder of
3,500 kept certificates was listed 3,500 times while the first build of 10,000 entries wrote them)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ENV

WRITE_MANY = """
import os, sys
from pathlib import Path
from generator.common import atomic
folder = Path(sys.argv[1])
listed, scandir = [], os.scandir
def counted(path="."):
    listed.append(os.path.abspath(path))
    return scandir(path)
os.scandir = counted
for number in range(int(sys.argv[2])):
    atomic.write_bytes(folder / f"{number}.json", b"{}")
print(listed.count(str(folder.resolve())))
"""


def _write(folder: Path, files: int) -> int:
    result = subprocess.run([sys.executable, "-c", WRITE_MANY, str(folder), str(files)], env=ENV, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


def test_stale_temporaries_are_removed_and_fresh_ones_kept(tmp_path: Path) -> None:
    old = time.time() - 3600
    stale = tmp_path / ".other.pdf.innopub-abcd1234.tmp"  # another file's write, killed an hour ago
    fresh = tmp_path / ".busy.pdf.innopub-efgh5678.tmp"  # a write of another process going on now
    foreign = tmp_path / ".someone-elses.tmp"
    for path in (stale, fresh, foreign):
        path.write_bytes(b"x")
    os.utime(stale, (old, old))
    os.utime(foreign, (old, old))
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_bytes(b"keep")
    link = tmp_path / ".link.pdf.innopub-ijkl9012.tmp"
    link.symlink_to(outside)
    os.utime(link, (old, old), follow_symlinks=False)
    assert _write(tmp_path, 1) == 1
    assert not stale.exists() and fresh.exists() and foreign.exists()
    assert outside.read_bytes() == b"keep"


def test_a_folder_is_listed_once_for_many_writes(tmp_path: Path) -> None:
    assert _write(tmp_path, 300) == 1
    assert len(list(tmp_path.glob("*.json"))) == 300 and not list(tmp_path.glob(".*.tmp"))
