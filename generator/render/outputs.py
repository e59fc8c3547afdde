"""Stage 4 (render): the files a site has besides its pages, made from the content model.

Redirect pages of old addresses, the Atom feeds, the PDF and EPUB editions of every collection and
bulletin issue, the web editor's files. Each function returns :class:`generator.site.site.SiteFile`-shaped
records (path in the site, bytes or a file on disk); the engine writes them. Nothing here knows an engine.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin

import yaml

from generator.common.cachefolder import cache_folder
from generator.common.progress import Reporter, Summary
from generator.coordinators import opendata as opendata_files
from generator.coordinators.datasets import datasets
from generator.coordinators.monitoring_datasets import CATALOGUE
from generator.coordinators.region import merged_datasets
from generator.editions import crossref, elibrary
from generator.editions.collect import published_collections
from generator.editions.pool import Typesetter
from generator.editions.typeset import Editions, Output, template_globals
from generator.kinds import KINDS
from generator.listing.order import sort_by_date
from generator.model.content import ContentModel, Entry
from generator.pages.catalog import PageSpec
from generator.read.addresses import FEED_PATH, url_of
from generator.render import cms, cms_admin, oai, proofs
from generator.render.feeds import atom_feed
from generator.render.renderer import Renderer

if TYPE_CHECKING:
    from generator.settings.config import SiteConfig


@dataclass(frozen=True)
class SiteFile:
    """A file the engine writes as it is: ``data`` in memory or the file ``source`` on disk."""

    path: str
    """Its address in the site: ``feed.xml``, ``collections/x/x.pdf``, ``old/address/index.html``."""
    data: str | bytes | None = None
    source: Path | None = None


_file = SiteFile


def page_markdown(spec: PageSpec) -> str:
    """A generated page's Markdown: its title as front matter, then the body the engine converts.

    The title is written as a JSON string, which is YAML's double-quoted scalar (every escape JSON writes
    is one of YAML's): 50 times faster than PyYAML's dumper, which a preview would run on every page
    after every save (0.7 s of 0.9 at 1,000 entries)."""
    return f"---\ntitle: {json.dumps(spec.title, ensure_ascii=False)}\n---\n\n{spec.body}"


def redirects(model: ContentModel, renderer: Renderer) -> list[SiteFile]:
    """A redirect page at each old address (``aliases:``)."""
    return [_file(f"{r.url}index.html", renderer.render_redirect(r)) for r in model.redirects]


def feeds(model: ContentModel, config: SiteConfig) -> list[SiteFile]:
    """The Atom feed of new publications, and each kind's own (the bulletin's); a feed needs the site's address."""
    if not config.site_url:
        return []
    found = [_file(FEED_PATH, atom_feed(model, config.site_name, config.site_url, FEED_PATH))]
    for kind in KINDS.values():
        entries = sort_by_date(model.entries.get(kind.folder, []))
        if kind.feed and entries:
            title = f"{kind.registry} — {config.site_name}"
            found.append(_file(kind.feed, atom_feed(model, title, config.site_url, kind.feed, entries)))
    return found


def made(out: Output) -> str:
    """How an edition was made this time: «kept» (from editions/), «anew» (typeset), «cached» (.cache/innopub/)."""
    return "kept" if out.kept else "anew" if out.rendered else "cached"


def edition_name(entry: Entry) -> str:
    title = entry.title if len(entry.title) <= 70 else entry.title[:69] + "…"
    return f"«{title}»"


def editions(
    model: ContentModel, config: SiteConfig, renderer: Renderer, report: Reporter, summary: Summary, typeset: bool = True,
    pool: Typesetter | None = None,
) -> tuple[list[SiteFile], dict]:  # fmt: skip
    """The PDF and EPUB of every collection and bulletin issue (kept, cached or typeset), and what the page
    templates need of them (the template globals: citations quote the PDF's pages). ``pool``: the workers the PDFs
    and the certificates are typeset on (else pools of their own)."""
    built = edition_maker(config, renderer, typeset)
    report.stage_started("editions", len(published_collections(model)))

    def starting(entry: Entry) -> None:
        report.advanced("editions", edition_name(entry), step=0)

    def done(out: Output) -> None:
        report.advanced("editions", edition_name(out.entry), made(out))

    results = built.build_all(model, starting, done, pool)
    more, extra = proofs.files_and_globals(model, config, renderer.env, built, results, pool)  # issue 24: справки, .bib/.ris
    report.stage_finished("editions")
    how = [made(out) for out in results.values()]
    summary.editions_anew, summary.editions_cached, summary.editions_kept = map(how.count, ("anew", "cached", "kept"))
    files = []
    for out in results.values():
        files += [_file(out.pdf_url, source=out.pdf_file), _file(out.epub_url, source=out.epub_file)]
    files += index_files(model, config, results)
    found = template_globals(results, config.site_name, config.site_url, config.settings.publication.doi_prefix)
    return files + [_file(path, data, source) for path, data, source in more], found | extra


