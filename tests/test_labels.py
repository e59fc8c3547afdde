"""One label per field (generator/kinds/labels.py and the schemas' titles): the web editor's form and the entry pages
read the same one, and no field of any kind is shown by its raw name."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from generator.kinds import KINDS
from generator.kinds.labels import LABELS


def _models(model: type[BaseModel], seen: set[type]) -> list[type[BaseModel]]:
    """The model and every model nested in its fields (people, roadmap rows, points of a decision…)."""
    if model in seen:
        return []
    seen.add(model)
    found = [model]
    for info in model.model_fields.values():
        stack = [info.annotation]
        while stack:
            tp = stack.pop()
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                found += _models(tp, seen)
            stack += list(typing.get_args(tp))
    return found


def test_every_field_of_every_kind_has_a_russian_label() -> None:
    unlabeled = []
    for kind in KINDS.values():
        for model in _models(kind.schema, set()):
            for name, info in model.model_fields.items():
                label = info.title or LABELS.get(name)
                if not label or (not any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in label) and label not in ("ISBN",)):
                    unlabeled.append(f"{kind.folder}: {model.__name__}.{name}")
    assert unlabeled == []


def test_a_kinds_own_title_wins_over_the_table() -> None:
    assert KINDS["organizations"].label("kind") == "Тип организации"
    assert KINDS["events"].label("kind") == "Вид"
    assert KINDS["events"].label("place") == "Место проведения"
    assert KINDS["organizations"].label("short") == "Краткое название"
