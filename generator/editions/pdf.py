"""PDF editions with WeasyPrint: print HTML from ``theme/innopub/print/`` and CSS from ``theme/print/``.

WeasyPrint lays out the table of contents (``target-counter``), the outline
(``bookmark-level``), running headers (``string-set``) and Russian hyphenation (``hyphens:
auto`` with ``lang="ru"``). No PDF is written by hand.

Fonts: the ``@font-face`` rules of the print stylesheet are read through one
``FontConfiguration`` given to both ``CSS()`` and ``render()``, so PT Serif and PT Sans are
embedded from ``theme/fonts`` on any machine, whatever fonts the system has.

Safety: the HTML holds editors' (untrusted) bodies, already sanitized. WeasyPrint gets a
:class:`LocalFetcher` that reads only files under the folders it is given (``content/files``
and the theme with its fonts): no other ``file:`` path, no network, no ``data:``. The
rendered document keeps no attachment (``<link rel=attachment>``, ``<a rel=attachment>``)
and no link other than internal ones and ``http``, ``https``, ``mailto``, ``tel``.
"""

from __future__ import annotations

import logging
import mimetypes
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

PRINT_CSS = "print/collection.css"
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
PDF_VARIANT = "pdf/ua-1"
"""WeasyPrint's variant: tagged and accessible (see README, «PDF/UA or PDF/A»)."""


@dataclass(frozen=True)
class PdfResult:
    data: bytes
    pages: int
    anchors: dict[str, int]
    """Anchor id → 1-based page number where it is placed."""


class FetchRefused(ValueError):
    """A resource the print HTML or CSS asked for that the fetcher does not serve."""


def local_path(url: str, roots: Iterable[Path]) -> Path:
    """The real file a ``file:`` URL names, if it lies under one of ``roots``; else :class:`FetchRefused`.

    Symbolic links are resolved first: a link in ``content/files`` to ``/etc/passwd`` is refused.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost") or parts.query:
        raise FetchRefused(f"адрес не разрешён для печатной версии: {url[:80]}")
    path = Path(os.path.realpath(url2pathname(parts.path)))
    for root in roots:
        if path.is_relative_to(os.path.realpath(root)) and path.is_file():
            return path
    raise FetchRefused(f"файл вне разрешённых папок: {url[:80]}")


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        """Serves files under ``roots`` only; opens no connection (no urllib handler is ever called)."""

        def __init__(self, roots: Iterable[Path]) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)
            self.roots = [Path(r) for r in roots]
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            try:
                path = local_path(url, self.roots)
            except FetchRefused:
                self.refused.append(url)
                raise
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    return LocalFetcher


def render_pdf(html: str, css_file: Path, base_url: Path, roots: Iterable[Path] = ()) -> PdfResult:
    """Lay out ``html`` with the print stylesheet ``css_file``; return the PDF and where each anchor landed.

    Files are served from ``roots`` and the stylesheet's theme folder (``css_file``'s grandparent).
    """
    from weasyprint import CSS, HTML  # imported here: WeasyPrint loads Pango, which only PDF builds need
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fetcher = _fetcher_class()([*roots, css_file.resolve().parent.parent])
    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(css_file), font_config=fonts, url_fetcher=fetcher)
    base = base_url.resolve().as_uri() + "/"
    document = HTML(string=html, base_url=base, url_fetcher=fetcher).render(stylesheets=[stylesheet], font_config=fonts)
    document.metadata.attachments = []  # <link rel="attachment">: never a file inside the PDF
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        page.links = [link for link in page.links if _kept_link(link[0], link[1])]
        for anchor in page.anchors:
            anchors.setdefault(anchor, number)
    # No creation date unless the HTML gives one (ours gives the content's date): same content, same bytes.
    # PDF/UA-1: a tagged PDF (structure tree, /MarkInfo /Marked) whose /Lang comes from <html lang="ru">.
    data = document.write_pdf(attachments=None, pdf_forms=False, pdf_variant=PDF_VARIANT)
    return PdfResult(data, len(document.pages), anchors)


def _kept_link(kind: str, target: str) -> bool:
    """Internal links and web, mail and phone addresses; no attachment, no ``javascript:`` or ``file:``."""
    if kind == "internal":
        return True
    return kind == "external" and urlsplit(target.strip()).scheme.lower() in LINK_SCHEMES
