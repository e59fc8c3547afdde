"""Links between content files: checked at check time, re-pointed at build time.

Editors link files as they see them: ``[отчёт](../reports/2023/otchet.md)``,
``[положение](../files/platforms/polozhenie.pdf)``. Entries are re-homed
(``content/reports/2023/otchet.md`` is served at ``/reports/otchet/`` from the virtual file
``reports/otchet.md``), so :func:`rewrite` re-points each relative link from where the
editor wrote it to where the page is built, and MkDocs then resolves it as usual.
:func:`check_links` reports a link to a missing file or heading as an error with the
file and line, before anything is built (``mkdocs build --strict`` semantics).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown

from generator.common.problems import Problems
from generator.read.addresses import EDITOR_PAGE, GENERATED_PAGES
from generator.read.mdsource import find_links


def _split(target: str) -> tuple[str, str] | None:
    """(path, fragment) of a relative link into the content; ``None`` for other links."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("/") or parts.query:
        return None
    return unquote(parts.path), parts.fragment


def resolve(source: str, path: str) -> str | None:
    """The content path ``path`` points to from the file ``source``; ``None`` outside the content."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
    return None if joined.startswith("../") or joined == ".." else joined


def rewrite(body: str, source: str, built_as: str, pages: dict[str, str]) -> str:
    """``body`` of ``source`` with its relative links re-pointed for the file ``built_as``.

    ``pages`` maps each content Markdown file to the file it is built from
    (``reports/2023/otchet.md`` → ``reports/otchet.md``); other files keep their path.
    """
    out, last = [], 0
    for link in find_links(body):
        split = _split(link.target)
        if split is None or not split[0]:
            continue
        path, fragment = split
        target = resolve(source, path)
        if target is None or not posixpath.splitext(target)[1]:
            continue  # outside the content, or a folder: left as written
        target = pages.get(target, target)
        new = posixpath.relpath(target, posixpath.dirname(built_as) or ".") + (f"#{fragment}" if fragment else "")
        out += [body[last : link.start], new]
        last = link.end
    return "".join(out) + body[last:]


def heading_ids(body: str) -> set[str]:
    """The ids Python-Markdown's ``toc`` and ``attr_list`` give the headings and elements of ``body``."""
    html = markdown.markdown(body, extensions=["toc", "attr_list", "md_in_html", "tables", "admonition"])
    return set(re.findall(r'\sid="([^"]+)"', html))


def check_links(
    documents: Iterable[tuple[str, str, str, int]],
    published: set[str],
    exists: Callable[[str], bool],
    problems: Problems,
) -> None:
    """Report each relative link of each document that leads nowhere.

    ``documents`` are (path, display, body, body_line); ``published`` the Markdown files
    that become pages; ``exists`` tells whether another file of the content exists.
    """
    bodies = {path: body for path, _, body, _ in documents}
    ids: dict[str, set[str]] = {}
    for path, display, body, body_line in documents:
        for link in find_links(body):
            split = _split(link.target)
            if split is None:
                continue
            where = body_line + link.line - 1
            rel, fragment = split
            target = resolve(path, rel) if rel else path
            if target is None:
                problems.error(display, where, f"ссылка «{link.target}» ведёт за пределы папки content/")
                continue
            if target.endswith(".md"):
                if target not in bodies and exists(target):
                    continue  # a file whose own problems are reported
                if target not in bodies:
                    problems.error(display, where, f"ссылка на несуществующую страницу «{link.target}» (нет файла content/{target})")
                    continue
                if target not in published:
                    problems.error(display, where, f"ссылка на черновик «{link.target}» (он не публикуется)")
                    continue
                if fragment and rel:
                    known = ids.setdefault(target, heading_ids(bodies[target]))
                    if fragment not in known:
                        problems.error(display, where, f"в «{link.target}» нет заголовка с якорем «#{fragment}»")
            elif rel and not exists(target):
                problems.error(display, where, f"ссылка на несуществующий файл «{link.target}» (нет файла content/{target})")


def check_content_links(documents: Iterable, published: set[str], content_dir: Path, problems: Problems) -> None:
    """:func:`check_links` over ``SourceDocument``-like objects of ``content_dir``."""
    root = content_dir.resolve()
    check_links(
        [(d.path, d.display, d.body, d.body_line) for d in documents],
        published,
        lambda rel: rel in GENERATED_PAGES or rel == EDITOR_PAGE or (root / rel).is_file() or (root / rel).is_dir(),
        problems,
    )
