"""Stage 5c: the joined bundle's file names: pages, word-index chunks and filters numbered under a tag of the bundle.

Pagefind names every fragment after a hash of its bytes (``ru_755555a``), and the ``.pf_meta`` that every
search fetches first lists every page's fragment name: at 10,000 entries the hashes were 30 KB of its 75 KB
gzipped, since hashes do not compress. Here a file is named ``<language>_<tag><number>``: its number in page
(or chunk, or filter) order in base 36, after a tag of :data:`TAG_LENGTH` base-36 characters taken from one
hash of the whole bundle: every fragment's bytes in page order, every page's word count, every word-index
chunk and filter with their bounds, and the meta's fields. A change to any page changes the tag and so every
name, so a name never means another page's fragment across deploys: a browser that cached ``ru_k3f9a012``
before a deploy (GitHub Pages allows ten minutes) is never asked for it by the new ``.pf_meta``, which names
pages ``ru_<new tag>…``; the old name is gone from the site (a stale meta finds no file instead of another
page). Two tags are the same only by chance, one in 36⁶ (about 2·10⁹) for two different bundles. The same
content gives the same tag, names and bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
TAG_LENGTH = 6
"""Base-36 characters of the bundle's tag: repeated in every name, it costs almost nothing gzipped."""


def base36(number: int) -> str:
    """``0`` → «0», ``35`` → «z», ``36`` → «10»."""
    if number < 0:
        raise ValueError(number)
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = DIGITS[digit] + digits
        if not number:
            return digits


class BundleTag:
    """A hash of everything a bundle says, fed piece by piece; :meth:`tag` is its first base-36 characters."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def add(self, *pieces: bytes | str | int) -> None:
        """One record of the bundle (each piece framed by its length, so no two records read alike)."""
        for piece in pieces:
            raw = piece.encode("utf-8") if isinstance(piece, str) else str(piece).encode() if isinstance(piece, int) else piece
            self._hash.update(len(raw).to_bytes(8, "big") + raw)
        self._hash.update(b"\n")

    def tag(self) -> str:
        value = int.from_bytes(self._hash.digest(), "big")
        return base36(value)[-TAG_LENGTH:].rjust(TAG_LENGTH, "0")


def numbered(language: str, tag: str, count: int) -> Iterable[str]:
    """The names of ``count`` files of one folder: ``ru_<tag>0``, ``ru_<tag>1``, …"""
    return (f"{language}_{tag}{base36(number)}" for number in range(count))
