"""Stage 5b: the input of one Pagefind process, written by a thread of its own.

Pagefind reads its standard input as fast as it parses pages, which is slower than the build converts
them at times (a part's first pages, while the part before hands over its files). Written by the
build's thread, a full pipe (64 KB: four search documents) stopped the build until Pagefind caught
up: 6.9 s of a 10,000-entry build were spent so. Here the build's thread only queues the message;
this thread writes it. The queue is bounded (:data:`BACKLOG` bytes): past it the build waits, as before,
so memory stays bounded when Pagefind is the slower one throughout.

The writer is not woken for every message: each wake-up hands Python's lock to it and back, which cost the
build's thread as much as the waiting it saved (7.5 s at 10,000 entries on a loaded machine). It writes what
has piled up every :data:`INTERVAL` seconds, or as soon as :data:`BATCH` bytes wait; Pagefind meanwhile reads
what its pipe already holds.
"""

from __future__ import annotations

import collections
import contextlib
import threading
from typing import IO

BACKLOG = 16 * 1024 * 1024
"""Bytes of messages waiting for Pagefind at most (about a thousand search documents, base64)."""
BATCH = 256 * 1024
"""Bytes waiting that wake the writer at once (about fifteen search documents)."""
INTERVAL = 0.05
"""Seconds the writer sleeps between looks at the queue."""


class FeederClosed(RuntimeError):
    """The stream cannot take more: Pagefind stopped reading (the caller asks Pagefind why)."""


class Feeder:
    """Messages written to ``stream`` in the order :meth:`put` got them, by a daemon thread."""

    def __init__(self, stream: IO[bytes], backlog: int = BACKLOG) -> None:
        self._stream = stream
        self._backlog = backlog
        self._queue: collections.deque[bytes] = collections.deque()
        self._queued = 0
        self._changed = threading.Condition()
        self._writing = False
        self._hurry = False
        self._failed: BaseException | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="pagefind-input", daemon=True)
        self._thread.start()

    def put(self, message: bytes, urgent: bool = False) -> None:
        """Queue ``message``; wait while the backlog is full. Raises :class:`FeederClosed` once writing failed.

        An ``urgent`` message (one whose answer the caller waits for) wakes the writer at once."""
        with self._changed:
            while self._queued > self._backlog and self._failed is None and not self._closed:
                self._changed.wait()
            if self._failed is not None or self._closed:
                raise FeederClosed(str(self._failed or "closed"))
            self._queue.append(message)
            self._queued += len(message)
            self._hurry = self._hurry or urgent
            if (self._hurry or self._queued >= BATCH) and not self._writing:  # else the writer finds it at its next look
                self._changed.notify_all()

    def drain(self) -> None:
        """Wait until every queued message is written (or writing failed)."""
        with self._changed:
            self._hurry = True
            self._changed.notify_all()
            while (self._queue or self._writing) and self._failed is None:
                self._changed.wait()

    def close(self) -> None:
        """Write what is queued, then close the stream (Pagefind then exits at the end of its input)."""
        self.drain()
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        self._thread.join()
        with contextlib.suppress(OSError):
            self._stream.close()

    def abandon(self) -> None:
        """Stop without writing what is queued (Pagefind was killed)."""
        with self._changed:
            self._queue.clear()
            self._queued = 0
            self._closed = True
            self._changed.notify_all()

    def _run(self) -> None:
        while True:
            with self._changed:
                if not self._queue and self._closed:
                    return
                if not self._queue or (self._queued < BATCH and not self._hurry):
                    self._changed.wait(INTERVAL)
                if not self._queue:
                    continue
                batch = b"".join(self._queue)  # what piled up goes out in one write
                self._queue.clear()
                self._writing = True
                self._hurry = False
            try:
                self._stream.write(batch)
                self._stream.flush()
            except (OSError, ValueError) as exc:
                with self._changed:
                    self._failed = exc
                    self._writing = False
                    self._queued = 0
                    self._queue.clear()
                    self._changed.notify_all()
                return
            with self._changed:
                self._queued -= len(batch)
                self._writing = False
                self._changed.notify_all()
