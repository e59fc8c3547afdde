"""The kinds of entries of the editors' contract: folder, schema and Russian names."""

from __future__ import annotations

from dataclasses import dataclass

from generator.schema import (
    ArticleMeta,
    BulletinMeta,
    CollectionMeta,
    EntryMeta,
    EventMeta,
    OrganizationMeta,
    PlatformMeta,
    PracticeMeta,
    ReportMeta,
)


@dataclass(frozen=True)
class Kind:
    folder: str
    schema: type[EntryMeta]
    one: str
    """Singular nominative: «отчёт»."""
    few: str
    many: str
    registry: str
    """Title of the kind's registry page: «Отчёты площадок»."""
    publication: bool
    """Dated publications go to the archive, the feed and the home page."""

    def forms(self) -> tuple[str, str, str]:
        return self.one, self.few, self.many


KINDS: dict[str, Kind] = {
    kind.folder: kind
    for kind in (
        Kind("organizations", OrganizationMeta, "организация", "организации", "организаций", "Организации", False),
        Kind("platforms", PlatformMeta, "площадка", "площадки", "площадок", "Инновационные площадки", False),
        Kind("reports", ReportMeta, "отчёт", "отчёта", "отчётов", "Отчёты площадок", True),
        Kind("practices", PracticeMeta, "практика", "практики", "практик", "Практики", True),
        Kind("events", EventMeta, "мероприятие", "мероприятия", "мероприятий", "Мероприятия", True),
        Kind("articles", ArticleMeta, "статья", "статьи", "статей", "Статьи", True),
        Kind("collections", CollectionMeta, "сборник", "сборника", "сборников", "Сборники", True),
        Kind("bulletin", BulletinMeta, "выпуск «Вестника»", "выпуска «Вестника»", "выпусков «Вестника»", "Вестник", False),
    )
}
"""Kinds in the order the site lists them."""
