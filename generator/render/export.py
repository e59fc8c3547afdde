"""Stage 4 (render): the municipal export, a machine-readable copy of what the site has published.

A regional innopub site harvests it (``innopub harvest``, :mod:`generator.harvest`). Format 1, agreed in
README «Выгрузка для региона» and kept as a JSON Schema beside this module (``innopub-export.schema.json``,
published at ``export/innopub-export.schema.json``):

- ``export/innopub.json``, the manifest: the format and its version, the site's name, address and municipality,
  the site's «today» and the entries file's size and SHA-256 (a harvester refuses a truncated copy);
- ``export/entries.json``: every published entry (never a draft), sorted by kind (in the site's order) and id, with
  its address, title, date, summary, body as plain text (at most :data:`TEXT_LIMIT` characters) and its front matter
  as the kind's schema read it (``draft`` and ``aliases`` left out; attachments and products' files as absolute
  addresses on this site).

The bytes depend on the content and the settings only (keys sorted, no clock but the site's «today»): the same content
gives the same files. Made from the model alone: nothing here knows an engine or the network. Without ``site_url``
there is no export (its addresses would be relative, and a harvester finds a site by its address).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin

from generator.common import atomic
from generator.common.cachefolder import cache_folder
from generator.common.russian import fold
from generator.kinds import KINDS
from generator.model.content import ContentModel, Entry
from generator.read.reader import ATTACHMENTS_DIR
from generator.render.outputs import SiteFile

if TYPE_CHECKING:
    from generator.settings.config import SiteConfig

FORMAT, ENTRIES_FORMAT, VERSION = "innopub-export", "innopub-export-entries", 1
EXPORT_DIR = "export"
MANIFEST, ENTRIES, SCHEMA = "innopub.json", "entries.json", "innopub-export.schema.json"
SCHEMA_FILE = Path(__file__).with_name(SCHEMA)
"""The JSON Schema (draft 2020-12) of both files, kept in the repository and published beside them."""
TEXT_LIMIT = 20_000
"""Characters of an entry's body kept as its ``text`` (cut at a word, with «…»)."""
ENTRIES_CACHE = "export"
"""Where ``entries.json`` is as the last build wrote it, in the project's cache: ``.cache/innopub/export/`` (the
editions' own files are beside it, and their pruning looks at files, not folders)."""
LEFT_OUT = ("draft", "aliases")
"""Front matter that is the municipal site's own business: a draft is never exported, old addresses redirect there."""


def export_files(model: ContentModel, config: SiteConfig) -> list[SiteFile]:
    """``export/innopub.json``, ``export/entries.json`` and the schema; nothing without the site's address.

    ``entries.json`` is written entry by entry to :data:`ENTRIES_CACHE` in the project's cache (atomically, hashed as
    it goes) and the site takes it from there: at 10,000 entries it is about 190 MB, which the build never holds."""
    if not config.site_url:
        return []
    base = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
    entries = sorted(model.all(), key=lambda e: (_KIND_ORDER[e.kind.folder], e.id))
    digest, size = hashlib.sha256(), 0

    def chunks() -> Iterator[bytes]:
        nonlocal size
        for n, entry in enumerate(entries):
            chunk = (b'{"entries":[' if n == 0 else b",") + dump(entry_record(entry, base), indent=None)[:-1]
            digest.update(chunk)
            size += len(chunk)
            yield chunk
        tail = (b"" if entries else b'{"entries":[') + f'],"format":"{ENTRIES_FORMAT}","version":{VERSION}}}\n'.encode()
        digest.update(tail)
        size += len(tail)
        yield tail

    target = cache_folder(config.root, ENTRIES_CACHE) / ENTRIES
    atomic.write_chunks(target, chunks())
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "site": {"name": config.site_name, "url": base, "municipality": municipality(model)},
        "built": config.settings.reference_date().isoformat(),
        "entries": {"href": ENTRIES, "count": len(entries), "bytes": size, "sha256": digest.hexdigest()},
    }
    return [
        SiteFile(f"{EXPORT_DIR}/{ENTRIES}", source=target),
        SiteFile(f"{EXPORT_DIR}/{SCHEMA}", source=SCHEMA_FILE),
        SiteFile(f"{EXPORT_DIR}/{MANIFEST}", dump(manifest, indent=2)),
    ]


_KIND_ORDER = {folder: n for n, folder in enumerate(KINDS)}


def dump(value: Any, indent: int | None) -> bytes:
    """JSON with sorted keys, UTF-8 as it is (Cyrillic unescaped), a line break at the end: the same value, the same bytes."""
    separators = (",", ": ") if indent else (",", ":")
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=indent, separators=separators) + "\n").encode("utf-8")


def municipality(model: ContentModel) -> str | None:
    """The most frequent ``municipality`` of the site's organizations (a tie: the first alphabetically), else None."""
    counts = Counter(entry.meta.municipality for entry in model.entries.get("organizations", []))
    if not counts:
        return None
    return min(counts, key=lambda name: (-counts[name], fold(name), name))


