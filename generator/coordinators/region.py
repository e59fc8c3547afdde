"""The regional monitoring: each municipality's harvested platforms, reports and decisions, by municipality.

Each municipality is a content model of its own (:mod:`generator.model.harvest`), so its monitoring is the same
computation a municipal site makes of itself (:func:`generator.coordinators.monitoring.monitor`,
:class:`generator.coordinators.control.Control`), on the regional site's «today»: a stale municipality's last
harvested reports count as they stood, and its platforms whose report is due since then show as overdue.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.coordinators.control import Control, PointState
from generator.coordinators.monitoring import EndingStatus, OverdueReport, monitor, overdue_reports, statuses_ending
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
