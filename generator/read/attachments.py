"""Which files of ``content/`` besides Markdown are published: from where, of which types, how large.

A file published on the site's own address runs with the site's rights: an ``.html`` or an ``.svg`` with a
``<script>`` would read the web editor's account (``localStorage``: ``sveltia-cms.user``, a hosting token)
of anyone who opens it, and a ``content/assets/search.js`` would replace the site's own script on every page,
its policy (CSP) allowing it as the site's. So, whatever ``content/`` holds:

- **only ``content/files/``** is published as it is, at ``/files/…`` (the attachments' folder of the editors'
  contract and the web editor's media folder). A file of any other type elsewhere is refused: the site's own
  paths (``assets/``, ``admin/``, ``feed.xml``, ``pagefind/``…) and its root (``robots.txt``, ``CNAME``, a
  site verification file) belong to the project (``theme/``, ``mkdocs.yml``), which is reviewed like code;
- **only the types of an allowlist** (:data:`TYPES`: documents, spreadsheets, presentations, raster images,
  archives, audio and video) by the file name's extension, never one a browser runs or styles (``html``,
  ``svg``, ``xml``, ``js``, ``css``…);
- **not markup under another name**: a file that begins with a tag (``<html``, ``<svg``, ``<?xml``) is refused
  whatever its extension, since a host that sends no type for it lets the browser sniff it as HTML;
- **at most** :data:`generator.read.walk.MAX_FILE_BYTES`.

Names starting with a dot are published by neither engine (MkDocs excludes them) and are left alone.
:class:`FilePolicy` checks the files the walk listed (:func:`generator.read.walk.walk_content`) and returns those
to publish; both engines publish exactly them (:meth:`generator.site.site.Site.content_files`).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from generator.common.problems import Problems
from generator.read.reader import ATTACHMENTS_DIR
from generator.read.walk import MAX_FILE_BYTES, mb, shown

TYPES: dict[str, tuple[str, ...]] = {
    "документ": ("pdf", "doc", "docx", "odt", "rtf", "txt", "djvu", "epub", "sig", "p7s"),
    "таблица": ("xls", "xlsx", "ods", "csv"),
    "презентация": ("ppt", "pptx", "pps", "ppsx", "odp"),
    "изображение": ("png", "jpg", "jpeg", "gif", "webp", "avif"),
    "архив": ("zip", "7z", "rar"),
    "аудио или видео": ("mp3", "mp4", "webm"),
}
"""The types published from ``content/files/``, by extension (any case); ``sig``, ``p7s``: a document's electronic signature."""
PUBLISHED = frozenset(ext for group in TYPES.values() for ext in group)
RUNNABLE = frozenset(
    {"html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "svg", "svgz", "xml", "xsl", "xslt", "js", "mjs", "cjs", "css", "swf", "wasm"}
)
"""Types a browser runs, styles or renders as a document of the site's origin: named in the message."""
SNIFFED = 1024
"""Bytes of a file's beginning read to tell markup (browsers sniff the first 1,445 at most; a tag opens in the first)."""
_MARKUP = re.compile(rb"[\t\n\x0c\r ]*<[!?/a-zA-Z]")
_EXPECTED = "ожидается " + ", ".join(f"{what} ({', '.join(exts)})" for what, exts in TYPES.items())

FileKey = tuple[int, int, int, int]


def _ext(rel: str) -> str:
    name = rel.rpartition("/")[2]
    return name.rpartition(".")[2].lower() if "." in name.strip(".") else ""


class FilePolicy:
    """The attachments' check; a file's verdict is kept while the file stays the same (a preview's reload reads none again)."""

    def __init__(self, content_dir: Path, display_root: str) -> None:
        self.content_dir = content_dir
        self.display_root = display_root
        self._root = os.fspath(content_dir)
        self._seen: dict[str, tuple[FileKey, str | None]] = {}

    def published(self, files: list[str], problems: Problems) -> list[str]:
        """The files of ``files`` (paths in ``content/``, the Markdown ones left out by the walk but those in
        ``content/files/``) the site publishes; an error naming each other one."""
        seen, self._seen = self._seen, {}
        result = []
        for rel in files:
            parts = rel.split("/")
            if any(part.startswith(".") for part in parts):
                continue  # published by neither engine
            problem = self._problem(rel, parts, seen)
            if problem is None:
                result.append(rel)
            else:
                problems.error(self._display(rel), 1, problem)
        return result

    def _problem(self, rel: str, parts: list[str], seen: dict[str, tuple[FileKey, str | None]]) -> str | None:
        if parts[0] != ATTACHMENTS_DIR or len(parts) == 1:
            return _outside(rel, parts)
        ext = _ext(rel)
        if ext not in PUBLISHED:
            return _refused_type(ext)
        try:
            info = os.stat(os.path.join(self._root, rel), follow_symlinks=False)
        except OSError:
            return "файл исчез во время проверки (ожидается обычный файл, открытый для чтения)"
        key = (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)
        cached = seen.get(rel)
        if cached is not None and cached[0] == key:
            self._seen[rel] = cached
            return cached[1]
        problem = self._content_problem(rel, ext, info)
        self._seen[rel] = (key, problem)
        return problem

    def _content_problem(self, rel: str, ext: str, info: os.stat_result) -> str | None:
        if not stat.S_ISREG(info.st_mode):
            return "не обычный файл — такие файлы не публикуются (ожидается обычный файл)"
        if info.st_size > MAX_FILE_BYTES:
            return (
                f"файл больше {mb(MAX_FILE_BYTES)} ({mb(info.st_size)}) — такой файл не публикуется (ожидается не больше "
                f"{mb(MAX_FILE_BYTES)}: сожмите или разделите его, а большое видео разместите на видеохостинге и дайте ссылку)"
            )
        head = _head(os.path.join(self._root, rel))
        if head is None:
            return "файл не читается (ожидается обычный файл, открытый для чтения)"
        if markup(head):
            return (
                f"файл .{ext} на деле — HTML или XML-разметка: браузер мог бы выполнить её сценарии на адресе сайта "
                f"(ожидается настоящий файл .{ext}; страницу сохраните в PDF или перенесите её текст в запись .md)"
            )
        return None

    def _display(self, rel: str) -> str:
        name = shown(rel)
        return f"{self.display_root}/{name}" if self.display_root else name


def markup(head: bytes) -> bool:
    """Whether a file beginning with ``head`` is markup a browser may take for a page: a tag, a comment or
    ``<?xml`` first (after white space and a byte order mark), as the WHATWG sniffing rules look for one."""
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom) :].decode(codec, "replace").encode("utf-8")
    return bool(_MARKUP.match(head))


