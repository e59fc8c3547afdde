"""The monitoring's tables as open data (issue 10): reporting by academic year, status terms, the years' totals.

The demo's files are written to a folder and read back with ``csv`` and openpyxl; every expected row and count
is worked out here from the content files' front matter (read with YAML) and the academic year's rule as the
contract states it (1 September – 31 August; a report due on ``report_due``, 15 September, after its year),
never through the code under test.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from generator.coordinators.opendata import Catalogue, write
from tests.conftest import ROOT, TODAY
from tests.fixtures.opendata import INN, SITE_URL, catalogue_of, dataset_folder, files_of, front_matters

DAY = dt.date.fromisoformat(TODAY)


def academic_year(day: dt.date) -> int:
    """The year an academic year begins in: 1 September – 31 August."""
    return day.year if day.month >= 9 else day.year - 1


def term(meta: dict) -> range:
    """The academic years a platform owes a report for: from its start's to its end's (without an end: today's)."""
    end = meta.get("end") or max(DAY, meta["start"])
    return range(academic_year(meta["start"]), academic_year(end) + 1)


def due(year: int) -> dt.date:
    return dt.date(year + 1, 9, 15)


def covered(content: Path) -> set[tuple[str, int]]:
    """(platform, academic year) pairs a published report's period covers: «2023-2024 учебный год» → 2023."""
    found = set()
    for meta in front_matters(content, "reports").values():
        years = [int(y) for y in re.findall(r"\d{4}", str(meta["period"]))]
        found |= {(meta["platform"], y) for y in range(years[0], (years[-1] if len(years) > 1 else years[0] + 1))}
    return found


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalogue, Path]:
    site = tmp_path_factory.mktemp("monitoring-data")
    catalogue = catalogue_of(ROOT / "content")
    write(catalogue, site)
    return catalogue, site


def rows_of(site: Path, name: str) -> list[dict[str, str]]:
    _, data, _, _ = files_of(dataset_folder(site, name))
    return [dict(zip(data[0], row, strict=True)) for row in data[1:]]


def test_reporting_has_a_row_per_year_of_every_term_with_its_state(written: tuple[Catalogue, Path]) -> None:
    _, site = written
    platforms = front_matters(ROOT / "content", "platforms")
    reports = covered(ROOT / "content")
    expected = {}
    for platform, meta in platforms.items():
        for year in term(meta):
            if (platform, year) in reports:
                state, days = "отчёт получен", 0
            elif due(year) < DAY:
                state, days = "отчёт просрочен", (DAY - due(year)).days
            elif min(dt.date(year + 1, 8, 31), meta.get("end") or dt.date(year + 1, 8, 31)) < DAY:
                state, days = "ожидается отчёт", 0
            else:
                state, days = "срок сдачи не наступил", 0
            expected[(platform, f"{year}/{year + 1}")] = (due(year).isoformat(), state, str(days))
    rows = rows_of(site, "reportingyears")
    assert {(r["platform"], r["academicyear"]): (r["due"], r["state"], r["daysoverdue"]) for r in rows} == expected
    assert len(rows) == len(expected) == sum(len(term(m)) for m in platforms.values())
    states = Counter(state for _, state, _ in expected.values())
    assert states["отчёт получен"] and states["отчёт просрочен"], "the demo has reports received and overdue"
    for row in rows:
        assert row["page"] == f"{SITE_URL}platforms/{row['platform']}/"
        assert row["statuscode"] == platforms[row["platform"]]["status"]
        for report in filter(None, row["reports"].split("; ")):
            assert f"{SITE_URL}reports/{report}/" in row["reportpages"]


def test_status_terms_say_what_the_front_matter_says(written: tuple[Catalogue, Path]) -> None:
    _, site = written
    platforms = front_matters(ROOT / "content", "platforms")
    rows = {r["platform"]: r for r in rows_of(site, "statusterms")}
    assert sorted(rows) == sorted(platforms)
    current = academic_year(DAY)
    for platform, meta in platforms.items():
        row, end = rows[platform], meta.get("end")
        if meta["start"] > DAY:
            state = "не начал действовать"
        elif end is None:
            state = "действует без срока окончания"
        else:
            state = "действует" if end >= DAY else "срок истёк"
        assert row["state"] == state, platform
        assert (row["start"], row["end"]) == (meta["start"].isoformat(), end.isoformat() if end else "")
        ends = academic_year(end) if end else None
        assert row["endsin"] == {current: "текущем", current + 1: "следующем"}.get(ends, "")
    assert any(r["state"] == "срок истёк" for r in rows.values()) and any(r["state"].startswith("действует") for r in rows.values())


def test_the_years_totals_count_the_platforms_and_their_reports(written: tuple[Catalogue, Path]) -> None:
    _, site = written
    platforms = front_matters(ROOT / "content", "platforms").values()
    reporting = rows_of(site, "reportingyears")
    rows = rows_of(site, "monitoringyears")
    first = min(academic_year(m["start"]) for m in platforms)
    assert [r["academicyear"] for r in rows] == [f"{y}/{y + 1}" for y in range(first, academic_year(DAY) + 1)]
    for row in rows:
        year = int(row["academicyear"][:4])
        assert int(row["opened"]) == sum(1 for m in platforms if academic_year(m["start"]) == year)
        assert int(row["closed"]) == sum(1 for m in platforms if m.get("end") and academic_year(m["end"]) == year)
        assert int(row["active"]) == sum(1 for m in platforms if year in term({**m, "end": m.get("end") or DAY}))
        owed = [r for r in reporting if r["academicyear"] == row["academicyear"]]
        assert int(row["owed"] or 0) == len(owed)
        assert int(row["received"] or 0) == sum(1 for r in owed if r["state"] == "отчёт получен")
        assert int(row["overdue"] or 0) == sum(1 for r in owed if r["state"] == "отчёт просрочен")


@pytest.mark.parametrize("name", ["reportingyears", "statusterms", "monitoringyears"])
def test_monitoring_tables_are_spreadsheets_too(written: tuple[Catalogue, Path], name: str) -> None:
    """Coordinators work in spreadsheets: each monitoring table has an XLSX beside its CSV, listed in the catalogue,
    which openpyxl opens with the CSV's rows (as every dataset has since issue 21)."""
    catalogue, site = written
    _, data, _, data_path = files_of(dataset_folder(site, name))
    workbook = openpyxl.load_workbook(data_path.with_suffix(".xlsx"))
    sheet = [["" if c.value is None else c.value.date().isoformat() if isinstance(c.value, dt.datetime) else str(c.value) for c in row]
             for row in workbook["Данные"].iter_rows()]  # fmt: skip
    assert sheet[1:] == data[1:] and len(data) > 1
    paths = {f.path for f in catalogue.files()}
    assert f"opendata/{INN}-{name}/{data_path.with_suffix('.xlsx').name}" in paths
