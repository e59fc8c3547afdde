"""The files of ``content/`` as untrusted input: one pass over the tree, refusing what must not be published.

MkDocs copies every file of its docs folder into the site and follows symbolic links (folders
included), so a link committed into ``content/`` (``x.pdf`` → ``/etc/passwd``) would publish whatever
it points at. Every symbolic link under ``content/`` is therefore an error, wherever it points: one
pointing outside is a leak; one pointing inside duplicates pages (a linked folder) or loops MkDocs'
walk for ever (a link to a parent), and an editor never needs one — a copy of the file does the
same. Named pipes, sockets and devices are refused too (MkDocs would hang or fail copying them), as
are names that are not UTF-8 or hold control characters (they would garble the messages).

The walk is one :func:`os.scandir` pass that never follows a link, so nothing outside the folder
is listed, opened or read; :func:`read_limited` opens a Markdown file without following a link
and without blocking on a pipe, and refuses one over :data:`MAX_MD_BYTES`. The walk also lists the other
files (attachments) for :mod:`generator.read.attachments`, which decides what of them is published, and refuses a
path longer than :data:`MAX_PATH_BYTES`: the build writes it under a longer folder than ``content/``.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from generator.common.problems import Problems

MAX_MD_BYTES = 5 * 1024 * 1024
"""A Markdown file larger than this is refused unread (a long report is a few hundred KB)."""
MAX_FILE_BYTES = 50 * 1024 * 1024
"""An attachment larger than this is refused (GitHub warns at 50 MB and refuses 100 MB; a site is not a file store)."""
MAX_PATH_BYTES = 1000
"""Bytes (UTF-8) of a file's path inside ``content/``. The system's limit is 4,096 for a whole path (PATH_MAX), with the
folder the site is built in (``.site-XXXXXXXX/``, ``.cache/innopub/zensical/site/``) and a page's ``…/index.html``:
a path that fits in ``content/`` could fail the build. 1,000 leaves room for any project folder; a real path is under 200."""
MAX_ID_LENGTH = 100
"""Characters of a file name without ``.md``: it becomes an address and file names in ``site/``."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def shown(rel: str) -> str:
    """``rel`` as it can be printed: bytes that are not UTF-8 and control characters escaped."""
    text = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "нет прав на чтение"
    if exc.errno == errno.ENOENT:
        return "файл исчез во время проверки"
    if exc.errno == errno.ELOOP:
        return "это ссылка (symlink)"
    if exc.errno == errno.ENAMETOOLONG:
        return "путь длиннее, чем допускает система"
    return f"ошибка чтения {errno.errorcode.get(exc.errno or 0, exc.errno)}"


def walk_content(content_dir: Path, display_root: str, problems: Problems, others: list[str] | None = None) -> list[str]:
    """The Markdown files (paths relative to ``content_dir``, with ``/``) of the tree, in a stable
    order; every symbolic link, special file, odd name, path too long or unreadable folder reported on the way.
    ``others`` gets the other regular files (attachments), in the same order."""
    top = os.fspath(content_dir)
    if not os.path.isdir(top):
        return []
    root = os.path.realpath(top)
    folder = f"{display_root}/" if display_root else "content/"
    found: list[str] = []
    stack = [("", top)]
    while stack:
        rel_dir, path = stack.pop()
        try:
            entries = list(os.scandir(path))
        except OSError as exc:
            expected = _SHORTER if exc.errno == errno.ENAMETOOLONG else "ожидается папка, открытая для чтения"
            problems.error(_display(display_root, rel_dir), 1, f"папка не читается: {_reason(exc)} ({expected})")
            continue
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            display = _display(display_root, rel)
            if (not entry.name.isascii() and not _utf8(entry.name)) or _CONTROL.search(entry.name):
                problems.error(display, 1, "в имени файла непечатаемые знаки или не UTF-8 — такой файл не публикуется (переименуйте его)")
                continue
            try:
                if entry.is_symlink():
                    problems.error(display, 1, _link_problem(entry.path, root, folder))
                elif entry.is_dir(follow_symlinks=False):
                    if entry.name.endswith(".md"):
                        problems.warning(
                            display, 1, "это папка, а не файл Markdown: как страница или запись не читается (уберите «.md» из имени папки)"
                        )
                    stack.append((rel, entry.path))
                elif not entry.is_file(follow_symlinks=False):
                    problems.error(
                        display, 1, "не обычный файл (именованный канал, сокет или устройство) — такие файлы не публикуются (ожидается обычный файл)"
                    )
                else:
                    if len(rel.encode("utf-8", "surrogateescape")) > MAX_PATH_BYTES:
                        problems.error(display, 1, _too_long(rel))
                    if entry.name.endswith(".md"):
                        found.append(rel)
                    elif others is not None:
                        others.append(rel)
            except OSError as exc:
                problems.error(display, 1, f"файл не читается: {_reason(exc)} (ожидается обычный файл, открытый для чтения)")
    found.sort(key=lambda rel: rel.split("/"))
    if others is not None:
        others.sort(key=lambda rel: rel.split("/"))
    return found


