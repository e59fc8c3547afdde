"""Stage 1: read the content tree into source documents, keeping YAML line positions.

Nothing here knows the kinds' schemas; it only splits files into front matter and body,
parses the YAML with :func:`yaml.compose` so every value keeps the line it was written
on, and reports what cannot be read at all (encoding, missing or broken front matter).
The lines are worked out from the node marks when a later stage first asks for one: most
files have no problem to place.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.problems import Problems

Location = tuple[str | int, ...]

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# The same on the file's bytes (its marks are ASCII, which no other UTF-8 character contains),
# anchored by ``match`` at the position after a BOM.
_FRONT_MATTER_BYTES = re.compile(rb"---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ATTACHMENTS_DIR = "files"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # the C parser (libyaml) where built: ~10× faster
    """Safe YAML that keeps dates as text: the schema parses them and words the errors."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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


_YAML_PROBLEMS = {
    "did not find expected ',' or ']'": "не закрыта скобка «]» или нет запятой между значениями",
    "did not find expected ',' or '}'": "не закрыта скобка «}» или нет запятой между полями",
    "mapping values are not allowed": "двоеточие внутри значения — заключите значение в кавычки",
    "could not find expected ':'": "нет двоеточия после имени поля",
    "found character '\\t' that cannot start any token": "символ табуляции — используйте пробелы",
    "found a tab character": "символ табуляции — используйте пробелы",
    "found unexpected end of stream": "не закрыты кавычки",
    "found duplicate anchor": "повторная метка «&»",
}


def _yaml_problem(problem: str | None) -> str:
    """A parser's problem in Russian where we know it; else as the parser said it."""
    text = problem or "непонятная разметка"
    return next((ru for en, ru in _YAML_PROBLEMS.items() if text.startswith(en)), text)


def parse_front_matter(text: str, display: str, problems: Problems) -> tuple[dict[str, Any], str | None, str, int] | None:
    """Split ``text`` into (meta, front, body, body_line); ``None`` when there is no front matter.

    ``front`` is the YAML that :func:`front_matter_lines` places key paths in, ``None`` when it
    holds none (empty, or reported as unreadable).
    """
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


def _parse_yaml(yaml_text: str, body: str, body_line: int, display: str, problems: Problems) -> tuple[dict[str, Any], str | None, str, int]:
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        meta = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 2) if mark else 1
        problems.error(display, line, f"ошибка разметки YAML в заголовке: {_yaml_problem(exc.problem)} (ожидается «поле: значение»)")
        return {}, None, body, body_line
    except yaml.YAMLError as exc:
        problems.error(display, 1, f"ошибка разметки YAML в заголовке: {exc} (ожидается «поле: значение»)")
        return {}, None, body, body_line
    finally:
        loader.dispose()
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        problems.error(display, 2, "заголовок файла должен быть набором полей «поле: значение»")
        meta = {}
    return meta, yaml_text if node is not None else None, body, body_line


def read_tree(content_dir: Path, display_root: str, kind_folders: set[str], problems: Problems) -> list[SourceDocument]:
    """Read every Markdown file of ``content_dir`` in a stable order.

    Files in a kind's folder are entries and must have front matter; other Markdown files
    are ordinary pages, whose front matter is optional. ``content/files/`` holds attachments
    and is not read here.
    """
    documents = []
    for path in sorted(content_dir.rglob("*.md")):
        rel = path.relative_to(content_dir).as_posix()
        parts = rel.split("/")
        if parts[0] == ATTACHMENTS_DIR or any(p.startswith(".") for p in parts):
            continue
        display = f"{display_root}/{rel}" if display_root else rel
        folder = parts[0] if len(parts) > 1 and parts[0] in kind_folders else None
        document = read_document(path, rel, display, folder, problems)
        if document is not None:
            documents.append(document)
        elif folder is not None:
            documents.append(SourceDocument(rel, display, folder, path.stem, {}, "", 1, unreadable=True))
    return documents


def read_document(path: Path, rel: str, display: str, folder: str | None, problems: Problems) -> SourceDocument | None:
    raw = path.read_bytes()
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
    stem = path.stem
    if folder is not None and not ID_PATTERN.match(stem):
        problems.error(
            display,
            1,
            f"недопустимое имя файла «{stem}» (ожидаются строчные латинские буквы, цифры и дефисы, например gimnaziya-2-vologda)",
        )
    if folder is not None and stem == "index":
        problems.error(display, 1, f"имя index.md в папке {folder}/ занято реестром раздела (назовите файл по идентификатору записи)")
        return None
    parsed = parse_front_matter(text, display, problems) if split is None else _parse_yaml(*split, display, problems)
    if parsed is None:
        if folder is not None:
            problems.error(display, 1, "нет заголовка с полями (ожидается блок между строками «---» в начале файла)")
            return None
        return SourceDocument(rel, display, None, stem, {}, text, 1)
    meta, front, body, body_line = parsed
    return SourceDocument(rel, display, folder, stem, meta, body, body_line, front=front)
