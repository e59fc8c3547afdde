"""Russian for readers: dates, plural forms, names and transliterated slugs.

Dates and plural rules come from Babel (CLDR data); slugs from python-slugify.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.util
import inspect
import re
import unicodedata

from babel import Locale
from babel.dates import format_date
from slugify import slugify

LOCALE = Locale("ru")


@functools.lru_cache(maxsize=1 << 14)
def long_date(value: dt.date) -> str:
    """``30 марта 2023 г.`` with a non-breaking space before «г.»."""
    return format_date(value, "d MMMM y", locale=LOCALE) + "\u00a0г."


def no_break_after_number_sign(text: str) -> str:
    """«№ 1» never breaks between the sign and the number: the space after «№» becomes a non-breaking one."""
    return re.sub(r"№[ \t]+", "№\u00a0", text)


def month_year(value: dt.date) -> str:
    """``март 2023`` (nominative, as in an archive heading)."""
    return format_date(value, "LLLL y", locale=LOCALE)


def month_name(month: int) -> str:
    """``Март``: the nominative month name, capitalised, for headings."""
    return format_date(dt.date(2000, month, 1), "LLLL", locale=LOCALE).capitalize()


def date_range(start: dt.date, end: dt.date | None) -> str:
    if end is None or end == start:
        return long_date(start)
    return f"{long_date(start)} — {long_date(end)}"


def plural(count: int, one: str, few: str, many: str) -> str:
    """The form of a noun that goes with ``count`` (CLDR rules for Russian)."""
    form = LOCALE.plural_form(count)
    return {"one": one, "few": few}.get(form, many)


def count_of(count: int, one: str, few: str, many: str) -> str:
    """``3 отчёта``, ``5 отчётов``, with a non-breaking space."""
    return f"{count}\u00a0{plural(count, one, few, many)}"


@functools.lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """A key for matching people's names: «ё» = «е», case and spacing ignored, and «й» typed as «и»
    with a combining breve (as some programs paste it) is «й». Kept for the strings seen: titles and names
    are folded again on every load of a preview, and sorted by it many times in one."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").casefold().split())


# python-slugify ≥ 9 chooses its transliteration per call ("auto": Unidecode where installed,
# else text-unidecode), trying to import Unidecode again each time: a failed import is most of
# a slug's cost. The same choice, made once, where the ``backend`` option exists.
_OPTIONS = (
    {"backend": "unidecode" if importlib.util.find_spec("unidecode") else "text-unidecode"}
    if "backend" in inspect.signature(slugify).parameters
    else {}
)


SLUG_MAX = 80
"""The longest slug: it is a folder name of the site (at most 255 bytes), and a Cyrillic letter
transliterates into up to four Latin ones («щ» → ``shch``)."""


@functools.lru_cache(maxsize=65536)
def slug(text: str) -> str:
    """Latin slug of a Russian name: ``Каурова Ирина Викторовна`` → ``kaurova-irina-viktorovna``.

    Never empty, never ``index`` (the file of a listing), never longer than :data:`SLUG_MAX`: a
    name without Latin or Cyrillic letters (``🙂``), a long one (cut at a word) or ``index`` gets
    eight hex digits of the name's hash, so that different names keep different slugs.
    """
    folded = fold(text)
    base = slugify(folded, **_OPTIONS)
    if base and len(base) <= SLUG_MAX and base != "index":
        return base
    digest = hashlib.sha256(folded.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    if len(base) > SLUG_MAX:
        base = slugify(folded, max_length=SLUG_MAX - len(digest) - 1, word_boundary=True, **_OPTIONS)
    return f"{base or 'bez-imeni'}-{digest}"


_INITIALS = re.compile(r"\s+")


def _surname_and_initials(full: str) -> tuple[str, str] | None:
    parts = _INITIALS.split(full.strip())
    if len(parts) < 2:
        return None
    return parts[0], "\u00a0".join(f"{p[0]}." for p in parts[1:] if p)


def short_name(full: str) -> str:
    """``Каурова Ирина Викторовна`` → ``Каурова И. В.`` (non-breaking spaces)."""
    split = _surname_and_initials(full)
    return f"{split[0]}\u00a0{split[1]}" if split else full.strip()


def initials_first(full: str) -> str:
    """``Каурова Ирина Викторовна`` → ``И. В. Каурова`` (as in a reference's responsibility area)."""
    split = _surname_and_initials(full)
    return f"{split[1]}\u00a0{split[0]}" if split else full.strip()


def first_letter(name: str) -> str:
    """The letter of the А–Я index a name is filed under («Ё» under «Е»)."""
    letter = name.strip()[:1].upper()
    return "Е" if letter == "Ё" else letter


def human_size(size: int) -> str:
    """A file's size as a reader reads it: «512 Б», «48 КБ», «1,2 МБ»."""
    if size < 1024:
        return f"{size}\u00a0Б"
    if size < 1024 * 1024:
        return f"{round(size / 1024)}\u00a0КБ"
    return f"{size / 1024 / 1024:.1f}".replace(".", ",") + "\u00a0МБ"
