"""The open datasets of the content model: one per registry, declared as a list of fields.

A dataset is a :class:`Spec`: its Latin name, Russian title, description and keywords, what its rows are
(``items``: entries of a kind, or anything else the model gives, such as a decision's points), the fields
(each a Latin name, Russian and English descriptions, a format and how to get the value from a row) and
the content dates of a row. Adding a dataset is adding a ``Spec`` to :data:`SPECS`; a kind of its own declares its
dataset in its module instead (:mod:`generator.kinds.dataset`, made a ``Spec`` by
:func:`generator.coordinators.kind_datasets.of_kind`). A column whose header is the field's label takes it from the
kind (:func:`label`), so that the dataset, the page and the web editor call a field alike.

Columns hold ids and what a reader reads: a platform's status as its code and full name, its organizations'
ids and short names, the address of each entry's page. Several values in one cell are joined with «; ».
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from generator.coordinators.control import Point, control_of
from generator.coordinators.opendata import Cell, Column, Dataset, Format, address
from generator.kinds import KINDS
from generator.kinds.schema import FIRST_DATE
from generator.model.content import ContentModel, Entry
from generator.settings.options import Settings

T = TypeVar("T")
SEPARATOR = "; "


@dataclass(frozen=True)
class Context:
    model: ContentModel
    site_url: str | None

    def page(self, entry: Entry) -> str:
        """The address of an entry's page."""
        return address(self.site_url, entry.url)

    def past(self, days: Iterable[dt.date | None]) -> list[dt.date]:
        """The dates, sorted, without those after the site's reference date (an announced event's day is not
        a day the data changed); all of them if every one is ahead."""
        found = sorted(d for d in days if d is not None)
        today = self.model.settings.reference_date()
        return [d for d in found if d <= today] or found

    def published(self, entries: Iterable[Entry | None]) -> list[Entry]:
        """The published ones (a reference may name a draft, which has no page)."""
        return [e for e in entries if e is not None and self.model.get(e.kind.folder, e.id) is e]


@dataclass(frozen=True)
class Field(Generic[T]):
    name: str
    russian: str
    english: str
    value: Callable[[T, Context], Cell]
    format: Format = "string"

    @property
    def column(self) -> Column:
        return Column(self.name, self.russian, self.english, self.format)


@dataclass(frozen=True)
class Spec(Generic[T]):
    name: str
    title: str
    description: str
    subject: tuple[str, ...]
    items: Callable[[ContentModel], Iterable[T]]
    fields: tuple[Field[T], ...]
    dates: Callable[[T, Context], Iterable[dt.date | None]]
    """The content dates of a row: the dataset is created at the earliest and modified at the latest that is not
    after the site's reference date (``today:``, else SOURCE_DATE_EPOCH, else the day of the build)."""

    def build(self, context: Context) -> Dataset:
        items = list(self.items(context.model))
        rows = tuple(tuple(f.value(item, context) for f in self.fields) for item in items)
        days = context.past(d for item in items for d in self.dates(item, context))
        if not days:  # no row dated: the content's dates as a whole
            days = context.past(d for e in context.model.all() for d in own_dates(e)) or [FIRST_DATE]
        return Dataset(self.name, self.title, self.description, self.subject, tuple(f.column for f in self.fields), rows, days[0], days[-1])


def datasets(model: ContentModel, site_url: str | None, specs: Iterable[Spec[Any]] | None = None) -> list[Dataset]:
    """The datasets of ``model`` (by default every one of :data:`SPECS`), pages addressed under ``site_url``."""
    context = Context(model, site_url)
    return [spec.build(context) for spec in (SPECS if specs is None else specs)]


MISSING_SETTINGS = (
    "открытые данные не публикуются: в mkdocs.yml, в разделе плагина innopub, нет настроек opendata "
    "(inn, publisher, phone, email — ИНН, издатель, телефон и почта ответственного лица)"
)
"""The notice ``innopub check`` gives once when :func:`enabled` is false."""


