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
_ID_VALUE = re.compile(r'id="([^"]*)"')


def fix_markup(html: str) -> str:
    """``html`` (a whole page) with Material's invalid attributes removed."""
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    html = _EMPTY_TABINDEX.sub(r"\1", html)
    ids = _ids(html)
    return _LABEL_FOR.sub(lambda m: m.group(0) if m.group(2) in ids else m.group(1), html)


def _ids(html: str) -> set[str]:
    """``set(_ID.findall(html))``, ten times quicker: a pattern that starts with ``\\s`` is tried at every
    character of a 50 KB page, one that starts with ``id="`` is searched for (2,300 pages a build). A match not
    after a space is skipped one character on, so every match ``_ID`` finds is found."""
    found: set[str] = set()
    at = 0
    while (match := _ID_VALUE.search(html, at)) is not None:
        start = match.start()
        if start > 0 and html[start - 1].isspace():
            found.add(match.group(1))
            at = match.end()
        else:
            at = start + 1
    return found
