"""YAML of front matter as untrusted input: a safe loader, limits, and every problem worded in Russian.

The front matter of a file is written by an editor, or by whoever holds an editor's account, so
reading it must never run code (safe tags only), never expand without bound (aliases of aliases:
«billion laughs»), and never answer in English or with a traceback. :class:`Loader` is PyYAML's
safe loader on libyaml that keeps dates as text and notes repeated keys; :func:`check_limits`
refuses a composed document that nests or expands too far before anything walks it;
:func:`cut_by_comments` finds values an unquoted «#» cut short. :mod:`generator.read.yamlwords` words
each problem PyYAML and libyaml can raise.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

MAX_DEPTH = 20
"""Nested lists and mappings of a front matter; libyaml itself stops at 1000."""
MAX_NODES = 10_000
"""Values a front matter may expand to through its aliases (``*name``)."""
MAX_ALIASES = 100

_STD = "tag:yaml.org,2002:"
_MAPPING, _SEQUENCE, _SCALAR = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode


class Refused(ConstructorError):
    """A value that the safe constructor cannot build, worded for an editor."""

    def __init__(self, message: str, mark: yaml.Mark | None) -> None:
        super().__init__(None, None, message, mark)
        self.message = message


def short(value: object, width: int = 40) -> str:
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def tag_name(tag: str) -> str:
    return "!!" + tag[len(_STD) :] if tag.startswith(_STD) else tag


def _guarded(construct: Any, what: str):
    """``construct`` of a scalar tag whose bad values raise ``ValueError`` and the like in PyYAML."""

    def guarded(loader: SafeConstructor, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, IndexError):
            value = node.value if isinstance(node.value, str) else ""
            raise Refused(
                f"значение «{short(value)}» не читается как {what} (уберите тег «{tag_name(node.tag)}» или заключите значение в кавычки)",
                node.start_mark,
            ) from None

    return guarded


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # the C parser (libyaml) where built: ~10× faster
    """Safe YAML that keeps dates as text (the schema parses them and words the errors) and notes
    every key written twice in one mapping (PyYAML silently keeps the last)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int, int]] = []
        """(key, line of its first occurrence, line of the repeat), 0-based in the YAML text."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        """PyYAML's (merge keys first, then the mapping's own pairs), noting repeated own keys."""
        if node.__class__ is not _MAPPING:
            return super().construct_mapping(node, deep=deep)  # raises PyYAML's error
        own = node.value
        self.flatten_mapping(node)  # removes the ``<<`` pairs from ``own`` in place
        merged = len(node.value) - len(own)
        mine: set[Any] = set()
        mapping: dict[Any, Any] = {}
        construct = self.construct_object
        for index, (key_node, value_node) in enumerate(node.value):
            key = construct(key_node, deep=deep)
            try:
                repeated = key in mapping
            except TypeError:
                raise ConstructorError("while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark) from None
            if merged:  # a merged key may be overridden once; an own key repeated is a mistake
                repeated = key in mine
                if index >= merged:
                    mine.add(key)
            if repeated:
                first = next(k for k, _ in node.value[merged:] if construct(k, deep=deep) == key)
                self.duplicates.append((str(key), first.start_mark.line, key_node.start_mark.line))
            mapping[key] = construct(value_node, deep=deep)
        return mapping


Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != _STD + "timestamp"] for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _name, _what in (("int", "целое число"), ("float", "число"), ("bool", "«да» или «нет» (true или false)"), ("timestamp", "дата и время")):
    Loader.add_constructor(_STD + _name, _guarded(SafeConstructor.yaml_constructors[_STD + _name], _what))


# --- limits -------------------------------------------------------------------------------------


class _Limit(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _too_deep() -> _Limit:
    return _Limit(f"слишком глубокая вложенность списков и полей: больше {MAX_DEPTH} уровней (ожидается не больше {MAX_DEPTH})")


def check_limits(root: yaml.Node, yaml_text: str) -> tuple[int, str] | None:
    """(0-based line, message) when ``root`` nests deeper than :data:`MAX_DEPTH`, or its aliases
    expand it beyond :data:`MAX_NODES` values or number more than :data:`MAX_ALIASES`; else ``None``.

    A first pass counts the expanded tree level by level and stops at a limit, so that a bomb costs
    at most :data:`MAX_NODES` steps; only a document that reaches one (or a recursive alias,
    ``&a [*a]``, which is allowed) is measured precisely, with each shared node counted once.
    """
    aliased = "*" in yaml_text
    if not (aliased and yaml_text.count("*") > MAX_ALIASES) and _within(root, aliased):
        return None
    return _Measure().top(root)


def _within(root: yaml.Node, aliased: bool) -> bool:
    level, depth, count = [root], 0, 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            return False
        deeper = []
        for node in level:
            cls = node.__class__
            if cls is _MAPPING:
                count += 2 * len(node.value)
                deeper += [child for pair in node.value for child in pair if child.__class__ is not _SCALAR]
            elif cls is _SEQUENCE:
                count += len(node.value)
                deeper += [item for item in node.value if item.__class__ is not _SCALAR]
            if aliased and count > MAX_NODES:
                return False
        level = deeper
    return True


class _Measure:
    """Size and height of each node, shared nodes measured once; an alias back into a node that
    contains it counts as one value (as the lines of :mod:`generator.read.reader` treat it)."""

    def __init__(self) -> None:
        self.known: dict[int, tuple[int, int]] = {}
        self.active: set[int] = set()
        self.aliases = 0

    def top(self, root: yaml.Node) -> tuple[int, str] | None:
        pairs = root.value if root.__class__ is _MAPPING else [(None, root)]
        total = 1
        for key, value in pairs:
            try:
                total += (self.size(key, 2) if key is not None else 0) + self.size(value, 2 if key is not None else 1)
                if self.aliases and total > MAX_NODES:  # a long list without aliases is only long
                    limit = f"{MAX_NODES:,}".replace(",", "\u00a0")
                    raise _Limit(f"ссылки «*метка» разворачиваются больше чем в {limit} значений (запишите значения без меток «&» и ссылок «*»)")
            except _Limit as exc:
                field = f"поле «{short(key.value)}»: " if key is not None and key.__class__ is _SCALAR else ""
                return (key or value).start_mark.line, f"заголовок не читается: {field}{exc.message}"
        return None

    def size(self, node: yaml.Node, depth: int) -> int:
        """Values under ``node`` (itself included) at ``depth`` (the root's is 1), aliases expanded."""
        key = id(node)
        if key in self.known or key in self.active:
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _Limit(
                    f"больше {MAX_ALIASES} ссылок «*метка» (ожидается не больше {MAX_ALIASES}; запишите значения без меток «&» и ссылок «*»)"
                )
            if key in self.active:
                return 1
            size, height = self.known[key]
            if depth - 1 + height > MAX_DEPTH:
                raise _too_deep()
            return size
        if node.__class__ is _SCALAR:
            self.known[key] = (1, 0)
            return 1
        if depth > MAX_DEPTH:
            raise _too_deep()
        self.active.add(key)
        children = [c for pair in node.value for c in pair] if node.__class__ is _MAPPING else node.value
        size, height = 1, 1
        for child in children:
            size += self.size(child, depth + 1)
            height = max(height, self.known.get(id(child), (1, 0))[1] + 1)
        self.active.discard(key)
        self.known[key] = (size, height)
        return size


# --- values cut by a comment --------------------------------------------------------------------

# A «#» after a space starts a comment: ``title: Отчёт #1`` reads as «Отчёт». A comment that reads
# as one (``# обязательно: заголовок`` of ``innopub new``: «#» and a space) is left alone.
_CUT = re.compile(r"[ \t]+#(\S.*)$")


def cut_by_comments(root: yaml.Node, yaml_text: str) -> list[tuple[int, str]]:
    """(0-based line, warning) of each plain text value followed on its line by a ``#`` comment."""
    lines = yaml_text.split("\n")
    found: list[tuple[int, str]] = []
    stack: list[tuple[yaml.Node, str, str]] = [(root, "", "")]
    seen: set[int] = set()
    while stack:
        node, field, prefix = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.__class__ is _MAPPING and not node.flow_style:
            for key, value in node.value:
                if key.__class__ is _SCALAR:
                    stack.append((value, str(key.value), f"{key.value}: "))
        elif node.__class__ is _SEQUENCE and not node.flow_style:
            stack += [(item, field, "- ") for item in node.value]
        elif node.__class__ is _SCALAR and field and not node.style and node.value and node.tag == _STD + "str":
            end = node.end_mark
            cut = _CUT.match(lines[end.line], end.column) if end.line < len(lines) else None
            if cut:
                shown = f" #{cut.group(1).rstrip()}"
                whole = (node.value + shown).replace("\\", "\\\\").replace('"', '\\"')
                found.append(
                    (
                        end.line,
                        f"значение поля «{field}» обрезано на «{shown}»: после « #» в YAML начинается комментарий "
                        f'(заключите значение в кавычки: {prefix}"{whole}")',
                    )
                )
    return sorted(found)
