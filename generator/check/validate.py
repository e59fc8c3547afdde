"""Stage 2b: check every source document against its kind's schema and the vocabularies.

Reports every problem of every file (never stops at the first) at the line the YAML
gives, in Russian, with what is expected. Returns the documents that passed, each with
its typed metadata; references between entries are checked by ``link``.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ValidationError
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from generator.check.bodylinks import check_content_links
from generator.check.fieldtext import check_text
from generator.check.sanitize import scan_body
from generator.check.suggest import ids_expected, spelled
from generator.common.collector import collector_paused
from generator.common.problems import Problems
from generator.kinds import KINDS, Kind
from generator.kinds.schema import PAGE_KEYS, EntryMeta, PageMeta, fields_of
from generator.read.reader import ATTACHMENTS_DIR, ID_PATTERN, SourceDocument
from generator.settings.options import Settings
from generator.settings.vocabularies import DECLARED


@dataclass
class ValidDocument:
    source: SourceDocument
    kind: Kind | None
    """``None`` for an ordinary page."""
    meta: EntryMeta | PageMeta
    summary: str | None = None
    """The entry's summary, worked out once per version of its file (``link.summary_of``)."""


# A suggestion is made only when it is close: a similarity of at least CLOSE_RATIO (RapidFuzz's
# ``fuzz.ratio``, the normalized Indel similarity difflib's ratio approximates), or one edit away
# (a letter added, dropped, replaced or two swapped: «МПИ» → «МИП») for values of three letters or more.
CLOSE_RATIO = 75.0


def closest(value: str, allowed: Iterable[str]) -> str | None:
    """The allowed value most like ``value`` («ё» = «е», case ignored) when it is close, else None."""
    folded = {_fold(a): a for a in allowed}
    wanted = _fold(value)
    best: tuple[float, str] | None = None
    for candidate in folded:
        score = fuzz.ratio(wanted, candidate)
        close = score >= CLOSE_RATIO or (min(len(wanted), len(candidate)) >= 3 and OSA.distance(wanted, candidate, score_cutoff=1) <= 1)
        if close and (best is None or (score, candidate) > best):
            best = (score, candidate)
    return folded[best[1]] if best else None


def _fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


_MESSAGES = {
    "missing": "не заполнено обязательное поле «{field}»",
    "string_type": "ожидается текст, а указано: {input}",
    "list_type": "ожидается список (строки, начинающиеся с «- »), а указано: {input}",
    "model_type": "ожидается набор полей («поле: значение»), а указано: {input}",
    "model_attributes_type": "ожидается набор полей («поле: значение»), а указано: {input}",
    "dict_type": "ожидается набор полей («поле: значение»), а указано: {input}",
    "int_type": "ожидается целое число, а указано: {input}",
    "int_parsing": "ожидается целое число, а указано: {input}",
    "int_from_float": "ожидается целое число, а указано: {input}",
    "bool_type": "ожидается true или false, а указано: {input}",
    "bool_parsing": "ожидается true или false, а указано: {input}",
    "string_too_short": "поле «{field}» пустое (ожидается текст)",
    "too_short": "список «{field}» пуст (ожидается хотя бы одно значение)",
    "greater_than_equal": "ожидается число не меньше {ge}, а указано: {input}",
    "extra_forbidden": "неизвестное поле «{field}»{hint}",
}


