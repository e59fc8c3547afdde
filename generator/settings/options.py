"""The site's settings and vocabularies: the plugin's section of ``mkdocs.yml``.

One pydantic schema serves both the MkDocs plugin (which passes its config here) and
the CLI (which reads ``mkdocs.yml`` itself, without importing MkDocs).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from generator.common import clock
from generator.common.academic import ReportDue
from generator.common.problems import InnopubError
from generator.settings.urls import address, host_name, secure_address, site_path
from generator.settings.vocabularies import DECLARED, settings_model

Address = Annotated[str, AfterValidator(address)]
"""An ``http(s)://`` address, parsed: nothing that could add a rule or an attribute where it is written."""
SecureAddress = Annotated[str, AfterValidator(secure_address)]
SiteAddress = Annotated[str, AfterValidator(site_path)]
HostName = Annotated[str, AfterValidator(host_name)]


class Status(BaseModel):
    """A status of an innovation platform."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str = Field(description="Краткое обозначение: РИП")
    name: str = Field(description="Полное название: региональная инновационная площадка")
    level: str = Field(description="Уровень: региональный")


class Term(BaseModel):
    """A value of a vocabulary with its full name."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str
    name: str


DEFAULT_STATUSES = [
    Status(code="ФИП", name="федеральная инновационная площадка", level="федеральный"),
    Status(code="РИП", name="региональная инновационная площадка", level="региональный"),
    Status(code="ГИП", name="городская инновационная площадка", level="муниципальный (город)"),
    Status(code="МИП", name="муниципальная инновационная площадка", level="муниципальный"),
    Status(code="ЛОИ", name="районная лаборатория образовательных инноваций", level="районный"),
    Status(code="ЭП", name="экспериментальная площадка", level="региональный или районный"),
    Status(code="РЦОО", name="ресурсный центр общего образования", level="районный"),
    Status(code="БП", name="базовая площадка", level="региональный"),
]
DEFAULT_DIRECTIONS = [
    "Современная школа",
    "Успех каждого ребенка",
    "Социальная активность",
    "Учитель будущего",
    "Цифровая образовательная среда",
    "Патриотическое воспитание",
]
DEFAULT_LEVELS = [
    Term(code="ДО", name="дошкольное образование"),
    Term(code="НОО", name="начальное общее образование"),
    Term(code="ООО", name="основное общее образование"),
    Term(code="СОО", name="среднее общее образование"),
    Term(code="ДОП", name="дополнительное образование"),
    Term(code="ПО", name="профессиональное образование"),
]
# The kinds' own vocabularies (event_kinds, organization_kinds, decision_kinds, collection_kinds) are declared by
# their kinds: generator/settings/vocabularies.py.


DEFAULT_LICENSE = "Права на тексты принадлежат их авторам; при цитировании укажите автора и ссылку на страницу."


class Footer(BaseModel):
    """The site's footer: who publishes it, how to reach them, on what terms the texts may be used."""

    model_config = ConfigDict(extra="forbid")
    publisher: str | None = Field(default=None, description="The publisher; default: site_name.")
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    license: str = Field(default=DEFAULT_LICENSE, description="The terms of use of the texts.")
    license_url: Address | None = Field(default=None, description="The licence's page (e.g. CC BY 4.0), linked from the terms.")
    open_data: SiteAddress | None = Field(default=None, description="The address of the open-data page; no link without it.")


class CmsBackend(BaseModel):
    """Where the web editor at /admin/ commits: the plugin's ``cms:`` option (issue 13)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    backend: Literal["github", "gitlab", "gitea"] = Field(description="The hosting of the repository")
    repo: str = Field(pattern=r"^[\w.-]+(/[\w.-]+)+$", description="owner/name (GitLab: group/subgroup/name too)")
    branch: str = Field(default="main", description="The branch the editor commits to")
    base_url: SecureAddress | None = Field(
        default=None,
        description="GitHub: the OAuth client's address; GitLab, Gitea: the hosting's address (default gitlab.com, gitea.com)",
    )
    app_id: str | None = Field(default=None, description="GitLab, Gitea: the OAuth application's client id")


_INN_WEIGHTS_10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10


def check_inn(value: str) -> str:
    """A Russian taxpayer number (ИНН): 10 digits of an organization or 12 of a person, with its check
    digits (the last one of 10; the last two of 12), computed as the Federal Tax Service defines them."""
    text = value.strip()
    if not re.fullmatch(r"\d{10}|\d{12}", text):
        raise PydanticCustomError(
            "innopub", "«{value}» — не ИНН (ожидается 10 цифр ИНН организации или 12 цифр ИНН физического лица)", {"value": value}
        )
    if len(text) == 10:
        valid = _check_digit(text[:9], _INN_WEIGHTS_10) == int(text[9])
    else:
        valid = _check_digit(text[:10], _INN_WEIGHTS_11) == int(text[10]) and _check_digit(text[:11], _INN_WEIGHTS_12) == int(text[11])
    if not valid:
        raise PydanticCustomError(
            "innopub", "ИНН {value} с неверными контрольными цифрами (проверьте номер по свидетельству или выписке ЕГРЮЛ)", {"value": text}
        )
    return text


def _inn_text(value: Any) -> Any:
    """An INN written without quotes is a YAML number: kept when it has 10 or 12 digits (a leading zero was
    not lost), refused otherwise (``0274…`` is read as an octal number)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if len(str(value)) in (10, 12):
            return str(value)
        raise PydanticCustomError("innopub", 'ИНН {value} прочитан как число (запишите его в кавычках: inn: "0274062111")', {"value": value})
    return value


