"""The pool that typesets editions on every core (generator/editions/pool.py): its size, its workers, and that
no worker outlives a failed or killed build. That the editions' bytes and order are those of one process is
checked by tests/test_determinism.py and tests/test_golden.py, whose builds use the pool."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.editions import pool
from generator.editions.pool import WORKERS_VARIABLE, Typesetter, size_for

ROOT = Path(__file__).resolve().parent.parent


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def _gone(pids: list[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.1)
    return False


def test_the_variable_sets_the_size_and_jobs_cap_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, "3")
    assert size_for(10) == 3
    assert size_for(2) == 2
    assert size_for(0) == 1
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    assert size_for(10) == 1


def test_the_size_follows_cores_jobs_and_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WORKERS_VARIABLE, raising=False)
    monkeypatch.setattr(pool, "cores", lambda: 8)
    monkeypatch.setattr(pool, "available_memory", lambda: 64 * 2**30)
    assert size_for(20) == 8
    assert size_for(3) == 3
    monkeypatch.setattr(pool, "available_memory", lambda: 900 * 2**20)  # two workers' worth
    assert size_for(20) == 2
    monkeypatch.setattr(pool, "available_memory", lambda: 100 * 2**20)
    assert size_for(20) == 1
    monkeypatch.setattr(pool, "available_memory", lambda: None)
    assert size_for(20) == 8


def test_one_worker_runs_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    with Typesetter(5) as typesetter:
        assert typesetter.submit(os.getpid).result() == os.getpid()
        failed = typesetter.submit(int, "не число")
    with pytest.raises(ValueError):
        failed.result()


@pytest.mark.slow
def test_jobs_run_in_other_processes_and_a_failure_stops_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    typesetter = Typesetter(4)
    assert typesetter.size == 2
    with typesetter:
        pids = {typesetter.submit(os.getpid).result(timeout=120) for _ in range(4)}
        with pytest.raises(ValueError):
            typesetter.submit(int, "не число").result(timeout=120)  # a worker's failure reaches the main process
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), Typesetter(4) as typesetter:
        for _ in range(3):
            typesetter.submit(time.sleep, 60)
        workers = [p.pid for p in typesetter._executor._processes.values()]
        time.sleep(2)
        raise KeyboardInterrupt  # Ctrl-C, or any failure of the build while the workers typeset
    assert time.monotonic() - started < 30, "the workers were stopped, not waited for"
    assert _gone(workers)


KILLED = """
import os, signal, time
from generator.editions.pool import Typesetter
typesetter = Typesetter(2)
futures = [typesetter.submit(time.sleep, 120) for _ in range(2)]
while len(typesetter._executor._processes) < 2:
    time.sleep(0.05)
time.sleep(3)  # the workers have started their jobs
print(" ".join(str(p) for p in typesetter._executor._processes), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.slow
def test_no_worker_outlives_a_killed_build() -> None:
    env = {**os.environ, WORKERS_VARIABLE: "2", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", KILLED], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == -9, done.stderr
    workers = [int(pid) for pid in done.stdout.split()]
    assert len(workers) == 2
    assert _gone(workers), "the workers died with the build"
