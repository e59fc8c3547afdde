"""What Zensical gets of a page, and how the page's own HTML is put back (:mod:`generator.engines.zensical.adapter`).

Zensical never sees innopub's HTML: each page's Markdown is a :func:`stub` — its title and headings, escaped, between
two HTML comments holding the page's :func:`token` (a keyed hash of the page, so that an unchanged page gives
Zensical's cache the same stub and no content can foresee the markers). After the build, :func:`fill` replaces what
stands between the markers in the written page by the page's HTML and adds its ``<head>`` tags.
"""

from __future__ import annotations

import hashlib
import html
import re
import secrets
from pathlib import Path

import yaml

from generator.engines.htmlfix import fix_markup
from generator.site.boundary import EngineError, EnginePage, TocItem

_OVERLAY_HIDDEN = re.compile(r'(<label class="md-overlay" for="__drawer")\s+aria-hidden="true"')
"""Zensical's base.html hides the drawer's overlay label from assistive technology; the Nu HTML Checker
rejects aria-hidden on a label of a control. Material writes the same label without it."""
HIDE = ("navigation", "toc", "footer", "path", "tags", "feedback")
"""What a page may hide of the frame Zensical draws (as Material's ``hide:``)."""
_SAFE_ID = re.compile(r"^[\w.:-]+$")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")  # Python-Markdown's own ESCAPED_CHARS (with `>`, escaped as &gt; first)


def token(page: EnginePage, key: str) -> str:
    """The page's marker: a keyed hash of the page, the same from build to build while the page is (Zensical's cache)."""
    digest = hashlib.blake2b(key=key.encode(), digest_size=12)
    for part in (page.path, page.title, page.html, page.head, repr(page.toc)):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def work_key(work: Path) -> str:
    """A random key kept in the work folder: markers no content can foresee, yet stable between builds."""
    path = work / ".innopub-key"
    if not path.is_file():
        work.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(16), encoding="ascii")
    return path.read_text(encoding="ascii").strip()


def stub(page: EnginePage, token: str) -> str:
    """The Markdown Zensical gets for ``page``: its title and headings, escaped, between this build's markers."""
    meta: dict[str, object] = {"title": html.escape(page.title)}  # Zensical's templates print front matter as HTML
    if page.description:
        meta["description"] = html.escape(page.description)
    if page.hide:
        meta["hide"] = [name for name in page.hide if name in HIDE]
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    headings = "\n\n".join(_heading(item) for item in page.toc if _SAFE_ID.match(item.id))
    return f"---\n{front}---\n\n{_begin(token)}\n\n{headings}\n\n{_end(token)}\n"


def _heading(item: TocItem) -> str:
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(" ".join(item.text.split()), quote=False)) or "\\-"
    return f"{'#' * min(max(item.level, 1), 6)} {text} {{#{item.id}}}"


def _begin(token: str) -> str:
    return f"<!-- innopub-page {token} -->"


def _end(token: str) -> str:
    return f"<!-- /innopub-page {token} -->"


def fill(path: Path, page: EnginePage, token: str) -> None:
    """Put ``page.html`` between the markers of its written page, and ``page.head`` before ``</head>``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EngineError(f"Zensical не записал страницу {page.output} (из {page.path}): сайт не собран; сообщите разработчикам innopub.") from None
    begin, end = _begin(token), _end(token)
    start, stop = text.find(begin), text.find(end)
    if start < 0 or stop < start or text.count(begin) != 1:
        raise EngineError(
            f"Zensical изменил разметку страницы {page.output}: метка содержимого не найдена; сайт не собран, сообщите разработчикам innopub."
        )
    text = text[:start] + page.html + text[stop + len(end) :]
    if page.head:
        text = text.replace("</head>", f"{page.head}\n</head>", 1)
    path.write_text(_fixed(text), encoding="utf-8")


def _fixed(text: str) -> str:
    """The page with Material's (:func:`generator.engines.htmlfix.fix_markup`) and Zensical's invalid bits of markup removed."""
    return fix_markup(_OVERLAY_HIDDEN.sub(r"\1", text))


def fix(path: Path) -> None:
    if path.is_file():
        path.write_text(_fixed(path.read_text(encoding="utf-8")), encoding="utf-8")
