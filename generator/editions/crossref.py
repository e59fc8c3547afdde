"""The Crossref deposit of a conference collection: ``collections/<id>/crossref.xml`` (schema 5.3.1).

Made only for a ``kind: conference`` collection, when the settings give a DOI prefix (``publication.doi_prefix``)
and the site its address, and an e-mail for the depositor (``footer.email``, else ``opendata.email``): the editor
uploads it at Crossref (the web deposit form, «Upload XML»). ``conference`` holds the collection's editors, the
event (``event_metadata``: its name, place and dates), the proceedings (title, publisher, date, ISBN or
``noisbn``, the collection's DOI) and each article (``conference_paper``: authors with their organizations and
ORCID, title, abstract, date, pages in the PDF, DOI and page address, references).

The batch id and the timestamp come from the content, never the clock, so the same content gives the same file:
``<collection id>-<YYYYMMDD>`` and ``YYYYMMDD000000`` of the newest date among the collection and its articles.
Crossref takes a re-deposit only with a larger timestamp than the last one: a corrected deposit of an unchanged
collection is made by the web form (README, «Crossref»). DOIs follow :mod:`generator.editions.doi`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from lxml import etree

from generator.common.xmltext import xml_text
from generator.editions.doi import doi_of

if TYPE_CHECKING:
    from generator.editions.typeset import Output
    from generator.model.content import Credit, Entry
    from generator.settings.options import Settings

VERSION = "5.3.1"
NS = f"http://www.crossref.org/schema/{VERSION}"
JATS = "http://www.ncbi.nlm.nih.gov/JATS1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
FILE_NAME = "crossref.xml"
_ISBN = re.compile(r"^(97(8|9)-)?\d[\d \-]+[\dX]$")
"""Crossref's ``isbn_t`` (10 to 17 characters); another ISBN is deposited as ``noisbn``."""


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: object = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag if tag.startswith("{") else _q(tag), attrs)
    if text is not None:
        element.text = xml_text(text)
    return element


