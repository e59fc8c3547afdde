"""Справка о публикации: a one-page PDF per authored item of each published edition, signed by the editor-in-chief.

A certificate is made only when ``publication.editor`` is set in the settings, for every item with authors of a
published collection or bulletin issue (its date on or before the build's reference date), from the edition's
page map (the pages it prints: «С. 12–15»). What it says is a :class:`Record`: the authors with their organization
and position, the title, the edition with its imprint (publisher, city, year, ISBN or ISSN, УДК, ББК), the pages,
the publication date, the page's address, the verification address and the number.

**The number** is ``<year of the edition>-<10 hex digits>``, the digits the start of the SHA-256 of
``<item kind>/<item id>@<edition kind>/<edition id>``: derived from what is certified, never from the build's
order, so it is the same in every build and unaffected by other entries (:func:`number`).

**Kept as issued**: like the edition it certifies (:mod:`generator.editions.kept`), a certificate is stored the
first time it is made, in ``editions/spravki/<number>.pdf`` and ``<number>.json`` (its record), and every later
build serves both as they are — a later change of the editor, a position or a title changes no certificate
already issued; certificates made for the first time take the settings of their build. The record keeps the
SHA-256 of the edition's kept PDF: an edition made anew (``innopub bulletin … --refresh``) gets new certificates.

**The verification page** ``/spravki/<number>/`` shows the record (the same data as the PDF) and links the PDF;
the PDF prints its address, so a commission can check that a certificate is genuine.

:func:`typeset` is a plain function ``(html, css file, theme folder, allowed roots) -> bytes`` (picklable arguments):
it can be handed to a process pool. The signature image is read only from ``content/files/`` (no symbolic link on
the way, a regular PNG or JPEG file) and given to WeasyPrint's local fetcher, which serves nothing else.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import hashlib
import json
import os
import stat
from concurrent.futures import Future
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from generator.editions import pdf
from generator.editions.collect import contents, published_collections
from generator.editions.kept import atomic_write
from generator.editions.pool import Typesetter

if TYPE_CHECKING:
    import jinja2

    from generator.model.content import ContentModel, Entry
    from generator.settings.options import Publication

FOLDER = "spravki"
"""Their folder in ``editions/`` and in the site: ``/spravki/<number>/``."""
CSS = "print/certificate.css"
TEMPLATE = "innopub/print/certificate.html"
MAX_SIGNATURE_BYTES = 2 * 1024 * 1024
DIGITS = 10
PER_JOB = 10
"""Certificates one job of the pool lays out: a worker is replaced after :data:`generator.editions.pool.WORKER_TASKS`
jobs (what WeasyPrint keeps grows), and a fresh worker costs a second of imports, so certificates, which take a
tenth of a second each, go ten at a time."""
NO_EDITOR = (
    "справки о публикации не выпускаются: в mkdocs.yml, в разделе плагина innopub, не указан главный редактор, "
    "который их подписывает (publication: editor, editor_position)"
)
"""The notice ``innopub check`` gives once when a site with editions has no editor in its settings."""


def notice_needed(publication: Publication, model: ContentModel) -> bool:
    """Whether ``innopub check`` says :data:`NO_EDITOR`: the site has editions, but no editor to sign certificates."""
    return not publication.editor and bool(published_collections(model))


def number(item: Entry, host: Entry) -> str:
    """``2026-D94262EEE4``: the edition's year and a short hash of what is certified (the item in that edition).

    Ten hex digits: among 10,000 certificates of one year two share a number with a chance of 1 in 20,000 (eight
    digits would make it 1 in 90); :func:`certify` refuses such a pair rather than serve one for the other."""
    identity = f"{item.kind.folder}/{item.id}@{host.kind.folder}/{host.id}"
    return f"{host.meta.date.year}-{hashlib.sha256(identity.encode('utf-8')).hexdigest()[:DIGITS].upper()}"


def page_path(code: str) -> str:
    """The verification page's source path: ``spravki/<number>.md`` (``/spravki/<number>/``)."""
    return f"{FOLDER}/{code}.md"


def pdf_path(code: str) -> str:
    return f"{FOLDER}/{code}/spravka-{code}.pdf"


@dataclass(frozen=True)
class Author:
    name: str
    position: str = ""
    organization: str = ""


