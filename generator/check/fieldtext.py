"""Stage 2a': the text of front matter values, checked before the schema sees them.

Every string of a known field is looked at once (metadata only, never a body):

- control characters (C0, C1, lone surrogates, U+FFFE/U+FFFF) are errors: XML cannot hold
  them, so the Atom feed, the EPUB and the sitemap would fail. Multi-line fields
  (``abstract``, ``summary``, a roadmap's cells) may hold line breaks and tabs;
- invisible characters (zero-width, soft hyphen, bidi controls) are removed, with a warning,
  from every value that names or groups something (ids, references, people, tags,
  directions, sections…), so that «Иванова\u200b Е. А.» is the same author page as
  «Иванова Е. А.» and a tag is one tag page; prose (titles, abstracts) keeps them (emoji
  sequences join with U+200D);
- a title, a person's name or a tag longer than a sane limit is an error: names and tags
  become folder names of the site; so is any other value longer than 10,000 characters (a long
  text belongs in the body): it would not fit a cell of the open data's tables
  (:mod:`generator.common.cells`: 32,767, with an apostrophe before each formula and beside other values);
- a person's name needs at least one letter.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from typing import Any

from generator.common.problems import Problems
from generator.common.russian import count_of
from generator.read.reader import Location, SourceDocument

_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
CONTROL_MULTILINE = re.compile(f"[{_CONTROLS}]")
CONTROL_ONE_LINE = re.compile(f"[\t\n{_CONTROLS}]")
INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
_SUSPECT = re.compile(f"[\t\n{_CONTROLS}{INVISIBLE_CHARS}]")
"""Any character that one of the checks above is about: most values have none."""
_REMOVE = dict.fromkeys(map(ord, INVISIBLE_CHARS))
_EDGES = " \t\n\r\x0b\x0c"
"""What the schema strips off a value's ends (a folded ``>`` block ends with a line break)."""
_LETTER = re.compile(r"[^\W\d_]")

MULTILINE = frozenset({"summary", "abstract", "what", "when", "audience", "result", "address"})
"""Fields whose values may span lines (``|`` blocks)."""
PROSE = frozenset(
    {"title", "summary", "abstract", "short", "address", "place", "what", "when", "audience", "result"}
    | {"position", "publisher", "city", "references", "stage", "file", "attachments", "products"}
)
"""Fields of free text, shown as written: invisible characters stay (they name and group nothing)."""
PERSON_FIELDS = frozenset({"authors", "editors", "leader", "supervisor"})
LIMITS = {"title": 500, "name": 150, "tags": 100, "keywords": 100, "text": 10_000}
"""The longest value, in characters, of the title, a person's name, a tag, a keyword, any other text."""


def check_text(source: SourceDocument, known: Collection[str], problems: Problems) -> tuple[dict[str, Any], bool]:
    """``source.meta`` with invisible characters removed where they do not belong (a new dict
    only where something changed), and whether its values have no error. Fields not in ``known``
    are left alone: they are reported as unknown and never used."""
    walker = _Walker(source, problems)
    meta = source.meta
    if not _plain(meta):
        cleaned = {key: walker.value(value, (key,), key) if key in known else value for key, value in meta.items()}
        meta = cleaned if any(cleaned[key] is not meta[key] for key in meta) else meta
    measured = walker.limits(meta, known)
    if len(repr(meta)) > LIMITS["text"]:  # else no value can be that long (one C call, as in _plain)
        for key in [key for key in meta if key in known]:
            walker.long_text(meta[key], (key,), key, measured)
    return meta, walker.ok


def _plain(meta: dict[str, Any]) -> bool:
    """Whether no value of ``meta`` can hold a character the checks are about, asked in one C call
    (no Python step per value): ``repr`` writes every character that is not printable — each of
    those the checks are about, and a few more, such as a no-break space — as a backslash escape."""
    return "\\" not in repr(meta)


@functools.cache
def _limited(known: Collection[str]) -> tuple[str, ...]:
    """The fields of ``known`` whose values :meth:`_Walker.limits` measures."""
    return tuple(name for name in ("title", "tags", "keywords", *sorted(PERSON_FIELDS)) if name in known)