def _check_email(value: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s.]+", value.strip()):
        raise PydanticCustomError("innopub", "«{value}» — не адрес электронной почты (ожидается вида opendata@imc.example.ru)", {"value": value})
    return value.strip()


def _check_phone(value: str) -> str:
    text = value.strip()
    if not re.fullmatch(r"\+?[\d\s()\-]+", text) or sum(c.isdigit() for c in text) < 5:
        raise PydanticCustomError("innopub", "«{value}» — не номер телефона (ожидается вида +7 (81733) 2-12-34)", {"value": value})
    return text


class OpenData(BaseModel):
    """The publisher of the open data: what the Russian open data recommendations (version 3.0) put in every
    dataset's passport. The datasets' identifiers start with the INN."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    inn: Annotated[str, BeforeValidator(_inn_text), AfterValidator(check_inn)] = Field(description="ИНН издателя: 10 или 12 цифр")
    publisher: str = Field(min_length=1, description="Владелец наборов и ответственное лицо: МКУ «ИМЦ» или ФИО")
    phone: Annotated[str, AfterValidator(_check_phone)] = Field(description="Телефон ответственного лица")
    email: Annotated[str, AfterValidator(_check_email)] = Field(description="Электронная почта ответственного лица")


_ISSN = re.compile(r"^(\d{4})-?(\d{3})([\dXx])$")
_DOI_PREFIX = re.compile(r"^10\.\d{4,9}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_issn(value: str) -> str:
    """An ISSN, ``NNNN-NNNC``, with its check digit (ISO 3297: weights 8…2, modulus 11, «X» for 10)."""
    text = str(value).strip()
    match = _ISSN.fullmatch(text)
    if not match:
        raise PydanticCustomError("innopub", "«{value}» — не ISSN (ожидается вида 2500-1234)", {"value": text})
    digits = match.group(1) + match.group(2)
    check = (11 - sum(int(d) * w for d, w in zip(digits, range(8, 1, -1), strict=True)) % 11) % 11
    if match.group(3).upper() != ("X" if check == 10 else str(check)):
        raise PydanticCustomError("innopub", "ISSN {value} с неверной контрольной цифрой (проверьте номер по свидетельству)", {"value": text})
    return f"{match.group(1)}-{match.group(2)}{match.group(3).upper()}"


def _check_doi_prefix(value: str) -> str:
    if not _DOI_PREFIX.fullmatch(value.strip()):
        raise PydanticCustomError("innopub", "«{value}» — не префикс DOI (ожидается вида 10.12345, как его выдал Crossref)", {"value": value})
    return value.strip()


def _check_titleid(value: Any) -> Any:
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit():
        raise PydanticCustomError("innopub", "«{value}» — не код издания в eLIBRARY (ожидается число, например 78123)", {"value": value})
    return text


def _check_signature(value: str) -> str:
    text = value.strip()
    if not (text.startswith("files/") and text.lower().endswith((".png", ".jpg", ".jpeg"))) or ".." in text.split("/"):
        raise PydanticCustomError(
            "innopub", "«{value}» — не изображение подписи (ожидается файл PNG или JPEG в content/files/: files/podpis.png)", {"value": value}
        )
    return text


class Publication(BaseModel):
    """Who signs the certificates of publication and the identifiers indexes need (the contract's «Publication
    settings»). Each output that needs one of them is made only when it is set."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    editor: str | None = Field(default=None, min_length=1, description="Главный редактор: Фамилия И. О.")
    editor_position: str | None = Field(default=None, min_length=1, description="Должность главного редактора")
    issn: Annotated[str, AfterValidator(check_issn)] | None = Field(default=None, description="ISSN вестника")
    elibrary_titleid: Annotated[str, BeforeValidator(_check_titleid)] | None = Field(default=None, description="Код издания в eLIBRARY (РИНЦ)")
    doi_prefix: Annotated[str, AfterValidator(_check_doi_prefix)] | None = Field(default=None, description="Префикс DOI Crossref: 10.12345")
    signature: Annotated[str, AfterValidator(_check_signature)] | None = Field(
        default=None, description="Изображение подписи редактора в content/files/"
    )


def _check_slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise PydanticCustomError(
            "innopub", "«{value}» — не код муниципалитета (ожидаются строчные латинские буквы, цифры и дефисы: sayansk)", {"value": value}
        )
    return value


