"""Text for XML 1.0 documents built with lxml (the eLIBRARY, Crossref and OAI-PMH files).

lxml escapes ``<``, ``&`` and ``>`` itself, and ``]]>`` or ``&amp;name;`` are then plain characters; what it refuses
is a character XML 1.0 forbids (the C0 controls but tab, line feed and carriage return, the surrogates, U+FFFE and
U+FFFF). Content cannot hold them (``innopub check`` refuses control characters in fields), but a body may: they are
dropped here, so that a document is always well-formed.
"""

from __future__ import annotations

import re

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """``value`` as text XML 1.0 allows: forbidden characters removed."""
    return _FORBIDDEN.sub("", str(value))
