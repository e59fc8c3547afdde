"""Failures worded for the person who ran the command: Russian, no traceback.

:func:`disk_problem` words a write the system refused (a full disk, a quota, a read-only
disk, no permission); :func:`unexpected` words any other exception as a bug of innopub: what
was being done, the file if known, the exception's type and message, where in innopub it
happened, and a hint to report it. With ``INNOPUB_DEBUG=1`` the traceback is printed too.
"""

from __future__ import annotations

import errno
import os
import sys
import traceback
from pathlib import Path

DEBUG_ENV = "INNOPUB_DEBUG"
_DISK = {
    errno.ENOSPC: "на диске не хватает места",
    errno.EDQUOT: "превышена дисковая квота",
    errno.EFBIG: "файл слишком велик для этого диска",
    errno.EROFS: "диск доступен только для чтения",
    errno.EACCES: "нет прав на запись",
    errno.EPERM: "нет прав на запись",
}
_OS = {
    **_DISK,
    errno.ENOENT: "нет такой папки",
    errno.EISDIR: "по этому пути — папка, а не файл",
    errno.ENOTDIR: "часть пути — не папка",
    errno.ENAMETOOLONG: "слишком длинное имя",
    errno.ELOOP: "слишком много символических ссылок в пути",
    errno.ETXTBSY: "файл занят",
    errno.EIO: "ошибка ввода-вывода",
}
REPORT_HINT = f"Это не ошибка в ваших материалах: сообщите о ней разработчикам innopub, приложив это сообщение (с {DEBUG_ENV}=1 — подробности)."


_now = {"stage": "innopub", "consequence": "ничего не изменено"}


def step(stage: str, consequence: str) -> None:
    """What a command is doing now, and what a failure at this point leaves (for the messages below)."""
    _now.update(stage=stage, consequence=consequence)


def current() -> str:
    return _now["stage"]


def consequence() -> str:
    return _now["consequence"]


def debug() -> bool:
    return os.environ.get(DEBUG_ENV, "") not in ("", "0")


def shown(path: str | os.PathLike | None) -> str:
    if path is None:
        return ""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("../../") else str(path)


def disk_problem(exc: BaseException, where: str | os.PathLike | None = None) -> str | None:
    """«на диске не хватает места: site/assets/app.js» for a refused write; None for other exceptions."""
    if not isinstance(exc, OSError) or exc.errno not in _DISK:
        return None
    path = getattr(exc, "filename2", None) or exc.filename or where
    return f"{_DISK[exc.errno]}: {shown(path)}" if path else _DISK[exc.errno]


def os_reason(exc: OSError) -> str:
    """What the system said, in Russian: «нет такой папки», «диск доступен только для чтения»…"""
    if exc.errno in _OS:
        return _OS[exc.errno]
    name = errno.errorcode.get(exc.errno or 0)
    return f"система отказала ({name})" if name else "система отказала"


def file_of(exc: BaseException) -> str | None:
    """The file an exception names, if it names one (OSError, Jinja2 templates, YAML marks)."""
    for attr in ("filename2", "filename"):
        value = getattr(exc, attr, None)
        if isinstance(value, str | os.PathLike) and value:
            return shown(value)
    if type(exc).__module__.startswith("jinja2") and isinstance(getattr(exc, "name", None), str):
        return exc.name
    mark = getattr(exc, "problem_mark", None)
    return f"{mark.name}:{mark.line + 1}" if mark is not None and getattr(mark, "name", None) else None


def unexpected(exc: BaseException, stage: str, file: str | None = None, consequence: str | None = None) -> str:
    """One paragraph for an exception innopub did not expect."""
    file = file_of(exc) or file
    lineno = getattr(exc, "lineno", None)
    place = f", файл {file}" + (f":{lineno}" if lineno and ":" not in file else "") if file else ""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else "(без сообщения)"
    then = f"; {consequence or _now['consequence']}"
    return f"Непредвиденная ошибка ({stage}{place}): {type(exc).__name__}: {message} [{_origin(exc)}]{then}. {REPORT_HINT}"


def print_traceback_if_debug(exc: BaseException) -> None:
    if debug():
        traceback.print_exception(exc, file=sys.stderr)


def _origin(exc: BaseException) -> str:
    """The innermost frame of innopub's own code (or the innermost frame at all)."""
    frames = traceback.extract_tb(exc.__traceback__)
    package = Path(__file__).resolve().parent.parent
    ours = [f for f in frames if f.filename.startswith(f"{package}{os.sep}")]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "место неизвестно"
    where = Path(frame.filename)
    shown = where.relative_to(package.parent) if where.is_relative_to(package.parent) else Path(where.parent.name, where.name)
    return f"{shown.as_posix()}:{frame.lineno}"