def _head(path: str) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        return os.read(fd, SNIFFED)
    except OSError:
        return None
    finally:
        os.close(fd)


def _outside(rel: str, parts: list[str]) -> str:
    if parts[0] == ATTACHMENTS_DIR:  # a file named «files» at the root
        return "файл не публикуется: files — папка приложений (ожидается папка content/files/ с файлами в ней)"
    if len(parts) == 1:
        return (
            f"файл {shown(rel)} в корне content/ не публикуется: корень сайта (robots.txt, CNAME, значок, файлы "
            "подтверждения прав на сайт) настраивает проект в theme/ и mkdocs.yml, а не материалы "
            "(ожидается: в корне content/ — только страницы .md, приложения — в content/files/)"
        )
    return (
        f"файл не публикуется: вне папки content/files/ публикуются только страницы .md, а путь /{shown(rel)} мог бы "
        "занять место файла самого сайта (ожидается: приложения и изображения — в content/files/, например "
        "content/files/reports/otchet.pdf)"
    )


def _refused_type(ext: str) -> str:
    if not ext:
        return f"файл без расширения не публикуется ({_EXPECTED})"
    if ext == "md":
        return "файл .md в content/files/ не публикуется и не читается как страница (ожидается: страницы и записи — вне content/files/)"
    if ext in RUNNABLE:
        advice = "рисунок сохраните как PNG" if ext.startswith("svg") else "страницу сохраните в PDF или перенесите её текст в запись .md"
        return f"файл .{ext} не публикуется: браузер выполнил бы его сценарии или стили на адресе сайта ({_EXPECTED}; {advice})"
    return f"файл .{shown(ext)} не публикуется: такие файлы сайт не раздаёт ({_EXPECTED})"