class Municipality(BaseModel):
    """A municipality whose site the regional site harvests."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Annotated[str, AfterValidator(_check_slug)] = Field(description="Код: латиницей, sayansk")
    name: str = Field(min_length=1, description="Название, как его видят читатели: г. Саянск")
    url: Address = Field(description="Адрес сайта муниципалитета (его site_url)")


class Region(BaseModel):
    """A regional site's municipalities (the contract's «A region of municipalities»)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    municipalities: list[Municipality] = Field(min_length=1, description="Муниципалитеты региона")

    @field_validator("municipalities")
    @classmethod
    def _unique(cls, value: list[Municipality]) -> list[Municipality]:
        seen: set[str] = set()
        for item in value:
            if item.id in seen:
                raise PydanticCustomError("innopub", "муниципалитет {id} назван дважды (коды муниципалитетов не повторяются)", {"id": item.id})
            seen.add(item.id)
        return value


class Settings(BaseModel):
    """Options of the ``innopub`` plugin in ``mkdocs.yml``; every vocabulary may be replaced. A kind's own editable
    vocabulary is an option too, added by :func:`settings_type` from the kind's declaration."""

    model_config = ConfigDict(extra="forbid")
    statuses: list[Status] = Field(default_factory=lambda: list(DEFAULT_STATUSES))
    directions: list[str] = Field(default_factory=lambda: list(DEFAULT_DIRECTIONS))
    levels: list[Term] = Field(default_factory=lambda: list(DEFAULT_LEVELS))
    today: dt.date | None = Field(
        default=None,
        description="The site's «today», fixed (tests); default: the day of SOURCE_DATE_EPOCH, else of now, in `timezone`.",
    )
    timezone: str = Field(
        default=clock.DEFAULT_TIMEZONE,
        description="The site's time zone (an IANA name): the calendar day of the build's instant is taken in it, whatever the machine's zone.",
    )
    report_due: str = Field(
        default="09-15",
        description="ММ-ДД: the day after the end of an academic year by which its report is expected; overdue from the next day.",
    )
    feed_size: int = Field(default=30, description="How many latest publications the Atom feed holds.")
    latest_size: int = Field(default=10, description="How many latest publications the home page lists.")
    page_size: int = Field(
        default=100,
        ge=1,
        description="The most entries a listing page shows: a longer registry, tag, direction, archive year or authors' index is split.",
    )
    search_part_size: int = Field(
        default=500,
        ge=1,
        description="Entry pages per Pagefind process (about 0.23 GB at its peak for 500, 0.37 GB for 1,000): lower it where memory is short.",
    )
    iframe_hosts: list[HostName] = Field(default_factory=list, description="Hosts whose <iframe> (e.g. video) an entry's body may embed.")
    yandex_metrica: int | None = Field(default=None, description="A Yandex Metrica counter id; no analytics without it.")
    footer: Footer = Field(default_factory=Footer, description="Publisher, contacts, licence of the texts, open data.")
    cms: CmsBackend | None = Field(default=None, description="The web editor's hosting; without it the editor works in local mode only.")
    opendata: OpenData | None = Field(
        default=None, description="The publisher of the open data (INN, name, phone, email); without it no open data is built."
    )
    publication: Publication = Field(
        default_factory=Publication, description="The editor who signs certificates of publication; ISSN, eLIBRARY title id, DOI prefix."
    )
    region: Region | None = Field(default=None, description="A regional site's municipalities, harvested by `innopub harvest`.")

    @field_validator("report_due", mode="before")
    @classmethod
    def _report_due(cls, value: Any) -> str:
        try:
            return ReportDue.parse(str(value)).text
        except ValueError as exc:  # worded for the editor, without pydantic's «Value error,»
            raise PydanticCustomError("innopub", str(exc)) from None

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            clock.zone(value)
        except ValueError as exc:  # worded for the editor, without pydantic's «Value error,»
            raise PydanticCustomError("innopub", str(exc)) from None
        return value

    def reference_date(self) -> dt.date:
        """The site's «today» (:mod:`generator.common.clock`): ``today:``, else the day of SOURCE_DATE_EPOCH or of now in ``timezone``."""
        return clock.today(self.timezone, self.today)

    def status(self, code: str) -> Status | None:
        return next((s for s in self.statuses if s.code == code), None)

    def level_name(self, code: str) -> str:
        return next((t.name for t in self.levels if t.code == code), code)

    def vocabulary(self, name: str) -> list[str]:
        """The allowed values of the vocabulary ``name`` (as a schema's ``Vocab`` names it): the option's, else the
        values its kind declares (:mod:`generator.settings.vocabularies`)."""
        if name == "statuses":
            return [s.code for s in self.statuses]
        if name == "levels":
            return [t.code for t in self.levels]
        if name in type(self).model_fields:
            return list(getattr(self, name))
        return list(DECLARED[name].values)


def settings_type() -> type[Settings]:
    """:class:`Settings` with an option for each editable vocabulary the kinds declare: what ``mkdocs.yml`` may set."""
    return settings_model(Settings)  # type: ignore[return-value]


def make_settings(options: dict[str, Any], where: str) -> Settings:
    try:
        return settings_type().model_validate({k: v for k, v in options.items() if v is not None})
    except ValidationError as exc:
        details = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise InnopubError(f"{where}: неверные настройки плагина innopub: {details}") from exc
