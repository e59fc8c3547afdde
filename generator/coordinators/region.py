"""The regional monitoring: each municipality's harvested platforms, reports and decisions, by municipality.

Each municipality is a content model of its own (:mod:`generator.model.harvest`), so its monitoring is the same
computation a municipal site makes of itself (:func:`generator.coordinators.monitoring.monitor`,
:class:`generator.coordinators.control.Control`), on the regional site's «today»: a stale municipality's last
harvested reports count as they stood, and its platforms whose report is due since then show as overdue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from generator.coordinators import charts
from generator.coordinators.control import Control, PointState
from generator.coordinators.datasets import SEPARATOR, Spec, datasets
from generator.coordinators.monitoring import monitor
from generator.coordinators.monitoring_overviews import EndingStatus, OverdueReport, overdue_reports, statuses_ending
from generator.coordinators.monitoring_pages import STYLE_ALL, STYLE_BAD
from generator.coordinators.opendata import Cell, Column, Dataset
from generator.kinds import KINDS
from generator.model.harvest import Harvested, MunicipalData, RegionData


@dataclass(frozen=True)
class MunicipalMonitoring:
    municipality: MunicipalData
    platforms: int
    reports: int
    overdue: list[tuple[OverdueReport, Harvested]]
    """Every overdue report, the longest overdue first, with the harvested platform (its link)."""
    ending: list[tuple[EndingStatus, Harvested]]
    """Statuses ending in the current or the next academic year."""
    late_points: int
    """Points of decisions past their due date and not done (overdue)."""


def regional_monitoring(region: RegionData) -> list[MunicipalMonitoring]:
    """One row per municipality, in the settings' order (a municipality without data: zeros)."""
    rows = []
    for data in region.municipalities:
        model = data.model
        if model is None:
            rows.append(MunicipalMonitoring(data, 0, 0, [], [], 0))
            continue
        by_id = {h.entry.id: h for h in data.by_kind("platforms")}
        m = monitor(model)
        overdue = [(o, by_id[o.platform.id]) for o in overdue_reports(m) if o.platform.id in by_id]
        current, following = statuses_ending(m)
        ending = [(e, by_id[e.platform.id]) for e in current + following if e.platform.id in by_id]
        late = sum(1 for p in Control(model).open() if p.state == PointState.OVERDUE) if model.entries.get("decisions") else 0
        rows.append(MunicipalMonitoring(data, len(m.platforms), len(model.entries.get("reports", [])), overdue, ending, late))
    return rows


REGION_COLUMN = Column("regionmunicipality", "Муниципалитет региона", "Municipality of the region whose site published the row")
"""The first column of a regional site's open data: the municipality a row was harvested from (empty for the
regional site's own rows). The datasets' own «Муниципалитет» (an organization's) is another thing, kept as it is."""


def merged_datasets(own: list[Dataset], region: RegionData, specs: Sequence[Spec[Any]]) -> list[Dataset]:
    """Each of the regional site's datasets with every municipality's rows of the same dataset after its own, each
    municipality's computed from its harvested model as its own site computes it (pages at its own addresses)."""
    per = [(m.settings, datasets(m.model, str(m.settings.url), specs)) for m in region.municipalities if m.model is not None]
    out = []
    for index, dataset in enumerate(own):
        rows = [(None, *row) for row in dataset.rows]
        created, modified = dataset.created, dataset.modified
        for municipality, found in per:
            theirs = found[index]
            if theirs.rows:
                folders = [_ID_COLUMNS.get(c.name, dataset.name if c.name == "id" and dataset.name in KINDS else None) for c in theirs.columns]
                rows += [(municipality.name, *_namespaced(row, folders, municipality.id)) for row in theirs.rows]
                created, modified = min(created, theirs.created), max(modified, theirs.modified)
        columns = (REGION_COLUMN, *dataset.columns)
        out.append(replace(dataset, columns=columns, rows=tuple(rows), created=created, modified=modified))
    return out


_ID_COLUMNS = {
    "organizations": "organizations", "organization": "organizations", "organizers": "organizations", "participants": "organizations",
    "platform": "platforms", "reports": "reports", "decision": "decisions", "event": "events",
}  # fmt: skip
"""The datasets' columns of ids (one, or several joined by «; »), by the kind's folder they name."""


def _namespaced(row: tuple[Cell, ...], folders: list[str | None], municipality: str) -> tuple[Cell, ...]:
    """A municipality's row with its entries' ids as the region names them: ``<municipality>/<kind>/<id>`` (§4)."""
    return tuple(
        SEPARATOR.join(f"{municipality}/{folder}/{part}" for part in value.split(SEPARATOR)) if folder and isinstance(value, str) and value else value
        for value, folder in zip(row, folders, strict=True)
    )


def region_chart(rows: list[MunicipalMonitoring]) -> charts.Chart:
    """Horizontal bars by municipality: its platforms and its overdue reports (the table under it holds the numbers)."""
    values = [[r.platforms, len(r.overdue)] for r in rows]
    return charts.hbars(
        "region-reporting",
        "Площадки и просроченные отчёты по муниципалитетам",
        [r.municipality.settings.name for r in rows],
        ["площадок", "просроченных отчётов"],
        values,
        "Муниципалитет",
        styles=[STYLE_ALL, STYLE_BAD],
    )
