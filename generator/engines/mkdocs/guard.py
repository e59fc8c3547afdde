"""No traceback from the MkDocs plugin: every event's unexpected failure worded in Russian.

MkDocs prints a traceback for any exception of a plugin but its own (``PluginError``, ``Abort``); an
editor must never meet one. Every ``on_*`` method of the plugin is wrapped: our own errors become a
``PluginError`` with their message, anything else one Russian sentence with the stage, the page and
what was left as it was (:mod:`generator.common.failure`).
"""

from __future__ import annotations

import functools
from typing import Any

import click
from mkdocs.exceptions import Abort, BuildError, MkDocsException, PluginError

from generator.common import failure
from generator.common.problems import InnopubError
from generator.engines.mkdocs import private

STRICT_STOP = "Сборка остановлена: предупреждения в строгом режиме (--strict)."


def guarded(cls: type) -> type:
    """Wrap every event method (but ``on_build_error``, which reports) of the plugin class ``cls``."""
    for name, method in list(vars(cls).items()):
        if name.startswith("on_") and name != "on_build_error" and callable(method):
            setattr(cls, name, _guard(method, name))
    return cls


def _guard(method, event: str):
    @functools.wraps(method)  # keeps @event_priority
    def guarded_event(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except MkDocsException:
            raise
        except InnopubError as exc:
            raise PluginError(str(exc)) from exc
        except Exception as exc:
            raise Failure(describe(self, exc, f"модуль innopub, событие MkDocs {event}")) from exc

    return guarded_event


def describe(owner: Any, exc: BaseException, stage: str) -> str:
    """One Russian sentence for an unexpected failure: what, where, and that the old site is untouched.
    ``owner`` is the plugin or its command's run (:class:`generator.engines.mkdocs.run.Run`)."""
    failure.print_traceback_if_debug(exc)
    run = getattr(owner, "run", owner)
    handed = getattr(run, "handed", None)  # `innopub build` stages the site itself
    site = run.stage.site_dir if getattr(run, "stage", None) is not None else handed.config.site_dir if handed is not None else None
    consequence = f"сайт не собран; прежняя версия в {failure.shown(site)}/ не тронута" if site else "сайт не собран"
    disk = failure.disk_problem(exc)
    if disk:
        return f"{disk}, {consequence}."
    page = private.current_page(getattr(run, "config_seen", None))
    return failure.unexpected(exc, stage, page.file.src_path if page is not None else None, consequence)


def stop(run: Any, error: Exception) -> None:
    """``on_build_error``: our message on stderr instead of MkDocs' traceback (or its English under ``serve``)."""
    message = None if isinstance(error, MkDocsException) else describe(run, error, "сборка MkDocs")
    if getattr(run, "serving", False) and message is None:  # `mkdocs serve` would add English lines of its own
        message = STRICT_STOP if isinstance(error, Abort) and "strict mode" in str(error) else str(error)
    if message:
        raise Stop(message)


def consequence_said(exc: BaseException) -> bool:
    """Whether the failure ``exc`` (or one it came from) already said what was left as it was."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, Stop | Failure):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def message_of(exc: BaseException) -> str:
    """Our Russian message of a failed build: ours (``Stop``), a plugin's ``BuildError``, else a sentence."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, Stop):
            return seen.format_message()
        if isinstance(seen, BuildError):
            return str(seen)
        seen = seen.__cause__ or seen.__context__
    failure.print_traceback_if_debug(exc)
    return failure.unexpected(exc, "сборка MkDocs (mkdocs serve)", None, "сайт не собран")


class Failure(PluginError):
    """An unexpected failure of an event, worded with what was left as it was (the site untouched)."""


class Stop(Abort):
    """MkDocs' Abort, its message on stderr (worded, like :class:`Failure`, with what was left as it was)."""

    def show(self, *args, **kwargs) -> None:
        click.echo(self.format_message(), err=True)