@dataclass(frozen=True)
class Record:
    """What a certificate says; its verification page shows the same."""

    number: str
    title: str
    item_kind: str
    """«статья», «практика»… (the kind's name)."""
    authors: list[Author]
    host_title: str
    host_subtitle: str
    publisher: str
    city: str
    year: int
    date: str
    """ISO date of the edition's publication."""
    pages: tuple[int, int]
    page_url: str
    host_url: str
    pdf_url: str
    verify_url: str
    editor: str
    editor_position: str = ""
    isbn: str = ""
    issn: str = ""
    udk: str = ""
    bbk: str = ""
    signature: str = ""
    """``files/…`` of the signature image when the settings gave one (and it was safe to read)."""
    item: str = ""
    """``kind/id`` of the certified entry."""
    edition_sha256: str = ""
    item_path: str = ""
    host_path: str = ""
    """The entry's and the edition's addresses in the site (``articles/x/``): the verification page links them."""

    @property
    def published(self) -> dt.date:
        return dt.date.fromisoformat(self.date)

    @property
    def pages_text(self) -> str:
        first, last = self.pages
        return f"С.\u00a0{first}" if first == last else f"С.\u00a0{first}–{last}"

    def to_json(self) -> bytes:
        return (json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Record:
        raw = json.loads(data)
        raw["authors"] = [Author(**a) for a in raw["authors"]]
        raw["pages"] = (int(raw["pages"][0]), int(raw["pages"][1]))
        return cls(**raw)


def record_of(
    item: Entry, host: Entry, pages: tuple[int, int], publication: Publication, site_name: str, site_url: str, signature: str, edition_sha256: str
) -> Record:
    base = site_url if site_url.endswith("/") else site_url + "/"
    code = number(item, host)
    head = host.kind.edition(host, site_name)
    assert head is not None
    authors = []
    for credit in item.credits.get("authors", []):
        org = credit.organization.title if credit.organization is not None else credit.organization_text or ""
        authors.append(Author(credit.person.name, credit.position or "", org))
    issn = (publication.issn or "") if host.kind.contents_field == "items" else ""  # the bulletin's ISSN
    return Record(
        code, item.title, item.kind.one, authors, head.title, head.subtitle, head.publisher, head.city, host.meta.date.year,
        host.meta.date.isoformat(), pages, urljoin(base, item.url), urljoin(base, host.url), urljoin(base, pdf_path(code)),
        urljoin(base, f"{FOLDER}/{code}/"), publication.editor or "", publication.editor_position or "", head.isbn, issn,
        head.udk, head.bbk, signature, f"{item.kind.folder}/{item.id}", edition_sha256, item.url, host.url,
    )  # fmt: skip


def safe_signature(content_dir: Path, rel: str) -> Path | None:
    """The signature image ``files/…`` under ``content_dir``, if it is a regular file reached through no symbolic link."""
    root = Path(os.path.abspath(content_dir))
    parts = Path(rel).parts
    if not parts or parts[0] != "files" or ".." in parts:
        return None
    current = root
    for part in parts:
        current = current / part
        try:
            info = os.lstat(current)
        except OSError:
            return None
        if stat.S_ISLNK(info.st_mode):
            return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SIGNATURE_BYTES:
        return None
    return current


def typeset(html: str, css_file: Path, theme_dir: Path, roots: tuple[Path, ...] = ()) -> bytes:
    """The certificate's PDF from its print HTML (WeasyPrint, local fonts, files only under ``roots``)."""
    return pdf.render_pdf(html, css_file, theme_dir, roots).data


def typeset_some(jobs: list[tuple[str, tuple[Path, ...]]], css_file: Path, theme_dir: Path) -> list[bytes]:
    """:func:`typeset` of each (print HTML, roots) in ``jobs``, in their order: one job of the pool."""
    return [typeset(html, css_file, theme_dir, roots) for html, roots in jobs]


def _edition_sha256(edition_pdf: Path) -> str:
    """The kept edition's PDF's SHA-256, as its page map records it (:func:`generator.editions.kept.keep`); hashed
    when the record has none."""
    try:
        recorded = json.loads(edition_pdf.with_suffix(".json").read_text(encoding="utf-8")).get("pdf_sha256")
    except (OSError, ValueError, AttributeError):
        recorded = None
    return recorded if isinstance(recorded, str) and recorded else hashlib.sha256(edition_pdf.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Made:
    record: Record
    pdf_file: Path


class Certificates:
    """Every certificate of a build: kept ones read back, new ones typeset and kept."""

    def __init__(self, templates: jinja2.Environment, theme_dir: Path, kept_dir: Path, content_dir: Path, typeset: bool = True) -> None:
        self.templates = templates
        self.typeset = typeset
        """Without it (a preview that opens at once), only kept certificates are served."""
        self.theme_dir = theme_dir
        self.folder = kept_dir / FOLDER
        self.content_dir = content_dir
        self.warnings: list[str] = []

    def of_edition(
        self, host: Entry, pages: dict[str, tuple[int, int]], edition_pdf: Path, publication: Publication, site_name: str, site_url: str
    ) -> list[Made | Record]:
        """The certificates of the authored items of one published edition (its kept PDF and page map): each kept one,
        or the record of one to make (:meth:`make_all`)."""
        edition_sha = _edition_sha256(edition_pdf)
        made: list[Made | Record] = []
        for section in contents(host):
            for item in section.entries:
                where = pages.get(f"{item.kind.folder}/{item.id}")
                if where is None or not item.credits.get("authors"):
                    continue
                code = number(item, host)
                kept = self._read(code, edition_sha)
                if kept is None and not self.typeset:
                    continue
                if kept is None:
                    signature = self._signature(publication)
                    made.append(record_of(item, host, where, publication, site_name, site_url, signature, edition_sha))
                else:
                    made.append(kept)
        return made

    def _read(self, code: str, edition_sha: str) -> Made | None:
        pdf_file, info_file = self.folder / f"{code}.pdf", self.folder / f"{code}.json"
        if not (pdf_file.is_file() and info_file.is_file()):
            return None
        try:
            record = Record.from_json(info_file.read_bytes())
        except (ValueError, KeyError, TypeError, IndexError):
            return None
        return Made(record, pdf_file) if record.edition_sha256 == edition_sha else None

    def _signature(self, publication: Publication) -> str:
        if not publication.signature:
            return ""
        if safe_signature(self.content_dir, publication.signature) is None:
            warning = (
                f"подпись {publication.signature} не напечатана в справках о публикации: нет такого обычного файла в content/files/ "
                "(ожидается изображение PNG или JPEG до 2 МБ, не символическая ссылка)"
            )
            if warning not in self.warnings:
                self.warnings.append(warning)
            return ""
        return publication.signature

    def _html(self, record: Record) -> tuple[str, tuple[Path, ...]]:
        signature = safe_signature(self.content_dir, record.signature) if record.signature else None
        html = self.templates.get_template(TEMPLATE).render(proof=record, signature_uri=signature.as_uri() if signature else "")
        return html, (self.content_dir / "files",) if signature else ()

    def _write(self, record: Record, data: bytes) -> Made:
        pdf_file = self.folder / f"{record.number}.pdf"
        atomic_write(pdf_file, data)
        atomic_write(self.folder / f"{record.number}.json", record.to_json())  # written last: marks it complete
        return Made(record, pdf_file)

    def make_all(self, records: list[Record], pool: Typesetter | None = None) -> list[Made]:
        """The certificates of ``records`` typeset (on the pool's workers, a few at a time: memory bounded) and kept, in
        their order; each file's bytes are those one process makes."""
        made: list[Made] = []
        with contextlib.nullcontext(pool) if pool is not None else Typesetter(-(-len(records) // PER_JOB)) as workers:
            pending: collections.deque[tuple[list[Record], Future]] = collections.deque()

            def write_oldest() -> None:
                done, future = pending.popleft()
                made.extend(self._write(record, data) for record, data in zip(done, future.result(), strict=True))

            for start in range(0, len(records), PER_JOB):
                some = records[start : start + PER_JOB]
                jobs = [self._html(record) for record in some]
                pending.append((some, workers.submit(typeset_some, jobs, self.theme_dir / CSS, self.theme_dir)))
                while len(pending) >= 2 * workers.size:
                    write_oldest()
            while pending:
                write_oldest()
        return made


def certify(
    editions: dict, templates: jinja2.Environment, theme_dir: Path, content_dir: Path, kept_dir: Path | None,
    publication: Publication, site_name: str, site_url: str | None, today: dt.date | None, typeset: bool = True,
    pool: Typesetter | None = None,
) -> tuple[dict[str, Made], list[str]]:  # fmt: skip
    """``number`` → certificate of every published edition's authored items (none without an editor), and warnings.
    Those not kept yet are typeset on ``pool`` (else a pool of their own)."""
    if not publication.editor or kept_dir is None or today is None:
        return {}, []
    maker = Certificates(templates, theme_dir, kept_dir, content_dir, typeset)
    found: dict[str, Made | Record] = {}
    for out in editions.values():
        host = out.entry
        if host.meta.date is None or host.meta.date > today:
            continue
        for made in maker.of_edition(host, out.pages, out.pdf_file, publication, site_name, site_url or "/"):
            record = made.record if isinstance(made, Made) else made
            other = found.get(record.number)
            seen = other.record if isinstance(other, Made) else other
            if seen is not None and seen.item != record.item:
                raise ValueError(f"справки {seen.item} и {record.item} получили один номер {record.number}")
            found[record.number] = made
    to_make = [made for made in found.values() if isinstance(made, Record)]
    new = {made.record.number: made for made in maker.make_all(to_make, pool)} if to_make else {}
    return {code: new[code] if isinstance(made, Record) else made for code, made in found.items()}, maker.warnings
