"""bench/run.py's peak of all processes: a child between fork and exec is the build's own memory, not counted twice."""

from __future__ import annotations

import subprocess
import sys

from bench.run import _sample_tree

HOLDS_AND_FORKS = """
import os, sys, time
data = bytearray(200 * 2**20)
for i in range(0, len(data), 4096):
    data[i] = 1  # resident
pid = os.fork()  # the child runs the same command, on the same pages, as Python's vfork before exec
if pid == 0:
    time.sleep(2)
    os._exit(0)
time.sleep(2)
os.waitpid(pid, 0)
"""


def test_a_forked_child_is_not_counted_twice() -> None:
    proc = subprocess.Popen([sys.executable, "-c", HOLDS_AND_FORKS])
    peak = [0]
    _sample_tree(proc.pid, peak)
    proc.wait()
    assert 200 < peak[0] / 2**20 < 320  # one copy of the 200 MB (and the interpreter), not two
