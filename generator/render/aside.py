"""Where the pages set aside for the editions (:mod:`generator.render.pending`) keep their HTML until they are made whole.

At 1,000 entries 657 of the 2,470 pages wait for the editions in a first build (the collections' articles and their
authors, the collections, the verification pages), their HTML some 2.3 million characters: at 10,000 entries ten
times that, held in the main process while the editions are made. An engine that keeps its converted pages on disk
(:class:`generator.site.spill.Spill`, MkDocs' build) hands its file over (``Site.set_aside_in``); without one (a
preview, a file system without anonymous files) they stay in memory (:class:`Kept`), as before.
"""

from __future__ import annotations

from typing import Protocol


class Store(Protocol):
    """Texts put by key, taken back by key."""

    def put(self, key: str, text: str) -> None: ...

    def take(self, key: str) -> str | None: ...


class Kept:
    """The texts in memory, each dropped once taken."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}

    def put(self, key: str, text: str) -> None:
        self._texts[key] = text

    def take(self, key: str) -> str | None:
        return self._texts.pop(key, None)


def key(path: str) -> str:
    """A page's key in a store the engine's own pages share (a page's path never holds a NUL)."""
    return "aside\0" + path


def head_key(path: str) -> str:
    """Where an entry page's ``<head>`` additions wait (``Site.page_head``)."""
    return "head\0" + path