def enabled(settings: Settings) -> bool:
    """Whether the open data pages and files are built: only with the publisher's details."""
    return settings.opendata is not None


# Helpers for the declarations below.


def label(folder: str, name: str) -> str:
    """A column's Russian header where it is the field's label on the kind's pages and in the web editor."""
    return KINDS[folder].label(name)


def joined(values: Iterable[str | None]) -> str | None:
    found = [v for v in values if v]
    return SEPARATOR.join(found) if found else None


def meta(name: str) -> Callable[[Entry, Context], Any]:
    """A front matter field as it is: text, a date, a number, or a list joined with «; »."""

    def get(entry: Entry, _: Context) -> Cell:
        value = getattr(entry.meta, name)
        if isinstance(value, list):
            return joined(str(v) for v in value)
        return value

    return get


def entries(folder: str) -> Callable[[ContentModel], list[Entry]]:
    """The published entries of a kind, by id."""
    return lambda model: sorted(model.entries.get(folder, []), key=lambda e: e.id)


def refs(entry: Entry, name: str, context: Context) -> list[Entry]:
    return context.published(entry.refs.get(name, []))


def ref_ids(name: str) -> Callable[[Entry, Context], Cell]:
    return lambda e, c: joined(r.id for r in refs(e, name, c))


def ref_titles(name: str) -> Callable[[Entry, Context], Cell]:
    return lambda e, c: joined(r.title for r in refs(e, name, c))


def ref_shorts(name: str) -> Callable[[Entry, Context], Cell]:
    """Organizations' short names."""
    return lambda e, c: joined(r.meta.short for r in refs(e, name, c))


def municipalities(name: str) -> Callable[[Entry, Context], Cell]:
    """The municipalities of the organizations ``name`` refers to (directly, or through a platform), each once."""

    def get(entry: Entry, context: Context) -> Cell:
        found: list[str] = []
        for target in refs(entry, name, context):
            orgs = refs(target, "organizations", context) if target.kind.folder == "platforms" else [target]
            found += [o.meta.municipality for o in orgs if o.meta.municipality not in found]
        return joined(found)

    return get


def via_platform(get: Callable[[Entry, Context], Cell]) -> Callable[[Entry, Context], Cell]:
    """A field of the entry's platform (empty without one)."""

    def value(entry: Entry, context: Context) -> Cell:
        platform = next(iter(refs(entry, "platform", context)), None)
        return get(platform, context) if platform else None

    return value


def people(role: str) -> Callable[[Entry, Context], Cell]:
    return lambda e, _: joined(c.person.name for c in e.credits.get(role, []))


def status_name(entry: Entry, context: Context) -> Cell:
    status = context.model.settings.status(entry.meta.status)
    return status.name if status else None


def status_level(entry: Entry, context: Context) -> Cell:
    status = context.model.settings.status(entry.meta.status)
    return status.level if status else None


def page(entry: Entry, context: Context) -> Cell:
    return context.page(entry)


def own_dates(entry: Entry) -> list[dt.date | None]:
    """An entry's dates: ``date``, and a platform's ``start``."""
    return [entry.date, getattr(entry.meta, "start", None)]


def entry_dates(entry: Entry, _: Context) -> list[dt.date | None]:
    return own_dates(entry)


def with_backlinks(entry: Entry, _: Context) -> list[dt.date | None]:
    """An entry's dates and those of every published entry referring to it (an organization has no date of its own)."""
    return [*own_dates(entry), *(d for found in entry.backlinks.values() for e in found for d in own_dates(e))]


