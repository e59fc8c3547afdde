"""The plugin's options for MkDocs, derived from the one declaration of the settings (:class:`Settings`).

MkDocs checks a plugin's options before the plugin runs and refuses a name it does not know; innopub reads their
values itself, with the rest of ``mkdocs.yml`` (:mod:`generator.settings.config`), and words every problem in
Russian. So MkDocs only needs each option's name and the YAML type it comes as, and both are read here from the
pydantic model: an option added to :class:`Settings` is an option of the plugin, and no list is kept twice.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from pydantic import BaseModel

from generator.kinds import KINDS
from generator.settings.options import settings_type


def yaml_type(annotation: Any) -> type | tuple[type, ...]:
    """The YAML value a field of the settings is written as: a list, a mapping (a nested model), a date (as YAML reads
    it, or text), or the field's own scalar type."""
    if typing.get_origin(annotation) is typing.Annotated:
        return yaml_type(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        found: list[type] = []
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                kind = yaml_type(arg)
                found += kind if isinstance(kind, tuple) else [kind]
        return tuple(dict.fromkeys(found)) if len(found) > 1 else found[0]
    if typing.get_origin(annotation) is list or annotation is list:
        return list
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return dict
    if annotation is dt.date:
        return (str, dt.date)
    if annotation in (str, int, float, bool):
        return annotation
    raise TypeError(f"a setting of type {annotation!r} has no YAML type here: add it to yaml_type()")


def plugin_config(settings: type[BaseModel] | None = None) -> type[base.Config]:
    """A ``mkdocs.config.base.Config`` with one optional option per field of ``settings``; by default of the settings
    with the vocabularies the kinds of :data:`KINDS` declare (:func:`settings_type`)."""
    assert KINDS, "the kinds declare their vocabularies when generator.kinds is imported"
    settings = settings or settings_type()
    options = {name: c.Optional(c.Type(yaml_type(field.annotation))) for name, field in settings.model_fields.items()}
    return type("InnopubConfig", (base.Config,), {"__doc__": "The plugin's options, one per field of the settings.", **options})


InnopubConfig = plugin_config()
