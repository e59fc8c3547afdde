"""The datasets the kinds declare in their own modules (:mod:`generator.kinds.dataset`), made :class:`Spec` s.

Each is one row per published entry of the kind, by id: an ``id`` column, the declared ones (headers from the kind's
labels unless given), the ``page`` address; dated by the entries' dates. They follow the registries' datasets
(:data:`generator.coordinators.datasets.SPECS`) in the catalogue (:mod:`generator.coordinators.monitoring_datasets`).
"""

from __future__ import annotations

from generator.coordinators.datasets import ID, PAGE, Field, Spec, entries, entry_dates, meta
from generator.kinds import KINDS, Kind
from generator.model.content import Entry


def of_kind(kind: Kind) -> Spec[Entry]:
    """The dataset ``kind`` declares (``kind.dataset``)."""
    declared = kind.dataset
    if declared is None:
        raise ValueError(f"{kind!r} declares no dataset")
    columns = tuple(
        Field[Entry](c.name or c.field, c.russian or kind.label(c.field), c.english, c.value or meta(c.field), c.format) for c in declared.columns
    )
    return Spec[Entry](declared.name, declared.title, declared.description, declared.subject, entries(kind.folder), (ID, *columns, PAGE), entry_dates)


def kind_specs() -> tuple[Spec[Entry], ...]:
    """The datasets of the registered kinds that declare one, in the order of the kinds."""
    return tuple(of_kind(kind) for kind in KINDS.values() if kind.dataset is not None)
