"""Статья сборника: dated, with authors' positions and organizations, in a collection's section."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import Field

from generator.kinds.base import Kind
from generator.kinds.schema import EntryMeta, Id, IsoDate, People, Ref, TextList

if TYPE_CHECKING:
    from generator.model.content import Entry


class ArticleMeta(EntryMeta):
    """Статья сборника."""

    date: IsoDate = Field(description="дата публикации: ГГГГ-ММ-ДД")
    authors: People = Field(min_length=1, description="авторы с должностью и организацией")
    collection: Annotated[Id, Ref("collections")] = Field(description="id сборника")
    section: str | None = Field(None, description="секция сборника")
    abstract: str | None = Field(None, description="аннотация")
    keywords: TextList = Field(default_factory=list, description="ключевые слова")
    references: TextList = Field(default_factory=list, description="список литературы")
    abstract_en: str | None = Field(None, description="аннотация на английском языке (для РИНЦ и Crossref)")
    keywords_en: TextList = Field(default_factory=list, description="ключевые слова на английском языке")

    NOT_BY_HAND: ClassVar[dict[str, str]] = {
        "pages": "поле «pages» не заполняют вручную: страницы статьи берутся из PDF-версии сборника при сборке "
        "(ожидается: удалите строку pages: — страницы появятся в «Как цитировать» и в справке о публикации сами)"
    }
    """Fields of the editors' contract the build fills in: named in the check's message (issue 24)."""


class Articles(Kind):
    folder = "articles"
    schema = ArticleMeta
    one, few, many = "статья", "статьи", "статей"
    registry = "Статьи"
    nav_group = "Публикации"
    nav_order = 50
    publication = True
    names = ("article",)
    cited = True
    selectable = True

    def print_note(self, entry: Entry) -> str:
        return ""  # an article in its collection: authors and affiliations say it all


KIND = Articles()
