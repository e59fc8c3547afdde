"""«Скачать ссылку»: a reference as a BibTeX (``.bib``) and an RIS (``.ris``) file for reference managers.

One file of each per cited entry (an article, a practice, a report), per collection and per bulletin issue, at
``<entry url><id>.bib`` and ``<id>.ris`` beside the page (a collection's ``.pdf`` lies there too). The fields are
those of «Как цитировать» (:mod:`generator.editions.cite`), the pages quoted from the PDF edition.

Everything in them comes from the content, which is untrusted, so each value is escaped for its format:

* BibTeX: every value in braces, the characters TeX treats specially (``\\ { } % & $ # _ ~ ^``) escaped, so a
  title with ``}`` or ``@comment{`` stays inside its field; ``and`` inside a name is braced (it would split the
  name into two authors); Cyrillic as UTF-8; line breaks as spaces. Keys are ASCII: ``innopub-<kind>-<id>``.
* RIS: one ``TAG  - value`` line per field; every line break a parser knows (``\\r``, ``\\n``, ``\\v``, ``\\f``,
  U+001C–001E, U+0085, U+2028, U+2029) and every other control character becomes a space, so a title with a
  newline and ``ER  -`` cannot end the record or start a field. UTF-8, ``\\r\\n`` line ends as the format asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin

from generator.editions.cite import Citer
from generator.model.content import ContentModel, Entry


@dataclass(frozen=True)
class Reference:
    """One reference, format-neutral: the entry type, then the fields in the order they are written."""

    key: str
    kind: str
    """``chapter`` (an item of a collection), ``web`` (a page of the site), ``book`` (a collection), ``issue``."""
    title: str
    url: str
    year: int
    date: str = ""
    """ISO date of publication."""
    authors: list[str] = field(default_factory=list)
    """Full names, «Фамилия Имя Отчество», in order."""
    editors: list[str] = field(default_factory=list)
    container: str = ""
    """The collection's title (an item of it) or the periodical's (a bulletin issue)."""
    publisher: str = ""
    city: str = ""
    pages: tuple[int, int] | None = None
    isbn: str = ""
    issn: str = ""
    number: str = ""
    keywords: list[str] = field(default_factory=list)
    abstract: str = ""
    doi: str = ""
    """The DOI by the site's rule (:mod:`generator.editions.doi`), where the settings give a prefix."""


def bib_url(entry: Entry) -> str:
    return f"{entry.url}{entry.id}.bib"


def ris_url(entry: Entry) -> str:
    return f"{entry.url}{entry.id}.ris"


def reference_of(entry: Entry, citer: Citer, issn: str | None = None) -> Reference | None:
    """The reference of a cited entry, a collection or a bulletin issue (with its DOI where the citer's settings give
    a prefix); ``None`` for other entries."""
    ref = _reference(entry, citer, issn)
    doi = citer.doi(entry)
    return replace(ref, doi=doi) if ref is not None and doi else ref


def _reference(entry: Entry, citer: Citer, issn: str | None) -> Reference | None:
    url = urljoin(citer.base, entry.url)
    key = f"innopub-{entry.kind.folder}-{entry.id}"
    if entry.kind.cited:
        authors = [c.person.name for c in entry.credits.get("authors", [])]
        keywords = list(getattr(entry.meta, "keywords", None) or entry.meta.tags)
        abstract = getattr(entry.meta, "abstract", None) or entry.meta.summary or ""
        common = {"authors": authors, "keywords": keywords, "abstract": abstract, "date": entry.date.isoformat()}
        host = citer.host(entry)
        if host.site:
            return Reference(key, "web", entry.title, url, entry.date.year, container=citer.site_name, publisher=citer.site_name, **common)
        collection = entry.ref("collection")
        return Reference(
            key, "chapter", entry.title, url, host.year or entry.date.year, editors=host.editors, container=host.title,
            publisher=host.publisher or citer.site_name, city=host.city, pages=host.pages, isbn=collection.meta.isbn or "", **common,
        )  # fmt: skip
    if entry.kind.folder == "collections":
        meta = entry.meta
        editors = [c.person.name for c in entry.credits.get("editors", [])]
        return Reference(
            key, "book", entry.title, url, meta.date.year, meta.date.isoformat(), editors=editors,
            publisher=meta.publisher or citer.site_name, city=meta.city or "", isbn=meta.isbn or "",
        )  # fmt: skip
    if entry.kind.contents_field == "items":  # a bulletin issue
        meta = entry.meta
        return Reference(
            key, "issue", entry.title, url, meta.date.year, meta.date.isoformat(), container=f"Вестник — {citer.site_name}",
            publisher=citer.site_name, issn=issn or "", number=str(meta.number),
        )  # fmt: skip
    return None


# BibTeX

_TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_"}
_TEX |= {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_TEX_SPECIAL = re.compile(r"[\\{}%&$#_~^]")
_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")
"""Line breaks and every other control character: a space in both formats."""


def _flat(text: str) -> str:
    return " ".join(_BREAKS.sub(" ", text).split())


def tex(text: str) -> str:
    """A value for ``{…}``: one line, TeX's special characters escaped (Cyrillic as it is, in UTF-8)."""
    return _TEX_SPECIAL.sub(lambda m: _TEX[m.group()], _flat(text))


def _bib_name(full: str) -> str:
    """«Иванова Елена Андреевна» → «Иванова, Елена Андреевна»; an «and» inside a name braced (not a separator)."""
    parts = _flat(full).split()
    name = f"{parts[0]}, {' '.join(parts[1:])}" if len(parts) > 1 else " ".join(parts)
    return re.sub(r"(?i)\band\b", lambda m: "{" + m.group() + "}", tex(name))


_BIB_TYPE = {"chapter": "incollection", "web": "online", "book": "book", "issue": "book"}


def bibtex(ref: Reference) -> str:
    fields: list[tuple[str, str]] = []
    if ref.authors:
        fields.append(("author", " and ".join(map(_bib_name, ref.authors))))
    fields.append(("title", tex(ref.title)))
    if ref.kind == "chapter":
        fields.append(("booktitle", tex(ref.container)))
    elif ref.kind == "issue":
        fields += [("series", tex(ref.container)), ("number", tex(ref.number))]
    elif ref.kind == "web":
        fields.append(("organization", tex(ref.container)))
    if ref.editors:
        fields.append(("editor", " and ".join(map(_bib_name, ref.editors))))
    if ref.publisher and ref.kind != "web":
        fields.append(("publisher", tex(ref.publisher)))
    if ref.city:
        fields.append(("address", tex(ref.city)))
    fields.append(("year", str(ref.year)))
    if ref.date:
        fields.append(("date", ref.date))
    if ref.pages:
        first, last = ref.pages
        fields.append(("pages", str(first) if first == last else f"{first}--{last}"))
    if ref.isbn:
        fields.append(("isbn", tex(ref.isbn)))
    if ref.issn:
        fields.append(("issn", tex(ref.issn)))
    if ref.doi:
        fields.append(("doi", tex(ref.doi)))
    fields.append(("url", tex(ref.url)))
    if ref.keywords:
        fields.append(("keywords", tex(", ".join(ref.keywords))))
    if ref.abstract:
        fields.append(("abstract", tex(ref.abstract)))
    fields.append(("language", "russian"))
    fields.append(("langid", "russian"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{_BIB_TYPE[ref.kind]}{{{ref.key},\n{body}\n}}\n"


# RIS

_RIS_TYPE = {"chapter": "CHAP", "web": "ELEC", "book": "BOOK", "issue": "JFULL"}


def _ris_name(full: str) -> str:
    parts = _flat(full).split()
    return f"{parts[0]}, {' '.join(parts[1:])}" if len(parts) > 1 else " ".join(parts)


def ris(ref: Reference) -> str:
    lines: list[tuple[str, str]] = [("TY", _RIS_TYPE[ref.kind])]
    lines += [("AU", _ris_name(a)) for a in ref.authors]
    lines.append(("TI", ref.title))
    if ref.container:
        lines.append(("T2", ref.container))
    lines += [("A2", _ris_name(e)) for e in ref.editors]
    if ref.publisher:
        lines.append(("PB", ref.publisher))
    if ref.city:
        lines.append(("CY", ref.city))
    lines.append(("PY", str(ref.year)))
    if ref.date:
        lines.append(("DA", ref.date.replace("-", "/")))
    if ref.number:
        lines.append(("IS", ref.number))
    if ref.pages:
        lines += [("SP", str(ref.pages[0])), ("EP", str(ref.pages[1]))]
    for number in (ref.isbn, ref.issn):
        if number:
            lines.append(("SN", number))
    if ref.doi:
        lines.append(("DO", ref.doi))
    lines.append(("UR", ref.url))
    lines += [("KW", k) for k in ref.keywords]
    if ref.abstract:
        lines.append(("AB", ref.abstract))
    lines.append(("LA", "ru"))
    text = "".join(f"{tag}  - {_flat(value)}\r\n" for tag, value in lines)
    return text + "ER  - \r\n"


def site_files(model: ContentModel, citer: Citer, issn: str | None) -> tuple[list[tuple[str, bytes]], dict[str, tuple[str, str]]]:
    """The ``.bib`` and ``.ris`` files of every entry that has a reference, and ``url`` → (bib url, ris url)."""
    files: list[tuple[str, bytes]] = []
    links: dict[str, tuple[str, str]] = {}
    for entry in model.all():
        ref = reference_of(entry, citer, issn)
        if ref is None:
            continue
        files += [(bib_url(entry), bibtex(ref).encode("utf-8")), (ris_url(entry), ris(ref).encode("utf-8"))]
        links[entry.url] = (bib_url(entry), ris_url(entry))
    return files, links
