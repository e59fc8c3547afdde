"""Certificates typeset in worker processes (generator/editions/certificate.py), each worker replaced after a number of
jobs (generator/editions/pool.py ``max_tasks``): what a worker caches does not grow without end, and the bytes are those
the build's own process makes."""

from __future__ import annotations

import os

import pytest

from generator.editions import certificate
from generator.editions.pool import WORKERS_VARIABLE, Typesetter
from tests.conftest import ROOT

HTML = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Справка</title></head>
<body><h1>Справка о публикации № 2026-D94262EEE4</h1><p>Иванова Мария Ёжикова, учитель; «Школа № 5»</p></body></html>"""


def test_a_worker_is_replaced_after_its_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    with Typesetter(6, max_tasks=1) as pool:
        pids = [pool.submit(os.getpid).result() for _ in range(4)]
    assert os.getpid() not in pids
    assert len(set(pids)) == 4  # one job each: four processes, one after another


def test_workers_stay_until_their_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    with Typesetter(6) as pool:
        pids = [pool.submit(os.getpid).result() for _ in range(4)]
    assert len(set(pids)) <= 2


def test_a_certificate_typeset_in_a_worker_is_the_one_this_process_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    theme = ROOT / "theme"
    here = certificate.typeset(HTML, theme / certificate.CSS, theme)
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    with Typesetter(2) as pool:
        there = pool.submit(certificate.typeset_some, [(HTML, ()), (HTML, ())], theme / certificate.CSS, theme).result()
    assert here.startswith(b"%PDF-") and there == [here, here]  # a job of two certificates: each as this process makes it
