"""The editors' reference page, generated from the settings so that it never drifts from them.

``/vocabularies/`` lists every vocabulary as the site is configured (``mkdocs.yml``, the
plugin's section) and the commands an editor runs. The editors' guide links to it as
``vocabularies.md``: a page the site writes itself, so the link check accepts it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from generator.kinds import KINDS
from generator.kinds.schema import fields_of
from generator.model.content import Entry
from generator.read.addresses import GUIDE_IDS
from generator.settings.options import Settings
from generator.settings.vocabularies import DECLARED, Vocabulary

COMMANDS = [
    ("innopub check", "проверить все файлы content/: каждая ошибка с файлом, строкой и тем, что ожидается"),
    ("innopub check --strict", "то же, предупреждения (неизвестные поля, вероятные опечатки) считаются ошибками"),
    ("innopub new ВИД ИДЕНТИФИКАТОР", "создать заготовку записи с комментариями; существующий файл не перезаписывается"),
    ("innopub build", "проверить и собрать сайт в site/"),
    ("innopub serve", "предпросмотр на http://127.0.0.1:8000/: страница обновляется сама после сохранения файла"),
    ("innopub bulletin ГГГГ-ММ", "записать выпуск «Вестника» за месяц: content/bulletin/ГГГГ-ММ.md"),
    ("innopub bulletin ГГГГ-ММ --refresh", "пересобрать список материалов уже записанного выпуска (номер не меняется)"),
    ("innopub publish --month previous", "ежемесячная публикация: выпуск «Вестника» за прошлый месяц, затем сборка сайта"),
]
"""The commands of ``generator/commands/cli.py`` an editor meets (``tests/test_site.py`` compares them with its parser)."""


def guide_context(settings: Settings, entries: Mapping[str, Sequence[Entry]] | None = None) -> dict[str, Any]:
    """What ``theme/innopub/vocabularies.html`` lists: the settings' vocabularies, the kinds, the commands, and the ids
    of the published organizations and platforms (``entries``, by folder), the ids editors write most (issue 21)."""
    return {
        "ids": [_ids(folder, (entries or {}).get(folder, ())) for folder in GUIDE_IDS],
        "statuses": settings.statuses,
        "levels": settings.levels,
        "directions": settings.directions,
        "kind_vocabularies": [_vocabulary(DECLARED[name], settings) for name in _guide_order()],
        "entry_kinds": [(kind.folder, kind.one) for kind in KINDS.values()],
        "commands": COMMANDS,
    }


GUIDE_ORDER = ("event_kinds", "organization_kinds", "decision_kinds", "collection_kinds")
"""The order the page has listed the kinds' vocabularies in; a kind's new one follows them, in the order of the kinds."""


def _guide_order() -> list[str]:
    return [*(n for n in GUIDE_ORDER if n in DECLARED), *(n for n in DECLARED if n not in GUIDE_ORDER)]


def _vocabulary(vocabulary: Vocabulary, settings: Settings) -> dict[str, Any]:
    """One kind's vocabulary as the site is configured, with the field and the folder that take it."""
    where = [(name, kind.folder) for kind in KINDS.values() for name, vocab in fields_of(kind.schema).vocabularies if vocab == vocabulary.name]
    return {
        "name": vocabulary.name,
        "anchor": vocabulary.name.replace("_", "-"),
        "title": vocabulary.title,
        "field": where[0][0] if where else "",
        "folder": where[0][1] if where else "",
        "terms": settings.vocabulary(vocabulary.name),
        "names": [(value, vocabulary.name_of(value)) for value in settings.vocabulary(vocabulary.name)] if vocabulary.names else [],
        "note": vocabulary.note,
    }


def _ids(folder: str, entries: Sequence[Entry]) -> dict[str, Any]:
    """One kind's ids with the name an editor knows the entry by (an organization's short name), in the registry's
    order, and the fields that take them."""
    fields = sorted({name for kind in KINDS.values() for name, ref in fields_of(kind.schema).refs if ref == folder})
    rows = [(entry.id, getattr(entry.meta, "short", None) or entry.title) for entry in entries]
    return {"folder": folder, "title": KINDS[folder].registry, "fields": fields, "rows": rows}
