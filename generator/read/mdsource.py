"""What an editor's Markdown body holds, found in the source without rendering it: code blanked
out, and links with their text, target and line. Used at check time by ``links.py`` (targets that
must exist) and ``sanitize.py`` (unsafe addresses, images without a description), and at build
time to re-point links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,}).*?^\1\2[`~]*[ \t]*$", re.DOTALL | re.MULTILINE)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_NOT_NEWLINE = re.compile(r"[^\n]")
# ``[text](target "title")``, ``![alt](target)`` and ``[label]: target``: groups "text" and "target".
# The ``!`` of an image is left out of the pattern and read from the character before the match:
# a pattern that starts with ``[`` lets the regex engine jump from one ``[`` to the next (60× faster
# on a long body).
_INLINE = re.compile(r"\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*(?P<angle><)?(?P<target>(?(angle)[^>\n]+|[^)\s]+))")
_REFERENCE = re.compile(r"^ {0,3}\[(?P<text>[^\]\n]+)\]:[ \t]*(?P<angle><)?(?P<target>(?(angle)[^>\n]+|\S+))", re.MULTILINE)


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


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    target: str
    line: int
    """1-based line within the body."""
    text: str = ""
    """The link's text, an image's description, a reference's label."""
    image: bool = False


def find_links(body: str, text: str | None = None) -> list[Link]:
    """Every Markdown link of ``body`` outside code, in order; ``text``: ``body`` already without code."""
    text = without_code(body) if text is None else text
    found: list[Link] = []
    if "[" not in text:
        return found
    for pattern, marker in ((_INLINE, "]("), (_REFERENCE, "]:")):
        if marker not in text:
            continue  # no link of this form can match
        lines = LineCounter(text)
        for match in pattern.finditer(text):
            start, end = match.span("target")
            image = pattern is _INLINE and match.start() > 0 and text[match.start() - 1] == "!"
            found.append(Link(start, end, body[start:end], lines.line(start), body[match.start("text") : match.end("text")], image))
    return sorted(found, key=lambda link: link.start)