def _cut(text: str, limit: int) -> str:
    text = " ".join(xml_text(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _name_part(text: str) -> str:
    """A given name or surname as Crossref takes it: no «?», no digits, at most 60 characters."""
    cleaned = " ".join(re.sub(r"[\d?]", "", xml_text(text)).split())
    return _cut(cleaned, 60) or "—"


NO_EMAIL = (
    "депозит Crossref (crossref.xml) не готовится: в настройках нет адреса электронной почты, который Crossref назовёт "
    "адресом депонента (ожидается footer.email или opendata.email в mkdocs.yml)"
)


def depositor_email(settings: Settings) -> str | None:
    email = settings.footer.email or (settings.opendata.email if settings.opendata else None)
    return email.strip() if email and len(email.strip()) >= 6 else None


def _date(parent: etree._Element, tag: str, day, media: str = "online") -> None:
    date = _sub(parent, tag, media_type=media)
    _sub(date, "month", f"{day.month:02d}")
    _sub(date, "day", f"{day.day:02d}")
    _sub(date, "year", str(day.year))


def _person(parent: etree._Element, credit: Credit, first: bool, role: str, orcid: str | None) -> None:
    parts = credit.person.name.split()
    person = _sub(parent, "person_name", sequence="first" if first else "additional", contributor_role=role)
    if len(parts) > 1:
        _sub(person, "given_name", _name_part(" ".join(parts[1:])))
    _sub(person, "surname", _name_part(parts[0] if parts else credit.person.name))
    organization = credit.organization.title if credit.organization is not None else credit.organization_text
    if organization:
        _sub(_sub(_sub(person, "affiliations"), "institution"), "institution_name", _cut(organization, 1024))
    if orcid:
        _sub(person, "ORCID", f"https://orcid.org/{orcid}")


def _contributors(parent: etree._Element, entry: Entry, field: str, role: str) -> None:
    credits = entry.credits.get(field, [])
    if not credits:
        return
    written = getattr(entry.meta, field, None) or []
    orcids = [getattr(data, "orcid", None) for data in written] + [None] * len(credits)
    contributors = _sub(parent, "contributors")
    for index, credit in enumerate(credits):
        _person(contributors, credit, index == 0, role, orcids[index])


def crossref_xml(collection: Entry, out: Output, settings: Settings, site_name: str, site_url: str) -> bytes | None:
    """The deposit of ``collection`` (its edition ``out``), or ``None`` when it gets none (not a conference, no prefix,
    no address, no depositor's e-mail)."""
    prefix = settings.publication.doi_prefix
    email = depositor_email(settings)
    if collection.meta.kind != "conference" or not prefix or not site_url or email is None:
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    meta = collection.meta
    articles = [a for section in collection.kind.contents(collection) for a in section.entries]
    newest = max([meta.date, *(a.date for a in articles if a.date is not None)])
    publisher = meta.publisher or settings.footer.publisher or site_name

    root = etree.Element(_q("doi_batch"), nsmap={None: NS, "jats": JATS, "xsi": XSI}, version=VERSION)
    root.set(f"{{{XSI}}}schemaLocation", f"{NS} https://www.crossref.org/schemas/crossref{VERSION}.xsd")
    head = _sub(root, "head")
    _sub(head, "doi_batch_id", f"{collection.id}-{newest:%Y%m%d}"[-100:])
    _sub(head, "timestamp", f"{newest:%Y%m%d}000000")
    depositor = _sub(head, "depositor")
    _sub(depositor, "depositor_name", _cut(settings.footer.publisher or site_name, 130))
    _sub(depositor, "email_address", _cut(email, 200))
    _sub(head, "registrant", _cut(publisher, 255))

    conference = _sub(_sub(root, "body"), "conference")
    _contributors(conference, collection, "editors", "editor")
    event = collection.ref("event")
    event_meta = _sub(conference, "event_metadata")
    name = _cut(event.title if event is not None else meta.title, 512)
    _sub(event_meta, "conference_name", name if len(name) >= 3 else f"«{name}»")
    if event is not None:
        place = _cut(event.meta.place, 255)
        if len(place) >= 2:
            _sub(event_meta, "conference_location", place)
        end = event.meta.end or event.meta.date
        start = event.meta.date
        _sub(
            event_meta, "conference_date", None,
            start_day=f"{start.day:02d}", start_month=f"{start.month:02d}", start_year=str(start.year),
            end_day=f"{end.day:02d}", end_month=f"{end.month:02d}", end_year=str(end.year),
        )  # fmt: skip

    proceedings = _sub(conference, "proceedings_metadata", language="ru")
    _sub(proceedings, "proceedings_title", _cut(meta.title, 511))
    publisher_element = _sub(proceedings, "publisher")
    _sub(publisher_element, "publisher_name", _cut(publisher, 255))
    if meta.city and len(meta.city.strip()) >= 2:
        _sub(publisher_element, "publisher_place", _cut(meta.city, 255))
    _date(proceedings, "publication_date", meta.date)
    isbn = (meta.isbn or "").strip()
    if _ISBN.match(isbn) and 10 <= len(isbn) <= 17:
        _sub(proceedings, "isbn", isbn, media_type="electronic")
    else:
        _sub(proceedings, "noisbn", reason="simple_series")
    doi_data = _sub(proceedings, "doi_data")
    _sub(doi_data, "doi", doi_of(collection, prefix, site_url))
    _sub(doi_data, "resource", urljoin(base, collection.url))

    for article in articles:
        _paper(conference, article, out, prefix, site_url, base)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _paper(conference: etree._Element, article: Entry, out: Output, prefix: str, site_url: str, base: str) -> None:
    paper = _sub(conference, "conference_paper", publication_type="full_text", language="ru")
    _contributors(paper, article, "authors", "author")
    _sub(_sub(paper, "titles"), "title", article.title)
    abstract = getattr(article.meta, "abstract", None) or article.summary
    if abstract:
        _sub(_sub(paper, f"{{{JATS}}}abstract"), f"{{{JATS}}}p", abstract)
    if article.date is not None:
        _date(paper, "publication_date", article.date)
    pages = out.pages.get(f"{article.kind.folder}/{article.id}")
    if pages and pages[0] > 0:
        page_element = _sub(paper, "pages")
        _sub(page_element, "first_page", str(pages[0]))
        if pages[1] != pages[0]:
            _sub(page_element, "last_page", str(pages[1]))
    doi_data = _sub(paper, "doi_data")
    _sub(doi_data, "doi", doi_of(article, prefix, site_url))
    _sub(doi_data, "resource", urljoin(base, article.url))
    references = getattr(article.meta, "references", None) or []
    if references:
        citations = _sub(paper, "citation_list")
        for number, text in enumerate(references, 1):
            _sub(_sub(citations, "citation", key=f"ref{number}"), "unstructured_citation", text)
