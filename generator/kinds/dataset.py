"""A kind's own open dataset, declared in the kind's module (``Kind.dataset``).

A kind whose entries make a table of open data declares it as a :class:`KindDataset`: its Latin name, Russian title,
description and keywords, and its columns. Each :class:`Column` names the front matter field it shows; its Russian
header is the field's label (:meth:`generator.kinds.base.Kind.label`: the same words as on the page and in the web
editor) unless the column says otherwise, and its value is the field's (a list joined with «; ») unless the column
gives a function. The coordinators' stage makes it a dataset (:func:`generator.coordinators.datasets.of_kind`): an
``id`` column first, the ``page`` address last, rows by id, dated by the entries' dates; it is then published like
the registries' datasets (CSV, JSON, XLSX, structure and passport).

Nothing here imports the content model: a column's function receives an entry and a :class:`Rows` at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from generator.common.cells import Cell, Format

if TYPE_CHECKING:
    from generator.model.content import Entry


class Rows(Protocol):
    """What a column's function may ask besides its entry (:class:`generator.coordinators.datasets.Context`)."""

    def page(self, entry: Entry) -> str:
        """The address of an entry's page."""

    def published(self, entries: Iterable[Entry | None]) -> list[Entry]:
        """The published ones of ``entries`` (a reference may name a draft)."""


@dataclass(frozen=True)
class Column:
    """A column of a kind's dataset: the field ``field`` of its entries."""

    field: str
    """The front matter field; the column's Latin name unless ``name`` is given."""
    english: str
    """The column's English description (the structure file's)."""
    russian: str | None = None
    """The column's Russian header; ``None``: the kind's label of ``field``."""
    value: Callable[[Entry, Rows], Cell] | None = None
    """The cell of an entry; ``None``: the field's value."""
    format: Format = "string"
    name: str | None = None
    """The Latin name (lowercase letters and digits), where it is not ``field``."""


@dataclass(frozen=True)
class KindDataset:
    """A kind's open dataset: one row per published entry."""

    name: str
    """Latin letters and digits: the files' names and the identifier's end (``events``)."""
    title: str
    description: str
    subject: tuple[str, ...]
    """Keywords of the passport."""
    columns: tuple[Column, ...]
    """The columns between ``id`` (first) and ``page`` (last)."""
