"""EPUB 3 editions with ebooklib: a title page, the preface, one chapter per item, a navigation document.

Reproducible: ``dcterms:modified`` comes from the edition's date, the zip entries carry a
fixed time, and the package element has ``xml:lang="ru"`` (ebooklib leaves it out).
Self-contained: the chapters' bodies are already safe (:mod:`generator.editions.printbody`: no script,
no ``javascript:``, no remote image); the images they use travel inside the book.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from ebooklib import epub

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Chapter:
    file_name: str
    title: str
    html: str
    """The chapter's XHTML body content."""
    section: str = ""
    """The TOC section it is listed under ("" — at the top level)."""


@dataclass(frozen=True)
class Image:
    file_name: str
    media_type: str
    data: bytes


class _Writer(epub.EpubWriter):
    def _write_opf_file(self, root) -> None:
        root.set(XML_LANG, self.book.language)
        super()._write_opf_file(root)


def build_epub(
    identifier: str,
    title: str,
    editors: list[str],
    publisher: str,
    date: dt.date,
    chapters: list[Chapter],
    css: str,
    description: str = "",
    images: list[Image] | tuple[Image, ...] = (),
) -> bytes:
    book = epub.EpubBook()
    book.set_identifier(identifier)
    book.set_title(title)
    book.set_language("ru")
    for index, name in enumerate(editors, start=1):
        book.add_author(name, role="edt", uid=f"editor-{index}")
    book.add_metadata("DC", "publisher", publisher)
    book.add_metadata("DC", "date", date.isoformat())
    if description:
        book.add_metadata("DC", "description", description)
    style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=css.encode("utf-8"))
    book.add_item(style)
    for index, image in enumerate(images, start=1):
        book.add_item(epub.EpubImage(uid=f"image-{index}", file_name=image.file_name, media_type=image.media_type, content=image.data))
    items, toc, sections = [], [], {}
    for chapter in chapters:
        page = epub.EpubHtml(title=chapter.title, file_name=chapter.file_name, lang="ru")
        page.content = chapter.html
        page.add_item(style)
        book.add_item(page)
        items.append(page)
        if not chapter.section:
            toc.append(page)
        else:
            if chapter.section not in sections:
                sections[chapter.section] = (epub.Section(chapter.section, href=chapter.file_name), [])
                toc.append(sections[chapter.section])
            sections[chapter.section][1].append(page)
    book.toc = toc
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav(uid="nav", file_name="nav.xhtml"))
    book.spine = ["nav", *items]
    moment = dt.datetime(date.year, date.month, date.day)
    out = io.BytesIO()
    writer = _Writer(out, book, {"epub3_pages": False, "mtime": moment})
    writer.process()
    writer.write()
    return _fixed_times(out.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """The same archive with every entry at one fixed time; ``mimetype`` first and stored."""
    result = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(result, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return result.getvalue()