ID = Field[Entry]("id", "Идентификатор записи на сайте (имя файла)", "Entry id on the site", lambda e, _: e.id)
PAGE = Field[Entry]("page", "Адрес страницы записи на сайте", "Address of the entry's page", page)
TITLE = Field[Entry]("title", "Название", "Title", meta("title"))
DIRECTIONS = Field[Entry]("directions", label("platforms", "directions"), "Directions", meta("directions"))
TAGS = Field[Entry]("tags", label("practices", "tags"), "Tags", meta("tags"))

ORGANIZATIONS = Spec[Entry](
    "organizations",
    "Образовательные организации — участники инновационной деятельности",
    "Образовательные организации, представленные на сайте: полное и краткое наименование, тип, муниципалитет, адрес, "
    "сайт, инновационные площадки организации и адрес её страницы.",
    ("образовательные организации", "инновационная деятельность", "инновационные площадки", "муниципальная система образования"),
    entries("organizations"),
    (
        ID,
        Field("fullname", "Полное наименование", "Full name", meta("title")),
        Field("shortname", "Краткое наименование", "Short name", meta("short")),
        Field("kind", label("organizations", "kind"), "Kind of organization", meta("kind")),
        Field("municipality", label("organizations", "municipality"), "Municipality", meta("municipality")),
        Field("district", label("organizations", "district"), "District", meta("district")),
        Field("address", label("organizations", "address"), "Address", meta("address")),
        Field("website", "Сайт организации", "Website", meta("website")),
        Field("platforms", "Идентификаторы инновационных площадок организации", "Ids of the organization's platforms",
              lambda e, c: joined(p.id for p in sorted(e.backlinks.get("platforms", []), key=lambda p: p.id))),
        PAGE,
    ),
    with_backlinks,
)  # fmt: skip

PLATFORMS = Spec[Entry](
    "platforms",
    "Инновационные площадки",
    "Реестр инновационных площадок: тема, статус (код и полное название), организации (в том числе кооперации), "
    "муниципалитет, срок работы, руководитель и научный руководитель, этап, направления, отчёты и адрес страницы площадки.",
    ("инновационные площадки", "инновационная деятельность", "статус площадки", "РИП", "МИП", "ФИП"),
    entries("platforms"),
    (
        ID,
        Field("theme", "Тема площадки", "Theme", meta("title")),
        Field("statuscode", "Статус площадки: код", "Status code", meta("status")),
        Field("statusname", "Статус площадки: полное название", "Status full name", status_name),
        Field("statuslevel", "Уровень статуса", "Status level", status_level),
        Field("organizations", "Идентификаторы организаций", "Organization ids", ref_ids("organizations")),
        Field("organizationnames", "Организации: краткие наименования", "Organizations' short names", ref_shorts("organizations")),
        Field("municipality", "Муниципалитет организаций", "Municipality of the organizations", municipalities("organizations")),
        Field("start", label("platforms", "start"), "Start date", meta("start"), "date"),
        Field("end", "Окончание работы (пусто — без срока окончания)", "End date (empty: no end set)", meta("end"), "date"),
        Field("leader", label("platforms", "leader"), "Leader", people("leader")),
        Field("supervisor", label("platforms", "supervisor"), "Scientific supervisor", people("supervisor")),
        Field("stage", "Этап работы", "Stage", meta("stage")),
        DIRECTIONS,
        Field("reports", "Идентификаторы отчётов площадки", "Ids of the platform's reports",
              lambda e, c: joined(r.id for r in sorted(e.backlinks.get("reports", []), key=lambda r: r.id))),
        PAGE,
    ),
    entry_dates,
)  # fmt: skip

