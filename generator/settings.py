"""The site's settings and vocabularies: the plugin's section of ``mkdocs.yml``.

One pydantic schema serves both the MkDocs plugin (which passes its config here) and
the CLI (which reads ``mkdocs.yml`` itself, without importing MkDocs).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from generator.academic import ReportDue
from generator.problems import InnopubError


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
DEFAULT_EVENT_KINDS = [
    "конференция", "семинар", "форум", "фестиваль", "коллегия", "педсовет", "совет",
    "конкурс", "курсы", "вебинар", "другое",
]  # fmt: skip
COLLECTION_KIND_NAMES = {"conference": "сборник материалов конференции", "digest": "дайджест практик", "thematic": "тематический сборник"}
COLLECTION_KINDS = tuple(COLLECTION_KIND_NAMES)
DEFAULT_ORGANIZATION_KINDS = ["школа", "детский сад", "дополнительное образование", "методический центр", "вуз", "другое"]


DEFAULT_LICENSE = "Права на тексты принадлежат их авторам; при цитировании укажите автора и ссылку на страницу."


class Footer(BaseModel):
    """The site's footer: who publishes it, how to reach them, on what terms the texts may be used."""

    model_config = ConfigDict(extra="forbid")
    publisher: str | None = Field(default=None, description="The publisher; default: site_name.")
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    license: str = Field(default=DEFAULT_LICENSE, description="The terms of use of the texts.")
    license_url: str | None = Field(default=None, description="The licence's page (e.g. CC BY 4.0), linked from the terms.")
    open_data: str | None = Field(default=None, description="The address of the open-data page; no link without it.")


class CmsBackend(BaseModel):
    """Where the web editor at /admin/ commits: the plugin's ``cms:`` option (issue 13)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    backend: Literal["github", "gitlab", "gitea"] = Field(description="The hosting of the repository")
    repo: str = Field(pattern=r"^[\w.-]+(/[\w.-]+)+$", description="owner/name (GitLab: group/subgroup/name too)")
    branch: str = Field(default="main", description="The branch the editor commits to")
    base_url: str | None = Field(
        default=None,
        pattern=r"^https://",
        description="GitHub: the OAuth client's address; GitLab, Gitea: the hosting's address (default gitlab.com, gitea.com)",
    )
    app_id: str | None = Field(default=None, description="GitLab, Gitea: the OAuth application's client id")


class Settings(BaseModel):
    """Options of the ``innopub`` plugin in ``mkdocs.yml``; every vocabulary may be replaced."""

    model_config = ConfigDict(extra="forbid")
    statuses: list[Status] = Field(default_factory=lambda: list(DEFAULT_STATUSES))
    directions: list[str] = Field(default_factory=lambda: list(DEFAULT_DIRECTIONS))
    levels: list[Term] = Field(default_factory=lambda: list(DEFAULT_LEVELS))
    event_kinds: list[str] = Field(default_factory=lambda: list(DEFAULT_EVENT_KINDS))
    organization_kinds: list[str] = Field(default_factory=lambda: list(DEFAULT_ORGANIZATION_KINDS))
    today: dt.date | None = Field(
        default=None,
        description="The date that splits upcoming from past events; default: SOURCE_DATE_EPOCH, else today.",
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
        default=2500,
        ge=1,
        description="Entry pages per Pagefind process (about 0.9 GB at its peak for 2,500): lower it where memory is short.",
    )
    iframe_hosts: list[str] = Field(default_factory=list, description="Hosts whose <iframe> (e.g. video) an entry's body may embed.")
    yandex_metrica: int | None = Field(default=None, description="A Yandex Metrica counter id; no analytics without it.")
    footer: Footer = Field(default_factory=Footer, description="Publisher, contacts, licence of the texts, open data.")
    cms: CmsBackend | None = Field(default=None, description="The web editor's hosting; without it the editor works in local mode only.")

    @field_validator("report_due", mode="before")
    @classmethod
    def _report_due(cls, value: Any) -> str:
        try:
            return ReportDue.parse(str(value)).text
        except ValueError as exc:  # worded for the editor, without pydantic's «Value error,»
            raise PydanticCustomError("innopub", str(exc)) from None

    def reference_date(self) -> dt.date:
        if self.today is not None:
            return self.today
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        return dt.date.today()

    def status(self, code: str) -> Status | None:
        return next((s for s in self.statuses if s.code == code), None)

    def level_name(self, code: str) -> str:
        return next((t.name for t in self.levels if t.code == code), code)

    def vocabulary(self, name: str) -> list[str]:
        """The allowed values of the vocabulary ``name`` (as a schema's ``Vocab`` names it)."""
        if name == "statuses":
            return [s.code for s in self.statuses]
        if name == "levels":
            return [t.code for t in self.levels]
        if name == "collection_kinds":
            return list(COLLECTION_KINDS)
        return list(getattr(self, name))


class Site(BaseModel):
    """What the generator needs from the rest of ``mkdocs.yml``."""

    model_config = ConfigDict(extra="ignore")
    site_name: str = "innopub"
    site_url: str | None = None
    site_description: str | None = None
    docs_dir: str = "docs"
    site_dir: str = "site"


class _TolerantLoader(yaml.SafeLoader):
    """Reads ``mkdocs.yml`` while ignoring its Python tags (``!!python/name:``, ``!ENV``)."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def load_config_file(config_file: Path) -> tuple[Site, Settings]:
    """Read the site and the plugin's settings from ``mkdocs.yml``."""
    try:
        raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InnopubError(f"{config_file}: не удалось прочитать настройки: {exc}") from exc
    if not isinstance(raw, dict):
        raise InnopubError(f"{config_file}:1: настройки сайта должны быть набором полей «поле: значение» (как в mkdocs.yml проекта)")
    options: dict[str, Any] = {}
    for plugin in raw.get("plugins") or []:
        if isinstance(plugin, dict) and "innopub" in plugin:
            options = plugin["innopub"] or {}
    return Site.model_validate(raw), make_settings(options, str(config_file))


def make_settings(options: dict[str, Any], where: str) -> Settings:
    try:
        return Settings.model_validate({k: v for k, v in options.items() if v is not None})
    except ValidationError as exc:
        details = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise InnopubError(f"{where}: неверные настройки плагина innopub: {details}") from exc
