"""A harvested export checked as untrusted content: the same schemas as ``content/``, the same limits, and more.

A municipal site is somebody else's machine: its export may be broken, cut short, of a newer format or hostile. A copy
is refused whole (:class:`Refused`, the last good copy kept) when a file is not UTF-8 JSON, is nested past
:data:`MAX_DEPTH`, is not an innopub export, is of a newer format, or when the entries file is not the one the
manifest names (its bytes and SHA-256: a truncated download). Otherwise each entry is checked on its own against the
format's JSON Schema (:data:`generator.render.export.SCHEMA_FILE`) and its kind's schema (:mod:`generator.kinds`, as an
editor's front matter is), its strings for control characters and length, its files for being ``http(s)`` addresses;
an entry that fails is left out, with a Russian line naming the municipality, the entry and the field.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import jsonschema
from pydantic import ValidationError

from generator.check.fieldtext import CONTROL_MULTILINE
from generator.check.validate import translate
from generator.common.problems import one_line
from generator.kinds import KINDS
from generator.kinds.schema import _check_url
from generator.render.export import ENTRIES_FORMAT, FORMAT, SCHEMA_FILE, VERSION

MAX_DEPTH = 32
"""Nesting of lists and objects a file may have (an entry's front matter needs 5)."""
META_STRING_LIMIT = 10_000
"""Characters of one string of an entry's front matter: the limit of ``content/`` (generator/check/fieldtext.py)."""


class Refused(Exception):
    """The copy is refused whole; the message says why, in Russian."""


@dataclass
class Checked:
    manifest: dict[str, Any]
    entries: list[dict[str, Any]] = field(default_factory=list)
    """The entries that passed, as they came."""
    dropped: list[str] = field(default_factory=list)
    """A line for each entry left out."""


def _validators() -> tuple[jsonschema.Draft202012Validator, jsonschema.Draft202012Validator]:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    parts = {key: value for key, value in schema.items() if key != "oneOf"}
    return (
        jsonschema.Draft202012Validator({**parts, "$ref": "#/$defs/manifest"}),
        jsonschema.Draft202012Validator({**parts, "$ref": "#/$defs/entry"}),
    )


MANIFEST_SCHEMA, ENTRY_SCHEMA = _validators()


def parse(data: bytes, what: str) -> Any:
    """``data`` as JSON (UTF-8, no ``NaN``); else :class:`Refused`. The parser stops at Python's recursion limit
    (``RecursionError``, caught): a file of a million ``[`` is refused, not a crash; an entry nested past
    :data:`MAX_DEPTH` is left out by :func:`entry_problem`."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(f"{what}: не текст UTF-8") from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise Refused(f"{what}: вложенность списков и полей слишком глубока") from None
    except ValueError as exc:
        where = f" (строка {exc.lineno}, знак {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise Refused(f"{what}: не JSON{where} — файл испорчен или оборван") from None


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def check_manifest(data: bytes) -> dict[str, Any]:
    """The manifest, or :class:`Refused`: not an export, a newer format, a field that breaks the schema."""
    manifest = parse(data, "манифест export/innopub.json")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise Refused("по адресу export/innopub.json не выгрузка innopub (нет «format»: «innopub-export»)")
    version = manifest.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise Refused(f"формат выгрузки {version} новее, чем понимает innopub ({VERSION}): обновите innopub")
    errors = sorted(MANIFEST_SCHEMA.iter_errors(manifest), key=lambda e: list(e.absolute_path))
    if errors:
        raise Refused(f"манифест export/innopub.json: {_schema_error(errors[0])}")
    return manifest


def check_entries(data: bytes, manifest: dict[str, Any], municipality: str) -> Checked:
    """The entries file named by ``manifest``: refused whole when it is not that file or not an entries file;
    each entry that fails its checks is left out with a line in :attr:`Checked.dropped`."""
    named = manifest["entries"]
    digest = hashlib.sha256(data).hexdigest()
    if len(data) != named["bytes"] or digest != named["sha256"]:
        raise Refused(
            f"файл записей не тот, что назван в манифесте: {len(data)} байт вместо {named['bytes']}"
            f"{'' if digest == named['sha256'] else ', другая контрольная сумма SHA-256'} (выгрузка оборвана или собиралась во время загрузки)"
        )
    value = parse(data, "файл записей")
    if not isinstance(value, dict) or value.get("format") != ENTRIES_FORMAT or not isinstance(value.get("entries"), list):
        raise Refused("файл записей не выгрузка innopub (нет «format»: «innopub-export-entries» и списка «entries»)")
    if value.get("version") != VERSION:
        raise Refused(f"версия файла записей {one_line(str(value.get('version')))[:20]}, а манифеста {VERSION}")
    checked = Checked(manifest)
    seen: set[tuple[str, str]] = set()
    for number, entry in enumerate(value["entries"], 1):
        problem = entry_problem(entry)
        if problem is None:
            key = (entry["kind"], entry["id"])
            if key in seen:
                problem = "запись с таким видом и id уже была выше"
            seen.add(key)
        if problem is None:
            checked.entries.append(entry)
        else:
            checked.dropped.append(f"{municipality}: {_name(entry, number)}: {problem} — запись пропущена")
    return checked


def _name(entry: Any, number: int) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("kind"), str) and isinstance(entry.get("id"), str):
        return one_line(f"{entry['kind'][:40]}/{entry['id'][:80]}")
    return f"запись № {number}"


def entry_problem(entry: Any) -> str | None:
    """What is wrong with one entry, in Russian, or ``None``."""
    errors = sorted(ENTRY_SCHEMA.iter_errors(entry), key=lambda e: list(e.absolute_path))
    if errors:
        return _schema_error(errors[0])
    strings = _strings(entry)
    if strings is None:
        return f"вложенность больше {MAX_DEPTH} уровней"
    for where, text in strings:
        if CONTROL_MULTILINE.search(text):
            return f"поле «{where}»: управляющий символ в тексте"
        if where.startswith("meta.") and len(text) > META_STRING_LIMIT:
            return f"поле «{where}»: текст длиннее {META_STRING_LIMIT} знаков"
    meta = entry["meta"]
    for name in ("attachments", "products"):
        items = meta.get(name)
        for item in items if isinstance(items, list) else []:
            link = item.get("file") if isinstance(item, dict) else None
            if link is not None and not _is_address(link):
                return f"поле «meta.{name}»: файл «{one_line(str(link))[:200]}» — не адрес http:// или https://"
    try:
        KINDS[entry["kind"]].schema.model_validate(meta)
    except ValidationError as exc:
        error = exc.errors()[0]
        path = ".".join(str(part) for part in error["loc"])
        return f"поле «meta.{path}»: {one_line(translate(error, KINDS[entry['kind']].schema))[:300]}"
    return None


def _is_address(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        _check_url(value)
    except ValueError:
        return False
    return True


def _strings(value: Any) -> list[tuple[str, str]] | None:
    """Every string of ``value`` with its field's path; ``None`` when it nests past :data:`MAX_DEPTH`."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[str, Any, int]] = [("", value, 0)]
    while stack:
        path, item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return None
        if isinstance(item, str):
            found.append((path, item))
        elif isinstance(item, dict):
            stack += [(f"{path}.{k}" if path else str(k), v, depth + 1) for k, v in reversed(item.items())]  # in the file's order
        elif isinstance(item, list):
            stack += [(path, v, depth + 1) for v in reversed(item)]
    return found


_KEYWORDS = {
    "required": "нет обязательного поля",
    "additionalProperties": "лишнее поле",
    "type": "неверный тип значения",
    "pattern": "значение не подходит по виду",
    "maxLength": "значение слишком длинное",
    "minLength": "значение пустое",
    "enum": "неизвестное значение",
    "const": "неверное значение",
    "oneOf": "неверное значение",
    "minimum": "число меньше допустимого",
}


def _schema_error(error: jsonschema.ValidationError) -> str:
    path = ".".join(str(part) for part in error.absolute_path) or "—"
    what = _KEYWORDS.get(str(error.validator), "значение не по схеме")
    if error.validator == "required":
        return f"{what} «{one_line(str(error.message).split(chr(39))[1]) if chr(39) in error.message else ''}»" + (
            f" в «{path}»" if path != "—" else ""
        )
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(str(key) for key in error.instance if key not in allowed)[:3]
        where = f" в «{path}»" if path != "—" else ""
        return f"лишнее поле «{one_line(', '.join(extra))[:200]}»{where}"
    if error.validator == "maxLength":
        what += f" (не больше {error.validator_value} знаков)"
    return f"поле «{path}»: {what}"
