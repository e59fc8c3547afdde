"""Helpers of the MkDocs adapter (``generator/plugin.py``) that need no MkDocs import of their own.

What Material prints raw is made HTML text here (titles, front matter, the table of contents), and
the generated pages' Markdown and MkDocs' ``nav`` structure are written from the domain's specs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from generator.pages import PageSpec
from generator.render import html_text, page_meta, text_of
from generator.russian import no_break_after_number_sign

if TYPE_CHECKING:
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def made(out) -> str:
    """How an edition was made this time: «kept» (from editions/), «anew» (typeset), «cached» (.cache/innopub/)."""
    return "kept" if out.kept else "anew" if out.rendered else "cached"


def edition_name(entry) -> str:
    title = entry.title if len(entry.title) <= 70 else entry.title[:69] + "…"
    return f"«{title}»"


def as_text(page: Page) -> None:
    """The page's title, front matter and table of contents as HTML text, for Material to print as it is."""
    written = page.meta
    page.meta, _ = page_meta(written)
    title = vars(page).get("title")  # given by the navigation: plain text
    if title is None and "title" in page.meta:
        title = str(written["title"])  # YAML: plain text
    elif title is None and page._title_from_render:
        title = text_of(page._title_from_render)  # MkDocs' text of the first <h1>: HTML
    elif title is None:
        title = page.title  # from the file name
    page.title = html_text(no_break_after_number_sign(title))  # the keys dropped are warned about by the check, with their lines
    toc_as_text(page.toc)
    page._innopub_text = True


def toc_as_text(items) -> None:
    for item in items:  # MkDocs' toc gives HTML with tags stripped by a pattern: kept as the text it shows
        item.title = html_text(text_of(item.title), quote=False)
        item.id = html_text(item.id)
        toc_as_text(item.children)


def nav(items: list, files: Files) -> list[dict]:
    """MkDocs' ``nav`` structure, keeping only pages that exist."""
    result = []
    for title, target in items:
        if isinstance(target, list):
            children = nav(target, files)
            if children:
                result.append({title: children})
        elif files.get_file_from_path(target) is not None:
            result.append({title: target})
    return result


def markdown(spec: PageSpec) -> str:
    meta = yaml.safe_dump({"title": spec.title}, allow_unicode=True, sort_keys=False)
    return f"---\n{meta}---\n\n{spec.body}"


def display_root(content_dir: Path) -> str:
    try:
        return os.path.relpath(content_dir)
    except ValueError:
        return str(content_dir)
