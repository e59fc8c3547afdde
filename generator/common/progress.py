"""Progress of a build's long stages, and the summary every build ends with.

The stages report through a :class:`Reporter`: ``stage_started(stage, total)``, ``advanced(stage,
item, kind)`` (one more done; ``step=0`` names the item being worked on), ``stage_finished(stage,
note)`` and ``summary(counts)``. Nothing here knows the site engine: the engines call a
reporter from its events, the domain modules take plain callbacks.

Where the reports go is the reporter's business:

- :class:`LineReporter` — plain lines, a few per stage (start, each quarter, end), no escape codes:
  a log of CI or cron, a pipe, and MkDocs' own logger under a plain ``mkdocs build`` / ``serve``;
- :class:`generator.commands.live.LiveReporter` — rich's live display, when stderr is a terminal;
- :class:`Reporter` itself — silent (``--quiet``), but still timing the stages.

The summary is for the terminal only: nothing of it is written into the site.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.common.russian import count_of, human_size


@dataclass(frozen=True)
class StageInfo:
    title: str
    short: str
    unit: tuple[str, str, str]


STAGES = {
    "check": StageInfo("Проверка материалов", "проверка", ("файл", "файла", "файлов")),
    "content": StageInfo("Чтение материалов", "чтение", ("файл", "файла", "файлов")),
    "editions": StageInfo("Издания PDF и EPUB", "издания", ("издание", "издания", "изданий")),
    "pages": StageInfo("Разметка страниц", "разметка", ("страница", "страницы", "страниц")),
    "write": StageInfo("Запись страниц", "запись", ("страница", "страницы", "страниц")),
    "search": StageInfo("Поисковый индекс", "поиск", ("часть", "части", "частей")),
}
QUIET_SECONDS = 2.0
"""Plain lines tell of a quarter of a stage only if the stage has been silent this long (a fast stage: start and end)."""
KINDS = {"anew": "заново", "cached": "из кэша", "kept": "из editions/"}
"""How an edition was made: typeset anew, taken from ``.cache/innopub/``, served from ``editions/``."""


@dataclass
class Stage:
    key: str
    total: int | None = None
    done: int = 0
    item: str = ""
    kind: str = ""
    said: float = field(default_factory=time.perf_counter)
    """When a plain line last told of this stage."""
    kinds: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.perf_counter)
    seconds: float | None = None

    @property
    def info(self) -> StageInfo:
        return STAGES.get(self.key, StageInfo(self.key, self.key, ("", "", "")))


@dataclass
class Summary:
    """What a build made (counted by the Site and the engine from what they wrote)."""

    entries: int = 0
    pages: int = 0
    redirects: int = 0
    editions_anew: int = 0
    editions_cached: int = 0
    editions_kept: int = 0
    index_bytes: int = 0
    index_pages: int = 0
    index_parts: int = 0

    @property
    def editions(self) -> int:
        return self.editions_anew + self.editions_cached + self.editions_kept


class Reporter:
    """Times the stages and keeps their counts; shows nothing (``--quiet``). Subclasses show."""

    def __init__(self, verbose: bool = False) -> None:
        self.verbose = verbose
        self.stages: dict[str, Stage] = {}
        self.result: Summary | None = None
        self.began = time.perf_counter()
        self._lock = threading.RLock()  # the search index reports from its joining thread

    def stage_started(self, stage: str, total: int | None = None) -> None:
        """A stage begins; started again before it finishes, it learns its total and keeps its time."""
        with self._lock:
            state = self.stages.get(stage)
            if state is None or state.seconds is not None:
                self.stages[stage] = state = Stage(stage, total)
            state.total = total
            self.show_started(state)

    def advanced(self, stage: str, item: str = "", kind: str = "", step: int = 1) -> None:
        with self._lock:
            state = self.stages.get(stage) or self.stages.setdefault(stage, Stage(stage))
            state.done += step
            state.item = item or state.item
            state.kind = kind
            if kind:
                state.kinds[kind] += step
            self.show_advanced(state, step)

    def stage_finished(self, stage: str, note: str = "") -> None:
        with self._lock:
            state = self.stages.get(stage) or self.stages.setdefault(stage, Stage(stage))
            state.seconds = time.perf_counter() - state.started
            if state.total is None or state.done > state.total:
                state.total = state.done
            self.show_finished(state, note)

    def stage_stopped(self, stage: str, note: str = "") -> None:
        """The build stops in this stage (``innopub build``: the check found errors); it stays unfinished."""
        with self._lock:
            state = self.stages.get(stage) or self.stages.setdefault(stage, Stage(stage))
            self.show_stopped(state, note)

    def summary(self, result: Summary) -> None:
        self.result = result

    def times(self) -> list[tuple[str, float]]:
        """(short name, seconds) of each finished stage, in the order of :data:`STAGES`."""
        order = {key: n for n, key in enumerate(STAGES)}
        finished = sorted((s for s in self.stages.values() if s.seconds is not None), key=lambda s: order.get(s.key, len(order)))
        return [(s.info.short, s.seconds or 0.0) for s in finished]

    def elapsed(self) -> float:
        return time.perf_counter() - self.began

    # What a sink shows; the lock is held.
    def show_started(self, state: Stage) -> None: ...
    def show_advanced(self, state: Stage, step: int) -> None: ...
    def show_finished(self, state: Stage, note: str) -> None: ...
    def show_stopped(self, state: Stage, note: str) -> None: ...

    def close(self) -> None:
        """Stop showing progress (a live display ends here); called on failures too."""

    def __enter__(self) -> Reporter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LineReporter(Reporter):
    """Plain lines through ``write``: the stage's start, each quarter of a long one, its end; ``verbose``: every
    quarter and every named item (each edition), never a line per page or file."""

    def __init__(self, write: Callable[[str], None], verbose: bool = False) -> None:
        super().__init__(verbose)
        self.write = write

    def show_started(self, state: Stage) -> None:
        if state.total:
            self.write(f"{state.info.title}: {count_of(state.total, *state.info.unit)}…")

    def show_advanced(self, state: Stage, step: int) -> None:
        if step == 0:
            if (self.verbose or state.kind == "phase") and state.item:
                self.write(f"{state.info.title}: {state.item}…")
            return
        total = state.total or 0
        quarters = {math.ceil(total * q / 4) for q in (1, 2, 3)} if total >= 4 else set()
        quarter = state.done in quarters and (self.verbose or time.perf_counter() - state.said >= QUIET_SECONDS)
        if quarter or (self.verbose and state.item):  # verbose: each named item (an edition), never each page
            state.said = time.perf_counter()
            of = f" из {total}" if total else ""
            item = f" — {state.item}" if state.item else ""
            kind = f" ({KINDS.get(state.kind, state.kind)})" if self.verbose and state.kind else ""
            self.write(f"{state.info.title}: {state.done}{of}{item}{kind}")

    def show_finished(self, state: Stage, note: str) -> None:
        self.write(f"{state.info.title}: {finished_text(state, note)}")

    def show_stopped(self, state: Stage, note: str) -> None:
        self.write(f"{state.info.title}: {stopped_text(note)}")


def finished_text(state: Stage, note: str = "") -> str:
    """«12 изданий за 3,4 с (заново 3, из кэша 9)», «готово за 1,2 с — 1,1 МБ»."""
    done = count_of(state.done, *state.info.unit) if state.done else "готово"
    kinds = ", ".join(f"{KINDS.get(k, k)} {n}" for k, n in state.kinds.items() if n)
    return f"{done} за {seconds(state.seconds or 0)}" + (f" ({kinds})" if kinds else "") + (f" — {note}" if note else "")


def stopped_text(note: str = "") -> str:
    """«1 ошибка — остановлено»: the stage the build stopped in."""
    return f"{note} — остановлено" if note else "остановлено"


def summary_lines(result: Summary, reporter: Reporter, site: str | None = None) -> list[str]:
    """The summary in Russian: what was made, then the time of each stage."""
    total = seconds(reporter.elapsed())
    head = f"Сайт собран в {site}/ за {total}." if site else f"Итог сборки ({total}):"
    made = [count_of(result.entries, "запись", "записи", "записей"), count_of(result.pages, "страница", "страницы", "страниц")]
    if result.redirects:
        made[-1] += f" и {count_of(result.redirects, 'переадресация', 'переадресации', 'переадресаций')}"
    lines = [head, f"  {', '.join(made)}."]
    kinds = {"anew": result.editions_anew, "cached": result.editions_cached, "kept": result.editions_kept}
    editions = ", ".join(f"{KINDS[k]} {n}" for k, n in kinds.items() if n)
    lines.append(f"  Издания PDF и EPUB: {result.editions}" + (f" ({editions})." if editions else "."))
    if result.index_pages:
        parts = count_of(result.index_parts, "часть", "части", "частей")
        lines.append(f"  Поисковый индекс: {size(result.index_bytes)}, {count_of(result.index_pages, 'страница', 'страницы', 'страниц')}, {parts}.")
    else:
        lines.append("  Поисковый индекс: не нужен (нет опубликованных записей).")
    times = " · ".join(f"{short} {seconds(s)}" for short, s in reporter.times())
    if times:
        lines.append(f"  Время: {times}.")
    return lines


def seconds(value: float) -> str:
    """«0,04 с», «1,4 с», «12 с», «3 мин 05 с»."""
    if value < 1:
        return f"{value:.2f}".replace(".", ",") + "\u00a0с"
    if value < 10:
        return f"{value:.1f}".replace(".", ",") + "\u00a0с"
    if value < 60:
        return f"{value:.0f}\u00a0с"
    minutes, rest = divmod(round(value), 60)
    return f"{minutes}\u00a0мин {rest:02d}\u00a0с"


size = human_size  # «512 Б», «48 КБ», «1,2 МБ»: the same words as on the site


def folder_size(path: str | os.PathLike) -> int:
    """Bytes of every file under ``path`` (the search index)."""
    total = 0
    for root, _, names in os.walk(path):
        for name in names:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return total
