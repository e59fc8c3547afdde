"""Fixes of the few invalid bits of markup Material for MkDocs writes outside any block.

Material's ``base.html`` puts ``autocomplete`` on checkboxes (allowed only on text-like
inputs), its navigation writes ``tabindex=""`` on labels of sections that are not
tabbable, and its table of contents labels ``for="__toc"`` a checkbox that exists only
when the page is in the navigation (our entries are not). The Nu HTML Checker reports each
as an error; overriding ``base.html`` would mean copying it whole, so the finished page
is corrected here instead, each fix matching exactly the markup Material writes.
"""

from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="[^"]*"')
_EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?)\s+tabindex=""')
_LABEL_FOR = re.compile(r'(<label\b[^>]*?)\s+for="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')


def fix_markup(html: str) -> str:
    """``html`` (a whole page) with Material's invalid attributes removed."""
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    html = _EMPTY_TABINDEX.sub(r"\1", html)
    ids = set(_ID.findall(html))
    return _LABEL_FOR.sub(lambda m: m.group(0) if m.group(2) in ids else m.group(1), html)
