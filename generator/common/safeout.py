"""Nothing innopub prints is read as a command: by a CI runner (GitHub's workflow commands, GitLab's sections) or a terminal.

Messages that echo content write its control characters and line breaks out where they are made
(:func:`generator.common.problems.one_line`). This is the wall behind that one, for every line a command prints,
whoever wrote it (innopub, MkDocs, Python-Markdown, a warning of Python's), when the output is not a terminal
(CI, cron, a pipe) or the command runs under GitHub Actions (``GITHUB_ACTIONS``, also set by Gitea's and
Forgejo's runners):

- control characters are written out (``\\x1b``), so that no line carries an escape sequence (colours, a
  terminal's title, GitLab's ``section_start`` markers) — not in a terminal, where rich's display draws with
  them (and the messages have escaped their values already);
- a line that GitHub's runner would read as a workflow command is neutralized: ``::`` at its start (after
  white space, which the runner trims) becomes ``\\x3a:``, and ``##[`` anywhere (the runner's legacy form)
  becomes ``#\\x23[``. Not only under ``GITHUB_ACTIONS``: a step may run innopub where that variable is not
  passed (``docker run``), and the runner still reads the output.

The runner parses what it reads line by line (``actions/runner``, ``ActionCommand.TryParseV2`` and ``TryParse``),
so a partial line is held until its line ends. innopub's own workflow commands (``innopub check --format
github``) go out through :func:`command`, past the guard: each is made by :mod:`generator.commands.report`, escaped
as the Actions toolkit escapes them.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TextIO

from generator.common.problems import one_line

GITHUB_ENV = "GITHUB_ACTIONS"


def github() -> bool:
    return os.environ.get(GITHUB_ENV, "") not in ("", "false")


def neutral(line: str, *, controls: bool = True, commands: bool | None = None) -> str:
    """One line (no line break in it) as the guard writes it: control characters written out (``controls``),
    a workflow command made plain text (``commands``; by default unless standard error is a terminal out of CI)."""
    if controls:
        line = one_line(line)
    if commands if commands is not None else github() or not _terminal(sys.stderr):
        rest = line.lstrip()
        if rest.startswith("::"):
            line = f"{line[: len(line) - len(rest)]}\\x3a{rest[1:]}"
        line = line.replace("##[", "#\\x23[")
    return line


def neutral_text(text: str, **kwargs: bool) -> str:
    """Every line of ``text`` through :func:`neutral`, the line breaks kept."""
    return "\n".join(neutral(line, **kwargs) for line in text.split("\n"))


class GuardedStream(io.TextIOBase):
    """A text stream that writes whole lines through :func:`neutral` to ``stream``.

    ``controls=False`` is a terminal under GitHub Actions (``docker run -t``, ``script``): rich's display draws in
    it with escape codes and redraws lines that have not ended, so nothing is held there: each write is neutralized
    as it comes (a write of rich's is a whole frame; ``print`` writes its line, then the line break)."""

    def __init__(self, stream: TextIO, *, controls: bool, commands: bool) -> None:
        self.stream = stream
        self.controls, self.commands = controls, commands
        self.pending = ""
        self.line_start = True
        self.lock = threading.RLock()  # the search index reports from a thread of its own

    def write(self, text: str) -> int:
        with self.lock:
            if not self.controls:
                parts = text.split("\n")
                for i, part in enumerate(parts):
                    starts = i > 0 or self.line_start
                    parts[i] = neutral(part, controls=False, commands=self.commands) if starts else part.replace("##[", "#\\x23[")
                self.line_start = text.endswith("\n") if text else self.line_start
                self.stream.write("\n".join(parts))
                return len(text)
            *lines, self.pending = (self.pending + text).split("\n")
            for line in lines:
                self.stream.write(neutral(line, controls=self.controls, commands=self.commands) + "\n")
        return len(text)

    def finish(self) -> None:
        """The last line, if it has no line break (the process ends)."""
        with self.lock:
            if self.pending:
                pending, self.pending = self.pending, ""
                self.stream.write(neutral(pending, controls=self.controls, commands=self.commands))
            self.stream.flush()

    def command(self, line: str) -> None:
        """A workflow command of innopub's own, as it is."""
        with self.lock:
            if self.pending:
                self.write("\n")
            self.stream.write(line + "\n")

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.stream.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self.stream.errors


class LogLines(logging.Filter):
    """The plugin's log records through :func:`neutral_text` (a plain ``mkdocs build`` or ``serve`` prints them itself)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = neutral_text(record.getMessage()), ()
        return True


def command(line: str) -> None:
    """Print one of innopub's own workflow commands on standard output (past the guard, if there is one)."""
    out = sys.stdout
    if isinstance(out, GuardedStream):
        out.command(line)
    else:
        print(line, file=out)


def _terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):
        return False


def _guarded(stream: TextIO) -> TextIO:
    interactive = _terminal(stream)
    if interactive and not github():  # a terminal: rich's display draws with escape codes; messages escape their values
        return stream
    return GuardedStream(stream, controls=not interactive, commands=True)


@contextmanager
def guarded_output() -> Iterator[None]:
    """Standard output and standard error guarded while a command runs (``innopub``'s ``main``)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _guarded(sys.stdout), _guarded(sys.stderr)
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, GuardedStream):
                with suppress(OSError, ValueError):  # a closed pipe: nothing more can be said
                    stream.finish()
        sys.stdout, sys.stderr = saved
