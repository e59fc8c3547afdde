"""Stage 1: read the content tree into source documents, keeping YAML line positions.

Nothing here knows the kinds' schemas; it only splits files into front matter and body,
parses the YAML with :func:`yaml.compose` so every value keeps the line it was written
on, and reports what cannot be read at all (encoding, missing or broken front matter).
The lines are worked out from the node marks when a later stage first asks for one: most
files have no problem to place.

Everything under ``content/`` is untrusted: :mod:`generator.read.walk` lists the tree without
following a link and refuses links, special files and odd names; :mod:`generator.read.yamlsafe`
refuses front matter that nests or expands too far and notes repeated keys;
:mod:`generator.read.yamlwords` words every YAML problem in Russian. A file whose front matter is
refused is kept as ``unreadable``, so that the schema does not report its fields as missing. A syntax
error refuses only its own field: :mod:`generator.read.recover` reads the front matter again without it,
so that the rest of the file is checked in the same run (the document then fails, as its errors do).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.common.collector import collector_paused
from generator.common.problems import Problems
from generator.read.recover import TOO_MANY, Broken, Recovery
from generator.read.walk import MAX_ID_LENGTH, read_limited, walk_content
from generator.read.yamlsafe import Loader as _Loader
from generator.read.yamlsafe import check_limits, cut_by_comments
from generator.read.yamlwords import explain

Location = tuple[str | int, ...]

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# The same on the file's bytes (its marks are ASCII, which no other UTF-8 character contains),
# anchored by ``match`` at the position after a BOM.
_FRONT_MATTER_BYTES = re.compile(rb"---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ATTACHMENTS_DIR = "files"


@dataclass
class SourceDocument:
    """One Markdown file of ``content/`` as written by an editor."""

    path: str
    """Path relative to the content folder, with ``/`` (``reports/2023/otchet.md``)."""
    display: str
    """Path as shown to the editor in messages (``content/reports/2023/otchet.md``)."""
    folder: str | None
    """The kind's folder (first path component) for entries; ``None`` for a page at the top."""
    id: str
    meta: dict[str, Any]
    body: str
    body_line: int
    """The line of the file where the body starts."""
    lines: dict[Location, int] = field(default_factory=dict)
    """For each key path of the front matter (``("authors", 0, "name")``) its line; filled from
    ``front`` by the first call of :meth:`line`."""
    unreadable: bool = False
    """The file's problem is reported; it only keeps its id known to references."""
    front: str | None = field(default=None, repr=False)
    """The YAML of the front matter until :meth:`line` is first asked: most files have no
    problem to place, so their lines are never worked out."""
    broken: Broken | None = None
    """The fields syntax errors blanked out (reported as those errors); the rest was read and is checked."""

    def line(self, loc: Location) -> int:
        """The line of ``loc``, or of its nearest written parent, or of the opening ``---``."""
        if self.front is not None:
            self.lines.update(front_matter_lines(self.front))
            self.front = None
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return 1


def _positions(node: yaml.Node, offset: int, loc: Location, out: dict[Location, int], ancestors: frozenset[int] = frozenset()) -> None:
    """The line of every key path under ``node`` (a key's own line for a mapping's value)."""
    out[loc] = node.start_mark.line + offset
    if id(node) in ancestors:
        return  # an alias of a node that contains it (``&a [*a]``): its lines are already known
    inner = ancestors | {id(node)}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                child = (*loc, key_node.value)
                _positions(value_node, offset, child, out, inner)
                out[child] = key_node.start_mark.line + offset
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _positions(item, offset, (*loc, index), out, inner)


def front_matter_lines(yaml_text: str) -> dict[Location, int]:
    """The line in the file of each key path of front matter that has been read without error."""
    lines: dict[Location, int] = {}
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is not None:
            loader.construct_document(node)  # merge keys (``<<``) change the tree: lines are those of the result
            _positions(node, 2, (), lines)
    finally:
        loader.dispose()
    return lines


