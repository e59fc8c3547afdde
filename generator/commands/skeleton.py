"""``innopub new``: a commented skeleton of an entry, written from the kind's schema.

Required fields come first and are left for the editor to fill in; optional ones follow,
commented out. Descriptions are the schema's own, so the skeleton never drifts from it.
"""

from __future__ import annotations

import datetime as dt
import typing

from pydantic.fields import FieldInfo

from generator.common import clock
from generator.common.problems import InnopubError
from generator.kinds import KINDS, Kind
from generator.kinds.schema import AttachmentData, PersonData, RoadmapRow
from generator.read.reader import ID_PATTERN

SKIPPED = {"draft", "aliases", "includes"}


def find_kind(name: str) -> Kind:
    """A kind by its folder (``reports``), singular (``report``) or Russian name (``отчёт``)."""
    wanted = name.strip().casefold().replace("ё", "е")
    for kind in KINDS.values():
        names = {kind.folder, kind.folder.rstrip("s"), kind.one.replace("ё", "е"), *kind.names}
        if wanted in names:
            return kind
    raise InnopubError(f"неизвестный вид записи «{name}» (ожидается один из: {', '.join(KINDS)})")


def _inner(annotation: typing.Any) -> set[type]:
    found: set[type] = set()
    if isinstance(typing.get_origin(annotation), type):
        found.add(typing.get_origin(annotation))
    for arg in typing.get_args(annotation) or (annotation,):
        if isinstance(arg, type):
            found.add(arg)
        if isinstance(typing.get_origin(arg), type):
            found.add(typing.get_origin(arg))
        found |= _inner(arg) if typing.get_args(arg) else set()
    return found


def _example(name: str, info: FieldInfo, today: dt.date) -> list[str]:
    """YAML lines for one field, without the comment."""
    types = _inner(info.annotation)
    if PersonData in types:
        lines = [f"{name}:"]
        prefix = "  - " if list in types else "  "
        lines += [f"{prefix}name: ", "    position: " if list in types else "  position: "]
        lines += ["    organization: " if list in types else "  organization: "]
        return lines
    if RoadmapRow in types:
        return [f"{name}:", "  - what: ", "    when: ", "    audience: ", "    result: "]
    if AttachmentData in types:
        return [f"{name}:", "  - file: ", "    title: "]
    if dt.date in types:
        return [f"{name}: {today.isoformat()}"]
    if list in types:
        return [f"{name}: []"]
    return [f"{name}: "]


def skeleton(kind: Kind, entry_id: str, today: dt.date | None = None) -> str:
    if not ID_PATTERN.match(entry_id):
        raise InnopubError(
            f"недопустимый идентификатор «{entry_id}» (ожидаются строчные латинские буквы, цифры и дефисы, например gimnaziya-2-vologda)"
        )
    today = today or clock.today()  # the CLI passes the site's day (its time zone, SOURCE_DATE_EPOCH)
    fields = [(n, f) for n, f in kind.schema.model_fields.items() if n not in SKIPPED]
    required = [(n, f) for n, f in fields if f.is_required()]
    optional = [(n, f) for n, f in fields if not f.is_required()]
    lines = ["---", f"# {kind.schema.__doc__.strip()} Заполните поля; строки с «#» — подсказки."]
    for name, info in required:
        example = _example(name, info, today)
        lines.append(f"{example[0]}  # обязательно: {info.description or name}")
        lines += example[1:]
    lines.append("# Необязательные поля: уберите «# » в начале строки, чтобы заполнить.")
    for name, info in optional:
        example = _example(name, info, today)
        lines.append(f"# {example[0]}  # {info.description or name}")
        lines += [f"# {line}" for line in example[1:]]
    lines += ["---", "", "Текст записи в Markdown.", ""]
    return "\n".join(lines)
