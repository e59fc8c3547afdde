"""The PDF and EPUB editions of every collection and bulletin issue: kept once published, cached before.

For each edition the print HTML and the EPUB chapters are rendered from the content model
(cheap); their hash names the cached PDF and EPUB in ``.cache/innopub/``, so only editions
whose content, templates, styles or fonts changed are laid out again. Page numbers of the
items in each PDF are kept beside it: the «Как цитировать» references quote them.

A published edition is a record: the first build on or after its date (the build's
reference date, ``today:`` or ``SOURCE_DATE_EPOCH``) keeps its PDF, EPUB and page map in
``editions/<folder>/<id>.pdf|.epub|.json`` beside ``content/`` (tracked in git), and every
later build serves those files as they are, whatever the content says now. ``innopub
bulletin YYYY-MM --refresh`` removes an issue's kept files; for a collection, delete its
three files. Bodies are made safe for print by :mod:`generator.editions.printbody`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import markdown

from generator.common.russian import initials_first
from generator.editions import epub, kept, pdf
from generator.editions.collect import contents, published_collections
from generator.editions.kept import atomic_write as _atomic_write
from generator.editions.pool import Typesetter
from generator.editions.printbody import Addresses, safe_body, site_pages
from generator.model.content import ContentModel, Credit, Entry

MARKDOWN_EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "sane_lists"]


@dataclass
class PrintItem:
    entry: Entry
    anchor: str
    authors: list[str]
    affiliations: list[str]
    note: str
    html: str


@dataclass
class PrintSection:
    title: str
    items: list[PrintItem]


@dataclass
class Edition:
    """What the PDF and EPUB of one collection or bulletin issue print (a view of the model)."""

    entry: Entry
    title: str
    subtitle: str
    publisher: str
    city: str
    editors: list[str]
    page_url: str
    preface_title: str
    preface_html: str
    sections: list[PrintSection]
    udk: str = ""
    bbk: str = ""
    isbn: str = ""

    @property
    def authors(self) -> list[str]:
        return self.editors


@dataclass
class Output:
    """Where an edition's files are and where each item starts and ends in the PDF."""

    entry: Entry
    pdf_file: Path
    epub_file: Path
    pdf_pages: int
    pages: dict[str, tuple[int, int]] = field(default_factory=dict)
    """``kind/id`` of an item → (first page, last page)."""
    rendered: bool = False
    kept: bool = False
    """Served from the kept files of a published edition."""

    @property
    def pdf_url(self) -> str:
        return f"{self.entry.url}{self.entry.id}.pdf"

    @property
    def epub_url(self) -> str:
        return f"{self.entry.url}{self.entry.id}.epub"


def pdf_url(entry: Entry) -> str:
    return f"{entry.url}{entry.id}.pdf"


def epub_url(entry: Entry) -> str:
    return f"{entry.url}{entry.id}.epub"


