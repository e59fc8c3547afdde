"""The bytes of a dataset's files: the data as CSV, JSON and XLSX, the structure as CSV (:mod:`generator.coordinators.opendata`).

Every text cell goes through one function per format (:func:`sheet_text` for CSV and XLSX, :func:`json_text` for JSON;
the rules are :mod:`generator.common.cells`); the layout of each file, and why, is described in the open data's module.
The passport and the list of datasets, which name these files, are written there.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from generator.common.cells import Cell, fit, neutralise
from generator.coordinators.workbook import Sheet, workbook
from generator.settings.options import OpenData

if TYPE_CHECKING:
    from generator.coordinators.opendata import Dataset

STANDARD = "http://opendata.gosmonitor.ru/standard/3.0"
STRUCTURE_HEADER = ("field name", "english description", "russian description", "format")
SHEET_STRUCTURE_HEADER = ("Поле в CSV и JSON", "Заголовок столбца на листе «Данные»", "Описание на английском", "Формат")
SHEET_PASSPORT_HEADER = ("Характеристика", "Значение", "Обозначение в meta.csv")
FORMAT_NAMES = {"string": "строка", "integer": "целое число", "date": "дата"}
"""The structure sheet's formats, in Russian (the structure file keeps the recommendations' codes)."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value: Cell) -> Cell:
    """Text without control characters (but tab and line breaks): XML, and so XLSX, cannot hold them."""
    return _CONTROL.sub("", value) if isinstance(value, str) else value


def json_text(text: str) -> str:
    """A text cell as JSON holds it: as written, cut where no spreadsheet could hold it (:func:`generator.common.cells.fit`)."""
    return fit(clean(text))


def sheet_text(text: str) -> str:
    """A text cell as CSV and XLSX hold it: :func:`json_text` with an apostrophe before each formula it could start."""
    return neutralise(json_text(text))


def csv_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=",", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def data_csv(dataset: Dataset) -> bytes:
    """The data file: the field names, then each row (dates ``YYYY-MM-DD``, empty cells empty)."""
    header = [c.name for c in dataset.columns]
    return csv_bytes([header, *([_text(v) for v in row] for row in dataset.sheet_rows)])


def structure_csv(dataset: Dataset) -> bytes:
    return csv_bytes([STRUCTURE_HEADER, *((c.name, c.english, c.russian, c.format) for c in dataset.columns)])


def data_json(dataset: Dataset, publisher: OpenData) -> bytes:
    """The same rows as JSON: ``{"identifier", "title", "standardversion", "created", "modified", "structure":
    [{"name", "russian", "english", "format"}…], "data": [{field: value…}…]}``; keys in this order and the
    fields' order, integers as numbers, dates ``YYYY-MM-DD``, empty cells ``null``, text as written (:func:`json_text`)."""

    def value(cell: Cell) -> str | int | None:
        return cell.isoformat() if isinstance(cell, dt.date) else json_text(cell) if isinstance(cell, str) else cell

    document = {
        "identifier": dataset.identifier(publisher),
        "title": dataset.title,
        "standardversion": STANDARD,
        "created": dataset.created.isoformat(),
        "modified": dataset.modified.isoformat(),
        "structure": [{"name": c.name, "russian": c.russian, "english": c.english, "format": c.format} for c in dataset.columns],
        "data": [{c.name: value(v) for c, v in zip(dataset.columns, row, strict=True)} for row in dataset.rows],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def xlsx(dataset: Dataset, passport: Sequence[tuple[str, str]] = ()) -> bytes:
    """A workbook, every sheet headed in Russian: «Данные» (the fields' Russian descriptions, then the rows: integers
    as numbers, dates as dates, text as the CSV's text), «Структура» (each field: its name in CSV and JSON, its column's
    header, its English description, its format in Russian) and, given, «Паспорт» (each property's Russian name,
    its value and its name in ``meta.csv``)."""
    structure = [(c.name, c.russian, c.english, FORMAT_NAMES[c.format]) for c in dataset.columns]
    sheets = [
        Sheet("Данные", [c.russian for c in dataset.columns], dataset.sheet_rows, autofilter=True),
        Sheet("Структура", SHEET_STRUCTURE_HEADER, structure),
    ]
    if passport:
        sheets.append(Sheet("Паспорт", SHEET_PASSPORT_HEADER, [(label, value, prop) for prop, value, label in passport_labels(passport)]))
    return workbook(sheets, title=dataset.title, subject=dataset.description, keywords=", ".join(dataset.subject), created=dataset.modified)


PASSPORT_LABELS = {
    "standardversion": "Версия методических рекомендаций",
    "identifier": "Идентификационный номер",
    "title": "Наименование набора данных",
    "description": "Описание набора данных",
    "creator": "Владелец набора данных",
    "created": "Дата первой публикации набора данных",
    "modified": "Дата последнего внесения изменений",
    "subject": "Ключевые слова",
    "format": "Формат данных",
    "provenance": "Содержание последнего изменения",
    "valid": "Дата актуальности набора данных",
    "publishername": "Ответственное лицо",
    "publisherphone": "Телефон ответственного лица",
    "publishermbox": "Адрес электронной почты ответственного лица",
}
"""The passport's properties as the recommendations name them in Russian (the page's passport table)."""


def passport_labels(passport: Sequence[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(property, value, its Russian name) of each passport row: a data or a structure file's row is named
    «Гиперссылка на набор данных» or «… на структуру набора данных», as the recommendations' table names them."""
    found = []
    for prop, value in passport:
        if prop in PASSPORT_LABELS:
            found.append((prop, value, PASSPORT_LABELS[prop]))
        else:
            structure = prop.startswith("structure-")
            found.append((prop, value, "Гиперссылка на структуру набора данных" if structure else "Гиперссылка на набор данных"))
    return found
