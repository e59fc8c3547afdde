"""``innopub new``: a commented skeleton of an entry, written from the kind's schema.

Required fields come first and are left for the editor to fill in; optional ones follow,
commented out. Descriptions are the schema's own, so the skeleton never drifts from it.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Mapping
from pathlib import Path

from pydantic.fields import FieldInfo

from generator.common import clock
from generator.common.problems import InnopubError, Problems
from generator.kinds import KINDS, Kind
from generator.kinds.schema import AttachmentData, PersonData, Ref, RoadmapRow
from generator.read.addresses import GUIDE_IDS, GUIDE_PAGE, url_of
from generator.read.reader import ID_PATTERN
from generator.read.walk import walk_content

SKIPPED = {"draft", "aliases", "includes"}


def _hints(info: FieldInfo, known: Mapping[str, list[str]] | None) -> list[str]:
    ref = next((m for m in info.metadata if isinstance(m, Ref)), None)
    return [_ids_hint(ref.folder, known.get(ref.folder, []))] if ref is not None and known is not None else []


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


def existing_ids(content_dir: Path, folder: str) -> list[str]:
    """The ids of the entries of ``folder`` (its sub-folders too), in alphabetical order; odd names and links, which
    ``innopub check`` reports, are left out."""
    if (content_dir / folder).is_symlink():
        return []  # never listed through a link (``innopub check`` reports it)
    ids = {Path(rel).stem for rel in walk_content(content_dir / folder, "", Problems())}
    return sorted(i for i in ids if ID_PATTERN.match(i) and i != "index")


SHOWN_IDS = 30
"""Ids a skeleton's hint lists at most under a reference (the guide page lists every organization and platform)."""


def _ids_hint(folder: str, ids: list[str]) -> str:
    """The comment under a reference field of a skeleton: the ids it may take."""
    if not ids:
        one = KINDS[folder].folder.rstrip("s")
        return f"#   в content/{folder}/ пока нет ни одной записи: сначала создайте её (innopub new {one} …)"
    where = f"на странице /{url_of(GUIDE_PAGE)} сайта" if folder in GUIDE_IDS else f"в папке content/{folder}/"
    more = f" и ещё {len(ids) - SHOWN_IDS}: все — {where}" if len(ids) > SHOWN_IDS else ""
    return f"#   есть: {', '.join(ids[:SHOWN_IDS])}{more}"


def skeleton(kind: Kind, entry_id: str, today: dt.date | None = None, known: Mapping[str, list[str]] | None = None) -> str:
    """The skeleton of a new entry of ``kind``; ``known``: the ids of each kind's folder, listed under the fields
    that refer to one (``organization``, ``platform``) so that an editor copies an id rather than guesses it."""
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
        lines += example[1:] + _hints(info, known)
    lines.append("# Необязательные поля: уберите «# » в начале строки, чтобы заполнить.")
    for name, info in optional:
        example = _example(name, info, today)
        lines.append(f"# {example[0]}  # {info.description or name}")
        lines += [f"# {line}" for line in example[1:]] + _hints(info, known)
    lines += ["---", "", "Текст записи в Markdown.", ""]
    return "\n".join(lines)