def _items(value: Any, name: str) -> list[tuple[Location, Any]]:
    return [((name, i), v) for i, v in enumerate(value)] if isinstance(value, list) else [((name,), value)]


class _Walker:
    def __init__(self, source: SourceDocument, problems: Problems) -> None:
        self.source = source
        self.problems = problems
        self.ok = True
        self.open: set[int] = set()
        """The lists and mappings being walked: an alias inside itself (``&a [*a]``) is not walked again."""

    def value(self, value: Any, loc: Location, field: str) -> Any:
        """``value`` checked (``field`` is the name of the innermost field it is in), cleaned where needed."""
        if isinstance(value, str):
            return self.characters(value, loc, field) if _SUSPECT.search(value) else value
        if not isinstance(value, list | dict) or id(value) in self.open:
            return value
        self.open.add(id(value))
        if isinstance(value, list):
            items = [self.value(item, (*loc, i), field) for i, item in enumerate(value)]
            result: Any = items if any(a is not b for a, b in zip(items, value, strict=True)) else value
        else:
            found = {k: self.value(v, (*loc, k), k if isinstance(k, str) else field) for k, v in value.items()}
            result = found if any(found[k] is not value[k] for k in value) else value
        self.open.discard(id(value))
        return result

    def characters(self, value: str, loc: Location, field: str) -> str:
        if field not in PROSE and INVISIBLE.search(value):
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in INVISIBLE.findall(value)}))
            value = value.translate(_REMOVE)
            self.problems.warning(
                self.source.display,
                self.source.line(loc),
                f"из значения «{value.strip()}» удалены невидимые символы ({codes}): проверьте, что значение набрано без них",
            )
        multiline = field in MULTILINE
        control = (CONTROL_MULTILINE if multiline else CONTROL_ONE_LINE).search(value.strip(_EDGES))
        if control:
            expected = "текст без управляющих символов; переносы строк допустимы" if multiline else "текст в одну строку без управляющих символов"
            self._error(loc, f"в поле «{field}» недопустимый управляющий символ U+{ord(control.group()):04X} (ожидается {expected})")
        return value

    def limits(self, meta: dict[str, Any], known: Collection[str]) -> set[Location]:
        """The lengths of the title, the tags and keywords and people's names; a letter in each name. Returns where
        the values measured are."""
        measured: set[Location] = set()
        for name in _limited(known):
            value = meta.get(name)
            if value is None:
                continue
            person = name in PERSON_FIELDS
            limit = LIMITS["name" if person else name]
            for loc, item in _items(value, name):
                if person and isinstance(item, dict):
                    loc, item = (*loc, "name"), item.get("name")
                if not isinstance(item, str):
                    continue
                measured.add(loc)
                if len(item) > limit and len(item.strip(_EDGES)) > limit:
                    size = count_of(len(item.strip(_EDGES)), "символ", "символа", "символов")
                    field = "name" if loc[-1] == "name" else name
                    self._error(loc, f"значение поля «{field}» длиннее допустимого: {size} (ожидается не больше {limit})")
                if person and not _LETTER.search(item) and item.strip(_EDGES):
                    self._error(loc, f"в имени «{item.strip()}» нет ни одной буквы (ожидаются фамилия, имя и отчество)")
        return measured

    def long_text(self, value: Any, loc: Location, field: str, measured: set[Location]) -> None:
        """Any text value of ``value`` (but those :meth:`limits` measured) longer than ``LIMITS["text"]``."""
        if isinstance(value, str):
            size, limit = len(value.strip(_EDGES)), LIMITS["text"]
            if size > limit and loc not in measured:
                count = count_of(size, "символ", "символа", "символов")
                expected = f"ожидается не больше {limit}; длинный текст — в тексте записи"
                self._error(loc, f"значение поля «{field}» длиннее допустимого: {count} ({expected})")
        elif isinstance(value, list | dict) and id(value) not in self.open:
            self.open.add(id(value))
            pairs = enumerate(value) if isinstance(value, list) else value.items()
            for key, item in pairs:
                self.long_text(item, (*loc, key), key if isinstance(key, str) else field, measured)
            self.open.discard(id(value))

    def _error(self, loc: Location, message: str) -> None:
        self.problems.error(self.source.display, self.source.line(loc), message)
        self.ok = False
