"""«Контроль исполнения» (issue 10): the decisions' points, their state on the build's date, the control page.

Pure computations over the content model, as :mod:`generator.coordinators.monitoring` is for the platforms: no HTML, no host
engine, a deterministic order. The rules (what is overdue, how undated points sort, what a superseded decision's
and a plan's points are) are those of :mod:`generator.kinds.decisions`, whose docstring states them. The link
stage has checked every id a point names, so a point here only looks up published entries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from generator.common.russian import fold, slug
from generator.kinds.decisions import STANDING
from generator.listing.paginate import SPLIT
from generator.read.addresses import CONTROL_PAGE, CONTROL_TITLE, url_of
from generator.read.reader import ID_PATTERN

if TYPE_CHECKING:
    from generator.model.content import ContentModel, Entry


class PointState(StrEnum):
    OVERDUE = "overdue"
    """A date ``due`` that has passed, and no ``done``."""
    DUE = "due"
    """A date ``due`` that has not passed (the due day itself included)."""
    TERM = "term"
    """A term in words («октябрь — июнь»): under control, never overdue."""
    STANDING = "standing"
    """``постоянно``."""
    UNDATED = "undated"
    """No ``due`` at all."""
    DONE = "done"
    LIFTED = "lifted"
    """Not done, and its decision was replaced by a published one: off the control."""


STATE_NAMES = {
    PointState.OVERDUE: "просрочен",
    PointState.DUE: "на исполнении",
    PointState.TERM: "на исполнении",
    PointState.STANDING: "на постоянном контроле",
    PointState.UNDATED: "срок не указан",
    PointState.DONE: "выполнен",
    PointState.LIFTED: "снят с контроля",
}
OPEN = (PointState.OVERDUE, PointState.DUE, PointState.TERM, PointState.STANDING, PointState.UNDATED)
_RANK = {PointState.OVERDUE: 0, PointState.DUE: 0, PointState.TERM: 1, PointState.STANDING: 2, PointState.UNDATED: 3}
"""Dated points first (by their date, so the overdue ones come first), then terms in words, standing, none."""


def point_state(due: dt.date | str | None, done: dt.date | None, lifted: bool, today: dt.date) -> PointState:
    """The state of a point on ``today``."""
    if done is not None:
        return PointState.DONE
    if lifted:
        return PointState.LIFTED
    if isinstance(due, dt.date):
        return PointState.OVERDUE if today > due else PointState.DUE
    if due == STANDING:
        return PointState.STANDING
    return PointState.TERM if due else PointState.UNDATED


@dataclass(frozen=True, eq=False)
class Point:
    """One point of a decision on the control's date."""

    decision: Entry
    index: int
    """Its place among the decision's points, from 1: the anchor ``#p-<index>`` of the decision's page."""
    number: str
    """As the document numbers it (``2.1``), else its place."""
    text: str
    responsible: tuple[Entry | str, ...]
    """Published organizations, and names written as text, in the order written."""
    due: dt.date | str | None
    done: dt.date | None
    result: str | None
    evidence: tuple[Entry, ...]
    state: PointState
    days_overdue: int
    """Days since ``due`` when overdue (1 on the day after it), else 0."""

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]

    @property
    def open(self) -> bool:
        return self.state in OPEN

    @property
    def dated(self) -> bool:
        return isinstance(self.due, dt.date)

    @property
    def late(self) -> bool:
        """Done after its date."""
        return self.done is not None and isinstance(self.due, dt.date) and self.done > self.due

    @property
    def organizations(self) -> list[Entry]:
        return [r for r in self.responsible if not isinstance(r, str)]

    @property
    def anchor(self) -> str:
        return f"p-{self.index}"

    @property
    def url(self) -> str:
        return f"{self.decision.url}#{self.anchor}"

    @property
    def sort_key(self) -> tuple[Any, ...]:
        due = self.due if isinstance(self.due, dt.date) else dt.date.max
        return (_RANK.get(self.state, 9), due, self.decision.date, self.decision.id, self.index)


