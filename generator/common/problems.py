"""Problems found in the content, and the few exceptions of the package.

Every stage appends to one :class:`Problems` list instead of raising, so that an
editor sees every problem of the whole tree in one run (as ``mkdocs`` does for its
configuration: collect, then stop once).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

# Control and direction characters an editor's value may carry into a message: shown as
# ``\x1b`` / ``\u202e``, so that they neither drive the terminal or the CI log nor reorder the line.
_UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """``text`` with its control and direction characters written out (``\\x1b``, ``\\u202e``); line breaks kept."""
    return _UNPRINTABLE.sub(_escaped, text)


# A line break too (and the separators a reader's editor breaks lines at): a message that echoes a value stays one line,
# so that a value cannot start a line of its own in a CI log (a workflow command) or a terminal.
_UNPRINTABLE_OR_BREAK = re.compile(f"{_UNPRINTABLE.pattern[:-1]}\n\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` as :func:`shown` writes it, its line breaks written out too (``\\x0a``)."""
    return _UNPRINTABLE_OR_BREAK.sub(_escaped, text)


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem of one file, at one line (1-based), worded for an editor in Russian."""

    path: str
    line: int
    message: str
    level: Level = Level.ERROR
    foreign: bool = field(default=False, compare=False)
    """Of data another site published (a regional site's ``harvest/``): shown, never failing ``--strict``."""

    def __str__(self) -> str:
        prefix = "предупреждение: " if self.level is Level.WARNING else ""
        return one_line(f"{self.path}:{self.line}: {prefix}{self.message}")


class Problems(list[Problem]):
    """An ordered collection of problems, sorted by file and line when reported."""

    def error(self, path: str, line: int, message: str) -> None:
        self.append(Problem(path, line, message, Level.ERROR))

    def warning(self, path: str, line: int, message: str, foreign: bool = False) -> None:
        self.append(Problem(path, line, message, Level.WARNING, foreign))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.level is Level.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if p.level is Level.WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and any(not p.foreign for p in self.warnings)))

    def report(self) -> str:
        return "\n".join(str(p) for p in sorted(self))


class InnopubError(Exception):
    """The content or the configuration cannot be published; the message says why."""


class ContentError(InnopubError):
    """The content has errors; ``problems`` holds all of them."""

    def __init__(self, problems: Problems, strict: bool = False) -> None:
        self.problems = problems
        count = len(problems.errors) + (len(problems.warnings) if strict else 0)
        super().__init__(f"{problems.report()}\n{russian_count(count)}")


def russian_count(errors: int) -> str:
    from generator.common.russian import plural

    return f"Найдено {errors} {plural(errors, 'ошибка', 'ошибки', 'ошибок')}: сайт не собран."