def parse_front_matter(text: str, display: str, problems: Problems) -> tuple[dict[str, Any], str | None, str, int] | None:
    """Split ``text`` into (meta, front, body, body_line); ``None`` when there is no front matter.

    ``front`` is the YAML that :func:`front_matter_lines` places key paths in, ``None`` when it
    holds none (empty, or reported as unreadable).
    """
    parsed = _parse_text(text, display, problems)
    return parsed[:4] if parsed is not None else None


def _parse_text(text: str, display: str, problems: Problems) -> Parsed | None:
    match = FRONT_MATTER.match(text)
    if not match:
        return None
    return _parse_yaml(match.group(1) or "", text[match.end() :], text.count("\n", 0, match.end()) + 1, display, problems)


def _split(raw: bytes) -> tuple[str, str, int] | None:
    """(front matter's YAML, body, body_line) of a file's bytes, as :func:`parse_front_matter`
    splits its text; ``None`` when there is no front matter. Decodes each part on its own, so
    that the body (most of the file) is never copied again. Raises ``UnicodeDecodeError``."""
    start = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    match = _FRONT_MATTER_BYTES.match(raw, start)
    if not match:
        return None
    view = memoryview(raw)
    yaml_text = str(view[match.start(1) : match.end(1)], "utf-8") if match.group(1) is not None else ""
    return yaml_text, str(view[match.end() :], "utf-8"), raw.count(b"\n", start, match.end()) + 1


Parsed = tuple[dict[str, Any], str | None, str, int, bool, Broken | None]
"""(meta, front, body, body_line, readable, broken): ``readable`` is false when the front matter was refused, so that
the schema does not report its fields as missing on top of the real problem; ``broken`` names the fields that syntax
errors blanked out of a front matter otherwise read (:mod:`generator.read.recover`)."""


class _Refused(Exception):
    """A front matter that nests or expands too far (:func:`check_limits`): never read again without its field."""

    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message


def _load(yaml_text: str) -> tuple[yaml.Node | None, Any, list[tuple[str, int, int]]]:
    """(root node, value, repeated keys) of ``yaml_text``; raises ``yaml.YAMLError``, :class:`_Refused`."""
    loader = _Loader(yaml_text)  # PyYAML's pure reader already checks the characters here
    try:
        node = loader.get_single_node()
        refused = check_limits(node, yaml_text) if node is not None else None
        if refused is not None:
            raise _Refused(*refused)
        return node, loader.construct_document(node) if node is not None else {}, loader.duplicates
    finally:
        loader.dispose()


def _parse_yaml(yaml_text: str, body: str, body_line: int, display: str, problems: Problems) -> Parsed:
    unreadable: Parsed = {}, None, body, body_line, False, None
    recovery, text = None, yaml_text
    while True:
        try:
            node, meta, duplicates = _load(text)
            break
        except yaml.YAMLError as exc:  # reported, then read again without the field it is in
            line, message = explain(exc, text)
            recovery = recovery or Recovery(yaml_text)  # made on the first error: most files have none
            own = recovery.counts(exc)
            recovered = recovery.without(exc, line)
            if recovery.stopped:
                problems.error(display, line + 2, TOO_MANY)
            elif own or recovered is None:
                problems.error(display, line + 2, message)
            if recovered is None:
                return unreadable
            text = recovered
        except _Refused as exc:
            problems.error(display, exc.line + 2, exc.message)
            return unreadable
        except Exception:  # untrusted input: whatever else the constructor meets is still a problem, never a traceback
            problems.error(display, 2, "заголовок не читается (проверьте кавычки, двоеточия и отступы: «поле: значение»)")
            return unreadable
    for key, first, second in duplicates:
        problems.error(
            display,
            second + 2,
            f"поле «{key}» указано второй раз (первое — в строке {first + 2}): YAML оставит только последнее значение (оставьте одно поле «{key}»)",
        )
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        problems.error(display, 2, "заголовок файла должен быть набором полей «поле: значение»")
        return unreadable
    if node is not None and "#" in text:
        for line, message in cut_by_comments(node, text):
            problems.warning(display, line + 2, message)
    return meta, text if node is not None else None, body, body_line, True, recovery.broken() if recovery is not None else None


_OPENED = re.compile(r"\A---[ \t]*(?:\r?\n|\Z)")


