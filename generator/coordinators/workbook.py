"""A workbook (XLSX) of plain tables for people who work in spreadsheets: every dataset of the open data is one.

Each sheet is a table with a header row in Russian (bold, wrapped, frozen), its rows below: integers as numbers,
dates as dates (``дд.мм.гггг``), text as string cells — never ``write()``, which turns ``=…`` into a formula, and
no string is ever read as a formula, an address or a number (``strings_to_*`` off). The caller hands the text
already neutralised (:func:`generator.coordinators.opendata.sheet_text`): a workbook holds the CSV's text.

Byte-identical from build to build: XlsxWriter in memory stamps every zip entry 1980-01-01 and takes
``docProps/core.xml``'s created and modified from ``set_properties(created=…)``, which comes from the content;
openpyxl writes the time of saving into both and into the zip entries.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

import xlsxwriter

Value = str | int | dt.date | None
OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
WIDEST = 60
"""The widest column, in characters: longer text wraps in the cell when a reader widens it."""


@dataclass(frozen=True)
class Sheet:
    name: str
    """At most 31 characters, no ``[]:*?/\\``."""
    header: Sequence[str]
    rows: Sequence[Sequence[Value]]
    autofilter: bool = False
    """A filter button on every column of the header (the data sheet)."""


def _text(value: Value) -> str:
    return "" if value is None else value.strftime("%d.%m.%Y") if isinstance(value, dt.date) else str(value)


def workbook(sheets: Sequence[Sheet], *, title: str, subject: str, keywords: str, created: dt.date) -> bytes:
    """The XLSX bytes of ``sheets``, in their order; ``created`` (a date of the content) dates the document."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, OPTIONS)
    book.set_properties({"title": title, "subject": subject, "keywords": keywords, "created": dt.datetime.combine(created, dt.time(), tzinfo=dt.UTC)})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    day = book.add_format({"num_format": "dd.mm.yyyy"})
    for table in sheets:
        sheet = book.add_worksheet(table.name)
        for col, title_ in enumerate(table.header):
            sheet.write_string(0, col, title_, bold)
            longest = max([len(title_) // 2, *(len(_text(row[col])) for row in table.rows)])
            sheet.set_column(col, col, min(max(longest, 10), WIDEST) + 2)
        for r, row in enumerate(table.rows, start=1):
            for col, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, col, dt.datetime.combine(value, dt.time()), day)
                elif isinstance(value, int):
                    sheet.write_number(r, col, value)
                elif value is not None:
                    sheet.write_string(r, col, value)
        sheet.freeze_panes(1, 0)
        if table.autofilter and table.header:
            sheet.autofilter(0, 0, len(table.rows), len(table.header) - 1)
    book.close()
    return buffer.getvalue()
