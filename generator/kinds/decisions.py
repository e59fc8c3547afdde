"""Решение, резолюция, приказ, план: a document with numbered points whose execution is under control (issue 10).

A decision has a ``kind`` of the vocabulary ``decision_kinds``, a date, an issuer (an organization's id or the
name of a body: «Коллегия управления образования»), optionally a number (``01-05/295``), the event that adopted
it and the decision it replaces (``supersedes``); its body is the document's full text. Its ``items`` are the
points, each ``{text, responsible, due, done, result, evidence}`` (and ``number`` when the document numbers
them itself: ``2.1``). What is decided here, and computed by :mod:`generator.coordinators.control`:

- **Overdue.** A point is overdue when its ``due`` is a date that has passed on the build's date
  (``settings.reference_date()``: ``today:``, else ``SOURCE_DATE_EPOCH``, else the day of the build, as for
  upcoming events) and it has no ``done``: on the due day itself it is still on time, from the next day it is
  overdue, by one day on that day. A ``done`` date ends the control whatever it is (later than ``due``: shown as
  done late).
- **Undated points** (``постоянно``, a term in words such as «октябрь — июнь», or no ``due``) are never overdue.
  The control page lists them after every dated point: first those with a term in words, then the standing
  ones («постоянно»), then those without a term; among equals the older decision first, then the point's place.
- **A superseded decision** (another published decision names it in ``supersedes``) has its open points lifted
  from control: they are off the control page's list (which names them in a section of their own), and its page
  and the organizations' pages show them as «снят с контроля» with the decision that replaced it. Its points that
  were done stay done.
- **A plan** (``kind: план``) has the rows of a plan of events as points, ``{what, when, audience, result}`` as a
  platform's ``roadmap``: its page shows them as the roadmap table, and since a plan's rows have no dates they are
  not under control and not on the control page.

Checks, each at its line: a ``due`` that looks like a date must be one written ``ГГГГ-ММ-ДД`` (``до 01.03.2025`` is
refused with the date spelled out, never read as text that is never overdue); ``done`` and a dated ``due`` not
before the decision's own date; ``done`` not after the site's «today» (``done: 2099-01-01`` would show the point done
and hide that it is overdue); at most :data:`MAX_ITEMS` points (a decision's page lists every one); a plan's rows
without ``text``, ``due``…, a decision's points without ``what``…;
``responsible`` values that look like an id, ``evidence`` (``kind/id``), ``issuer`` that looks like an id,
``event`` and ``supersedes`` must name published entries (the closest id is suggested); a decision cannot
replace itself, a later decision or one that replaces it in turn.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from generator.common.russian import count_of, long_date, slug
from generator.kinds.base import Kind, Monitoring, Resolver
from generator.kinds.schema import EntryMeta, Id, IsoDate, Ref, RoadmapRow, Text, TextList, Vocab, parse_date
from generator.listing.order import Section, sort_by_date
from generator.read.addresses import CONTROL_PAGE, CONTROL_TITLE
from generator.read.reader import ID_PATTERN
from generator.settings.vocabularies import Vocabulary

if TYPE_CHECKING:
    from generator.model.content import Entry
    from generator.read.reader import Location
    from generator.settings.options import Settings

PLAN = "план"
"""The decision kind whose points are the rows of a plan of events."""
STANDING = "постоянно"
"""The ``due`` of a standing point: under control, never overdue."""
MAX_ITEMS = 500
"""The most points (or plan rows) of one document: a decision's page lists them all (README, limits)."""

_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_ISO_INSIDE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?!\d)")


def _iso_hint(day: str, month: str, year: str) -> str:
    full = year if len(year) == 4 else f"20{year}"
    return f"{full}-{int(month):02d}-{int(day):02d}"


def parse_due(value: Any) -> dt.date | str | None:
    """A point's term: a date (``2025-03-01``), ``постоянно``, or a term in words (``октябрь — июнь``)."""
    if value is None or isinstance(value, dt.date):
        return parse_date(value) if value is not None else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # «due: 2025»: a year, in words
    if not isinstance(value, str):
        raise PydanticCustomError("innopub", "срок пункта — дата, «постоянно» или срок словами (например 2025-03-01 или «октябрь — июнь»)")
    text = " ".join(value.split())
    if text.casefold().replace("ё", "е") == STANDING:
        return STANDING
    if _ISO.match(text):
        return parse_date(text)
    dotted = _DOTTED.search(text)
    inside = _ISO_INSIDE.search(text)
    if dotted or inside:
        hint = _iso_hint(*dotted.groups()) if dotted else inside.group(0)
        raise PydanticCustomError(
            "innopub",
            "срок «{value}» записан не датой (ожидается только дата в виде ГГГГ-ММ-ДД: due: {hint}; «до» не нужно — "
            "пункт просрочен со дня после неё)",
            {"value": text, "hint": hint},
        )
    return text


Due = Annotated[dt.date | str | None, BeforeValidator(parse_due)]

