"""Raw HTML in editors' Markdown: an allowlist sanitizer (nh3, built on Ammonia) and its check.

Editors paste text from Word and web pages, so a body may carry ``<script>``, event
handlers, ``javascript:`` links, styles or forms. :func:`clean` is applied to the HTML
that Markdown produced for every content page; :func:`scan_body` runs at check time on
the Markdown source and reports, with the file's line, each thing :func:`clean` would
remove, by cleaning each raw tag with the same allowlist.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from generator.problems import Problems

# What Python-Markdown and our extensions (tables, admonition, attr_list, md_in_html, toc)
# produce, and what an editor may reasonably paste from a document.
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}  # fmt: skip
GENERIC_ATTRIBUTES = {"class", "id", "title", "lang", "dir"}
ATTRIBUTES = {
    "*": GENERIC_ATTRIBUTES,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "col": {"span"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "details": {"open"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "cite"}
# Removed with everything inside them; other unknown tags keep their text.
DROPPED_WITH_CONTENT = {"script", "style", "template", "noscript", "select", "textarea", "object", "title"}
REMOVED = {
    "script": "удалён скрипт <script>",
    "style": "удалён стиль <style>",
    "iframe": "удалён встроенный фрейм <iframe> (его адреса нет в списке разрешённых iframe_hosts)",
    "form": "удалена форма <form>",
    "object": "удалён встроенный объект <object>",
    "embed": "удалён встроенный объект <embed>",
}


@dataclass(frozen=True)
class Removal:
    """One thing the sanitizer removed, worded for an editor."""

    message: str


def _host_allowed(url: str, hosts: Iterable[str]) -> bool:
    host = (urlsplit(url.strip()).hostname or "").lower()
    if urlsplit(url.strip()).scheme != "https" or not host:
        return False
    return any(host == h or host.endswith("." + h) for h in (h.lower().strip(".") for h in hosts))


def clean(html: str, iframe_hosts: Iterable[str] = ()) -> str:
    """``html`` with everything outside the allowlist removed.

    ``<iframe>`` is kept only with an ``https`` address on one of ``iframe_hosts``
    (a host or its subdomain: ``rutube.ru``, ``vk.com``).
    """
    hosts = tuple(iframe_hosts)
    tags = TAGS | {"iframe"} if hosts else TAGS

    def attribute_filter(tag: str, name: str, value: str) -> str | None:
        if tag == "iframe" and name == "src" and not _host_allowed(value, hosts):
            return None
        return value

    cleaned = nh3.clean(
        html,
        tags=tags,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        attribute_filter=attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        filter_style_properties={"text-align"},
        strip_comments=True,
    )
    # An iframe whose address was refused is left empty by the filter: drop it whole.
    return _EMPTY_IFRAME.sub("", cleaned) if hosts else cleaned


_EMPTY_IFRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.DOTALL)


class _Inventory(HTMLParser):
    """Start tags and their attributes, with the line each starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[int, str, list[tuple[str, str | None]], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((self.getpos()[0], tag, attrs, self.get_starttag_text() or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _inventory(html: str) -> _Inventory:
    parser = _Inventory()
    parser.feed(html)
    parser.close()
    return parser


def removals(tag_html: str, iframe_hosts: Iterable[str] = ()) -> list[Removal]:
    """What :func:`clean` removes from one start tag (``<a href="javascript:x" onclick="y">``)."""
    before = _inventory(tag_html).tags
    if not before:
        return []
    _, tag, attrs, _ = before[0]
    close = "" if tag in {"img", "br", "hr", "wbr", "col", "input", "embed"} else f"</{tag}>"
    after = _inventory(clean(tag_html + "x" + close, iframe_hosts)).tags
    if not after or after[0][1] != tag:
        return [Removal(REMOVED.get(tag, f"удалён недопустимый элемент <{tag}>"))]
    kept = Counter(name for name, _ in after[0][2])
    found = []
    for name, value in attrs:
        if kept[name]:
            kept[name] -= 1
            continue
        if name.startswith("on"):
            found.append(Removal(f"удалён обработчик события «{name}» у <{tag}>"))
        elif name in URL_ATTRIBUTES:
            found.append(Removal(f"удалён небезопасный адрес «{(value or '').strip()[:40]}» у <{tag}> (разрешены http, https, mailto, tel)"))
        elif name == "style":
            found.append(Removal(f"удалён атрибут style у <{tag}> (оформление задаёт тема сайта)"))
        else:
            found.append(Removal(f"удалён недопустимый атрибут «{name}» у <{tag}>"))
    return found


_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,}).*?^\1\2[`~]*[ \t]*$", re.DOTALL | re.MULTILINE)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
# ``[alt](target``: no optional ``!`` in front, so that the regex engine jumps from one ``[`` to the
# next instead of trying every character (60× faster on a long body); the ``!`` of an image is
# the character before the match (it can never belong to the previous match, which ends before
# ``)``, a space or ``>``).
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?([^)\s>]*)")
_MD_REF = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)
_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(match: re.Match[str]) -> str:
    return _NOT_NEWLINE.sub(" ", match.group(0))


def without_code(body: str) -> str:
    """``body`` with code blocks and code spans blanked out, keeping every line in place."""
    # Most bodies have no code at all: skip the regexes that could only find none (a search
    # for one character is ~50× faster than for several).
    if "`" not in body and "~" not in body:
        return body
    text = _FENCE.sub(_blank, body) if "```" in body or "~~~" in body else body
    return _CODE_SPAN.sub(_blank, text) if "`" in text else text


class LineCounter:
    """1-based line numbers of offsets of ``text``, counted on from the previous offset asked
    (offsets asked in increasing order cost one pass over the text in all)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.newlines = 0

    def line(self, offset: int) -> int:
        if offset < self.offset:
            self.offset, self.newlines = 0, 0
        self.newlines += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.newlines + 1


def scan_body(display: str, body: str, body_line: int, iframe_hosts: Iterable[str], problems: Problems) -> None:
    """Warn, with the file's line, about each removal the sanitizer will make in ``body``,
    about unsafe Markdown link addresses and images without a text alternative."""
    text = without_code(body)
    hosts = tuple(iframe_hosts)
    tags = _inventory(text).tags if "<" in text else []  # no ``<``, no tag
    for line, tag, attrs, raw in tags:
        where = body_line + line - 1
        for removal in removals(raw, hosts):
            problems.warning(display, where, f"{removal.message}: такой HTML не будет показан на сайте")
        values = dict(attrs)
        if tag == "img" and not (values.get("alt") or "").strip():
            problems.warning(display, where, "у изображения нет описания alt (опишите, что на нём, для незрячих читателей)")
    lines = LineCounter(text)
    links = "[" in text  # no ``[``, no link
    for match in _MD_LINK.finditer(text) if links and "](" in text else ():
        where = body_line + lines.line(match.start()) - 1
        image = match.start() > 0 and text[match.start() - 1] == "!"
        alt, target = match.groups()
        if _UNSAFE_SCHEME.match(target):
            problems.warning(display, where, f"удалён небезопасный адрес ссылки «{target[:40]}» (разрешены http, https, mailto, tel)")
        if image and not alt.strip():
            problems.warning(display, where, "у изображения нет описания (напишите его в квадратных скобках: ![что на нём](адрес))")
    lines = LineCounter(text)
    for match in _MD_REF.finditer(text) if links and "]:" in text else ():
        if _UNSAFE_SCHEME.match(match.group(1)):
            where = body_line + lines.line(match.start()) - 1
            problems.warning(display, where, f"удалён небезопасный адрес ссылки «{match.group(1)[:40]}» (разрешены http, https, mailto, tel)")
