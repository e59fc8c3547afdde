"""The control page (``/control/``) split into pages when it is long (issue 19, item 8), as the registries are.

Twenty decisions of 500 points each are 10,000 open points: one page listing them, and again by decision kind, was
22 MB. While the open points fit one page (``page_size``, 100 by default) the page is as it was: every open point,
the same points by decision kind, a form (``assets/control.js``) that filters the table by organization and kind. A
longer list is split the way :mod:`generator.listing.paginate` splits a registry:

- ``/control/`` and ``/control/page/2/``… list the open points in the control's order, a page at a time, with the
  counts of the whole list; the first page links the parts below (the form is left out: it would filter one page);
- ``/control/-/kind/<kind>/`` (and its ``page/2/``…): the open points of one decision kind;
- ``/control/-/organization/<id>/`` (and its ``page/2/``…): the open points of one organization, which its own page
  links when it shows only the first ``page_size`` of its points;
- ``/control/-/lifted/``: the points lifted from control, when they are more than a page holds (independently).

``control/`` is the site's own (:mod:`generator.read.addresses`), and each part lives under a fixed name of its own
(``kind``, ``organization``, ``lifted``) below the segment ``-``, which no page number or other address takes.
Nothing here renders HTML: ``theme/innopub/control.html`` and ``control_list.html`` do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.coordinators.control import CONTROL_BASE, LIFTED_BASE, Group, PointState, control_context, kind_base, organization_base
from generator.listing.paginate import Pager, page_path, page_title, split, unique_segments
from generator.read.addresses import CONTROL_PAGE, CONTROL_TITLE

if TYPE_CHECKING:
    from generator.coordinators.control import Point
    from generator.model.content import ContentModel

LIST_TEMPLATE = "innopub/control_list.html"


@dataclass(frozen=True)
class ExtraPage:
    """A page of the control: its virtual file, title, template and context."""

    path: str
    """The virtual Markdown file: ``control.md`` is published at ``/control/``."""
    title: str
    template: str
    context: dict[str, Any]


def control_pages(model: ContentModel) -> list[ExtraPage]:
    """The control page, and when its open points (or those lifted) are more than ``page_size``, its parts' pages."""
    context = control_context(model)
    size = model.settings.page_size
    points: list[Point] = context["points"]
    lifted: list[Point] = context["lifted"]
    split_open, split_lifted = len(points) > size, len(lifted) > size
    kinds: list[Group] = context["kinds"]
    organizations: list[Group] = context["organizations"]
    kind_pages = {g.key: kind_base(segment) for g, segment in zip(kinds, unique_segments(g.key for g in kinds), strict=True)}
    organization_pages = {g.key: organization_base(g.key) for g in organizations}
    common = {
        **context,
        "split": split_open,
        "kind_pages": kind_pages if split_open else {},
        "organization_pages": organization_pages if split_open else {},
        "lifted_page": LIFTED_BASE if split_lifted else None,
    }
    if not split_open:
        pages = [ExtraPage(CONTROL_PAGE, CONTROL_TITLE, "innopub/control.html", {**common, "page_points": points, "pager": None})]
    else:
        parts = split(points, size)
        pages = [
            ExtraPage(
                page_path(CONTROL_BASE, n),
                page_title(CONTROL_TITLE, n),
                "innopub/control.html",
                {**common, "page_points": part, "pager": Pager(n, len(parts), CONTROL_BASE)},
            )
            for n, part in enumerate(parts, 1)
        ]
        chips = [(g.title, kind_pages[g.key], len(g.points)) for g in kinds]
        for g in kinds:
            what = {"kind": g.title, "parts": chips}
            pages += _listing(kind_pages[g.key], f"{CONTROL_TITLE}: {g.title}", g.points, size, context, what)
        for g in organizations:
            what = {"organization": g.entry}
            pages += _listing(organization_pages[g.key], f"{CONTROL_TITLE}: {g.title}", g.points, size, context, what)
    if split_lifted:
        pages += _listing(LIFTED_BASE, f"{CONTROL_TITLE}: сняты с контроля", lifted, size, context, {"lifted": True})
    return pages


def _listing(base: str, title: str, points: list[Point], size: int, context: dict[str, Any], what: dict[str, Any]) -> list[ExtraPage]:
    """One part of the control (a kind's, an organization's, the lifted points), a page of ``size`` points at a time."""
    parts = split(points, size)
    common = {
        "today": context["today"],
        "total": len(points),
        "overdue": sum(1 for p in points if p.state == PointState.OVERDUE),
        "base": base,
        "heading": title,
        "kind": None,
        "organization": None,
        "lifted": False,
        "parts": [],
        **what,
    }
    return [
        ExtraPage(page_path(base, n), page_title(title, n), LIST_TEMPLATE, {**common, "points": part, "pager": Pager(n, len(parts), base)})
        for n, part in enumerate(parts, 1)
    ]