def entry_record(entry: Entry, base: str) -> dict[str, Any]:
    """One entry of ``entries.json``."""
    return {
        "kind": entry.kind.folder,
        "id": entry.id,
        "url": urljoin(base, quote(entry.url)),
        "title": entry.title,
        "date": entry.date.isoformat() if entry.date else None,
        "summary": entry.summary,
        "text": plain_text(entry.body),
        "meta": entry_meta(entry, base),
    }


def entry_meta(entry: Entry, base: str) -> dict[str, Any]:
    """The front matter as the schema read it, without what :data:`LEFT_OUT` names; files as absolute addresses."""
    meta = entry.meta.model_dump(mode="json", exclude_defaults=True)
    for name in LEFT_OUT:
        meta.pop(name, None)
    for field in ("attachments", "products"):
        for item in meta.get(field, []):
            if isinstance(item, dict) and item.get("file"):
                item["file"] = file_url(base, item["file"])
    _drop_private(meta)
    return meta


PRIVATE = frozenset({"email"})
"""A person's fields the site shows nowhere (an author's e-mail goes only into the РИНЦ file): not exported either."""


def _drop_private(value: Any) -> None:
    if isinstance(value, dict):
        for name in PRIVATE & value.keys():
            del value[name]
        for item in value.values():
            _drop_private(item)
    elif isinstance(value, list):
        for item in value:
            _drop_private(item)


def file_url(base: str, path: str) -> str:
    """The address on the site of ``content/files/<path>``."""
    return urljoin(base, quote(f"{ATTACHMENTS_DIR}/{path.lstrip('/')}"))


_TARGET = r"\((?:[^()\n]|\([^()\n]*\))*\)"
"""A link's address in parentheses, which may hold a pair of its own: ``(javascript:alert(1))``."""
_IMAGE = re.compile(r"!\[([^\]\n]*)\]" + _TARGET)
_LINK = re.compile(r"\[([^\]\n]*)\](?:" + _TARGET + r"|\[[^\]\n]*\])")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_LEAD = re.compile(r"(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)+")
"""What starts a heading, a quote or a list item: the line is a paragraph of its own."""
_ATTRS = re.compile(r"\{:?\s*[#.][^}]*\}")
_UNDERSCORES = re.compile(r"(?<!\w)_+|_+(?!\w)")
_TABLE_RULE = frozenset("|:- \t")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain_text(body: str, limit: int = TEXT_LIMIT) -> str:
    """A body's Markdown as plain text: marks, links' addresses, HTML tags (and what scripts and styles hold) left out,
    paragraphs kept as blank lines; at most ``limit`` characters, cut at a word with «…». Never markup: a reader
    of the export prints it as text. One pass over the lines with string methods (a regex over the whole text for each
    kind of mark cost 3 s at 1,000 synthetic entries); a regex runs only where its mark is."""
    text = body[: limit * 4]  # what the marks take is at most a few times the text: the rest is never read
    if "<" in text:
        text = _TAG.sub(" ", _dropped(text))
    if "](" in text or "][" in text:
        text = _LINK.sub(r"\1", _IMAGE.sub(r"\1", text))
    if "&" in text:
        text = html.unescape(text)
    if _CONTROL.search(text):  # found at C speed; ``str.translate`` would look up every character
        text = _CONTROL.sub(" ", text)
    paragraphs: list[str] = []
    current: list[str] = []
    fenced = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            stripped = ""  # a code block is a paragraph of its own
        first = stripped[:1]
        lead = _LEAD.match(stripped) if first and first in "#>-*+0123456789" and not fenced else None
        table = first == "|"
        rule = bool(first) and first in "|:-" and set(stripped) <= _TABLE_RULE
        if not stripped or lead or table or rule:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            if not stripped or rule:
                continue
        if lead:
            stripped = stripped[lead.end() :]
        current.append(stripped)
        if lead or table:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    text = "\n\n".join(paragraphs).replace("*", "").replace("`", "").replace("|", " ")
    if "_" in text:
        text = _UNDERSCORES.sub("", text)
    if "{" in text:
        text = _ATTRS.sub("", text)
    text = "\n\n".join(" ".join(p.split()) for p in text.split("\n\n"))
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:—-\n") + "…"


_BLOCKS = (("<!--", "-->"), ("<script", "</script"), ("<style", "</style"), ("<iframe", "</iframe"), ("<textarea", "</textarea"))
"""What a browser would not show as text: comments, scripts, styles, frames (an unclosed one runs to the end)."""


def _dropped(text: str) -> str:
    """``text`` without :data:`_BLOCKS`, found with ``str.find`` (a regex's lazy match, tried from every unclosed opening,
    costs the square of the length)."""
    lower = text.lower()
    kept, at = [], 0
    next_at = {start: lower.find(start) for start, _ in _BLOCKS}  # each found again only once passed
    while True:
        for start, _ in _BLOCKS:
            if 0 <= next_at[start] < at:
                next_at[start] = lower.find(start, at)
        found = [(next_at[start], end) for start, end in _BLOCKS if next_at[start] >= 0]
        if not found:
            break
        pos, end = min(found)
        kept.append(text[at:pos])
        close = lower.find(end, pos)
        if close < 0:
            at = len(text)
            break
        stop = lower.find(">", close)
        at = len(text) if stop < 0 else stop + 1
        kept.append(" ")
    kept.append(text[at:])
    return "".join(kept)
