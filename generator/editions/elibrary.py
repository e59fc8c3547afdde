"""The eLIBRARY (РИНЦ) XML of a collection or a bulletin issue: what a publisher uploads through Articulus.

Made only when the settings give the site's eLIBRARY title id (``publication.elibrary_titleid``), beside the
edition's PDF: ``collections/<id>/elibrary.xml``, ``bulletin/<id>/elibrary.xml``. The format is eLIBRARY's
«journal» XML (``journal/titleid``, ``issue``, ``articles/article``); the schema the tests hold it to,
``tests/fixtures/schemas/elibrary/journal.xsd``, is written from its documentation and names its source.

* the issue: a bulletin issue's number in the year and overall number (``number``, ``altNumber``); a collection's
  number is its place among the year's collections by date (``1`` for the year's first), its year (``dateUni``),
  the PDF's pages (``1-N``), its title;
* each item: its pages in the edition's PDF, its type (``RAR`` — a collection's article, ``REP`` — a report,
  ``CNF`` — an event, ``MIS`` — anything else), its authors with surname and initials in Russian (``RUS``)
  and, where ``name_en`` is given, in English (``ENG``): organization, position, e-mail, ORCID; titles,
  abstracts, keywords, the collection's УДК, references, the DOI where one is made, the PDF's address.

An author's e-mail is published here only (РИНЦ asks for it); the site's pages never show it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from lxml import etree

from generator.common.xmltext import xml_text
from generator.editions.doi import doi_of

if TYPE_CHECKING:
    from generator.editions.typeset import Output
    from generator.kinds.schema import PersonData
    from generator.model.content import ContentModel, Credit, Entry
    from generator.settings.options import Publication

ART_TYPES = {"articles": "RAR", "reports": "REP", "events": "CNF"}
"""eLIBRARY's article types (``typeArticleType``) by kind; any other kind is ``MIS`` (разное)."""
FILE_NAME = "elibrary.xml"


def _sub(parent: etree._Element, tag: str, text: object = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def split_name(full: str) -> tuple[str, str]:
    """``Иванова Елена Андреевна`` → (``Иванова``, ``Е.А.``); ``Ivanova Elena A.`` → (``Ivanova``, ``E.A.``); one word → (it, "")."""
    parts = full.split()
    if not parts:
        return "", ""
    return parts[0], "".join(f"{p[0]}." for p in parts[1:] if p.strip("."))


_TAG = re.compile(r"<[^>\n]*>")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_LINE_MARK = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)", re.M)
_EMPHASIS = re.compile(r"(\*\*|\*|`)(?=\S)(.+?)(?<=\S)\1")
_ATTRIBUTES = re.compile(r"[ \t]*\{:?[ \t]*[#.][^}\n]*\}")