CONTROL_BASE = "control/"
"""The control page's address; its further pages are ``control/page/2/``…."""
LIFTED_BASE = f"control/{SPLIT}/lifted/"
"""The pages of the points lifted from control, when they are more than a page holds."""


def kind_base(segment: str) -> str:
    """The address of the control's pages of one decision kind (``control/-/kind/prikaz/``), when the page is split."""
    return f"control/{SPLIT}/kind/{segment}/"


def organization_base(organization_id: str) -> str:
    """The address of the control's pages of one organization's open points, when the page is split."""
    return f"control/{SPLIT}/organization/{organization_id}/"


def superseded_by(decision: Entry) -> list[Entry]:
    """The published decisions that replace ``decision``, oldest first."""
    newer = [d for d in decision.backlinks.get("decisions", []) if d.ref("supersedes") is decision]
    return sorted(newer, key=lambda d: (d.date, d.id))


def decision_points(model: ContentModel, decision: Entry, today: dt.date) -> list[Point]:
    """A decision's points in the document's order; none for a plan (its rows are not under control)."""
    if decision.meta.plan:
        return []
    lifted = bool(superseded_by(decision))
    points = []
    for index, item in enumerate(decision.meta.items, 1):
        responsible = tuple(_organization(model, who) or who for who in item.responsible)
        evidence = tuple(e for e in (_entry(model, ref) for ref in item.evidence) if e is not None)
        state = point_state(item.due, item.done, lifted, today)
        days = (today - item.due).days if state == PointState.OVERDUE and isinstance(item.due, dt.date) else 0
        number = item.number or str(index)
        points.append(Point(decision, index, number, item.text or "", responsible, item.due, item.done, item.result, evidence, state, days))
    return points


def _organization(model: ContentModel, who: str) -> Entry | None:
    return model.get("organizations", who) if ID_PATTERN.match(who) else None


def _entry(model: ContentModel, ref: str) -> Entry | None:
    folder, _, target_id = ref.strip().strip("/").partition("/")
    return model.get(folder, target_id)


@dataclass(frozen=True)
class Tally:
    """A decision's (or a list's) points by state."""

    total: int
    done: int
    overdue: int
    open: int
    """Under control and not overdue."""
    lifted: int


def tally(points: list[Point]) -> Tally:
    count = Counter(p.state for p in points)
    opened = sum(count[s] for s in OPEN) - count[PointState.OVERDUE]
    return Tally(len(points), count[PointState.DONE], count[PointState.OVERDUE], opened, count[PointState.LIFTED])


