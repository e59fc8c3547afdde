"""What the generated home page shows of the coordinators' view (issue 21): a way to the monitoring, the control of
the decisions and the open data, each with the numbers a coordinator opens it for.

The home page was for readers only: the monitoring and the control page were reached through the navigation alone.
Each way is shown when its page exists: the monitoring with published platforms, the control with published
decisions, the open data with the publisher's details (the same conditions that make those pages). The numbers are
the pages' own (:func:`generator.coordinators.monitoring_overviews.summary`, the control's tally), computed once per model and
shared with those pages. Nothing here renders HTML: ``theme/innopub/home.html`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.coordinators import monitoring_overviews
from generator.coordinators.control import Tally, control_of, tally
from generator.coordinators.datasets import enabled
from generator.coordinators.monitoring import monitor
from generator.coordinators.monitoring_overviews import Summary
from generator.model.content import ContentModel


@dataclass(frozen=True)
class MonitoringNumbers:
    summary: Summary
    ending: int
    """Platforms whose status term ends in the current academic year (``/monitoring/terms/``' first table)."""
    year: str
    """The current academic year: «2026/2027»."""


@dataclass(frozen=True)
class Coordination:
    monitoring: MonitoringNumbers | None
    control: Tally | None
    """The points under control: open and overdue (``/control/``)."""
    opendata: bool

    def __bool__(self) -> bool:
        return self.monitoring is not None or self.control is not None or self.opendata


def coordination(model: ContentModel) -> Coordination:
    numbers = None
    if model.entries.get("platforms"):
        m = monitor(model)
        ending, _ = monitoring_overviews.statuses_ending(m)
        numbers = MonitoringNumbers(monitoring_overviews.summary(m), len(ending), m.current.text)
    control = tally(control_of(model).open()) if model.entries.get("decisions") else None
    return Coordination(numbers, control, enabled(model.settings))


def coordination_context(model: ContentModel) -> dict[str, Any]:
    """The home page's ``coordination``, worked out when the page renders (a preview renders it only when asked)."""
    return {"coordination": coordination(model)}