def plain_text(body: str) -> str:
    """An entry's body as the unformatted text eLIBRARY asks for: Markdown's marks (headings, lists, quotes, emphasis,
    links' addresses, attribute lists) and tags (an editor's HTML too) dropped, entities read, what XML 1.0 forbids
    removed; paragraphs kept apart by a blank line. Regular expressions, not a Markdown parser: a body's text is all
    eLIBRARY keeps, and Python-Markdown took 1.5 s a build at 1,000 entries."""
    text = _TAG.sub("", xml_text(body))
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _LINE_MARK.sub("", text)
    text = _ATTRIBUTES.sub("", _EMPHASIS.sub(r"\2", text))
    lines = [" ".join(line.split()) for line in xml_text(html.unescape(text)).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def page_range(pages: tuple[int, int] | None) -> str:
    if not pages:
        return "1"
    first, last = pages
    return str(first) if first == last else f"{first}-{last}"


def issue_number(entry: Entry, model: ContentModel) -> tuple[str, str | None]:
    """(number, overall number) of an issue: a bulletin issue's own; a collection's place in its year."""
    if entry.kind.folder == "bulletin":
        return str(entry.meta.number), str(entry.meta.total)
    year = entry.meta.date.year
    same_year = sorted((c for c in model.entries.get("collections", []) if c.meta.date.year == year), key=lambda c: (c.meta.date, c.id))
    return str(next(i for i, c in enumerate(same_year, 1) if c is entry)), None


def _people(entry: Entry) -> list[tuple[Credit, PersonData]]:
    """The authors' credits with what was written of each (``name_en``, ``email``, ``orcid`` live there only)."""
    credits = entry.credits.get("authors", [])
    written = getattr(entry.meta, "authors", None) or []
    return list(zip(credits, written, strict=False))


def _author(parent: etree._Element, number: int, credit: Credit, data: PersonData) -> None:
    author = _sub(parent, "author", num=str(number))
    organization = credit.organization.title if credit.organization is not None else credit.organization_text
    names = [("RUS", credit.person.name)] + ([("ENG", data.name_en)] if data.name_en else [])
    for lang, name in names:
        info = _sub(author, "individInfo", lang=lang)
        surname, initials = split_name(name)
        _sub(info, "surname", surname or name)
        if initials:
            _sub(info, "initials", initials)
        if credit.position and lang == "RUS":
            _sub(info, "otherInfo", credit.position)
        if organization and lang == "RUS":
            _sub(info, "orgName", organization)
        if data.email:
            _sub(info, "email", data.email)
    if data.orcid:
        codes = _sub(author, "authorCodes")
        _sub(codes, "orcid", data.orcid)


def _article(parent: etree._Element, item: Entry, holder: Entry, out: Output, publication: Publication, site_url: str) -> None:
    meta = item.meta
    article = _sub(parent, "article")
    _sub(article, "pages", page_range(out.pages.get(f"{item.kind.folder}/{item.id}")))
    _sub(article, "artType", ART_TYPES.get(item.kind.folder, "MIS"))
    _sub(article, "langPubl", "RUS")
    people = _people(item)
    if people:
        authors = _sub(article, "authors")
        for number, (credit, data) in enumerate(people, 1):
            _author(authors, number, credit, data)
    titles = _sub(article, "artTitles")
    _sub(titles, "artTitle", item.title, lang="RUS")
    abstract, abstract_en = getattr(meta, "abstract", None) or item.summary, getattr(meta, "abstract_en", None)
    if abstract or abstract_en:
        abstracts = _sub(article, "abstracts")
        if abstract:
            _sub(abstracts, "abstract", abstract, lang="RUS")
        if abstract_en:
            _sub(abstracts, "abstract", abstract_en, lang="ENG")
    _sub(article, "text", plain_text(item.body) or item.title, lang="RUS")  # required, never empty
    doi = doi_of(item, publication.doi_prefix, site_url)
    udk = holder.meta.udk if holder.kind.folder == "collections" else None
    if doi or udk:
        codes = _sub(article, "codes")
        if doi:
            _sub(codes, "doi", doi)
        if udk:
            _sub(codes, "udk", udk)
    keywords, keywords_en = getattr(meta, "keywords", None) or meta.tags, getattr(meta, "keywords_en", None) or []
    if keywords or keywords_en:
        groups = _sub(article, "keywords")
        for lang, words in (("RUS", keywords), ("ENG", keywords_en)):
            if words:
                group = _sub(groups, "kwdGroup", lang=lang)
                for word in words:
                    _sub(group, "keyword", word)
    references = getattr(meta, "references", None) or []
    if references:
        refs = _sub(article, "references")
        for text in references:
            info = _sub(_sub(refs, "reference"), "refInfo", lang="ANY")
            _sub(info, "text", text)
    files = _sub(article, "files")
    _sub(files, "furl", urljoin(site_url, out.pdf_url), desc="fullText", lang="RUS")
    if item.date is not None:
        dates = _sub(article, "dates")
        _sub(dates, "datePublication", item.date.strftime("%d.%m.%Y"))


def elibrary_xml(entry: Entry, out: Output, model: ContentModel, publication: Publication, site_name: str, site_url: str) -> bytes:
    """The XML of the collection or bulletin issue ``entry`` whose edition is ``out``; UTF-8, no DOCTYPE."""
    assert publication.elibrary_titleid is not None
    base = site_url if site_url.endswith("/") else site_url + "/"
    journal = etree.Element("journal")
    _sub(journal, "titleid", publication.elibrary_titleid)
    if publication.issn and entry.kind.folder == "bulletin":
        _sub(journal, "issn", publication.issn)
    _sub(_sub(journal, "journalInfo", lang="RUS"), "title", site_name)
    issue = _sub(journal, "issue")
    number, total = issue_number(entry, model)
    _sub(issue, "number", number)
    if total is not None:
        _sub(issue, "altNumber", total)
    day: dt.date = entry.meta.date
    _sub(issue, "dateUni", day.year)
    _sub(issue, "pages", f"1-{max(out.pdf_pages, 1)}")
    _sub(issue, "issTitle", entry.title, lang="RUS")
    doi = doi_of(entry, publication.doi_prefix, site_url)
    if doi:
        _sub(_sub(issue, "codes"), "doi", doi)
    articles = _sub(issue, "articles")
    for section in entry.kind.contents(entry):
        if section.title and section.entries:
            _sub(_sub(articles, "section"), "secTitle", section.title, lang="RUS")
        for item in section.entries:
            _article(articles, item, entry, out, publication, base)
    return etree.tostring(journal, xml_declaration=True, encoding="UTF-8", pretty_print=True)
