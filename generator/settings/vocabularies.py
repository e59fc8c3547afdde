"""A kind's own vocabulary, declared in the kind's module and registered here, below the kinds.

A field marked ``Vocab("event_kinds")`` takes the values of the vocabulary ``event_kinds``. The vocabularies every
kind shares (``statuses``, ``directions``, ``levels``) are options of :class:`generator.settings.options.Settings`;
a vocabulary that belongs to one kind is a :class:`Vocabulary` in that kind's module (``Kind.vocabularies``), which
the kinds' registry (:func:`generator.kinds.register`) declares here. An ``editable`` one is then an option of the
plugin, named as the vocabulary, that replaces its values in ``mkdocs.yml`` (:func:`settings_model`); it is
validated, offered in the web editor, listed on the editors' page, with no edit in ``generator/settings/``.

The settings' package stands below the kinds (``tests/test_layers.py``): it never imports them, the kinds fill
:data:`DECLARED` when ``generator.kinds`` is imported — which every command and engine does before it reads
``mkdocs.yml``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from pydantic import BaseModel, Field, create_model


@dataclass(frozen=True)
class Vocabulary:
    """The values one field of one kind takes (``kind:`` of an event), as its kind declares them."""

    name: str
    """The vocabulary's name: the ``Vocab`` marker's and, when ``editable``, the option's in ``mkdocs.yml``."""
    values: tuple[str, ...]
    """The default values, in the order the site lists them."""
    title: str
    """What the editors' page calls it: «Виды мероприятий»."""
    names: tuple[tuple[str, str], ...] = ()
    """(value, what a reader calls it) where the values are codes (``digest`` → «дайджест практик»): the web editor
    offers the name, a message and the editors' page give both."""
    editable: bool = True
    """Editors may replace the values in ``mkdocs.yml``; otherwise the site's code relies on them (collection kinds)."""
    note: str = ""
    """A sentence the editors' page adds under the list."""

    def name_of(self, value: str) -> str | None:
        """What a reader calls the value ``value``, where the values are codes."""
        return dict(self.names).get(value)


DECLARED: dict[str, Vocabulary] = {}
"""The kinds' vocabularies by name, in the order of the kinds; filled by :func:`declare`."""


def declare(vocabulary: Vocabulary) -> Vocabulary:
    """Register a kind's vocabulary (the same declaration twice is one: a kind's module may be registered again)."""
    known = DECLARED.get(vocabulary.name)
    if known is not None and known != vocabulary:
        raise ValueError(f"two vocabularies named {vocabulary.name!r}")
    DECLARED[vocabulary.name] = vocabulary
    return vocabulary


def settings_model(base: type[BaseModel]) -> type[BaseModel]:
    """``base`` (the settings' model) with one option per declared editable vocabulary it lacks: a list of
    values, by default the declared ones. The same model for the same declarations."""
    return _model(base, tuple(v for v in DECLARED.values() if v.editable and v.name not in base.model_fields))


@functools.cache
def _model(base: type[BaseModel], vocabularies: tuple[Vocabulary, ...]) -> type[BaseModel]:
    if not vocabularies:
        return base
    options = {v.name: (list[str], Field(default_factory=lambda v=v: list(v.values), description=f"{v.title}: значения поля")) for v in vocabularies}
    return create_model(base.__name__, __base__=base, __module__=base.__module__, **options)  # type: ignore[call-overload]
