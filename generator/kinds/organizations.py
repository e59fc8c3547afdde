"""Образовательная организация: grouped by municipality, never dated."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, Field

from generator.common.russian import fold, slug
from generator.kinds.base import Kind
from generator.kinds.schema import EntryMeta, Text, Url, Vocab
from generator.listing.order import Section
from generator.settings.options import check_inn
from generator.settings.vocabularies import Vocabulary

if TYPE_CHECKING:
    from generator.model.content import Entry
    from generator.settings.options import Settings

ORGANIZATION_KINDS = Vocabulary(
    "organization_kinds",
    ("школа", "детский сад", "дополнительное образование", "методический центр", "вуз", "другое"),
    "Типы организаций",
)


class OrganizationMeta(EntryMeta):
    """Образовательная организация."""

    short: Text = Field(description="краткое название: МОУ «Гимназия № 2»")
    municipality: Text = Field(description="муниципалитет: г. Вологда")
    kind: Annotated[str | None, Vocab("organization_kinds")] = Field(
        None, title="Тип организации", description="тип организации: школа, детский сад…"
    )
    district: str | None = Field(None, description="район")
    address: str | None = Field(None, description="адрес")
    website: Url | None = Field(None, description="сайт: https://...")
    inn: Annotated[str, AfterValidator(check_inn)] | None = Field(None, description="ИНН организации: 10 цифр")


class Organizations(Kind):
    folder = "organizations"
    schema = OrganizationMeta
    one, few, many = "организация", "организации", "организаций"
    registry = "Организации"
    nav_group = "Площадки"
    nav_order = 20
    vocabularies = (ORGANIZATION_KINDS,)

    def registry_sections(self, entries: list[Entry], settings: Settings) -> list[Section]:
        groups: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            groups[entry.meta.municipality].append(entry)
        return [Section(name, groups[name], anchor=slug(name)) for name in sorted(groups, key=fold)]

    def recent(self, entries: list[Entry], sections: list[Section], size: int) -> Section | None:
        return None

    def organizations(self, entry: Entry) -> list[Entry]:
        return [entry]


KIND = Organizations()