class Control:
    """Every published decision's points on one date (default: the build's), computed once per model."""

    title = CONTROL_TITLE
    url = url_of(CONTROL_PAGE)

    def __init__(self, model: ContentModel, today: dt.date | None = None) -> None:
        self.model = model
        self.today = today or model.settings.reference_date()
        self.decisions: list[Entry] = model.entries.get("decisions", [])
        self._points = {d.id: decision_points(model, d, self.today) for d in self.decisions}
        self._by_organization: dict[str, list[Point]] = defaultdict(list)
        for point in self.all():
            for org in dict.fromkeys(point.organizations):
                self._by_organization[org.id].append(point)
        self._open: list[Point] | None = None

    def points(self, decision: Entry) -> list[Point]:
        return self._points.get(decision.id, [])

    def all(self) -> list[Point]:
        return [p for d in self.decisions for p in self._points[d.id]]

    def open(self) -> list[Point]:
        """Points under control: the dated ones by date (the overdue first), then the undated (see the module)."""
        if self._open is None:
            self._open = sorted((p for p in self.all() if p.open), key=lambda p: p.sort_key)
        return self._open

    @property
    def page_size(self) -> int:
        """The most points one page lists (the ``page_size`` setting): a page of the control, an organization's page."""
        return self.model.settings.page_size

    @property
    def split(self) -> bool:
        """Whether the control page is split into pages (:mod:`generator.coordinators.control_pages`): more open points than a page holds."""
        return len(self.open()) > self.page_size

    def organization_page(self, organization: Entry) -> str | None:
        """The address of the control's pages of ``organization``'s open points, when the control page is split and it has some."""
        opened = any(p.open for p in self._by_organization.get(organization.id, []))
        return organization_base(organization.id) if self.split and opened else None

    def lifted(self) -> list[Point]:
        return sorted((p for p in self.all() if p.state == PointState.LIFTED), key=lambda p: p.sort_key)

    def of_organization(self, organization: Entry) -> list[Point]:
        """The points an organization is responsible for: open ones in the control's order, then the done ones
        (the latest first), then those lifted from control."""
        found = self._by_organization.get(organization.id, [])
        opened = sorted((p for p in found if p.open), key=lambda p: p.sort_key)
        done = sorted((p for p in found if p.done is not None), key=lambda p: (-p.done.toordinal(), p.sort_key))
        lifted = sorted((p for p in found if p.state == PointState.LIFTED), key=lambda p: p.sort_key)
        return opened + done + lifted

    def tally(self, decision: Entry) -> Tally:
        return tally(self.points(decision))

    def summarize(self, points: list[Point]) -> Tally:
        return tally(points)

    def adopted_at(self, event: Entry) -> list[Entry]:
        """The published decisions adopted at ``event``, oldest first."""
        found = [d for d in event.backlinks.get("decisions", []) if d.ref("event") is event]
        return sorted(found, key=lambda d: (d.date, d.id))

    def issued_by(self, organization: Entry) -> list[Entry]:
        """The published decisions whose issuer is ``organization``, newest first."""
        found = [d for d in organization.backlinks.get("decisions", []) if d.ref("issuer") is organization]
        return sorted(found, key=lambda d: (-d.date.toordinal(), d.id))

    def superseded_by(self, decision: Entry) -> list[Entry]:
        return superseded_by(decision)


@dataclass(frozen=True)
class Group:
    """Open points of one decision kind or one organization: a section (or a link) of the control page."""

    key: str
    """An organization's id, or a decision kind's slug (the filter's value)."""
    title: str
    anchor: str
    points: list[Point]
    entry: Entry | None = None

    @property
    def overdue(self) -> int:
        return sum(1 for p in self.points if p.state == PointState.OVERDUE)


def control_of(model: ContentModel) -> Control:
    """The control on the build's date, made once per model and shared by the control pages, the decisions',
    organizations' and events' pages and the points' dataset."""
    return model.view("control", lambda: Control(model))


def control_context(model: ContentModel, today: dt.date | None = None) -> dict[str, Any]:
    """The control page (``/control/``): every open point ordered, and the same points by decision kind (sections
    with anchors) and by organization (links to its page): the filters that work without JavaScript."""
    control = Control(model, today) if today is not None else control_of(model)
    points = control.open()
    kinds = []
    for kind in model.settings.vocabulary("decision_kinds"):
        found = [p for p in points if p.decision.meta.kind == kind]
        if found:
            kinds.append(Group(slug(kind), kind[:1].upper() + kind[1:], f"kind-{slug(kind)}", found))
    organizations: dict[str, list[Point]] = defaultdict(list)
    for point in points:
        for org in dict.fromkeys(point.organizations):
            organizations[org.id].append(point)
    by_org = []
    for org_id, found in organizations.items():
        org = model.get("organizations", org_id)
        by_org.append(Group(org_id, org.meta.short if org else org_id, f"org-{org_id}", found, org))
    by_org.sort(key=lambda g: (fold(g.title), g.key))
    return {
        "today": control.today,
        "points": points,
        "summary": tally(points),
        "kinds": kinds,
        "organizations": by_org,
        "text_only": sum(1 for p in points if not p.organizations),
        "lifted": control.lifted(),
        "decisions": len({p.decision.id for p in points}),  # with open points
    }
