"""Stage 4b: render pages' HTML parts, redirects and feeds with Jinja2 templates from ``theme/``.

The renderer knows nothing of MkDocs: it takes the folders to load templates from and
returns strings. Links are relative to the page, so the site works under any sub-path.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from generator.common import russian
from generator.coordinators.control import control_of
from generator.editions import collect
from generator.kinds import KINDS
from generator.kinds.schema import PAGE_KEYS
from generator.model.content import ContentModel, Entry, Redirect
from generator.pages.catalog import PageSpec


def relative_url(target: str, base: str) -> str:
    """``target`` (a site path like ``platforms/x/``) as seen from the page at ``base``."""
    base_dir = base if base.endswith("/") or base == "" else posixpath.dirname(base)
    path, _, fragment = target.partition("#")
    rel = _relpath(path or ".", base_dir.rstrip("/") or ".")
    if (path.endswith("/") or not path) and rel != ".":
        rel += "/"
    elif rel == ".":
        rel = "./"
    return f"{rel}#{fragment}" if fragment else rel


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath(path, start)`` for the site's relative paths, without its ``abspath`` of both (a
    ``getcwd`` each): some 20,000 links at 1,000 entries. Paths with ``..`` or a leading ``/`` go to ``relpath``."""
    if path.startswith("/") or start.startswith("/") or ".." in path or ".." in start:
        return posixpath.relpath(path, start)
    target = [part for part in path.split("/") if part and part != "."]
    origin = [part for part in start.split("/") if part and part != "."]
    common = 0
    for a, b in zip(target, origin, strict=False):
        if a != b:
            break
        common += 1
    rest = [".."] * (len(origin) - common) + target[common:]
    return "/".join(rest) if rest else "."


def html_text(value: object, quote: bool = True) -> str:
    """Plain text as HTML that shows exactly that text, in an element or an attribute value.

    For what a template without autoescape prints: MkDocs' and Material's Jinja environment has
    none, so titles, front matter and the table of contents are escaped once, where the plugin
    hands them over (``InnopubPlugin.on_env``); our own templates are autoescaped.
    """
    return html.escape(str(value), quote=quote)


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


class _Headings(HTMLParser):
    """The ``<h2 id=…>`` of a fragment our templates rendered, with the text each shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.open: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        anchor = dict(attrs).get("id")
        if tag == "h2" and anchor:
            self.open = (anchor, [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2" and self.open is not None:
            self.found.append((self.open[0], " ".join("".join(self.open[1]).split())))
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            self.open[1].append(data)


def headings_of(fragment: str) -> list[tuple[str, str]]:
    """(id, text) of each second-level heading of ``fragment``, for the page's table of contents."""
    found = []
    for heading in _H2.finditer(fragment):  # only the headings parsed: the whole parts took 7 % of a build
        parser = _Headings()
        parser.feed(heading.group(0))
        parser.close()
        found += parser.found
    return found


_H2 = re.compile(r"<h2\b.*?</h2\s*>", re.S | re.I)


def text_of(fragment: str) -> str:
    """The text an HTML fragment shows: tags and comments left out, entities decoded."""
    parser = _TextOf()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


PAGE_META = tuple(key for key in PAGE_KEYS if key != "draft")  # ``draft`` is ours: Material never sees it
"""The front matter of an ordinary page that reaches Material; MkDocs reads the rest too (``template:``
would pick any theme template, ``icon:`` a file to include, ``author:`` and ``subtitle:`` go out unescaped)."""
_HIDE = ("navigation", "toc", "footer", "path", "tags", "feedback")
"""Keys innopub reads itself (``generator/kinds/schema.py``, ``PageMeta``): left out silently."""


