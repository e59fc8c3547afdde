"""Front matter with YAML syntax errors read as far as it can be: each error reported, the rest of the file checked.

PyYAML stops at the first error, so one unquoted colon used to hide every other problem of its file (issue 21: six
problems, three rounds of fixing). :class:`Recovery` blanks out the field whose lines hold the error and the front
matter is parsed again, until it reads or :data:`MAX_ERRORS` errors are found. What is blanked is always a whole
top-level field — its key's line and every line under it (indented lines, a list at the key's indent, comments) — and
its lines stay as empty lines, so that every other line keeps its number. What remains is whole fields, each read as
it was written: nothing reported of them is an artefact of the removal. Two things could be, and are left out:

- a field blanked out is not «missing»: :class:`Broken` names the fields blanked, and the schema's check does not report
  them (a line at the left edge that is no ``key:``, a value written without its field's name, may be any field: then
  no field is reported missing);
- a reference ``*name`` to an anchor ``&name`` on a blanked line is no second error (its field is blanked too).

Where the error is depends on PyYAML's marks: an unclosed quote or bracket, or a key without its colon, is blanked
from the line it opened on (``context_mark``); any other error from the line :func:`generator.read.yamlwords.explain`
reports. A front matter longer than :data:`MAX_CHARS` (a real one is a few hundred characters) is not recovered: each
round parses it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

MAX_ERRORS = 10
"""Syntax errors reported of one front matter; the next one stops its check, saying so."""
MAX_CHARS = 100_000
TOO_MANY = (
    f"ошибка разметки YAML в заголовке: больше {MAX_ERRORS} ошибок разметки — дальше заголовок не проверен "
    "(исправьте найденные и запустите проверку снова)"
)

_INDICATORS = frozenset("#'\"?:,[]{}&*!|>%@`-")
_COLON = re.compile(r":(?=[ \t\r]|$)")
_ALIAS = re.compile(r"\*([^\s,\[\]{}]+)")
# Contexts whose mark is where the broken value opened: a quote, a bracket, a block scalar, a key without its colon.
_OPENED = ("while scanning a quoted scalar", "while parsing a flow", "while scanning a simple key", "while scanning a block scalar")


@dataclass(frozen=True)
class Broken:
    """The fields of a front matter its syntax errors blanked out: their problems are the syntax errors'."""

    fields: frozenset[str]
    unknown: bool
    """A blanked line was no ``key:`` (``: г. Вологда``): any field may have been on it."""

    def hides(self, field: str) -> bool:
        return self.unknown or field in self.fields


@dataclass(frozen=True)
class _Block:
    start: int
    end: int
    key: str | None
    odd: bool
    """Holds a line at the left edge that is neither a key nor a list's item."""


def _blocks(lines: list[str]) -> list[_Block]:
    """The top-level fields of ``lines``, each from its key's line to the next key's."""
    blocks: list[_Block] = []
    start, key, odd = 0, None, False
    for index, line in enumerate(lines):
        if not line.strip() or line[0] in " \t" or line.startswith("#"):
            continue
        found = _key_of(line)
        if found is None:
            odd = odd or not (line.startswith("- ") or line.rstrip() == "-")
            continue
        if index > start:
            blocks.append(_Block(start, index, key, odd))
        start, key, odd = index, found, False
    blocks.append(_Block(start, len(lines), key, odd))
    return blocks


def _key_of(line: str) -> str | None:
    """The key of a top-level key's line (``title: …``, ``"title": …``), ``None`` for any other line; one pass over
    the line (a regular expression that backtracks would take seconds over a long hostile one)."""
    if line[0] in "\"'":
        end = line.find(line[0], 1)
        rest = line[end + 1 :].lstrip(" \t") if end > 0 else ""
        return line[1:end] if _COLON.match(rest) else None
    if line[0] in _INDICATORS:
        return None
    colon = _COLON.search(line)
    key = line[: colon.start()] if colon else ""
    return key.strip() if key.strip() and " #" not in key and "\t#" not in key else None


class Recovery:
    """The rounds of one front matter's parse: which fields are blanked, and the text without them."""

    def __init__(self, yaml_text: str) -> None:
        self.lines = yaml_text.split("\n")
        self.enabled = len(yaml_text) <= MAX_CHARS
        self._blocks: list[_Block] | None = None
        self.removed: list[_Block] = []
        self.errors = 0

    def counts(self, exc: yaml.YAMLError) -> bool:
        """Whether ``exc`` is a problem of its own, not one that blanking a field made (an alias of a blanked anchor)."""
        problem = getattr(exc, "problem", None) or ""
        mark = getattr(exc, "problem_mark", None)
        if not problem.startswith("found undefined alias") or mark is None or mark.line >= len(self.lines):
            return True
        alias = _ALIAS.match(self.lines[mark.line], mark.column)
        if alias is None:
            return True
        anchor = re.compile(rf"&{re.escape(alias.group(1))}(?![^\s,\[\]{{}}])")
        return not any(anchor.search(line) for block in self.removed for line in self.lines[block.start : block.end])

    def without(self, exc: yaml.YAMLError, line: int) -> str | None:
        """The front matter with the field at fault blanked (``line``: where the error is reported); ``None`` when it
        cannot be recovered: too long, too many errors, or nothing left to blank."""
        self.errors += 1
        if not self.enabled or self.errors > MAX_ERRORS:
            return None
        if self._blocks is None:
            self._blocks = _blocks(self.lines)
        starts = [line]
        context = getattr(exc, "context", None) or ""
        mark = getattr(exc, "context_mark", None)
        if mark is not None and context.startswith(_OPENED):
            starts.insert(0, mark.line)
        for start in starts:
            block = self._block_at(start)
            if block is not None and block not in self.removed:
                self.removed.append(block)
                blanked = {i for b in self.removed for i in range(b.start, b.end)}
                return "\n".join("" if i in blanked else text for i, text in enumerate(self.lines))
        return None

    @property
    def stopped(self) -> bool:
        """The last error was one more than :data:`MAX_ERRORS`: it is reported as :data:`TOO_MANY`."""
        return self.enabled and self.errors > MAX_ERRORS

    def broken(self) -> Broken | None:
        if not self.removed:
            return None
        fields = frozenset(b.key for b in self.removed if b.key)
        return Broken(fields, any(b.odd or not b.key for b in self.removed))

    def _block_at(self, line: int) -> _Block | None:
        assert self._blocks is not None
        line = min(max(line, 0), len(self.lines) - 1)
        return next((b for b in self._blocks if b.start <= line < b.end), None)
