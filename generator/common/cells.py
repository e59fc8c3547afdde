"""A text cell of open data: shown by a spreadsheet as written, never run as a formula, and held whole.

**Formulas.** A spreadsheet takes a cell that starts with ``=``, ``+``, ``-`` or ``@`` for a formula (``=HYPERLINK``
leaks data, ``=cmd|' /C calc'!A0`` runs a program through DDE). A cell is not only what the CSV writer quoted:
Excel in a Russian locale opens a comma-separated file splitting each line at «;» too (its list separator), readers
split quoted fields at their line breaks, «Текст по столбцам» splits at «;», «,» or a tab. So, as OWASP's «CSV
Injection» advises, :func:`neutralise` looks at every piece of the text a reader may split it into — at ``,`` (the
delimiter the site's files use), ``;``, a tab, a carriage return, a line feed — and puts an apostrophe before the
first character of each piece that starts a formula, after the spaces and quotes a reader may skip
(``Сокол;=cmd…`` → ``Сокол;'=cmd…``; ``ул. Мира, 1⏎=1+1`` → ``ул. Мира, 1⏎'=1+1``). Excel and LibreOffice show the
apostrophe and run nothing. The full-width forms (``＝``…, which a Japanese or Chinese Excel reads as ``=``) count
too; so does a cell that starts with a tab or a line break (OWASP's list), which gets an apostrophe first.

The spreadsheets' formats carry the neutralised text: the CSV file and the XLSX workbook (its cells are text,
never formulas, and hold the same text as the CSV, so that splitting or editing a cell in Excel runs nothing
either). JSON is read by programs, not by spreadsheets: it carries the text as written.

**Length.** A cell of Excel holds at most 32,767 characters (UTF-16 code units: a character beyond the Basic
Multilingual Plane, such as an emoji, counts two), and XlsxWriter cuts a longer string without a word. One field of
content cannot come near it (``innopub check`` refuses a value longer than 10,000 characters,
:mod:`generator.check.fieldtext`), but a cell joined from many values can: :func:`fit` cuts such a text once, to what
fits neutralised, ending it with «…», and every format writes the same cut text (the build warns, naming the
dataset, the row and the field).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from generator.common.russian import plural

Format = Literal["string", "integer", "date"]
"""What a column of open data holds, as the recommendations name it."""
Cell = str | int | dt.date | None
"""A value of open data: text, a number, a date, or nothing."""

LIMIT = 32_767
"""The most UTF-16 code units an Excel cell holds."""
MARK = "…"
"""What ends a text cut to :data:`LIMIT`."""
FORMULA = "=+-@＝＋－＠"
SEPARATORS = ",;\t\r\n"
"""Where a reader may split a line of the CSV: the file's delimiter, Excel's Russian list separator, a tab, line breaks."""
_LIVE = re.compile(rf'(?<![\s"])([\s"]*+)(?=[{re.escape(FORMULA)}])')
"""Before each formula character, the whole run of what a reader may skip (spaces, tabs, line breaks, quotes), found
from its first character only (the look-behind): linear, however long the run."""
_BREAKS = frozenset("\t\r\n")


def neutralise(text: str) -> str:
    """``text`` with an apostrophe before each formula a spreadsheet may find in it (see the module)."""

    def piece(match: re.Match[str]) -> str:
        run, start = match.group(1), match.start()
        starts = start == 0 or text[start - 1] in SEPARATORS or not _BREAKS.isdisjoint(run)  # a piece starts in or before it
        return f"{run}'" if starts else run

    text = _LIVE.sub(piece, text)
    return f"'{text}" if text.startswith(("\t", "\r", "\n")) else text


def units(text: str) -> int:
    """The length of ``text`` as Excel counts it: UTF-16 code units."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def fit(text: str) -> str:
    """``text``, or its longest beginning that, ended with «…» and neutralised, fits in a cell (:data:`LIMIT`)."""
    if 2 * len(text) + 2 <= LIMIT or units(neutralise(text)) <= LIMIT:  # neutralised, a character takes at most 2 units
        return text
    low, high = 0, len(text)
    while low < high:  # the longest beginning that fits: the neutralised length grows with the beginning
        middle = (low + high + 1) // 2
        if units(neutralise(text[:middle] + MARK)) <= LIMIT:
            low = middle
        else:
            high = middle - 1
    return text[:low] + MARK


def too_long(where: str, length: int) -> str:
    """The build's warning for a text of ``length`` characters cut by :func:`fit`, at ``where``."""
    return (
        f"{where}: {_number(length)} {plural(length, 'символ', 'символа', 'символов')} — больше, чем вмещает ячейка таблицы "
        f"({_number(LIMIT)}); в CSV, JSON и XLSX записано одно и то же начало значения с «{MARK}»"
    )


def _number(count: int) -> str:
    """``32\u00a0767``: thousands apart, as Russian text writes them."""
    return f"{count:,}".replace(",", "\u00a0")
