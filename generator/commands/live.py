"""The live progress display of a build in a terminal (rich): a line per running stage, with a bar, n of m and the time.

Used only when stderr is a terminal (:func:`for_terminal` chooses plain lines otherwise).
Messages printed while it runs (warnings, errors) appear above it: rich redirects
``sys.stdout`` and ``sys.stderr`` while the display is live. A stage that ends leaves the display and is printed
above it as a line of its own, whole («✓ Проверка материалов: 64 файла за 0,07 с — 61 запись, ошибок нет»; «✗ … —
остановлено» where the build stopped), so that nothing a reader needs is cut at 80 columns: only the note of a
running stage (the edition being typeset) gives way, with «…».
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
import time
from typing import IO

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, Task, TaskID, TextColumn
from rich.table import Column
from rich.text import Text

from generator.common.progress import KINDS, LineReporter, Reporter, Stage, finished_text, stopped_text


class _Status(SpinnerColumn):
    """A spinner while the stage runs (an ended stage leaves the display: :meth:`LiveReporter.show_finished`)."""

    def render(self, task: Task) -> Text:
        return self.spinner.render(task.get_time())


class _Count(ProgressColumn):
    """«3 из 12» (or «3» while the total is unknown)."""

    def render(self, task: Task) -> Text:
        if task.total is None:
            return Text(f"{int(task.completed)}" if task.completed else "")
        return Text(f"{int(task.completed)} из {int(task.total)}")


class _Elapsed(ProgressColumn):
    """The stage's own time («0:07»), until the stage is finished (not until its bar is full: the index joins after)."""

    def render(self, task: Task) -> Text:
        stage: Stage | None = task.fields.get("stage")
        if stage is None:
            return Text("")
        seconds = stage.seconds if stage.seconds is not None else time.perf_counter() - stage.started
        minutes, rest = divmod(int(seconds), 60)
        return Text(f"{minutes}:{rest:02d}", style="yellow")


class LiveReporter(Reporter):
    def __init__(self, stream: IO[str] | None = None, verbose: bool = False) -> None:
        super().__init__(verbose)
        self.console = Console(file=stream or sys.stderr, highlight=False)
        fixed = Column(no_wrap=True)  # only the note gives way in a narrow terminal, cut with «…»
        self.progress = Progress(
            _Status(table_column=fixed),
            TextColumn("{task.description}", table_column=Column(no_wrap=True)),
            BarColumn(bar_width=bar_width(self.console.width), table_column=Column(no_wrap=True)),
            _Count(table_column=Column(no_wrap=True)),
            _Elapsed(table_column=Column(no_wrap=True)),
            TextColumn("{task.fields[note]}", markup=False, table_column=Column(no_wrap=True, overflow="ellipsis", ratio=1)),
            console=self.console,
            expand=True,
            redirect_stdout=sys.stdout.isatty(),  # else what goes to a piped stdout stays there
            redirect_stderr=True,
        )
        self.tasks: dict[str, TaskID] = {}
        self.progress.start()

    def show_started(self, state: Stage) -> None:
        if state.key in self.tasks and state.seconds is None:
            self.progress.update(self.tasks[state.key], total=state.total)
        else:
            self.tasks[state.key] = self.progress.add_task(state.info.title, total=state.total, note="", stage=state)

    def show_advanced(self, state: Stage, step: int) -> None:
        task = self.tasks.get(state.key)
        if task is None:
            return
        kinds = ", ".join(f"{KINDS.get(k, k)} {n}" for k, n in state.kinds.items() if n)
        note = " · ".join(x for x in (kinds, state.item) if x)
        self.progress.update(task, completed=state.done, note=note)
        if self.verbose and step and state.item:
            kind = f" ({KINDS.get(state.kind, state.kind)})" if state.kind else ""
            self.progress.console.print(f"{state.info.title}: {state.done} — {state.item}{kind}", markup=False)

    def show_finished(self, state: Stage, note: str) -> None:
        self._ended(state, Text("✓", style="green"), finished_text(state, note))

    def show_stopped(self, state: Stage, note: str) -> None:
        self._ended(state, Text("✗", style="red"), stopped_text(note))

    def _ended(self, state: Stage, mark: Text, text: str) -> None:
        """The stage leaves the live display and is printed above it, whole (wrapped, never cut)."""
        task = self.tasks.pop(state.key, None)
        if task is not None:
            self.progress.remove_task(task)
            self.progress.refresh()  # else the line printed next is drawn above the display as it was
        self.progress.console.print(Text.assemble(mark, f" {state.info.title}: {text}"))

    def close(self) -> None:
        with self._lock:
            for key in list(self.tasks):  # the build stopped (an error, Ctrl-C) in these stages
                self.show_stopped(self.stages[key], "")
        self.progress.stop()


def bar_width(columns: int) -> int:
    """24 cells in a wide terminal, fewer in a narrow one (at 80 columns the note keeps about 25)."""
    return max(8, min(24, columns - 66))


def fit(lines: list[str]) -> list[str]:
    """The summary's lines for standard output: in a terminal, a line too long for it wrapped between words, its rest
    indented (a terminal would cut «поиск» in two); through a pipe, as they are."""
    if not sys.stdout.isatty():
        return lines
    width = shutil.get_terminal_size().columns
    fitted: list[str] = []
    for line in lines:
        indent = " " * (len(line) - len(line.lstrip(" ")) + 2)
        fitted += textwrap.wrap(line, width - 1, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False) or [line]
    return fitted


def for_terminal(quiet: bool = False, verbose: bool = False) -> Reporter:
    """The reporter of a command: silent with ``--quiet``; rich's live display when stderr is a
    terminal; plain lines on stderr otherwise (CI, cron, a pipe)."""
    if quiet:
        return Reporter()
    if sys.stderr.isatty() and os.environ.get("TERM", "") != "dumb":
        return LiveReporter(sys.stderr, verbose)
    return LineReporter(lambda line: print(line, file=sys.stderr, flush=True), verbose)
