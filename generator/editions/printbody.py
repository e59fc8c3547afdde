"""Editors' bodies made safe for the PDF and the EPUB: the site's sanitizer, then links and images re-pointed.

A body is untrusted. It goes through :func:`generator.check.sanitize.clean` with no iframe host
(print has no frames), then each address is decided here, for a book that lives outside
the site:

- an image relative to the entry's file (``../files/img.png``) or at ``/files/…`` is a file
  of ``content/files``: the PDF reads it as a ``file:`` URL (which the PDF's fetcher checks
  again, symbolic links resolved), the EPUB carries a copy (PNG, JPEG, GIF only); any other
  image (``http:``, a missing file) gives way to its ``alt`` text: nothing is fetched;
- a link to an entry, a page or a file of the content becomes its address on the site when
  the site's address is known; ``http``, ``https``, ``mailto``, ``tel`` links stay; every other
  link (a fragment, a missing page) keeps its text only;
- ``id`` and ``class`` attributes are removed: a body cannot take the anchors that place
  items in the table of contents, nor the print stylesheet's classes.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

from generator.check.bodylinks import resolve
from generator.check.sanitize import clean

LINK_SCHEMES = {"http", "https", "mailto", "tel"}
EPUB_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}


@dataclass
class EpubImage:
    file_name: str
    media_type: str
    data: bytes


@dataclass
class Addresses:
    """How addresses of one project's bodies are resolved."""

    content_dir: Path | None
    """``content/``; without it no body image is used."""
    pages: dict[str, str]
    """Content path of an entry or a page → its address on the site (``reports/otchet/``)."""
    site_base: str
    """The site's absolute address ending in ``/``, or "" (then content links keep their text only)."""
    images: dict[str, EpubImage] = field(default_factory=dict)
    """Images the EPUB bodies use, by their path in the book."""

    def content_file(self, source: str, src: str) -> Path | None:
        """The file of ``content/files`` that ``src`` (written in ``source``) names, if any."""
        parts = urlsplit(src.strip())
        if self.content_dir is None or parts.scheme or parts.netloc or parts.query or not parts.path:
            return None
        path = unquote(parts.path)
        target = path[1:] if path.startswith("/files/") else resolve(source, path)
        if target is None or not target.startswith("files/"):
            return None
        files = (self.content_dir / "files").resolve()
        file = (self.content_dir / target).resolve()
        return file if file.is_relative_to(files) and file.is_file() else None

    def link(self, source: str, href: str) -> str | None:
        parts = urlsplit(href.strip())
        if parts.scheme:
            return href.strip() if parts.scheme.lower() in LINK_SCHEMES and (parts.netloc or parts.scheme.lower() in {"mailto", "tel"}) else None
        if not self.site_base or parts.netloc or not parts.path:
            return None
        path = unquote(parts.path)
        target = path.lstrip("/") if path.startswith("/") else resolve(source, path)
        if target is None:
            return None
        if target in self.pages:
            target = self.pages[target]
        elif not (path.startswith("/") or (target.startswith("files/") and self.content_file(source, path))):
            return None  # a missing page or file, a folder: its text only
        return urljoin(self.site_base, target) + (f"#{parts.fragment}" if parts.fragment else "")

    def pdf_image(self, source: str, src: str) -> str | None:
        file = self.content_file(source, src)
        return file.as_uri() if file is not None else None

    def epub_image(self, source: str, src: str) -> str | None:
        file = self.content_file(source, src)
        if file is None or file.suffix.lower() not in EPUB_IMAGE_TYPES:
            return None
        data = file.read_bytes()
        name = f"images/{hashlib.sha256(data).hexdigest()[:16]}{file.suffix.lower()}"
        self.images.setdefault(name, EpubImage(name, EPUB_IMAGE_TYPES[file.suffix.lower()], data))
        return name


def safe_body(html: str, source: str, link: Callable[[str, str], str | None], image: Callable[[str, str], str | None]) -> str:
    """``html`` (a body, Markdown already converted) sanitized, its links and images decided as above."""
    html = clean(html)
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element is root:
            continue
        element.attrib.pop("id", None)
        element.attrib.pop("class", None)
        if element.tag == "img":
            src = image(source, element.get("src") or "")
            if src is None:
                _replace_with_text(element, element.get("alt") or "")
            else:
                element.set("src", src)
        elif element.tag == "a":
            href = link(source, element.get("href") or "") if element.get("href") else None
            if href is None:
                element.drop_tag()
            else:
                element.set("href", href)
    text = lxml.html.tostring(root, encoding="unicode", method="html")  # HTML: <p></p> stays empty, not an open <p/>
    return text[len("<div>") : -len("</div>")] if text.startswith("<div>") else ""


def _replace_with_text(element, text: str) -> None:
    """Put ``text`` (and the element's tail) where ``element`` was."""
    parent = element.getparent()
    previous = element.getprevious()
    joined = text + (element.tail or "")
    if previous is not None:
        previous.tail = (previous.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(element)


def site_pages(model) -> dict[str, str]:
    """Content path → address on the site, for every published entry and page."""
    pages = {entry.path: entry.url for entry in model.all()}
    pages.update({page.path: page.url for page in model.pages})
    return {posixpath.normpath(k): v for k, v in pages.items()}
