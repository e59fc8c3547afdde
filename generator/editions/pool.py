"""Typesetting on every core: a pool of worker processes for documents WeasyPrint lays out.

A job is a top-level function and its arguments, all picklable (``pdf.render_pdf`` and the print HTML):
the worker returns bytes and figures, never writes a file, so a killed build leaves no half-written
edition (the main process writes every file atomically, as before). Results come back whole; the caller
decides the order in which they are used, so the order and the bytes of every document are those of
one process.

The pool is sized to the machine: the cores this process may run on (``os.process_cpu_count``, else the
affinity mask), at most one per job, and at most as many as the memory available holds workers
(:data:`WORKER_MEMORY` each). ``INNOPUB_TYPESET_WORKERS=N`` sets the size (1: in this process, no pool).
Workers are started with ``spawn`` (not ``fork``: the build holds threads and a large heap), ignore Ctrl-C
(the main process stops them) and die with the main process when it is killed.

Any kind of document can be submitted: ``with Typesetter(jobs) as pool: future = pool.submit(fn, *args)``.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from typing import Any

WORKERS_VARIABLE = "INNOPUB_TYPESET_WORKERS"
_PR_SET_PDEATHSIG = 1
WORKER_TASKS = 20
"""Documents a worker lays out before a fresh one takes its place (unless the caller says otherwise): WeasyPrint keeps
what it learnt of fonts and styles from document to document, and a worker that laid out a hundred of the 200
collections of 10,000 entries grew to 320 MB, the largest first. A fresh worker costs about a second of CPU."""
WORKER_MEMORY = 400 * 2**20
"""What one worker may take while laying out a large collection (a generous bound: see README «Benchmark»)."""


def cores() -> int:
    """The cores this process may run on."""
    count = getattr(os, "process_cpu_count", None)  # Python 3.13
    if count is not None:
        return count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def available_memory() -> int | None:
    """Bytes of memory the system can give without swapping (``MemAvailable``), if it says."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def size_for(jobs: int) -> int:
    """How many workers ``jobs`` documents get: the variable's number, else cores, jobs and memory allow."""
    wanted = os.environ.get(WORKERS_VARIABLE, "").strip()
    if wanted.isdigit() and int(wanted) >= 1:
        return min(int(wanted), max(1, jobs))
    size = min(cores(), jobs)
    memory = available_memory()
    if memory is not None:
        size = min(size, memory // WORKER_MEMORY)
    return max(1, size)


def _worker_started(parent: int) -> None:
    """In each worker: Ctrl-C is the main process's to handle, and the worker dies with the main process (a
    killed build leaves no worker behind: Linux's parent-death signal, then a check that the parent still is)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the signal was asked for
        os._exit(1)


class Typesetter:
    """Runs jobs on a pool of ``size_for(jobs)`` worker processes, or in this process when that is one."""

    def __init__(self, jobs: int, max_tasks: int | None = WORKER_TASKS) -> None:
        """``max_tasks``: a worker is replaced by a fresh one after that many jobs (what a library caches between
        documents, as WeasyPrint's fonts and styles for each small certificate, does not grow without end)."""
        self.size = size_for(jobs)
        self.max_tasks = max_tasks
        self._executor: ProcessPoolExecutor | None = None
        self._stopped = False

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        """Start ``fn(*args)``; its future. In this process (size 1) it runs now and the future is already done."""
        if self._stopped:  # closed after a failure (from another thread: the build's): no new worker is started
            raise CancelledError()
        if self.size <= 1:
            future: Future = Future()
            try:
                future.set_result(fn(*args))
            except Exception as exc:  # handed to whoever asks for the result, as a worker's would be
                future.set_exception(exc)
            return future
        if self._executor is None:
            context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(
                self.size, mp_context=context, initializer=_worker_started, initargs=(os.getpid(),), max_tasks_per_child=self.max_tasks
            )
        return self._executor.submit(fn, *args)

    def close(self, failed: bool = False) -> None:
        """Wait for the workers to finish and exit; after a failure (or Ctrl-C), cancel what has not started
        and stop the workers at once: what they were making is thrown away, no file was written."""
        self._stopped = self._stopped or failed
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if not failed:
            executor.shutdown(wait=True)
            return
        processes = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(5)

    def __enter__(self) -> Typesetter:
        return self

    def __exit__(self, kind, value, trace) -> None:
        self.close(failed=kind is not None)