def tree_files(
    content_dir: Path, display_root: str, kind_folders: set[str], problems: Problems, others: list[str] | None = None
) -> list[tuple[str, str | None]]:
    """(path, kind's folder or ``None`` for a page) of every Markdown file of ``content_dir``, in a stable order.

    Files in a kind's folder are entries and must have front matter; other Markdown files
    are ordinary pages, whose front matter is optional. ``content/files/`` holds attachments
    and is not read here. The whole tree is walked once (:func:`generator.read.walk.walk_content`):
    symbolic links, special files and odd names anywhere under it are reported, never read.
    ``others`` gets every other file, a Markdown file in ``content/files/`` among them (the
    attachments' policy, :mod:`generator.read.attachments`, decides which are published).
    """
    found = []
    for rel in walk_content(content_dir, display_root, problems, others):
        parts = rel.split("/")
        if any(p.startswith(".") for p in parts):
            continue
        if parts[0] == ATTACHMENTS_DIR:
            if others is not None:
                others.append(rel)
            continue
        found.append((rel, parts[0] if len(parts) > 1 and parts[0] in kind_folders else None))
    if others is not None:
        others.sort(key=lambda rel: rel.split("/"))
    return found


@collector_paused
def read_tree(content_dir: Path, display_root: str, kind_folders: set[str], problems: Problems) -> list[SourceDocument]:
    """Every Markdown file of ``content_dir`` read (see :func:`tree_files`); an unreadable entry stays as one."""
    documents = []
    for rel, folder in tree_files(content_dir, display_root, kind_folders, problems):
        display = f"{display_root}/{rel}" if display_root else rel
        path = content_dir / rel
        document = read_document(path, rel, display, folder, problems)
        if document is not None:
            documents.append(document)
        elif folder is not None:
            documents.append(SourceDocument(rel, display, folder, path.stem, {}, "", 1, unreadable=True))
    return documents


def read_document(path: Path, rel: str, display: str, folder: str | None, problems: Problems) -> SourceDocument | None:
    """The document of one Markdown file; ``None`` (its problem reported) when it cannot be read."""
    stem = path.stem
    if len(stem) > MAX_ID_LENGTH:
        problems.error(
            display,
            1,
            f"имя файла длиннее {MAX_ID_LENGTH} знаков ({len(stem)}): из него получается адрес страницы и имена файлов сайта "
            f"(ожидается не больше {MAX_ID_LENGTH} знаков без «.md»)",
        )
    raw = read_limited(path)
    if isinstance(raw, str):
        problems.error(display, 1, raw)
        return None
    try:
        split = _split(raw)
    except UnicodeDecodeError:
        split = None  # reported below, where the whole file's decoder places the error
    text = ""
    if split is None:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            problems.error(display, line, "файл не в кодировке UTF-8 (сохраните его как «UTF-8» в редакторе)")
            return None
    if folder is not None and not ID_PATTERN.match(stem):
        problems.error(
            display,
            1,
            f"недопустимое имя файла «{stem}» (ожидаются строчные латинские буквы, цифры и дефисы, например gimnaziya-2-vologda)",
        )
    if folder is not None and stem == "index":
        problems.error(display, 1, f"имя index.md в папке {folder}/ занято реестром раздела (назовите файл по идентификатору записи)")
        return None
    parsed = _parse_text(text, display, problems) if split is None else _parse_yaml(*split, display, problems)
    if parsed is None:
        if _OPENED.match(text):
            problems.error(
                display, 1, "не закрыт заголовок: нет второй строки «---» после полей (ожидается строка «---» после последнего поля, перед текстом)"
            )
            return None
        if folder is not None:
            problems.error(display, 1, "нет заголовка с полями (ожидается блок между строками «---» в начале файла)")
            return None
        return SourceDocument(rel, display, None, stem, {}, text, 1)
    meta, front, body, body_line, readable, broken = parsed
    if (not readable or broken is not None) and folder is None:
        return None  # a page is only a page; an entry stays, unreadable, so that references to it hold
    return SourceDocument(rel, display, folder, stem, meta, body, body_line, front=front, unreadable=not readable, broken=broken)
