"""PDF editions with WeasyPrint: print HTML from ``theme/innopub/print/`` and CSS from ``theme/print/``.

WeasyPrint lays out the table of contents (``target-counter``), the outline
(``bookmark-level``), running headers (``string-set``) and Russian hyphenation (``hyphens:
auto`` with ``lang="ru"``); fonts are embedded from ``theme/fonts``. No PDF is written by hand.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

PRINT_CSS = "print/collection.css"


@dataclass(frozen=True)
class PdfResult:
    data: bytes
    pages: int
    anchors: dict[str, int]
    """Anchor id → 1-based page number where it is placed."""


def render_pdf(html: str, css_file: Path, base_url: Path) -> PdfResult:
    """Lay out ``html`` with the print stylesheet ``css_file``; return the PDF and where each anchor landed."""
    from weasyprint import CSS, HTML  # imported here: WeasyPrint loads Pango, which only PDF builds need

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = HTML(string=html, base_url=str(base_url)).render(stylesheets=[CSS(filename=str(css_file))])
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            anchors.setdefault(anchor, number)
    # No creation date unless the HTML gives one (ours gives the content's date): same content, same bytes.
    data = document.write_pdf()
    return PdfResult(data, len(document.pages), anchors)
