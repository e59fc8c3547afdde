"""Issue 24's files for teachers: certificates of publication (справки) and references to download (.bib, .ris).

Made with the editions (they quote the PDF's pages), handed to the engine as files, and to the templates as
globals: ``cite_files(entry)`` (the ``.bib`` and ``.ris`` addresses), ``certificates_of(entry)`` (an item's
certificates, one per edition that prints it) and ``certificates`` (``number`` → certificate, for the
verification pages ``/spravki/<number>/``, :func:`page_specs`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.editions import certificate, citefiles
from generator.editions.cite import Citer
from generator.pages.catalog import PageSpec

if TYPE_CHECKING:
    import jinja2

    from generator.editions.pool import Typesetter
    from generator.editions.typeset import Editions, Output
    from generator.model.content import ContentModel, Entry
    from generator.settings.config import SiteConfig

CERTIFICATE_PAGE = "innopub/certificate.html"
CERTIFICATES_PAGE = "innopub/certificates.html"


def files_and_globals(
    model: ContentModel, config: SiteConfig, env: jinja2.Environment, built: Editions, results: dict[str, Output], pool: Typesetter | None = None
) -> tuple[list[tuple[str, bytes | None, Path | None]], dict[str, Any]]:
    """The ``.bib``/``.ris`` files and the certificates' PDFs (path in the site, bytes or a file), and the globals."""
    publication = config.settings.publication
    pages, pdfs = {u: o.pages for u, o in results.items()}, {u: o.pdf_url for u, o in results.items()}
    citer = Citer(config.site_name, config.site_url, pages, pdfs, publication.doi_prefix)
    refs, links = citefiles.site_files(model, citer, publication.issn)
    files: list[tuple[str, bytes | None, Path | None]] = [(path, data, None) for path, data in refs]
    made, warnings = certificate.certify(
        results, env, built.theme_dir, Path(config.docs_dir), built.kept_dir, publication,
        config.site_name, config.site_url, built.today, built.typeset, pool,
    )  # fmt: skip
    by_item: dict[str, list[certificate.Made]] = {}
    for code in sorted(made):
        files.append((certificate.pdf_path(code), None, made[code].pdf_file))
        by_item.setdefault(made[code].record.item, []).append(made[code])

    def certificates_of(entry: Entry) -> list[certificate.Made]:
        return by_item.get(f"{entry.kind.folder}/{entry.id}", [])

    def cite_files(entry: Entry) -> tuple[str, str] | None:
        return links.get(entry.url)

    return files, {"cite_files": cite_files, "certificates_of": certificates_of, "certificates": made, "certificate_warnings": warnings}


def page_specs(template_globals: dict[str, Any]) -> list[PageSpec]:
    """The verification page of each certificate, ``/spravki/<number>/`` (the same data as its PDF), and their list,
    ``/spravki/``: the editions newest first (a day's by title), in each its certificates in the order it prints them."""
    made: dict[str, certificate.Made] = template_globals.get("certificates", {})
    pages = [page_spec(code, {"proof": made[code].record}) for code in sorted(made)]
    if made:
        pages.append(list_spec(list_context(made)))
    return pages


def page_spec(code: str, context: dict[str, Any]) -> PageSpec:
    """The verification page of the certificate ``code`` (``context``: its ``proof``, the record; filled in later
    when the editions are made while the pages render, :mod:`generator.render.pending`)."""
    return PageSpec(certificate.page_path(code), f"Справка о публикации № {code}", CERTIFICATE_PAGE, context)


LIST_PATH = f"{certificate.FOLDER}/index.md"


def list_spec(context: dict[str, Any]) -> PageSpec:
    """The list of certificates, ``/spravki/`` (``context``: :func:`list_context`, filled in later as the verification
    pages' when the editions are made while the pages render)."""
    return PageSpec(LIST_PATH, "Справки о публикации", CERTIFICATES_PAGE, context)


def list_context(made: dict[str, certificate.Made]) -> dict[str, Any]:
    """The editions newest first (a day's by title), in each its certificates' records in the order it prints them."""
    editions: dict[str, list[certificate.Record]] = {}
    newest_first = sorted((m.record for m in made.values()), key=lambda r: r.host_title)
    newest_first.sort(key=lambda r: r.date, reverse=True)  # stable: a day's editions by title
    for record in newest_first:
        editions.setdefault(record.host_url, []).append(record)
    return {"editions": [sorted(records, key=lambda r: (r.pages, r.number)) for records in editions.values()]}
