"""Open data: datasets and the files the Russian open data recommendations (version 3.0) publish them as.

Engine-neutral: a :class:`Dataset` is a typed table (Latin field names, Russian descriptions, rows, the
content dates it covers); the writers (:mod:`generator.coordinators.opendata_formats`) turn it into bytes,
:func:`publish` into every file of the open data section with its address, and :func:`page_context` into what
``theme/innopub/opendata.html`` lists.

The layout followed is that of «Методические рекомендации по публикации открытых данных государственными
органами и органами местного самоуправления, а также технические требования к публикации открытых данных»,
version 3.0 (standard URI ``http://opendata.gosmonitor.ru/standard/3.0``), as published datasets apply it
(Rosstat's ``rosstat.gov.ru/opendata/list.csv`` and ``…/7708234640-unemploymentrate6/meta.csv``, the Volgograd
region's ``opendata.volganet.ru/3444200448-ForestDeath/meta.csv``, the FNS's ``7707329152-registerdisqualified``;
found with the search tool, in the code of public readers and writers of those files):

- ``opendata/list.csv``, the list of datasets: header ``property,title,value,format``; first row
  ``standardversion,Версия методических рекомендаций,http://opendata.gosmonitor.ru/standard/3.0,``; then per
  dataset its identifier, title, the address of its ``meta.csv`` and its format (``csv``).
- ``opendata/<identifier>/meta.csv``, the passport: header ``property,value``; rows ``standardversion``,
  ``identifier`` (the publisher's INN, ``-``, a Latin name), ``title``, ``description``, ``creator``,
  ``created``, ``modified`` (``YYYYMMDD``), ``subject`` (keywords), ``format``, ``provenance``, ``valid``,
  ``publishername``, ``publisherphone``, ``publishermbox``; then one row per data file
  (``data-YYYYMMDD-structure-YYYYMMDD`` → its address) and per structure file (``structure-YYYYMMDD`` → its address).
- ``data-YYYYMMDD-structure-YYYYMMDD.csv``: a header row of the field names, then the rows; the first date is
  the data's version (``modified``), the second the structure's.
- ``structure-YYYYMMDD.csv``: header ``field name,english description,russian description,format``, a row per field.
- CSV: UTF-8 without a byte order mark, comma, CRLF line ends, fields quoted where RFC 4180 needs it.

Beyond the recommendations, for the same rows: ``data-….json`` (:func:`data_json`) and ``data-….xlsx``
(:func:`xlsx`, :mod:`generator.coordinators.workbook`): every dataset is a workbook too, with a header in Russian on
each sheet («Данные», «Структура», «Паспорт»), for whoever works in a spreadsheet. Only the CSV files are named in the
passport (its ``format`` is one).

**No byte order mark, and XLSX for Excel** (issue 21). Excel in a Russian locale opens a UTF-8 CSV without a BOM as
Windows-1251 (mojibake), and with one it still splits a double-clicked file at its list separator «;», not at the
comma, so every row lands in one column: a BOM would not make the CSV a spreadsheet, and it would put U+FEFF into
the first header of every program that reads UTF-8 as the recommendations require (Python's ``csv``, ``cut``,
the portals that harvest ``meta.csv`` by its ``property`` column). So the CSV files stay what the recommendations and
the published sets (Rosstat's) are, and the open data page sends spreadsheet users to the XLSX of the same rows, or
to Excel's «Данные → Из текстового/CSV-файла» with UTF-8 and the comma.

**Downloaded names** (issue 21). The recommendations name the files inside a dataset's folder, so two datasets'
files have the same names (``data-20240901-structure-20210901.csv`` of the platforms and of the status terms). The
files keep the standard's names and addresses (``meta.csv`` and ``list.csv`` point at them); the page's links add
``download="<identifier>-<name>"`` (:attr:`OutputFile.download`), so a saved file says which dataset it is:
``3527000001-platforms-data-20240901-structure-20210901.csv``.

Determinism: every date in a name or a passport comes from the content (``Dataset.created``/``modified``), never
from the clock; rows and keys keep a declared order; the workbook is byte-identical too (see its module).

Untrusted text: content reaches a spreadsheet only as text, through one function per format for every dataset
(:func:`sheet_text` for CSV and XLSX, :func:`json_text` for JSON; the rules are :mod:`generator.common.cells`). In CSV and
XLSX each piece of a cell a spreadsheet may split it into (at «,», «;», a tab, a line break) that would start a
formula gets an apostrophe before it, as OWASP's «CSV Injection» advises; XLSX cells are string cells besides
(never ``write()``, which turns ``=…`` into a formula) and hold the CSV's text. JSON is not read by spreadsheets
and keeps the text as written. A cell longer than a spreadsheet holds (32,767) is cut once, the same in every
format, and :attr:`Catalogue.cut` says where. Control characters (but tab and line breaks) are dropped from text
everywhere: XML, and so XLSX, cannot hold them. The passports, the structure files and ``list.csv`` hold the
settings' and innopub's own text (trusted), as written.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.common.cells import Cell, Format, too_long
from generator.common.russian import long_date
from generator.coordinators.opendata_formats import (
    PASSPORT_LABELS,
    STANDARD,
    clean,
    csv_bytes,
    data_csv,
    data_json,
    json_text,
    passport_labels,
    sheet_text,
    structure_csv,
    xlsx,
)
from generator.settings.options import OpenData

__all__ = ["Catalogue", "Cell", "Column", "Dataset", "Format", "OutputFile", "address", "page_context", "publish", "write", "xlsx"]
"""What the other stages use; the files' bytes are written by :mod:`generator.coordinators.opendata_formats`."""

