"""The web editor's dates worded for it (issue 21, item 4).

A date field is the browser's own ``<input type="date">``: it shows the date as the browser's language writes it
(20.06.2025 in a Russian browser) whatever the page says, and writes ``YYYY-MM-DD`` into the file (the field's
``format``). Sveltia reads ``date_format`` as a storage format, not as a display one, so none is given; the field's
hint leaves out «ГГГГ-ММ-ДД», which is how the file writes the date, not how the field shows it. (The editor itself
speaks Russian whatever the browser's language: ``admin/innopub-admin.js``, :mod:`generator.render.cms_admin`.)
"""

from __future__ import annotations

import re

_FILE_FORMAT = re.compile(r"(?::\s*| в формате )ГГГГ-ММ-ДД$")


def date_hint(hint: str) -> str:
    """«дата отчёта: ГГГГ-ММ-ДД» → «дата отчёта»: the picker shows the date the browser's way, the file gets ГГГГ-ММ-ДД."""
    return _FILE_FORMAT.sub("", hint)
