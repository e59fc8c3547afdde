"""The monthly «Вестник»: numbering, freezing and writing ``content/bulletin/YYYY-MM.md``.

An issue is frozen when its file is written: its ``items:`` list every published entry
dated in the month, and from then on the site, the PDF and the EPUB are built from that
list. Numbers are given once and follow the months (the next number in the year and
overall): an issue for a month earlier than one already written is refused, since it would
take a number after the later month's and the archive would list the numbers out of order
(issue 19). Two commands writing at once take turns (a lock on ``content/bulletin/``), so
each sees the other's issue; ``innopub check`` reports issues whose numbers do not follow
their months (written by hand, or one number given in two branches).

Issue files are written atomically (:mod:`generator.common.atomic`): a killed or failed write
leaves the old file whole, with its number, items and editorial.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.common import atomic
from generator.common.problems import InnopubError
from generator.common.russian import month_year
from generator.editions import kept
from generator.editions.collect import month_entries
from generator.kinds.bulletin import issue_month
from generator.model.content import ContentModel

FOLDER = "bulletin"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.S)
EDITORIAL_HINT = "<!-- Слово редакции (необязательно): напишите текст выпуска здесь, под этой строкой. -->\n"


class NothingToPublish(InnopubError):
    """The month has no published entry: no issue is written (``innopub publish`` goes on to the build).

    ``reason`` is why, ``outcome`` what was (not) done; ``innopub bulletin`` says both, ``innopub publish`` words the
    outcome itself, so that neither says it twice."""

    def __init__(self, reason: str, outcome: str) -> None:
        super().__init__(f"{reason} — {outcome}.")
        self.reason = reason


@dataclass(frozen=True)
class Outcome:
    path: Path
    changed: bool
    message: str


def parse_month(text: str) -> tuple[int, int]:
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InnopubError(f"«{text}» — не месяц (ожидается ГГГГ-ММ, например 2026-11, или previous)")
    return int(match.group(1)), int(match.group(2))


def issue_date(year: int, month: int) -> dt.date:
    """An issue comes out on the first day of the following month."""
    return dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)


def read_issue(path: Path) -> tuple[dict[str, Any], str]:
    """The front matter and the body (the editorial) of an issue file."""
    text = path.read_text(encoding="utf-8")
    match = _FRONT.match(text)
    if not match:
        raise InnopubError(f"{path}:1: нет блока метаданных между строками --- (файл выпуска испорчен; восстановите его из истории)")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise InnopubError(f"{path}: не удалось прочитать метаданные выпуска: {exc}") from exc
    return meta, match.group(2)


def _numbers(folder: Path, year: int, month: int) -> tuple[int, int]:
    """The next number in ``year`` and overall, from every issue already written; refused when one of them is of a
    later month than ``year``-``month``."""
    in_year, overall = 0, 0
    latest: tuple[dt.date, Path, dict[str, Any]] | None = None
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        meta, _ = read_issue(path)
        total = int(meta.get("total") or 0)
        overall = max(overall, total)
        if path.stem.startswith(f"{year}-"):
            in_year = max(in_year, int(meta.get("number") or 0))
        date = meta.get("date")
        if isinstance(date, dt.date) and (latest is None or date > latest[0]):
            latest = (date, path, meta)
    if latest is not None and latest[0] > issue_date(year, month):
        date, path, meta = latest
        label, later = month_year(dt.date(year, month, 1)), issue_month(date)
        shown = f"{folder.parent.name}/{folder.name}/{path.relative_to(folder).as_posix()}"
        raise InnopubError(
            f"выпуск за {label} не создан: уже есть выпуск за более поздний месяц — {later} ({shown}, "
            f"№ {meta.get('number')} ({meta.get('total')})). Номера выпусков идут по порядку месяцев, а выпуск за {label} "
            f"получил бы номер после выпуска за {later}, и архив перечислил бы номера вразнобой "
            f"(ожидается месяц позже, чем {later}; материалы за {label} и так есть на сайте и в архиве)."
        )
    return in_year + 1, overall + 1


@contextlib.contextmanager
def _writers_take_turns(folder: Path) -> Iterator[None]:
    """Two commands writing issues at once take turns (an exclusive lock on the folder), so that each numbers its
    issue after the other's; where the file system has no locks, the numbers are still checked by ``innopub check``."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor drops the lock


