"""Pagefind's input written by a thread (generator/search/feeder.py): the build never waits on a full pipe
within the backlog, waits beyond it, keeps the order, and reports a reader that went away."""

from __future__ import annotations

import os
import threading
import time

import pytest

from generator.search.feeder import Feeder, FeederClosed

PIPE = 65536  # Linux's default pipe buffer


def _pipe():
    read_fd, write_fd = os.pipe()
    return os.fdopen(read_fd, "rb", buffering=0), os.fdopen(write_fd, "wb")


def _read_all(stream, into: bytearray) -> None:
    while chunk := stream.read(1 << 16):
        into += chunk


def test_messages_beyond_the_pipe_are_queued_not_waited_for_and_arrive_in_order():
    reader, writer = _pipe()
    feeder = Feeder(writer, backlog=8 * PIPE)
    messages = [bytes([65 + i % 26]) * 20_000 + b"," for i in range(12)]  # 240 KB: four pipes' worth, nobody reading
    started = time.monotonic()
    for message in messages:
        feeder.put(message)
    assert time.monotonic() - started < 2  # not one put waited for a reader
    got = bytearray()
    collector = threading.Thread(target=_read_all, args=(reader, got))
    collector.start()
    feeder.close()
    collector.join(timeout=10)
    assert bytes(got) == b"".join(messages)


def test_past_the_backlog_the_caller_waits_until_the_reader_catches_up():
    reader, writer = _pipe()
    feeder = Feeder(writer, backlog=PIPE)
    done = threading.Event()

    def produce() -> None:
        for _ in range(20):  # 20 × 32 KB = 640 KB: far past the pipe and the backlog
            feeder.put(b"x" * 32_768)
        done.set()

    producer = threading.Thread(target=produce, daemon=True)
    producer.start()
    assert not done.wait(1.0)  # nobody reads: the producer is held back
    got = bytearray()
    collector = threading.Thread(target=_read_all, args=(reader, got))
    collector.start()
    assert done.wait(10)
    feeder.close()
    collector.join(timeout=10)
    assert len(got) == 20 * 32_768


def test_a_reader_gone_away_is_reported_to_the_next_put_not_a_traceback_in_a_thread():
    reader, writer = _pipe()
    feeder = Feeder(writer, backlog=PIPE)
    reader.close()  # Pagefind killed
    with pytest.raises(FeederClosed):
        for _ in range(100):
            feeder.put(b"y" * 4096)
            time.sleep(0.01)
    feeder.abandon()


def test_a_lone_small_message_is_not_left_waiting_for_more():
    reader, writer = _pipe()
    feeder = Feeder(writer)
    started = time.monotonic()
    feeder.put(b'{"page": 1},')  # far below a batch: written at the writer's next look
    assert reader.read(12) == b'{"page": 1},'
    feeder.put(b'{"files": 1},', urgent=True)  # a question the caller waits on
    assert reader.read(13) == b'{"files": 1},'
    assert time.monotonic() - started < 2
    feeder.close()