REPORTS = Spec[Entry](
    "reports",
    "Отчёты инновационных площадок",
    "Отчёты инновационных площадок: дата, отчётный период, площадка и её статус, организации, муниципалитет, авторы, "
    "этап, прикреплённые файлы и адрес страницы отчёта.",
    ("отчёты инновационных площадок", "мониторинг инновационной деятельности", "инновационные площадки"),
    entries("reports"),
    (
        ID,
        TITLE,
        Field("date", "Дата отчёта", "Report date", meta("date"), "date"),
        Field("period", label("reports", "period"), "Reporting period", meta("period")),
        Field("platform", "Идентификатор площадки", "Platform id", ref_ids("platform")),
        Field("platformtheme", "Тема площадки", "Platform theme", ref_titles("platform")),
        Field("statuscode", "Статус площадки: код", "Platform status code", via_platform(meta("status"))),
        Field("statusname", "Статус площадки: полное название", "Platform status full name", via_platform(status_name)),
        Field("organizations", "Идентификаторы организаций площадки", "Platform's organization ids", via_platform(ref_ids("organizations"))),
        Field("organizationnames", "Организации площадки: краткие наименования", "Platform's organizations' short names",
              via_platform(ref_shorts("organizations"))),
        Field("municipality", "Муниципалитет", "Municipality", municipalities("platform")),
        Field("authors", label("reports", "authors"), "Authors", people("authors")),
        Field("stage", "Этап работы", "Stage", meta("stage")),
        Field("files", "Адреса прикреплённых файлов", "Addresses of attached files",
              lambda e, c: joined(address(c.site_url, a.url) for a in e.attachments)),
        PAGE,
    ),
    entry_dates,
)  # fmt: skip

PRACTICES = Spec[Entry](
    "practices",
    "Описания практик и педагогического опыта",
    "Практики и педагогический опыт: дата, авторы, организация и муниципалитет, площадка, мероприятие, где практика "
    "представлена, уровни образования, предметы, направления и адрес страницы практики.",
    ("педагогические практики", "педагогический опыт", "инновационная деятельность", "образовательные организации"),
    entries("practices"),
    (
        ID,
        TITLE,
        Field("date", "Дата публикации", "Publication date", meta("date"), "date"),
        Field("authors", label("practices", "authors"), "Authors", people("authors")),
        Field("organization", "Идентификатор организации", "Organization id", ref_ids("organization")),
        Field("organizationname", "Организация: краткое наименование", "Organization short name", ref_shorts("organization")),
        Field("municipality", "Муниципалитет", "Municipality", municipalities("organization")),
        Field("platform", "Идентификатор площадки", "Platform id", ref_ids("platform")),
        Field("platformtheme", "Тема площадки", "Platform theme", ref_titles("platform")),
        Field("event", "Идентификатор мероприятия, где практика представлена", "Id of the event where it was presented", ref_ids("event")),
        Field("eventtitle", "Мероприятие, где практика представлена", "Event where it was presented", ref_titles("event")),
        Field("levels", "Уровни образования: коды", "Education level codes", meta("levels")),
        Field("levelnames", "Уровни образования", "Education levels",
              lambda e, c: joined(c.model.settings.level_name(code) for code in e.meta.levels)),
        Field("subjects", label("practices", "subjects"), "Subjects", meta("subjects")),
        DIRECTIONS,
        TAGS,
        PAGE,
    ),
    entry_dates,
)  # fmt: skip

EVENTS = Spec[Entry](
    "events",
    "Мероприятия инновационной инфраструктуры",
    "Конференции, семинары, фестивали, заседания советов и другие мероприятия: вид, даты, место, организаторы, число "
    "участников, секции и адрес страницы мероприятия.",
    ("мероприятия", "конференции", "семинары", "инновационная деятельность"),
    entries("events"),
    (
        ID,
        TITLE,
        Field("kind", "Вид мероприятия", "Kind of event", meta("kind")),
        Field("start", "Дата начала", "Start date", meta("date"), "date"),
        Field("end", "Дата окончания (пусто — однодневное)", "End date (empty: one day)", meta("end"), "date"),
        Field("place", label("events", "place"), "Place", meta("place")),
        Field("organizers", "Идентификаторы организаций-организаторов", "Organizer ids", ref_ids("organizers")),
        Field("organizernames", "Организаторы: краткие наименования", "Organizers' short names", ref_shorts("organizers")),
        Field("participants", label("events", "participants"), "Number of participants", meta("participants"), "integer"),
        Field("sections", label("events", "sections"), "Sections", meta("sections")),
        PAGE,
    ),
    entry_dates,
)  # fmt: skip


