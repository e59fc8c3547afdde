"""Raw HTML in editors' Markdown: an allowlist sanitizer (nh3, built on Ammonia) and its check.

Editors paste text from Word and web pages, so a body may carry ``<script>``, event
handlers, ``javascript:`` links, styles or forms. :func:`clean` is applied to the HTML
that Markdown produced for every content page; :func:`scan_body` runs at check time on
the Markdown source and reports, with the file's line, each thing :func:`clean` would
remove, by cleaning each raw tag with the same allowlist.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from generator.common.problems import Problems
from generator.read.mdsource import find_links, without_code

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
    cleaned = _cleaner(hosts).clean(_NOT_TEXT.sub("", html))
    # An iframe whose address was refused is left empty by the filter: drop it whole.
    return _EMPTY_IFRAME.sub("", cleaned) if hosts else cleaned


@functools.lru_cache(maxsize=8)
def _cleaner(hosts: tuple[str, ...]) -> nh3.Cleaner:
    """One Ammonia sanitizer per list of iframe hosts, built once, not for every page.

    Only a site that allows iframes needs a Python callback (for an iframe's address): nh3 calls it for every
    attribute of every tag, which made sanitizing half again as slow (7.1 s of a 10,000-entry build with it).
    """

    def iframe_filter(tag: str, name: str, value: str) -> str | None:
        if tag == "iframe" and name == "src" and not _host_allowed(value, hosts):
            return None
        return value

    return nh3.Cleaner(
        tags=TAGS | {"iframe"} if hosts else TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        attribute_filter=iframe_filter if hosts else None,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        filter_style_properties={"text-align"},
        strip_comments=True,
    )


_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
"""Control characters (tab and line breaks aside), non-characters and lone surrogates: no text of HTML or XML may hold
them (HTML's parser reports them, XML refuses them: an ESC pasted into a body stopped the PDF edition's lxml)."""
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


_UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)


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
    for link in find_links(body, text):
        where = body_line + link.line - 1
        if _UNSAFE_SCHEME.match(link.target):
            problems.warning(display, where, f"удалён небезопасный адрес ссылки «{link.target[:40]}» (разрешены http, https, mailto, tel)")
        if link.image and not link.text.strip():
            problems.warning(display, where, "у изображения нет описания (напишите его в квадратных скобках: ![что на нём](адрес))")