def edition_maker(config: SiteConfig, renderer: Renderer, typeset: bool = True) -> Editions:
    """What makes the site's editions (kept ones served from ``editions/``, the rest cached in the project's cache folder)."""
    assert config.theme_dir is not None
    today = config.settings.reference_date()
    return Editions(renderer.env, config.theme_dir, cache_folder(config.root), config.site_name, config.site_url, config.docs_dir, today, typeset)


def index_files(model: ContentModel, config: SiteConfig, results: dict[str, Output]) -> list[SiteFile]:
    """What indexes load, beside each edition: the eLIBRARY (РИНЦ) XML of every collection and bulletin issue when the
    settings give the title id, the Crossref deposit of every conference collection when they give a DOI prefix."""
    publication = config.settings.publication
    if not config.site_url or not (publication.elibrary_titleid or publication.doi_prefix):
        return []
    found = []
    for out in results.values():
        entry = out.entry
        if publication.elibrary_titleid:
            data = elibrary.elibrary_xml(entry, out, model, publication, config.site_name, config.site_url)
            found.append(_file(f"{entry.url}{elibrary.FILE_NAME}", data))
        if entry.kind.folder == "collections":
            deposit = crossref.crossref_xml(entry, out, config.settings, config.site_name, config.site_url)
            if deposit is not None:
                found.append(_file(f"{entry.url}{crossref.FILE_NAME}", deposit))
    return found


def oai_file(model: ContentModel, config: SiteConfig) -> tuple[list[SiteFile], list[str]]:
    """The static OAI-PMH repository (``oai.xml``) and the warning when records were left out of it."""
    repository = oai.oai_repository(model, config.settings, config.site_name, config.site_url)
    if repository is None:
        return [], []
    return [_file(oai.OAI_PATH, repository.data)], [oai.left_out_warning(repository.left_out)] if repository.left_out else []


def opendata(model: ContentModel, config: SiteConfig) -> tuple[list[SiteFile], dict[str, Any], list[str]] | None:
    """The open data files (the recommendations v3.0: passports, data and structure CSV, JSON, XLSX, ``list.csv``),
    the open data page's context and the warnings of cells cut to a spreadsheet's length; ``None`` without the
    publisher's details in the settings."""
    publisher = config.settings.opendata
    if publisher is None:
        return None
    found = datasets(model, config.site_url, CATALOGUE)
    if model.region is not None:  # a regional site: every municipality's rows too, with its name (issue 23)
        found = merged_datasets(found, model.region, CATALOGUE)
    catalogue = opendata_files.publish(found, publisher, config.site_url)
    return [_file(f.path, f.data) for f in catalogue.files()], opendata_files.page_context(catalogue), catalogue.cut


def admin(config: SiteConfig) -> list[SiteFile]:
    """The web editor at /admin/ (Sveltia's bundle from ``.tools/``, its configuration made from the schema);
    nothing, with a warning, when the bundle was not made (``make cms``)."""
    bundle = cms.find_bundle(config.root, Path(__file__).resolve().parents[2])
    if bundle is None:
        return []
    content_dir = Path(os.path.relpath(config.docs_dir, config.root)).as_posix()
    title = f"Редактор — {config.site_name}"
    settings = yaml.safe_dump(cms.cms_config(config.settings, KINDS, content_dir, title), allow_unicode=True, sort_keys=False)
    guide, editors = (f"../{url_of(page)}" if (Path(config.docs_dir) / page).is_file() else None for page in cms.GUIDE_PAGES)
    page = cms.admin_page(config.site_name, config.settings.cms, guide, editors)
    files = [_file("admin/config.yml", settings), _file("admin/index.html", page), _file(f"admin/{cms_admin.SCRIPT_NAME}", cms_admin.ADMIN_SCRIPT)]
    return files + [_file(f"admin/{name}", source=path) for name, path in cms.bundle_files(bundle)]


def sitemap(site_url: str, pages: list[str], date_of: Callable[[str], str | None]) -> bytes:
    """``sitemap.xml`` for an engine without one of its own: every page's address and date (an entry's own, else the site's newest publication's)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in sorted(pages, key=url_of):
        day = date_of(path)
        when = f"\n         <lastmod>{day}</lastmod>" if day else ""
        lines.append(f"    <url>\n         <loc>{html.escape(urljoin(base, quote(url_of(path))))}</loc>{when}\n    </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def content_files(content_dir: Path, published: Iterable[str]) -> dict[str, Path]:
    """The files of the content folder the site publishes as they are (``published``: the attachments' policy,
    :mod:`generator.read.attachments`), by their path in the site; a link or what is no longer a file left out."""
    found: dict[str, Path] = {}
    for rel in published:
        path = content_dir / rel
        if not path.is_symlink() and path.is_file():
            found[rel] = path
    return found