POINT_FIELDS = ("text", "responsible", "due", "done", "evidence")
ROW_FIELDS = ("what", "when", "audience")


class DecisionItem(BaseModel):
    """A point of a decision, or a row of a plan (``kind: план``): the fields of the one or of the other."""

    model_config = RoadmapRow.model_config
    number: str | None = Field(None, title="Номер пункта", description='номер пункта, как в документе: "2.1" (в кавычках); без него — порядковый')
    text: str | None = Field(None, description="что поручено")
    responsible: TextList = Field(default_factory=list, description="ответственные: id организаций или названия")
    due: Due = Field(None, description="срок: ГГГГ-ММ-ДД, «постоянно» или срок словами")
    done: IsoDate | None = Field(None, description="дата исполнения: ГГГГ-ММ-ДД")
    result: str | None = Field(None, title="Результат", description="результат исполнения; в плане — ожидаемый результат")
    evidence: TextList = Field(default_factory=list, description="подтверждения: вид/id записей, например reports/otchet-2025")
    what: str | None = Field(None, description="в плане: мероприятие")
    when: str | None = Field(None, description="в плане: сроки словами")
    audience: str | None = Field(None, description="в плане: целевая аудитория")


DECISION_KINDS = Vocabulary(
    "decision_kinds",
    ("решение коллегии", "решение совета", "резолюция", "приказ", "план", "положение", "другое"),
    "Виды решений",
    note="У решений вида «план» пункты записываются как строки плана мероприятий (<code>what</code>, <code>when</code>, "
    "<code>audience</code>, <code>result</code>), без сроков исполнения: на странице «Контроль исполнения» их нет.",
)
"""«решение совета»: of a scientific-methodological, expert or coordination council (the contract's «(научно-методического,
экспертного)»). «план» is the kind whose points are a plan's rows (:class:`DecisionItem`)."""


class DecisionMeta(EntryMeta):
    """Решение, резолюция, приказ или план; тело — полный текст документа."""

    kind: Annotated[Text, Vocab("decision_kinds")] = Field(description="вид: решение коллегии, решение совета, резолюция, приказ, план…")
    date: IsoDate = Field(description="дата принятия: ГГГГ-ММ-ДД")
    issuer: Text = Field(description="кто принял: id организации или название органа")
    number: str | None = Field(None, title="Номер документа", description="номер документа: 01-05/295")
    event: Annotated[Id | None, Ref("events")] = Field(None, description="id мероприятия, на котором принято")
    supersedes: Annotated[Id | None, Ref("decisions")] = Field(None, description="id решения, которое это заменяет")
    items: list[DecisionItem] = Field(
        default_factory=list,
        title="Пункты (в плане — строки плана)",
        description="пункты: {text, responsible, due, done, result, evidence}; в плане — {what, when, audience, result}",
    )

    @property
    def plan(self) -> bool:
        return self.kind == PLAN

    def consistency(self) -> list[tuple[tuple[str, ...], str]]:
        found: list[tuple[tuple[Any, ...], str]] = []
        if len(self.items) > MAX_ITEMS:
            n = len(self.items)
            what = f"в плане {count_of(n, 'строка', 'строки', 'строк')}" if self.plan else f"в решении {count_of(n, 'пункт', 'пункта', 'пунктов')}"
            expected = f"ожидается не больше {MAX_ITEMS} в одном документе: разделите его на несколько решений, каждое со своими пунктами"
            return [(("items",), f"{what.replace(chr(0xA0), ' ')} — больше {MAX_ITEMS} ({expected})")]
        for index, item in enumerate(self.items):
            at = ("items", index)
            given = item.model_fields_set
            if self.plan:
                found += [((*at, name), _not_in_plan(name)) for name in POINT_FIELDS if name in given]
                if not item.what:
                    found.append((at, "в строке плана нет поля «what» (ожидается мероприятие; сроки — в «when»)"))
                continue
            found += [((*at, name), _not_in_decision(name)) for name in ROW_FIELDS if name in given]
            if not item.text:
                found.append((at, "в пункте решения нет поля «text» (ожидается, что поручено)"))
            adopted = self.date.isoformat()
            if isinstance(item.due, dt.date) and item.due < self.date:
                found.append(((*at, "due"), f"срок {item.due.isoformat()} раньше даты решения {adopted} (ожидается дата не раньше неё)"))
            if item.done and item.done < self.date:
                found.append(((*at, "done"), f"дата исполнения {item.done.isoformat()} раньше даты решения {adopted} (ожидается дата не раньше неё)"))
        return found


def _done_ahead(done: dt.date, today: dt.date) -> str:
    return (
        f"дата исполнения {done.isoformat()} ещё не наступила (сегодня {today.isoformat()}; ожидается день, когда пункт "
        "выполнен, — не позже сегодняшнего: до него пункт не отмечают исполненным)"
    )


def _not_in_plan(name: str) -> str:
    return f"поле «{name}» — для пунктов решения, а это план (kind: план): его строки — what, when, audience, result"