FOLDER = "opendata"
"""The open data section: ``opendata/list.csv`` and ``opendata/<identifier>/…`` under the site's root."""
LIST_FILE = f"{FOLDER}/list.csv"
PROVENANCE = "Набор сформирован из записей сайта при его сборке; обновляется вместе с сайтом"
FORMATS = ("string", "integer", "date")

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
_FIELD = re.compile(r"^[a-z][a-z0-9]*$")


@dataclass(frozen=True)
class Column:
    """A field of a dataset, as its structure file describes it."""

    name: str
    """Latin, lowercase: ``statuscode``."""
    russian: str
    english: str
    format: Format = "string"


@dataclass(frozen=True)
class Dataset:
    name: str
    """Latin: the identifier is ``<INN>-<name>``."""
    title: str
    description: str
    subject: tuple[str, ...]
    """Keywords."""
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    created: dt.date
    """The earliest content date the rows cover: the passport's ``created``, the structure's date."""
    modified: dt.date
    """The latest: the passport's ``modified`` and ``valid``, the data's version."""

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"dataset name {self.name!r}: Latin letters and digits")
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names) or not all(_FIELD.match(n) for n in names):
            raise ValueError(f"dataset {self.name}: field names must be unique, lowercase Latin letters and digits: {names}")
        if self.modified < self.created:
            raise ValueError(f"dataset {self.name}: modified {self.modified} before created {self.created}")
        kinds = {"string": str, "integer": int, "date": dt.date}
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"dataset {self.name}: a row of {len(row)} cells for {len(self.columns)} columns")
            for value, column in zip(row, self.columns, strict=True):
                if value is not None and (not isinstance(value, kinds[column.format]) or isinstance(value, bool)):
                    raise ValueError(f"dataset {self.name}: {column.name} is {column.format}, not {value!r}")

    @property
    def structure_date(self) -> dt.date:
        return self.created

    @functools.cached_property
    def sheet_rows(self) -> tuple[tuple[Cell, ...], ...]:
        """The rows as CSV and XLSX hold them, text through :func:`sheet_text`: worked out once for both."""
        return tuple(tuple(sheet_text(v) if isinstance(v, str) else v for v in row) for row in self.rows)

    def identifier(self, publisher: OpenData) -> str:
        return f"{publisher.inn}-{self.name}"

    @property
    def stem(self) -> str:
        """``data-YYYYMMDD-structure-YYYYMMDD``: the data file's name without its extension."""
        return f"data-{self.modified:%Y%m%d}-structure-{self.structure_date:%Y%m%d}"

    @property
    def structure_stem(self) -> str:
        return f"structure-{self.structure_date:%Y%m%d}"


def address(site_url: str | None, path: str) -> str:
    """A file's address: absolute under ``site_url``, else from the site's root (``/opendata/…``)."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else f"/{path}"


def passport(dataset: Dataset, publisher: OpenData, site_url: str | None) -> list[tuple[str, str]]:
    """The passport's (property, value) rows in the order of the recommendations."""
    folder = f"{FOLDER}/{dataset.identifier(publisher)}"
    return [
        ("standardversion", STANDARD),
        ("identifier", dataset.identifier(publisher)),
        ("title", dataset.title),
        ("description", dataset.description),
        ("creator", publisher.publisher),
        ("created", f"{dataset.created:%Y%m%d}"),
        ("modified", f"{dataset.modified:%Y%m%d}"),
        ("subject", ", ".join(dataset.subject)),
        ("format", "csv"),
        ("provenance", PROVENANCE),
        ("valid", f"{dataset.modified:%Y%m%d}"),
        ("publishername", publisher.publisher),
        ("publisherphone", publisher.phone),
        ("publishermbox", publisher.email),
        (dataset.stem, address(site_url, f"{folder}/{dataset.stem}.csv")),
        (dataset.structure_stem, address(site_url, f"{folder}/{dataset.structure_stem}.csv")),
    ]


def meta_csv(passport_rows: Sequence[tuple[str, str]]) -> bytes:
    return csv_bytes([("property", "value"), *passport_rows])


def list_csv(items: Sequence[tuple[str, str, str]]) -> bytes:
    """The list of datasets: (identifier, title, address of its ``meta.csv``) each."""
    rows = [("property", "title", "value", "format"), ("standardversion", "Версия методических рекомендаций", STANDARD, "")]
    return csv_bytes([*rows, *((identifier, title, meta, "csv") for identifier, title, meta in items)])