def _expected_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed at the parent of ``loc`` (for a nested unknown field)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        current = _inner_model(current.model_fields[part].annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    for arg in typing.get_args(annotation) or (annotation,):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        inner = _inner_model(arg) if typing.get_args(arg) else None
        if inner is not None:
            return inner
    return None


def translate(error: dict[str, Any], model: type[BaseModel]) -> str:
    """A pydantic error, worded for an editor."""
    loc = tuple(error["loc"])
    field = str(next((p for p in reversed(loc) if isinstance(p, str)), ""))
    kind = error["type"]
    if kind == "innopub":
        return str(error["msg"])
    template = _MESSAGES.get(kind)
    if error.get("input", "") is None and kind != "missing":
        return f"не заполнено поле «{field}»"
    if template is None:
        return f"неверное значение поля «{field}»: {error['msg']}"
    hint = ""
    if kind == "extra_forbidden":
        allowed = _expected_keys(model, loc)
        if allowed:
            hint = f" (ожидаются поля: {', '.join(allowed)})"
    shown = error.get("input")
    return template.format(field=field, input=repr(shown) if shown is not None else "пусто", hint=hint, **error.get("ctx", {}))


@collector_paused
def validate_documents(
    documents: list[SourceDocument], settings: Settings, content_dir: Path, problems: Problems, checked: Callable[[int, int], None] | None = None
) -> tuple[list[ValidDocument], set[tuple[str, str]]]:
    """The documents that passed, and the (folder, id) of the entries that did not.

    Failed entries still exist for references: their own problems are reported, so a
    reference to them is not reported again as unknown.
    """
    validator = Validator(settings, content_dir)
    results = [validator.validate(source, problems) for source in _counted(documents, checked)]
    valid = [result for result in results if result is not None]
    failed = {(s.folder, s.id) for s, result in zip(documents, results, strict=True) if result is None and s.folder}
    check_across(documents, valid, failed, content_dir, problems)
    return valid, failed


class Validator:
    """Checks one document at a time against its kind's schema and the settings' vocabularies.

    What a document's check finds depends on that file and the settings only, so a preview that
    re-reads one changed file re-checks only it (:class:`generator.model.load.ContentLoader`); what
    depends on other files is :func:`check_across`.
    """

    def __init__(self, settings: Settings, content_dir: Path) -> None:
        self.settings = settings
        self.vocabularies = _Vocabularies(settings)
        self.files_root = (content_dir / ATTACHMENTS_DIR).resolve()

    def validate(self, source: SourceDocument, problems: Problems) -> ValidDocument | None:
        """The document with its typed metadata; ``None`` (problems reported) when it failed or cannot be read."""
        if source.unreadable:
            return None
        kind = KINDS.get(source.folder) if source.folder else None
        scan_body(source.display, source.body, source.body_line, self.settings.iframe_hosts, problems)
        if kind is None:
            meta: EntryMeta | PageMeta | None = _validate_page(source, problems)
        else:
            meta = _validate_entry(source, kind, self.vocabularies, self.files_root, problems)
        if source.broken is not None:
            return None  # checked without the fields its syntax errors hid: it fails, as those errors do
        return ValidDocument(source, kind, meta) if meta is not None else None


def check_across(
    documents: list[SourceDocument], valid: list[ValidDocument], failed: set[tuple[str, str]], content_dir: Path, problems: Problems
) -> None:
    """What depends on more than one file: references of failed files (``link`` checks those of valid
    ones), on their raw values, so that one run reports every problem of a file; links between files."""
    known = {(d.folder, d.id) for d in documents if d.folder}
    for source in documents:
        if source.folder and (source.folder, source.id) in failed and not source.unreadable and source.folder in KINDS:
            _check_raw_references(source, KINDS[source.folder], known, problems)
    _check_links(documents, valid, content_dir, problems)


def _counted(documents: list[SourceDocument], checked: Callable[[int, int], None] | None) -> Iterator[SourceDocument]:
    """The documents one by one; ``checked(done, total)`` after each is handled."""
    for done, document in enumerate(documents, 1):
        yield document
        if checked is not None:
            checked(done, len(documents))


def _check_links(documents: list[SourceDocument], valid: list[ValidDocument], content_dir: Path, problems: Problems) -> None:
    """The Markdown links of every readable file, failed ones too, so that a wrong date does not hide a
    broken link of the same file. A failed file counts as published unless it says ``draft: true``."""
    checked = {d.source.path: d.meta.draft for d in valid}
    readable = [d for d in documents if not d.unreadable]
    published = {d.path for d in readable if not checked.get(d.path, d.meta.get("draft") is True)}
    check_content_links(readable, published, content_dir, problems)


def _validate_page(source: SourceDocument, problems: Problems) -> PageMeta | None:
    source.meta, text_ok = check_text(source, ("title",), problems)
    for key in source.meta:
        if key not in PAGE_KEYS:
            allowed = ", ".join(PAGE_KEYS)
            message = f"поле «{key}» обычной страницы не используется и на сайт не попадёт (ожидаются только {allowed})"
            problems.warning(source.display, source.line((key,)), message)
    try:
        meta = PageMeta.model_validate(source.meta)
    except ValidationError as exc:
        for error in exc.errors():
            problems.error(source.display, source.line(error["loc"]), translate(error, PageMeta))
        return None
    return meta if text_ok else None


class _Vocabularies(dict[str, list[str]]):
    """The allowed values of each vocabulary of the settings, asked of the settings once."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def __missing__(self, name: str) -> list[str]:
        self[name] = self.settings.vocabulary(name)
        return self[name]


def _validate_entry(source: SourceDocument, kind: Kind, vocabularies: _Vocabularies, files_root: Path, problems: Problems) -> EntryMeta | None:
    schema = kind.schema
    fields = fields_of(schema)
    # Control characters, invisible ones (removed: every later check sees the cleaned values), lengths.
    source.meta, ok = check_text(source, fields.known, problems)
    source.meta = _spelled_as_vocabularies(source.meta, schema, vocabularies)
    # An empty field (``title:``) counts as absent: required ones are then reported as missing.
    known = {k: v for k, v in source.meta.items() if k in fields.known and v is not None}
    not_by_hand = getattr(schema, "NOT_BY_HAND", {})  # a field the build fills in (an article's pages): an error, and why
    for key in source.meta:
        if key in not_by_hand:
            problems.error(source.display, source.line((key,)), not_by_hand[key])
            ok = False
        elif key not in fields.known:
            guess = closest(str(key), list(fields.names))
            hint = f" (возможно, «{guess}»)" if guess else ""
            problems.warning(source.display, source.line((key,)), f"неизвестное поле «{key}» не будет показано{hint}")
    try:
        meta = schema.model_validate(known)
    except ValidationError as exc:
        ok = False
        for error in exc.errors():
            if error["type"] == "missing" and source.broken is not None and source.broken.hides(str(error["loc"][0])):
                continue  # the field was on a line its syntax error hid: that error is reported
            problems.error(source.display, source.line(error["loc"]), translate(error, schema))
    # Vocabulary values and attachments are checked on the raw values too, so that every
    # problem is reported even when another field of the file failed.
    ok &= _check_vocabularies(source, schema, vocabularies, problems)
    ok &= _check_files(source, files_root, problems)
    if not ok:
        return None
    for loc, message in meta.consistency():
        problems.error(source.display, source.line(loc), message)
        ok = False
    return meta if ok else None


def _spelled_as_vocabularies(meta: dict[str, Any], schema: type[EntryMeta], vocabularies: _Vocabularies) -> dict[str, Any]:
    """``meta`` with each vocabulary value written with «ё» for «е» (or the reverse) as its vocabulary writes it, so that
    a facet, a selector and a count see one value (``Успех каждого ребёнка`` is ``Успех каждого ребенка``)."""
    changed: dict[str, Any] = {}
    for name, vocabulary in fields_of(schema).vocabularies:
        value = meta.get(name)
        if isinstance(value, str | list):
            allowed = vocabularies[vocabulary]
            spelled_value = [_spelled(v, allowed) for v in value] if isinstance(value, list) else _spelled(value, allowed)
            if spelled_value != value:
                changed[name] = spelled_value
    return {**meta, **changed} if changed else meta


def _spelled(value: Any, allowed: list[str]) -> Any:
    if not isinstance(value, str) or value in allowed:
        return value
    return spelled(value, allowed) or value


def _check_vocabularies(source: SourceDocument, schema: type[EntryMeta], vocabularies: _Vocabularies, problems: Problems) -> bool:
    ok = True
    for name, vocabulary in fields_of(schema).vocabularies:
        value = source.meta.get(name)
        if value is None:
            continue
        allowed = vocabularies[vocabulary]
        values = [(i, v) for i, v in enumerate(value)] if isinstance(value, list) else [(None, value)]
        for index, item in values:
            if not isinstance(item, str) or item in allowed:
                continue
            loc = (name,) if index is None else (name, index)
            guess = closest(item, allowed)
            hint = f"возможно, «{guess}»; " if guess else ""
            problems.error(
                source.display,
                source.line(loc),
                f"недопустимое значение «{item}» поля «{name}» ({hint}допустимы: {_allowed(vocabulary, allowed)})",
            )
            ok = False
    return ok


def _allowed(vocabulary: str, allowed: list[str]) -> str:
    """The allowed values as a message lists them: a value an editor does not read (``digest``) with its Russian name."""
    names = dict(DECLARED[vocabulary].names) if vocabulary in DECLARED else {}
    return ", ".join(f"{value} — {names[value]}" if value in names else value for value in allowed)


def unknown_reference(folder: str, target_id: str, known: Iterable[tuple[str, str]]) -> str:
    """The message for a reference to an entry that does not exist."""
    ids = [i for (f, i) in known if f == folder]
    guess = closest(target_id, ids)
    return f"неизвестная ссылка: нет записи «{target_id}» в content/{folder}/ ({_hint(folder, target_id, ids, guess)})"


def unknown_item(folder: str, target_id: str, known: Iterable[tuple[str, str]]) -> str:
    """The message for an item ``kind/id`` of a collection or an issue that names no entry."""
    ids = [i for (f, i) in known if f == folder]
    guess = closest(target_id, ids)
    return f"неизвестная запись: нет «{target_id}» в content/{folder}/ ({_hint(folder, target_id, ids, guess)})"


def _hint(folder: str, target_id: str, ids: list[str], guess: str | None) -> str:
    """The close guess, else the ids there are (:func:`generator.check.suggest.ids_expected`), else that there are none."""
    if guess:
        return f"возможно, «{guess}»"
    return ids_expected(folder, target_id, ids) if ids else f"в content/{folder}/ нет ни одного файла"


def _raw_items(value: Any, name: str) -> list[tuple[tuple[Any, ...], Any]]:
    """(location, value) of each item of a raw field's value: one value, or each of a list."""
    return [((name, i), v) for i, v in enumerate(value)] if isinstance(value, list) else [((name,), value)]


def _check_raw_references(source: SourceDocument, kind: Kind, known: set[tuple[str, str]], problems: Problems) -> None:
    """References of a file that failed its check, on the raw values: ids, people's organizations,
    a collection's or an issue's ``kind/id`` items."""
    found: list[tuple[tuple[Any, ...], str, str, bool]] = []  # (location, folder, id, as an item)
    for name, folder in fields_of(kind.schema).refs:
        found += [(loc, folder, item, False) for loc, item in _raw_items(source.meta.get(name), name) if isinstance(item, str)]
    for name in ("authors", "editors", "leader", "supervisor"):
        for loc, person in _raw_items(source.meta.get(name), name):
            org = person.get("organization") if isinstance(person, dict) else None
            if isinstance(org, str) and ID_PATTERN.match(org):
                found.append(((*loc, "organization"), "organizations", org, False))
    for name in ("items", "includes"):
        for loc, item in _raw_items(source.meta.get(name) or [], name):
            folder, _, target_id = item.strip().strip("/").partition("/") if isinstance(item, str) else ("", "", "")
            if folder in KINDS and target_id:
                found.append((loc, folder, target_id, True))
    found += kind.raw_references(source.meta)  # a kind's own (a decision's points)
    for loc, folder, target_id, as_item in found:
        if folder in KINDS and target_id and (folder, target_id) not in known:
            message = unknown_item(folder, target_id, known) if as_item else unknown_reference(folder, target_id, known)
            problems.error(source.display, source.line(loc), message)


def attachment_paths(meta: dict[str, Any]) -> list[tuple[tuple[Any, ...], Any]]:
    """Every path to a file under ``content/files/`` that front matter names, with its location."""
    found = []
    for i, item in enumerate(meta.get("attachments") or []):
        path = item.get("file") if isinstance(item, dict) else item
        found.append((("attachments", i, "file") if isinstance(item, dict) else ("attachments", i), path))
    for i, item in enumerate(meta.get("products") or []):
        if isinstance(item, dict) and item.get("file"):
            found.append((("products", i, "file"), item["file"]))
    return found


def _check_files(source: SourceDocument, root: Path, problems: Problems) -> bool:
    """``root`` is the resolved ``content/files/``."""
    ok = True
    if not isinstance(source.meta.get("attachments", []), list) or not isinstance(source.meta.get("products", []), list):
        return True  # the schema has reported the wrong shape
    for loc, path in attachment_paths(source.meta):
        if not isinstance(path, str) or not path.strip():
            continue
        pure = PurePosixPath(path.strip())
        target = (root / pure).resolve()
        if pure.is_absolute() or not target.is_relative_to(root):
            problems.error(
                source.display,
                source.line(loc),
                f"путь «{path}» выходит за папку content/files/ (ожидается путь внутри неё, например reports/otchet.pdf)",
            )
            ok = False
        elif not target.is_file():
            problems.error(source.display, source.line(loc), f"нет файла content/files/{pure} (положите его туда или исправьте путь)")
            ok = False
    return ok
