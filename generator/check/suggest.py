"""What an editor meant: a vocabulary's own spelling of a value written with «ё» for «е» (or the reverse), and the
ids of a kind listed closest first when an id names no entry, so that the fix takes one round (issue 21).

:func:`generator.check.validate.closest` suggests one value when it is close; here, when none is, the message lists
the ids there are: all of them when they are few, else the closest :data:`LISTED` and where to see the rest.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

from generator.common.russian import plural
from generator.read.addresses import GUIDE_IDS, GUIDE_PAGE, url_of

LISTED = 6
"""Ids an unknown id's message lists at most."""


def same_letters(text: str) -> str:
    """``text`` with «ё» written «е»: the two are one letter for matching (the editors' contract, as for names)."""
    return text.replace("ё", "е").replace("Ё", "Е")


def spelled(value: str, allowed: Iterable[str]) -> str | None:
    """The allowed value that ``value`` is but for «ё» and «е» (the vocabulary's own spelling), or ``None``."""
    wanted = same_letters(value)
    return next((a for a in allowed if same_letters(a) == wanted), None)


def _folded(text: str) -> str:
    return same_letters(text).casefold()


def ranked(value: str, candidates: Iterable[str], limit: int = LISTED) -> list[str]:
    """At most ``limit`` of ``candidates``, the most like ``value`` first (RapidFuzz's ratio, «ё» = «е», case
    ignored; equally like ones in alphabetical order)."""
    wanted = _folded(value)
    return sorted(set(candidates), key=lambda c: (-fuzz.ratio(wanted, _folded(c)), c))[:limit]


def ids_expected(folder: str, target_id: str, ids: list[str]) -> str:
    """What an unknown id's message expects: the ids of ``folder`` closest to ``target_id`` (all when few) and where
    to see every one of them; ``ids`` is not empty."""
    shown = ", ".join(ranked(target_id, ids))
    count = len(set(ids))
    if count <= LISTED:
        return f"ожидается одна из: {shown}"
    where = f"на странице /{url_of(GUIDE_PAGE)} сайта" if folder in GUIDE_IDS else f"в папке content/{folder}/"
    return f"ожидается одна из {count} {plural(count, 'записи', 'записей', 'записей')}, ближайшие: {shown}; все — {where}"