def page_meta(meta: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """(front matter as Material may print it, keys left out): ``title`` and ``description`` as HTML
    text (:func:`html_text`), ``hide`` as the names Material knows; nothing else."""
    safe: dict[str, Any] = {}
    dropped = [key for key in meta if key not in PAGE_KEYS]
    for key in ("title", "description"):
        value = meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # empty: as if absent
        if isinstance(value, bool | list | dict):
            dropped.append(key)
        else:
            safe[key] = html_text(value)
    hide = meta.get("hide")
    if isinstance(hide, list):
        safe["hide"] = [name for name in hide if isinstance(name, str) and name in _HIDE]
    elif hide is not None:
        dropped.append("hide")
    return safe, dropped


class Renderer:
    """Renders the HTML parts of generated pages: the ``before`` and ``after`` macros of a page template."""

    def __init__(self, template_dirs: Sequence[Path | str], model: ContentModel, directory_urls: bool = True) -> None:
        self.model = model
        self.directory_urls = directory_urls
        self.env = Environment(
            loader=FileSystemLoader([str(d) for d in template_dirs]),
            autoescape=select_autoescape(["html", "xml"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # a build's templates do not change while it runs; each build makes its renderer anew
        )
        self.env.filters.update(
            long_date=russian.long_date,
            month_year=russian.month_year,
            month_name=russian.month_name,
            short_name=russian.short_name,
            human_size=russian.human_size,
        )
        self.env.globals.update(
            kinds=KINDS,
            settings=model.settings,
            model=model,
            count_of=russian.count_of,
            plural=russian.plural,
            date_range=russian.date_range,
            slug=russian.slug,
            # Collections and the bulletin (issue 3); the plugin replaces these with the build's own (generator/editions/typeset.py).
            citation=lambda entry: None,
            doi=lambda entry: None,
            edition_files=lambda entry: None,
            pdf_pages=lambda entry: None,
            site_description="",
            issue_json_ld=lambda entry: "{}",
            bulletin_feed=False,
            edition_contents=collect.contents,
            control=control_of(model),  # the decisions' points on the build's date (entry/decisions.html, organizations, events)
        )

    def site_path(self, url: str) -> str:
        """A directory-style address as the host writes it; a file's (``files/…``, ``opendata/…/meta.csv``) as it is."""
        if self.directory_urls or url.startswith("files/") or "." in url.rpartition("/")[2]:
            return url
        return f"{url.rstrip('/')}.html" if url else "index.html"

    def render_parts(self, spec: PageSpec, page_url: str) -> tuple[str, str]:
        """(before, after): HTML to put before and after the page's converted Markdown."""
        # A page template sets its variables once at the top and defines the macros
        # ``before`` and ``after`` (either may be absent).
        module = self.env.get_template(spec.template).make_module(self._context(spec.full_context(), page_url))
        before, after = (getattr(module, name, None) for name in ("before", "after"))
        return str(before()) if before else "", str(after()) if after else ""

    def render_document(self, template: str, context: dict[str, Any], page_url: str) -> str:
        """A whole document from ``template`` (not a page's parts)."""
        return self.env.get_template(template).render(self._context(context, page_url))

    def render_redirect(self, redirect: Redirect) -> str:
        return self.env.get_template("innopub/redirect.html").render(self._context({"entry": redirect.target}, redirect.url))

    def _context(self, context: dict[str, Any], page_url: str) -> dict[str, Any]:
        def url(target: str | Entry | Any) -> str:
            path = target if isinstance(target, str) else target.url
            return relative_url(self.site_path(path), page_url)

        values = {**context, "url": url, "page_url": page_url}
        values["kind_macros"] = _KindMacros(self.env, values)
        return values


class _KindMacros(dict[str, Any]):
    """Each kind's template as a module (its ``listing``, ``item_meta``… macros), made once per page render
    with the page's context, when a template first asks for that kind: ``kind_macros[e.kind.folder]``."""

    def __init__(self, env: Environment, context: dict[str, Any]) -> None:
        super().__init__()
        self.env = env
        self.context = {name: value for name, value in context.items() if name != "entry"}  # a listing, not that entry's page

    def __missing__(self, folder: str) -> Any:
        self[folder] = module = self.env.get_template(KINDS[folder].template).make_module(self.context)
        return module
