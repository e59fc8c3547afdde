"""Stage 3 (linking): the entries a collection or a bulletin issue names, resolved and checked.

A ``digest`` or ``thematic`` collection holds the entries its ``includes:`` select (``kind/id`` or
a selector); a bulletin issue its frozen ``items:``. Which field a kind holds entries by is the
kind's ``contents_field``. Unknown entries, drafts, an entry that includes itself, empty selectors
and collections that include each other in a circle are reported with their line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.check.suggest import same_letters
from generator.check.validate import closest, unknown_item, unknown_reference
from generator.common.problems import Problems
from generator.kinds import KINDS
from generator.model.content import Entry

SELECTOR_KEYS = {"event": "id мероприятия", "platform": "id площадки", "tags": "список тегов", "directions": "список направлений"}

Known = dict[tuple[str, str], tuple[Entry, Any]]


def resolve_selection(entry: Entry, known: Known, failed: set, display: str, line: Callable, problems: Problems) -> None:
    """Fill ``entry.refs["items"]`` of a bulletin issue or ``entry.refs["includes"]`` of a digest."""
    field = entry.kind.contents_field
    if field == "items":
        items = [_item(entry, ref, known, failed, display, line(("items", i)), problems) for i, ref in enumerate(entry.meta.items)]
        entry.refs["items"] = [e for e in items if e is not None]
    elif field == "includes" and entry.meta.includes:
        found: dict[int, Entry] = {}
        for index, rule in enumerate(entry.meta.includes):
            where = line(("includes", index))
            if isinstance(rule, str):
                target = _item(entry, rule, known, failed, display, where, problems)
                matches = [target] if target is not None else []
            else:
                matches = _select(entry, rule, known, failed, display, where, problems)
            for match in matches:
                found.setdefault(id(match), match)
        entry.refs["includes"] = list(found.values())


def find_item(ref: str, known: Known, failed: set, display: str, where: int, problems: Problems) -> Entry | None:
    """The entry a ``kind/id`` names (a bulletin's or a digest's item, a decision's evidence); an error at ``where``
    when ``ref`` is no such reference or names no entry (with the closest kind or id); ``None`` without a word when
    the entry failed its own check (its problems are reported already)."""
    folder, _, target_id = ref.strip().strip("/").partition("/")
    if folder not in KINDS or not target_id:
        guess = closest(folder, list(KINDS))
        hint = f"; возможно, вид «{guess}»" if guess else f"; виды: {', '.join(KINDS)}"
        problems.error(display, where, f"«{ref}» — не ссылка на запись (ожидается вид/id, например reports/otchet-2026{hint})")
        return None
    if (folder, target_id) in failed:
        return None
    found = known.get((folder, target_id))
    if found is None:
        problems.error(display, where, unknown_item(folder, target_id, known))
        return None
    return found[0]


def _item(entry: Entry, ref: str, known: Known, failed: set, display: str, where: int, problems: Problems) -> Entry | None:
    target = find_item(ref, known, failed, display, where, problems)
    if target is None:
        return None
    field = entry.kind.contents_field
    if target is entry:
        problems.error(display, where, f"{entry.kind.holder} не может включать сам себя (уберите «{ref}» из {field})")
        return None
    if field == "items" and target.kind.contents_field == "items":
        kinds = ", ".join(f for f in KINDS if KINDS[f].publication)
        expected = f"уберите «{ref}» из items; ожидаются записи разделов {kinds}"
        problems.error(display, where, f"выпуск «Вестника» не может включать другой выпуск ({expected})")
        return None
    if target.meta.draft and not entry.meta.draft:
        holder = entry.kind.holder
        problems.error(display, where, f"«{ref}» — черновик (draft: true) и не может входить в {holder} (опубликуйте её или уберите из списка)")
        return None
    return target


def check_cycles(known: Known, problems: Problems) -> None:
    """An error where collections include each other in a circle (a → b → a), at the line of the
    ``includes:`` item that closes it. A collection that includes itself is reported by ``_item``;
    selectors never pick collections (see :data:`SELECTABLE`)."""
    edges: dict[str, list[tuple[str, int]]] = {}
    for (folder, id_), (entry, _) in known.items():
        if entry.kind.contents_field == "includes":
            targets = [(_ref_id(rule, folder), i) for i, rule in enumerate(entry.meta.includes) if isinstance(rule, str)]
            edges[id_] = [(t, i) for t, i in targets if t is not None and t != id_ and (folder, t) in known]
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in edges:
        if start in state:
            continue
        path, stack = [start], [iter(edges[start])]
        state[start] = 1
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            target, index = step
            if state.get(target) == 1:
                circle = " → ".join(f"collections/{c}" for c in [*path[path.index(target) :], target])
                source = known[("collections", path[-1])][1]
                problems.error(
                    source.display, source.line(("includes", index)), f"сборники включают друг друга по кругу: {circle} (уберите одну из этих ссылок)"
                )
            elif target not in state:
                state[target] = 1
                path.append(target)
                stack.append(iter(edges[target]))


def _ref_id(rule: str, own_folder: str) -> str | None:
    folder, _, target_id = rule.strip().strip("/").partition("/")
    return target_id if folder == own_folder else None


def _values(rule: dict[str, Any], key: str) -> list[str]:
    value = rule[key]
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _select(entry: Entry, rule: dict[str, Any], known: Known, failed: set, display: str, where: int, problems: Problems) -> list[Entry]:
    """Entries matching every condition of ``rule`` (AND), oldest first."""
    unknown = [k for k in rule if k not in SELECTOR_KEYS]
    if unknown or not rule:
        allowed = ", ".join(f"{k} ({v})" for k, v in SELECTOR_KEYS.items())
        problems.error(display, where, f"неизвестное условие отбора «{', '.join(map(str, unknown))}» (допустимы: {allowed})")
        return []
    for key, folder in (("event", "events"), ("platform", "platforms")):
        if key in rule and (folder, str(rule[key])) not in known and (folder, str(rule[key])) not in failed:
            problems.error(display, where, unknown_reference(folder, str(rule[key]), known))
            return []
    candidates = [e for (folder, _), (e, _) in known.items() if KINDS[folder].selectable and not e.meta.draft]
    matches = [e for e in candidates if _matches(e, rule)]
    if not matches:
        shown = "; ".join(f"{k}: {', '.join(_values(rule, k))}" for k in rule)
        problems.error(display, where, f"под условие отбора «{shown}» не подходит ни одна опубликованная запись (проверьте значения)")
    return sorted(matches, key=lambda e: (e.date, e.title, e.id))


def _matches(candidate: Entry, rule: dict[str, Any]) -> bool:
    for key in ("event", "platform"):
        if key in rule and str(rule[key]) != getattr(candidate.meta, key, None):
            return False
    return all(
        {same_letters(v) for v in _values(rule, key)} <= {same_letters(v) for v in getattr(candidate.meta, key)}  # «ё» = «е»
        for key in ("tags", "directions")
        if key in rule
    )