def responsible_ids(point: Point, _: Context) -> Cell:
    return joined(org.id for org in point.organizations)


def responsible_names(point: Point, _: Context) -> Cell:
    """Organizations' short names and the names written as text, in the order written."""
    return joined(r if isinstance(r, str) else r.meta.short for r in point.responsible)


def decision_issuer(point: Point, _: Context) -> Cell:
    issuer = point.decision.ref("issuer")
    return issuer.meta.short if issuer else point.decision.meta.issuer


POINTS = Spec[Point](
    "decisionpoints",
    "Пункты решений и их исполнение",
    "Пункты решений коллегий и советов, резолюций и приказов (кроме планов мероприятий): решение, его вид, номер и дата, "
    "текст пункта, ответственные, срок (дата или словами), дата исполнения, состояние на дату сборки сайта (выполнен, "
    "просрочен, на исполнении, снят с контроля), результат, подтверждающие материалы и адрес пункта на сайте.",
    ("контроль исполнения", "решения коллегии", "резолюции", "инновационная деятельность"),
    lambda model: sorted(control_of(model).all(), key=lambda p: (p.decision.id, p.index)),
    (
        Field("decision", "Идентификатор решения", "Decision id", lambda p, _: p.decision.id),
        Field("decisiontitle", "Название решения", "Decision title", lambda p, _: p.decision.title),
        Field("decisionkind", "Вид решения", "Kind of decision", lambda p, _: p.decision.meta.kind),
        Field("decisionnumber", "Номер решения", "Decision number", lambda p, _: p.decision.meta.number),
        Field("decisiondate", "Дата решения", "Decision date", lambda p, _: p.decision.date, "date"),
        Field("issuer", "Кем принято решение", "Issued by", decision_issuer),
        Field("event", "Идентификатор мероприятия, на котором принято", "Id of the event that adopted it",
              lambda p, _: p.decision.meta.event),
        Field("point", "Номер пункта", "Point number", lambda p, _: p.number),
        Field("text", "Текст пункта", "Point text", lambda p, _: p.text),
        Field("responsible", "Идентификаторы ответственных организаций", "Responsible organization ids", responsible_ids),
        Field("responsiblenames", "Ответственные", "Responsible", responsible_names),
        Field("due", "Срок исполнения: дата", "Due date", lambda p, _: p.due if p.dated else None, "date"),
        Field("dueterm", "Срок исполнения словами (постоянно и т. п.)", "Term in words (standing etc.)",
              lambda p, _: None if p.dated else p.due),
        Field("done", "Дата исполнения", "Date done", lambda p, _: p.done, "date"),
        Field("state", "Состояние на дату сборки сайта", "State on the site's build date", lambda p, _: p.state_name),
        Field("daysoverdue", "Дней просрочки", "Days overdue", lambda p, _: p.days_overdue, "integer"),
        Field("result", "Результат исполнения", "Result", lambda p, _: p.result),
        Field("evidence", "Адреса подтверждающих материалов", "Addresses of the evidence",
              lambda p, c: joined(c.page(e) for e in c.published(p.evidence))),
        Field("page", "Адрес пункта на сайте", "Address of the point", lambda p, c: address(c.site_url, p.url)),
    ),
    lambda p, _: [p.decision.date, p.done, p.due + dt.timedelta(days=1) if p.dated and not p.done else None],  # overdue from the next day
)  # fmt: skip

SPECS: tuple[Spec[Any], ...] = (ORGANIZATIONS, PLATFORMS, REPORTS, PRACTICES, EVENTS, POINTS)
"""The datasets in the order the open data page lists them."""