def _not_in_decision(name: str) -> str:
    return f"поле «{name}» — для строк плана (kind: план); пункт решения записывается полями text, responsible, due, done, result, evidence"


class Decisions(Kind):
    folder = "decisions"
    schema = DecisionMeta
    one, few, many = "решение", "решения", "решений"
    registry = "Решения и резолюции"
    nav_group = CONTROL_TITLE
    nav_order = 90
    names = ("decision", "резолюция", "приказ", "план")
    monitoring = Monitoring(frozenset({"decision"}))
    nav_pages = ((CONTROL_TITLE, CONTROL_PAGE),)
    nav_pages_first = True
    vocabularies = (DECISION_KINDS,)

    def link(self, entry: Entry, refs: Resolver) -> None:
        meta = entry.meta
        issuer = refs.entry("organizations", meta.issuer, ("issuer",)) if ID_PATTERN.match(meta.issuer) else None
        entry.refs["issuer"] = [issuer] if issuer else []
        responsible: dict[int, Entry] = {}
        evidence: dict[int, Entry] = {}
        for i, item in enumerate(meta.items):
            if item.done is not None and item.done > refs.today and not meta.plan:
                refs.error(("items", i, "done"), _done_ahead(item.done, refs.today))
            for j, who in enumerate(item.responsible):
                org = refs.entry("organizations", who, ("items", i, "responsible", j)) if ID_PATTERN.match(who) else None
                if org is not None:
                    responsible.setdefault(id(org), org)
            for j, ref in enumerate(item.evidence):
                target = refs.item(ref, ("items", i, "evidence", j))
                if target is entry:
                    message = f"решение не может подтверждать само себя (уберите «{ref}»: ожидается отчёт, мероприятие, сборник…)"
                    refs.error(("items", i, "evidence", j), message)
                elif target is not None:
                    evidence.setdefault(id(target), target)
        entry.refs["responsible"] = list(responsible.values())
        entry.refs["evidence"] = list(evidence.values())
        _check_supersedes(entry, meta, refs)

    def raw_references(self, meta: dict[str, Any]) -> list[tuple[Location, str, str, bool]]:
        found: list[tuple[Location, str, str, bool]] = []
        issuer = meta.get("issuer")
        if isinstance(issuer, str) and ID_PATTERN.match(issuer):
            found.append((("issuer",), "organizations", issuer, False))
        items = meta.get("items")
        for i, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            for name, folder in (("responsible", "organizations"), ("evidence", "")):
                values = item.get(name)
                for j, value in enumerate(values if isinstance(values, list) else [values]):
                    loc = ("items", i, name, j) if isinstance(values, list) else ("items", i, name)
                    if not isinstance(value, str):
                        continue
                    if folder and ID_PATTERN.match(value):
                        found.append((loc, folder, value, False))
                    elif not folder and "/" in value:
                        kind, _, target = value.strip().strip("/").partition("/")
                        found.append((loc, kind, target, True))
        return found

    def registry_sections(self, entries: list[Entry], settings: Settings) -> list[Section]:
        """By kind, in the vocabulary's order; newest first in each."""
        sections = []
        for kind in settings.vocabulary(DECISION_KINDS.name):
            group = [e for e in entries if e.meta.kind == kind]
            if group:
                sections.append(Section(kind[:1].upper() + kind[1:], sort_by_date(group), anchor=f"kind-{slug(kind)}", segment=slug(kind)))
        return sections

    def organizations(self, entry: Entry) -> list[Entry]:
        found = [*entry.refs.get("issuer", []), *entry.refs.get("responsible", [])]
        return list({id(o): o for o in found}.values())

    def print_note(self, entry: Entry) -> str:
        number = f" № {entry.meta.number}" if entry.meta.number else ""
        return f"{entry.meta.kind[:1].upper()}{entry.meta.kind[1:]} от {long_date(entry.meta.date)}{number}"


def _check_supersedes(entry: Entry, meta: DecisionMeta, refs: Resolver) -> None:
    """A decision replaces an earlier (or same-day) other one, never itself, and no circle of replacements."""
    old = entry.ref("supersedes")
    if old is None:
        return
    problem = ""
    if old is entry:
        problem = "решение не может заменять само себя (ожидается id более раннего решения)"
    elif old.meta.date > meta.date:
        problem = f"заменяемое решение «{old.id}» принято позже ({old.meta.date.isoformat()}), чем это (ожидается более раннее решение)"
    else:
        seen, current = {entry.id}, old
        while current is not None and current.meta.supersedes and current.id not in seen:
            seen.add(current.id)
            if current.meta.supersedes == entry.id:
                problem = f"решения заменяют друг друга по кругу: decisions/{entry.id} → decisions/{old.id} → … (уберите одну из ссылок supersedes)"
                break
            current = refs.find("decisions", current.meta.supersedes)
    if problem:
        refs.error(("supersedes",), problem)
        entry.refs["supersedes"] = []


KIND = Decisions()