@dataclass(frozen=True)
class OutputFile:
    path: str
    """Relative to the site's root: ``opendata/<identifier>/meta.csv``."""
    label: str
    """What the page calls it: «Данные (CSV)»."""
    data: bytes
    download: str = ""
    """The name a browser saves it under (the link's ``download``): ``<identifier>-<name>``, the dataset's identifier
    before the standard's name, which is the same in every dataset's folder; empty: the name itself."""

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class Published:
    """A dataset with its passport and files."""

    dataset: Dataset
    identifier: str
    passport: list[tuple[str, str]]
    files: list[OutputFile] = field(default_factory=list)


@dataclass(frozen=True)
class Catalogue:
    datasets: list[Published]
    listing: OutputFile
    """``opendata/list.csv``."""
    cut: list[str] = field(default_factory=list)
    """A warning for each cell too long for a spreadsheet, cut (:func:`cut_cells`)."""

    def files(self) -> list[OutputFile]:
        """Every file to write, ``list.csv`` first."""
        return [self.listing, *(f for p in self.datasets for f in p.files)]


def write(catalogue: Catalogue, site_dir: Path) -> None:
    """Every file under ``site_dir`` (the lead's build may write :meth:`Catalogue.files` its own way, atomically)."""
    for output in catalogue.files():
        target = site_dir / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output.data)


def publish(datasets: Sequence[Dataset], publisher: OpenData, site_url: str | None) -> Catalogue:
    """Every file of the open data section, with the addresses the passports and the list give."""
    published = []
    for dataset in datasets:
        identifier = dataset.identifier(publisher)
        folder = f"{FOLDER}/{identifier}"
        rows = passport(dataset, publisher, site_url)
        files = [
            (f"{dataset.stem}.xlsx", "Таблица для Excel и других электронных таблиц (XLSX)", xlsx(dataset, rows)),
            (f"{dataset.stem}.csv", "Данные (CSV: UTF-8 без BOM, разделитель — запятая)", data_csv(dataset)),
            (f"{dataset.structure_stem}.csv", "Структура данных (CSV)", structure_csv(dataset)),
            ("meta.csv", "Паспорт набора (CSV)", meta_csv(rows)),
            (f"{dataset.stem}.json", "Данные (JSON)", data_json(dataset, publisher)),
        ]
        outputs = [OutputFile(f"{folder}/{name}", label, data, f"{identifier}-{name}") for name, label, data in files]
        published.append(Published(dataset, identifier, rows, outputs))
    names = [p.identifier for p in published]
    if len(set(names)) != len(names):
        raise ValueError(f"two datasets with one identifier: {names}")
    items = [(p.identifier, p.dataset.title, address(site_url, f"{FOLDER}/{p.identifier}/meta.csv")) for p in published]
    cut = [warning for p in published for warning in cut_cells(p.dataset, p.identifier)]
    return Catalogue(published, OutputFile(LIST_FILE, "Перечень наборов (CSV)", list_csv(items), f"{publisher.inn}-list.csv"), cut)


def cut_cells(dataset: Dataset, identifier: str) -> list[str]:
    """A warning for each text cell longer than a spreadsheet's cell holds (every format has the same beginning of it),
    at its row as a spreadsheet numbers it (the header is row 1) and the row's first value (an id)."""
    return [
        too_long(f"открытые данные, набор {identifier}, строка {number} («{row[0]}»), поле «{column.name}»", len(clean(value)))
        for number, row in enumerate(dataset.rows, start=2)
        for value, column in zip(row, dataset.columns, strict=True)
        if isinstance(value, str) and json_text(value) != clean(value)
    ]


def page_context(catalogue: Catalogue) -> dict[str, object]:
    """What ``theme/innopub/opendata.html`` lists: each dataset's passport (Russian labels, dates as
    «30 марта 2023 г.», file rows as links with the file), its files with sizes, its fields; and ``list.csv``."""
    items = []
    for published in catalogue.datasets:
        dataset = published.dataset
        files = {f.name: f for f in published.files}
        rows: list[tuple[str, str, OutputFile | None]] = []
        for prop, value, label in passport_labels(published.passport):
            if prop in ("created", "modified", "valid"):
                rows.append((label, long_date(dt.datetime.strptime(value, "%Y%m%d").date()), None))
            elif prop in PASSPORT_LABELS:
                rows.append((label, value, None))
            else:
                target = files[f"{prop}.csv"]
                rows.append((label, target.name, target))
        items.append(
            {
                "identifier": published.identifier,
                "title": dataset.title,
                "description": dataset.description,
                "passport": rows,
                "files": published.files,
                "columns": dataset.columns,
                "rows": len(dataset.rows),
            }
        )
    return {"datasets": items, "listing": catalogue.listing, "standard": STANDARD}
