"""Python's cycle collector paused while the content model is made (read → validate → link).

The model's stages make only objects that live as long as the model (documents, entries, their links): at
10,000 entries a whole load leaves no cyclic garbage (``gc.collect()`` after it finds 0 objects). The collector
would still walk them: its full passes start when a quarter as many objects as are alive have been made since the
last one, and each walks every object alive, so a stage's time grew with the whole heap, 1 or 2 passes of 0.1–0.45 s
each at 10,000 entries and none at 2,500: validate ×5.7 and link ×6.5 in CPU seconds from 2,500 to 10,000 entries
with the collector on, ×4.6 and ×4.7 with it paused (``python -m bench.model``). Each stage now pauses it itself,
so the model is linear for any caller, and restores it as it was.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def collector_paused(stage: Callable[P, R]) -> Callable[P, R]:
    """``stage`` run with the cycle collector paused (it is enabled again afterwards only if it was before)."""

    @functools.wraps(stage)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        enabled = gc.isenabled()
        gc.disable()  # first: a context manager's own objects would be made with the collector still on
        try:
            return stage(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return run


@contextlib.contextmanager
def paused_collector() -> Iterator[None]:
    """Python's cycle collector paused (and enabled again afterwards only if it was before) while the model is made:
    its full passes walk every object alive, and a preview holds the last model while it makes the next (at 10,000
    entries a reload took 3 s with it, 1.1 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def running_collector() -> Iterator[None]:
    """The collector on again inside :func:`paused_collector`, for work that makes and drops many cycles: the
    typesetting of editions (WeasyPrint's boxes) grew a first build at 10,000 entries by 7 MB a second without it.
    What is alive already (the model) is set aside from it meanwhile (``gc.freeze``), so its passes walk only the
    new objects."""
    paused, frozen = not gc.isenabled(), gc.get_freeze_count() > 0
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        if paused:
            gc.disable()
        if not frozen:  # a preview keeps its own model frozen (generator/engines/mkdocs/preview.py)
            gc.unfreeze()