def _html(text: str) -> str:
    """Markdown as XHTML, without editors' HTML comments (a hint left in a new bulletin issue)."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="xhtml") if text.strip() else ""


def _credit_line(credit: Credit) -> str:
    org = credit.organization.meta.short if credit.organization else credit.organization_text
    details = ", ".join(x for x in (credit.position, org) if x)
    return f"{initials_first(credit.person.name)} — {details}" if details else ""


Body = Callable[[Entry, str], str]
"""Markdown of an entry (its body, or a collection's preface) → safe HTML for one format."""


def _item(entry: Entry, body: Body) -> PrintItem:
    credits = entry.credits.get("authors", [])
    return PrintItem(
        entry,
        f"{entry.kind.folder}-{entry.id}",
        [initials_first(c.person.name) for c in credits],
        [line for line in map(_credit_line, credits) if line],
        entry.kind.print_note(entry),
        body(entry, entry.body),
    )


def edition_of(entry: Entry, model: ContentModel, site_name: str, site_url: str, body: Body | None = None) -> Edition:
    """What the edition prints; ``body`` makes each Markdown body safe HTML (default: sanitized, no images)."""
    body = body or _body_maker(Addresses(None, {}, ""), "pdf")
    sections = [PrintSection(s.title, [_item(e, body) for e in s.entries]) for s in contents(entry)]
    base = site_url if site_url.endswith("/") else site_url + "/"
    head = entry.kind.edition(entry, site_name)
    assert head is not None, f"{entry.kind} has no edition"
    return Edition(
        entry, head.title, head.subtitle, head.publisher, head.city, head.editors, base + entry.url,
        head.preface_title, body(entry, entry.body), sections, head.udk, head.bbk, head.isbn,
    )  # fmt: skip


def _body_maker(addresses: Addresses, target: str) -> Body:
    image = addresses.pdf_image if target == "pdf" else addresses.epub_image
    return lambda entry, text: safe_body(_html(text), entry.path, addresses.link, image)


def _key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def _fonts_stamp(theme_dir: Path) -> str:
    fonts = sorted((theme_dir / "fonts").glob("*.ttf"))
    return ";".join(f"{f.name}:{f.stat().st_size}" for f in fonts)


@dataclass
class _Plan:
    """An edition about to be finished: the print HTML while its PDF is to be laid out, where its files go."""

    entry: Entry
    html: str | None
    pdf_file: Path
    info_file: Path
    epub_file: Path
    anchors: list[tuple[str, str]]
    """``kind/id`` of each item and its anchor in the print HTML."""


def _weight(entry: Entry) -> int:
    """About how long an edition takes to lay out: the length of what it prints."""
    return len(entry.body) + sum(len(e.body) for section in contents(entry) for e in section.entries)


class Editions:
    """Renders (or takes from the kept files or the cache) every edition of the model.

    With ``content_dir`` and ``today``, editions dated ``today`` or earlier are published:
    kept in ``editions/`` beside ``content_dir`` and served from there from then on.
    """

    def __init__(
        self, templates: jinja2.Environment, theme_dir: Path, cache_dir: Path, site_name: str, site_url: str | None,
        content_dir: Path | None = None, today: dt.date | None = None, typeset: bool = True,
    ) -> None:  # fmt: skip
        self.templates = templates
        """The site's templates (the render stage's environment, handed down: editions render with it, never import it)."""
        self.theme_dir = theme_dir
        self.cache_dir = cache_dir
        self.site_name = site_name
        self.site_url = site_url or "/"
        self.content_dir = content_dir
        self.kept_dir = kept.folder(content_dir) if content_dir is not None else None
        self.today = today
        self.typeset = typeset
        """Without it (a preview that opens at once), only the kept editions of published issues are served."""
        self.css_file = theme_dir / pdf.PRINT_CSS
        css = self.css_file.read_text(encoding="utf-8")
        self.stamp = "|".join((version("weasyprint"), version("ebooklib"), pdf.PDF_VARIANT, _fonts_stamp(theme_dir), css))

    def build_all(
        self, model: ContentModel, starting: Callable[[Entry], None] | None = None, done: Callable[[Output], None] | None = None,
        pool: Typesetter | None = None,
    ) -> dict[str, Output]:  # fmt: skip
        """``url`` of each collection and bulletin issue → its output; editions no longer built leave the cache.

        ``starting(entry)`` and ``done(output)`` are called around each edition (progress). PDFs not in the
        cache are laid out on every core (:mod:`generator.editions.pool`), the largest first; the outputs keep
        the collections' order and each file's bytes are those one process makes. ``pool``: the caller's (kept open
        for more work, the certificates), else one of this call's own.
        """
        base = self.site_url if self.site_url.endswith("/") else self.site_url + "/"
        self.addresses = Addresses(self.content_dir, site_pages(model), base if urlsplit(base).scheme in {"http", "https"} else "")
        entries = published_collections(model)
        made: dict[str, Output] = {}
        todo = []
        for entry in entries:
            out = self._kept(entry)
            if out is not None:
                if starting is not None:
                    starting(entry)
                made[entry.url] = out
                if done is not None:
                    done(out)
            elif self.typeset:
                todo.append(entry)
        todo.sort(key=_weight, reverse=True)  # the longest first: no core waits alone for a large one at the end
        with contextlib.nullcontext(pool) if pool is not None else Typesetter(len(todo)) as pool:
            pending: dict[Future, _Plan] = {}

            def collect() -> None:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    plan = pending.pop(future)
                    made[plan.entry.url] = self._finish(plan, future.result(), done)

            for entry in todo:
                if starting is not None:
                    starting(entry)
                plan = self._plan(entry, model)
                if plan.html is None:
                    made[entry.url] = self._finish(plan, None, done)
                    continue
                pending[pool.submit(pdf.render_pdf, plan.html, self.css_file, self.theme_dir, self._roots())] = plan
                plan.html = None  # the pool holds it until a worker takes it
                while len(pending) >= 2 * pool.size:  # memory bounded: a few editions' HTML and PDF at a time
                    collect()
            while pending:
                collect()
        outputs = {entry.url: made[entry.url] for entry in entries if entry.url in made}
        if self.typeset:  # else the cache holds editions this build did not look at
            self._prune(outputs.values())
        if self.kept_dir is not None:
            kept.remove_stale_temporaries(self.kept_dir)
        return outputs

    def _prune(self, outputs: Iterable[Output]) -> None:
        """Remove cached files of editions whose content changed, and temporary files of killed builds."""
        used = {name for o in outputs if not o.kept for name in (o.pdf_file.name, o.pdf_file.with_suffix(".json").name, o.epub_file.name)}
        for cached in self.cache_dir.glob("[!.]*"):
            if cached.suffix in {".pdf", ".json", ".epub"} and cached.name not in used:
                cached.unlink(missing_ok=True)
        kept.remove_stale_temporaries(self.cache_dir)

    def published(self, entry: Entry) -> bool:
        return self.kept_dir is not None and self.today is not None and entry.meta.date is not None and entry.meta.date <= self.today

    def kept_output(self, entry: Entry) -> Output | None:
        """The kept files of a published edition, if it has them."""
        return self._kept(entry)

    def _kept(self, entry: Entry) -> Output | None:
        if self.published(entry):
            files = kept.read(self.kept_dir, entry.kind.folder, entry.id)
            if files is not None:
                return Output(entry, files.pdf_file, files.epub_file, files.pdf_pages, files.pages, kept=True)
        return None

    def build(self, entry: Entry, model: ContentModel) -> Output | None:
        if not hasattr(self, "addresses"):
            self.addresses = Addresses(self.content_dir, site_pages(model), "")
        out = self._kept(entry)
        if out is not None or not self.typeset:
            return out
        return self._make(entry, model)

    def _make(self, entry: Entry, model: ContentModel) -> Output:
        plan = self._plan(entry, model)
        result = None if plan.html is None else pdf.render_pdf(plan.html, self.css_file, self.theme_dir, self._roots())
        return self._finish(plan, result, None)

    def _roots(self) -> list[Path]:
        return [self.content_dir / "files"] if self.content_dir is not None else []

    def _plan(self, entry: Entry, model: ContentModel) -> _Plan:
        """The edition's print HTML and cache files, its EPUB made (or found in the cache); ``html`` is None when
        the PDF is cached."""
        pdf_body = _body_maker(self.addresses, "pdf")
        edition = edition_of(entry, model, self.site_name, self.site_url, pdf_body)
        env = self.templates
        html = env.get_template("innopub/print/collection.html").render(edition=edition)
        key = _key(self.stamp, html)
        pdf_file, info_file = self.cache_dir / f"{key}.pdf", self.cache_dir / f"{key}.json"
        anchors = [(f"{i.entry.kind.folder}/{i.entry.id}", i.anchor) for section in edition.sections for i in section.items]
        cached = pdf_file.is_file() and info_file.is_file()
        self.addresses.images.clear()  # filled by the EPUB bodies' images
        epub_file = self._epub(edition_of(entry, model, self.site_name, self.site_url, _body_maker(self.addresses, "epub")))
        return _Plan(entry, None if cached else html, pdf_file, info_file, epub_file, anchors)

    def _finish(self, plan: _Plan, result: pdf.PdfResult | None, done: Callable[[Output], None] | None) -> Output:
        """The PDF and its page map written (when typeset now), the edition kept if published."""
        if result is not None:
            info = {"pages": result.pages, "items": {}}
            for item, anchor in plan.anchors:
                first = result.anchors.get(anchor, 0)
                info["items"][item] = [first, result.anchors.get(f"end-{anchor}", first)]
            _atomic_write(plan.pdf_file, result.data)
            _atomic_write(plan.info_file, json.dumps(info, ensure_ascii=False).encode("utf-8"))
        info = json.loads(plan.info_file.read_text(encoding="utf-8"))
        pages = {k: (v[0], v[1]) for k, v in info["items"].items()}
        out = Output(plan.entry, plan.pdf_file, plan.epub_file, info["pages"], pages, result is not None)
        if self.published(plan.entry):
            entry = plan.entry
            kept.keep(self.kept_dir, entry.kind.folder, entry.id, out.pdf_file.read_bytes(), out.epub_file.read_bytes(), out.pdf_pages, out.pages)
        if done is not None:
            done(out)
        return out

    def _epub(self, edition: Edition) -> Path:
        env = self.templates
        chapters = [epub.Chapter("title.xhtml", "Титульный лист", env.get_template("innopub/epub/title.html").render(edition=edition))]
        if edition.preface_html:
            preface = env.get_template("innopub/epub/preface.html").render(edition=edition)
            chapters.append(epub.Chapter("preface.xhtml", edition.preface_title, preface))
        template = env.get_template("innopub/epub/item.html")
        for section in edition.sections:
            for item in section.items:
                chapters.append(epub.Chapter(f"{item.anchor}.xhtml", item.entry.title, template.render(item=item), section.title))
        css = (self.theme_dir / "print" / "epub.css").read_text(encoding="utf-8")
        images = [epub.Image(i.file_name, i.media_type, i.data) for i in self.addresses.images.values()]
        entry = edition.entry
        parts = [self.stamp, css, edition.title, edition.subtitle, *edition.editors] + [c.file_name + c.title + c.section + c.html for c in chapters]
        epub_file = self.cache_dir / f"{_key(*parts, *(i.file_name for i in images))}.epub"
        if not epub_file.is_file():
            data = epub.build_epub(
                edition.page_url, edition.title, edition.editors,
                edition.publisher, entry.meta.date, chapters, css, edition.subtitle, images,
            )  # fmt: skip
            _atomic_write(epub_file, data)
        return epub_file


def print_theme(theme_dirs: list[str]) -> Path:
    """The first theme folder that holds the print stylesheet (the project's ``theme/``)."""
    for folder in theme_dirs:
        if (Path(folder) / pdf.PRINT_CSS).is_file():
            return Path(folder)
    raise FileNotFoundError(f"нет {pdf.PRINT_CSS} ни в одной папке темы: {', '.join(theme_dirs)}")


def template_globals(outputs: dict[str, Output], site_name: str, site_url: str | None, doi_prefix: str | None = None) -> dict:
    """What the page templates need: citations with PDF pages and DOIs, the editions' files, JSON-LD of issues."""
    from generator.editions.cite import Citer, issue_json_ld, last_remembered

    pdfs = {url: o.pdf_url for url, o in outputs.items()}
    citer = Citer(site_name, site_url, {url: o.pages for url, o in outputs.items()}, pdfs, doi_prefix)
    return {
        "citation": last_remembered(citer.citation),
        "doi": citer.doi,
        "edition_files": lambda entry: outputs.get(entry.url),
        "pdf_pages": lambda entry: citer.host(entry).pages,
        "issue_json_ld": lambda entry: issue_json_ld(entry, site_name, site_url),
        "bulletin_feed": bool(site_url),
    }