def _display(display_root: str, rel: str) -> str:
    name = shown(rel)
    return f"{display_root}/{name}" if display_root and name else (name or display_root)


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _link_problem(path: str, root: str, folder: str) -> str:
    try:
        target = shown(os.readlink(path))
    except OSError:
        target = "?"
    resolved = os.path.realpath(path)
    folder_link = os.path.isdir(path)
    kind = "папку" if folder_link else "файл"
    if resolved != root and not resolved.startswith(root + os.sep):
        what = (
            "такие папки не публикуются (замените ссылку самой папкой)"
            if folder_link
            else "такие файлы не публикуются (замените ссылку самим файлом)"
        )
        return f"ссылка на {kind} вне папки {folder} (path: {target}) — {what}"
    if not os.path.lexists(resolved):
        return f"ссылка на несуществующий файл (path: {target}) — ссылки не публикуются (замените ссылку самим файлом)"
    copy = "копией папки" if folder_link else "копией файла"
    return f"ссылка на {kind} внутри {folder} (path: {target}) — ссылки не публикуются (замените ссылку {copy})"


def read_limited(path: Path, limit: int = MAX_MD_BYTES) -> bytes | str:
    """The bytes of the regular file ``path``, or the reason (in Russian) it is not read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return f"файл не читается: {_reason(exc)} (ожидается обычный файл, открытый для чтения)"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return "не обычный файл — такие файлы не читаются (ожидается файл Markdown)"
        if info.st_size > limit:
            return _too_large(info.st_size, limit)
        chunks, size, want = [], 0, info.st_size + 1
        while chunk := os.read(fd, want):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                return _too_large(size, limit)
            # The rest after a short read; then one byte to see the end (a small buffer: most files
            # end there); more only if the file grew since ``fstat``.
            want = info.st_size - size + 1 if size < info.st_size else (1 if size == info.st_size else 65536)
        return b"".join(chunks) if len(chunks) != 1 else chunks[0]
    except OSError as exc:
        return f"файл не читается: {_reason(exc)} (ожидается обычный файл, открытый для чтения)"
    finally:
        os.close(fd)


def mb(n: int) -> str:
    """``n`` bytes in megabytes, as Russian writes them: «5\u00a0МБ», «5,1\u00a0МБ»."""
    return f"{n / 1024 / 1024:.1f}".replace(".", ",").replace(",0", "") + "\u00a0МБ"


def _too_large(size: int, limit: int) -> str:
    advice = "разделите текст или вынесите его в приложение"
    return f"файл больше {mb(limit)} ({mb(size)}) — такой файл не читается (ожидается не больше {mb(limit)}: {advice})"


_SHORTER = (
    f"ожидается путь внутри content/ не длиннее {MAX_PATH_BYTES} байт — около {MAX_PATH_BYTES // 2} русских букв: сократите имена папок и файла"
)


def _too_long(rel: str) -> str:
    size = len(rel.encode("utf-8", "surrogateescape"))
    return (
        f"путь файла длиннее {MAX_PATH_BYTES} байт ({size}): сборка пишет его в более глубокую папку, где он может "
        f"превысить предел системы на длину пути ({_SHORTER})"
    )
