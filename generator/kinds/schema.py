"""Stage 2a: the schema of every kind's front matter, one pydantic model per kind.

Field types normalise what editors write (a single tag instead of a list, a person as a
plain string) and then check it. Markers in ``Annotated`` declare what the later
stages need: :class:`Ref` (a reference to an entry of another kind, resolved by
``link``) and :class:`Vocab` (a value of a configured vocabulary, checked by ``validate``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from generator.read.reader import ID_PATTERN


@dataclass(frozen=True)
class Ref:
    """The field names entries of ``folder`` by id."""

    folder: str


@dataclass(frozen=True)
class Vocab:
    """The field takes values of the vocabulary ``name`` of the settings."""

    name: str


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
FIRST_DATE = dt.date(1970, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)
"""Dates outside these break the build: the sitemap's gzip header holds seconds since 1970 in
32 bits (until 2106), and archive, feed and EPUB times are counted from 1970."""


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()  # an explicit ``!!timestamp``: its day
    if isinstance(value, dt.date):
        day = value
    else:
        text = str(value).strip()
        match = _DATE.match(text)
        if not match:
            raise PydanticCustomError("innopub", "«{value}» — не дата (ожидается ГГГГ-ММ-ДД, например 2023-03-30)", {"value": text})
        try:
            day = dt.date(*map(int, match.groups()))
        except ValueError:
            raise PydanticCustomError("innopub", "несуществующая дата {value} (проверьте день и месяц)", {"value": text}) from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise PydanticCustomError(
            "innopub",
            "дата {value} вне допустимого диапазона (ожидается дата с {first} по {last} год)",
            {"value": day.isoformat(), "first": FIRST_DATE.year, "last": LAST_DATE.year},
        )
    return day


_URL_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f-\x9f\"<>\\^`{|}]")
_URL_START = re.compile(r"^https?://", re.IGNORECASE)
_HOST = re.compile(r"^(?:[\w-]+(?:\.[\w-]+)*\.?|[0-9a-f]*:[0-9a-f:.]+)$")
"""A host name (Cyrillic ones too: ``школа.рф``) or an IPv6 address (its brackets taken off)."""


def _check_url(value: str) -> str:
    """An absolute ``http://`` or ``https://`` address with a host: nothing a link could run or
    resolve against the site (``javascript:``, ``data:``, ``file:``, ``//host``, a relative path)."""
    ok = bool(_URL_START.match(value)) and not _URL_FORBIDDEN.search(value)
    if ok:
        parts = urlsplit(value)
        try:
            ok = parts.port is None or parts.port > 0
        except ValueError:  # a port that is not a number in range
            ok = False
        ok = ok and bool(_HOST.match(parts.hostname or ""))
    if not ok:
        raise PydanticCustomError("innopub", "«{value}» — не адрес сайта (ожидается адрес, начинающийся с http:// или https://)", {"value": value})
    return value


def _check_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise PydanticCustomError(
            "innopub",
            "«{value}» — не идентификатор записи (ожидается имя файла без .md: строчные латинские буквы, цифры и дефисы)",
            {"value": value},
        )
    return value


def listify(value: Any) -> Any:
    """A single value where a list is expected is a list of one."""
    return [value] if isinstance(value, str | int | dict) else value


def _as_mapping(key: str):
    def convert(value: Any) -> Any:
        return {key: value} if isinstance(value, str) else value

    return convert


IsoDate = Annotated[dt.date, BeforeValidator(parse_date)]
Url = Annotated[str, AfterValidator(_check_url)]
Id = Annotated[str, AfterValidator(_check_id)]
Text = Annotated[str, Field(min_length=1)]
TextList = Annotated[list[Text], BeforeValidator(listify)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True, frozen=True)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z .'\-]*$")


def _check_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise PydanticCustomError("innopub", "«{value}» — не адрес электронной почты (ожидается вида ivanova@school.ru)", {"value": value})
    return value


def _check_orcid(value: str) -> str:
    """An ORCID iD with its check digit (ISO 7064 11,2), kept as ``0000-0002-1825-0097``."""
    match = _ORCID.match(value)
    total = 0
    if match:
        for digit in match.group(1).replace("-", "")[:-1]:
            total = (total + int(digit)) * 2
        check = (12 - total % 11) % 11
        if match.group(1)[-1] == ("X" if check == 10 else str(check)):
            return match.group(1)
    raise PydanticCustomError("innopub", "«{value}» — не ORCID (ожидается вида 0000-0002-1825-0097, с верной контрольной цифрой)", {"value": value})


def _check_latin(value: str) -> str:
    if not _LATIN_NAME.match(value):
        raise PydanticCustomError("innopub", "«{value}» — не имя латиницей (ожидается вида Ivanova Elena A.)", {"value": value})
    return value


class PersonData(_Strict):
    """A person: ``"Иванова Елена Андреевна"`` or ``{name, position, organization, name_en, email, orcid}``."""

    name: Text = Field(description="Фамилия Имя Отчество")
    position: str | None = Field(None, description="должность")
    organization: str | None = Field(None, description="id организации или её название")
    name_en: Annotated[str, AfterValidator(_check_latin)] | None = Field(None, description="имя латиницей для РИНЦ и Crossref")
    email: Annotated[str, AfterValidator(_check_email)] | None = Field(None, description="электронная почта автора")
    orcid: Annotated[str, AfterValidator(_check_orcid)] | None = Field(None, description="ORCID автора: 0000-0002-1825-0097")


Person = Annotated[PersonData, BeforeValidator(_as_mapping("name"))]
People = Annotated[list[Person], BeforeValidator(listify)]


class AttachmentData(_Strict):
    file: Text = Field(description="путь внутри content/files/")
    title: str | None = Field(None, description="подпись файла")


Attachment = Annotated[AttachmentData, BeforeValidator(_as_mapping("file"))]


class RoadmapRow(_Strict):
    """A row of a platform's plan of events (дорожная карта)."""

    what: Text = Field(description="мероприятие")
    when: str | None = Field(None, description="сроки, свободный текст: «октябрь - июнь»")
    audience: str | None = Field(None, description="целевая аудитория")
    result: str | None = Field(None, description="ожидаемый результат")


class ProductData(_Strict):
    """An innovation product: a string, or ``{title, file}`` with a file under content/files/."""

    title: Text
    file: str | None = None


Product = Annotated[ProductData, BeforeValidator(_as_mapping("title"))]


class EntryMeta(_Strict):
    """Fields common to every kind."""

    title: Text = Field(description="заголовок, простой текст")
    date: IsoDate | None = Field(None, description="дата в формате ГГГГ-ММ-ДД")
    draft: bool = Field(False, description="true — запись проверяется, но не публикуется")
    tags: TextList = Field(default_factory=list, description="ключевые слова")
    directions: Annotated[TextList, Vocab("directions")] = Field(default_factory=list, description="направления")
    summary: str | None = Field(None, description="один абзац для списков и ленты")
    attachments: list[Attachment] = Field(default_factory=list, description="файлы из content/files/")
    aliases: TextList = Field(default_factory=list, description="прежние адреса записи: /reports/old-id/")

    def consistency(self) -> list[tuple[tuple[str, ...], str]]:
        """Problems between fields, as (location, message)."""
        return []


TAXONOMIES = {"tags": "Теги", "directions": "Направления"}
"""The fields of every entry whose values are terms with pages of their own (``/tags/…``, ``/directions/…``) and an
index (listed in the navigation by title): a new taxonomy is a field of :class:`EntryMeta` and a line here."""

PAGE_KEYS = ("title", "description", "hide", "draft")
"""The front matter an ordinary page may have: the rest is dropped before Material sees it
(``template:`` would let an editor pick any theme template, ``icon:`` any file)."""


class PageMeta(BaseModel):
    """An ordinary page: MkDocs reads its front matter; we only need the title."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)
    title: str | None = None
    draft: bool = False


@dataclass(frozen=True)
class Fields:
    """What the later stages ask of a schema's fields, worked out once per schema."""

    names: tuple[str, ...]
    """Every field, in the order of the schema."""
    known: frozenset[str]
    vocabularies: tuple[tuple[str, str], ...]
    """(field, vocabulary) of each field marked :class:`Vocab`."""
    refs: tuple[tuple[str, str], ...]
    """(field, folder) of each field marked :class:`Ref`."""


@functools.cache
def fields_of(schema: type[BaseModel]) -> Fields:
    """The :class:`Fields` of ``schema``, so that no stage searches the markers of every field
    (or reads pydantic's ``model_fields``, a property that costs a call each time) per entry."""
    fields = schema.model_fields
    vocabularies, refs = [], []
    for name, info in fields.items():
        vocab = next((m for m in info.metadata if isinstance(m, Vocab)), None)
        ref = next((m for m in info.metadata if isinstance(m, Ref)), None)
        if vocab is not None:
            vocabularies.append((name, vocab.name))
        if ref is not None:
            refs.append((name, ref.folder))
    return Fields(tuple(fields), frozenset(fields), tuple(vocabularies), tuple(refs))