def render_issue(meta: dict[str, Any], body: str) -> str:
    """The issue file: a comment for editors, the front matter in a fixed order, the body."""
    lines = ["---", "# Выпуск «Вестника». Список items заморожен командой «innopub bulletin»; обновить его: --refresh."]
    for key in ("title", "date", "number", "total"):
        lines.append(yaml.safe_dump({key: meta[key]}, allow_unicode=True, width=1000).strip())
    lines.append("items:")
    lines += [f"  - {item}" for item in meta["items"]]
    return "\n".join(lines) + "\n---\n\n" + body.lstrip("\n")


def write_issue(content_dir: Path, model: ContentModel, year: int, month: int, refresh: bool = False) -> Outcome:
    """Write (or, with ``refresh``, re-collect) the issue of the month from ``model`` (the content of
    ``content_dir``, loaded and found clean); never overwrite silently."""
    label = month_year(dt.date(year, month, 1))
    items = [f"{e.kind.folder}/{e.id}" for e in month_entries(model.all(), year, month)]
    path = content_dir / FOLDER / f"{year:04d}-{month:02d}.md"
    shown = f"{content_dir.name}/{FOLDER}/{path.name}"
    if refresh and kept.forget(content_dir, FOLDER, path.stem):  # the published PDF and EPUB are made anew by the next build
        print(f"Изданные PDF и EPUB выпуска удалены из {kept.KEPT_DIR}/{FOLDER}/: следующая сборка сделает их заново.")
    if path.exists():
        meta, body = read_issue(path)
        frozen = [str(i) for i in meta.get("items") or []]
        if items == frozen:
            return Outcome(path, False, f"{shown}: выпуск за {label} уже есть, список записей не изменился — ничего не изменено.")
        if not refresh:
            new = len(set(items) - set(frozen))
            return Outcome(
                path,
                False,
                f"{shown}: выпуск за {label} уже есть и заморожен — ничего не изменено"
                + (f" (с тех пор появилось новых записей за месяц: {new}; чтобы пересобрать список, добавьте --refresh)." if new else "."),
            )
        if not items:
            raise NothingToPublish(f"{shown}: за {label} не осталось ни одной опубликованной записи", "список не обновлён")
        meta["items"] = items
        atomic.write_text(path, render_issue(meta, body))  # never truncated: the old issue stays whole until the rename
        return Outcome(path, True, f"{shown}: список записей обновлён ({len(items)}), номер прежний: № {meta['number']} ({meta['total']}).")
    if not items:
        raise NothingToPublish(f"за {label} нет ни одной опубликованной записи с датой этого месяца", "выпуск не создан")
    path.parent.mkdir(parents=True, exist_ok=True)
    with _writers_take_turns(path.parent):
        try:
            number, total = _numbers(content_dir / FOLDER, year, month)
        except InnopubError as exc:
            raise InnopubError(f"{shown}: {exc}") from None
        meta = {"title": f"Вестник № {number} ({total}), {label}", "date": issue_date(year, month), "number": number, "total": total, "items": items}
        try:
            atomic.write_text(path, render_issue(meta, EDITORIAL_HINT), exclusive=True)  # never over an editor's file
        except FileExistsError:
            raise InnopubError(f"{shown}: файл появился во время записи — ничего не изменено; запустите команду снова.") from None
    return Outcome(path, True, f"Создан {shown}: № {number} ({total}), записей: {len(items)}. Слово редакции можно дописать в тело файла.")
