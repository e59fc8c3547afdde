"""A static OAI-PMH repository of the site: ``oai.xml``, one file a gateway or a regional portal harvests.

The format is the OAI Static Repository (OAI-PMH 2.0 Implementation Guidelines, «Specification for an OAI Static
Repository and an OAI Static Repository Gateway»): ``<Repository>`` with ``Identify``, ``ListMetadataFormats`` and
one ``ListRecords`` of ``oai_dc`` records — the site's published articles, practices, reports and collections, each
with its Dublin Core: title, creators, subjects (keywords, tags, directions), description, date (YYYY-MM-DD),
type, identifier (the page's address, and its DOI where one is made), language ``rus``, publisher.

* the record's identifier is ``oai:<host of site_url>:<kind>/<id>`` and its datestamp the entry's date;
  no clock is read, so the same content gives the same file;
* ``baseURL`` is the file's own address: a gateway that intermediates for the site names its own;
* the format allows at most :data:`MAX_RECORDS` records (no resumption tokens in a static file): the newest ones
  are kept, and :func:`oai_repository` says how many were left out, which the build and ``innopub check`` print.

Made only when the site has an address (``site_url``) and an e-mail to name as the repository's administrator
(``footer.email``, else ``opendata.email``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from lxml import etree

from generator.common.russian import count_of
from generator.common.xmltext import xml_text
from generator.editions.doi import doi_of, doi_url
from generator.kinds.schema import FIRST_DATE

if TYPE_CHECKING:
    from generator.model.content import ContentModel, Entry
    from generator.settings.options import Settings

OAI_PATH = "oai.xml"
MAX_RECORDS = 5000
"""The static repository's limit: the specification keeps a static repository to at most 5,000 records."""
KINDS = ("articles", "practices", "reports", "collections")
SR = "http://www.openarchives.org/OAI/2.0/static-repository"
OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
DC_TYPES = {"articles": "Text", "practices": "Text", "reports": "Text", "collections": "Text"}
KIND_TYPES = {
    "articles": "статья сборника",
    "practices": "описание практики",
    "reports": "отчёт инновационной площадки",
    "collections": "электронный сборник",
}


@dataclass(frozen=True)
class Repository:
    data: bytes
    records: int
    left_out: int


def admin_email(settings: Settings) -> str | None:
    email = settings.footer.email or (settings.opendata.email if settings.opendata else None)
    return email.strip() if email else None


def _sub(parent: etree._Element, ns: str, tag: str, text: object = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", attrs)
    if text is not None:
        element.text = xml_text(text)
    return element


def records_of(model: ContentModel) -> list[Entry]:
    """The entries the repository lists, newest first (then by kind and id): the first :data:`MAX_RECORDS` are kept."""
    entries = [e for folder in KINDS for e in model.entries.get(folder, []) if e.date is not None]
    entries.sort(key=lambda e: (e.kind.folder, e.id))
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries


def _record(parent: etree._Element, entry: Entry, host: str, base: str, settings: Settings, site_url: str, publisher: str) -> None:
    record = _sub(parent, OAI, "record")
    header = _sub(record, OAI, "header")
    _sub(header, OAI, "identifier", f"oai:{host}:{entry.kind.folder}/{entry.id}")
    _sub(header, OAI, "datestamp", entry.date.isoformat())
    dc = _sub(_sub(record, OAI, "metadata"), OAI_DC, "dc")
    dc.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
    _sub(dc, DC, "title", entry.title)
    people = entry.credits.get("authors") or entry.credits.get("editors") or []
    for credit in people:
        _sub(dc, DC, "creator", credit.person.name)
    meta = entry.meta
    subjects = [*(getattr(meta, "keywords", None) or []), *meta.tags, *(getattr(meta, "directions", None) or [])]
    for subject in dict.fromkeys(subjects):
        _sub(dc, DC, "subject", subject)
    description = getattr(meta, "abstract", None) or entry.summary
    if description:
        _sub(dc, DC, "description", description)
    _sub(dc, DC, "publisher", getattr(meta, "publisher", None) or publisher)
    _sub(dc, DC, "date", entry.date.isoformat())
    _sub(dc, DC, "type", DC_TYPES[entry.kind.folder])
    _sub(dc, DC, "type", KIND_TYPES[entry.kind.folder])
    _sub(dc, DC, "identifier", urljoin(base, entry.url))
    doi = doi_of(entry, settings.publication.doi_prefix, site_url)
    if doi:
        _sub(dc, DC, "identifier", doi_url(doi))
    _sub(dc, DC, "language", "rus")


def oai_repository(model: ContentModel, settings: Settings, site_name: str, site_url: str | None, limit: int = MAX_RECORDS) -> Repository | None:
    """The static repository of ``model``; ``None`` without the site's address or an administrator's e-mail."""
    email = admin_email(settings)
    if not site_url or not email:
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    host = (urlsplit(base).hostname or "localhost").lower()
    entries = records_of(model)
    kept, left_out = entries[:limit], max(len(entries) - limit, 0)
    publisher = settings.footer.publisher or site_name

    root = etree.Element(f"{{{SR}}}Repository", nsmap={None: SR, "oai": OAI, "oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{SR} http://www.openarchives.org/OAI/2.0/static-repository.xsd")
    identify = _sub(root, SR, "Identify")
    _sub(identify, OAI, "repositoryName", site_name)
    _sub(identify, OAI, "baseURL", urljoin(base, OAI_PATH))
    _sub(identify, OAI, "protocolVersion", "2.0")
    _sub(identify, OAI, "adminEmail", email)
    earliest = min((e.date for e in kept), default=FIRST_DATE)  # no record yet: the earliest date innopub takes, not the clock
    _sub(identify, OAI, "earliestDatestamp", earliest.isoformat())
    _sub(identify, OAI, "deletedRecord", "no")
    _sub(identify, OAI, "granularity", "YYYY-MM-DD")
    formats = _sub(root, SR, "ListMetadataFormats")
    dc_format = _sub(formats, OAI, "metadataFormat")
    _sub(dc_format, OAI, "metadataPrefix", "oai_dc")
    _sub(dc_format, OAI, "schema", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
    _sub(dc_format, OAI, "metadataNamespace", OAI_DC)
    records = _sub(root, SR, "ListRecords", metadataPrefix="oai_dc")
    for entry in kept:
        _record(records, entry, host, base, settings, site_url, publisher)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return Repository(data, len(kept), left_out)


def left_out(model: ContentModel, settings: Settings, site_url: str | None) -> int:
    """How many records the repository leaves out (0 when it holds them all or is not made): for ``innopub check``."""
    if not site_url or not admin_email(settings):
        return 0
    return max(len(records_of(model)) - MAX_RECORDS, 0)


def left_out_warning(count: int) -> str:
    """The build's and the check's warning about the records past the limit, in Russian."""
    return (
        f"{OAI_PATH}: в статический репозиторий OAI-PMH вошли {MAX_RECORDS} самых новых записей, не вошли более старые — "
        f"{count_of(count, 'запись', 'записи', 'записей')} (формат допускает не больше {MAX_RECORDS} записей; страницы записей на сайте остаются)"
    )
