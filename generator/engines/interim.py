"""TEMPORARY glue: the engine's inputs made from today's domain code, until the engine-neutral ``Site``.

Everything here stands in for the lead's ``Site`` object and is replaced by it in one place,
:func:`site_inputs` (its result, :class:`Inputs`, is what ``Site`` offers any engine: pages with their
final HTML, table of contents and ``<head>`` tags; extra files; the navigation; the settings;
post-build steps). It does what ``generator/plugin.py`` does inside MkDocs' events and what
``bench/floors.py::same_pages_floor`` does for the benchmark: ``load_content``, ``site_pages``,
``Renderer.render_parts``, Python-Markdown with ``mkdocs.yml``'s extensions, ``sanitize.clean``.
It imports no MkDocs and no Zensical, and reads nothing outside the content folder but the
settings, the theme and ``editions/``/``.cache/`` (as the MkDocs build does).

``main`` is ``python -m generator.engines.zensical``: until ``innopub build --engine zensical`` is
wired in ``generator/cli.py`` (a call of this ``main``), the documented way to build with Zensical.
"""

from __future__ import annotations

import gzip
import html
import os
import posixpath
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

import markdown
import yaml
from markdown.treeprocessors import Treeprocessor

from generator import cms, failure
from generator.editions import CACHE_DIR, Editions, print_theme, template_globals
from generator.engines import EngineError, EnginePage, Extra, NavItem, PostBuild, SiteSettings, TocItem
from generator.feeds import atom_feed
from generator.kinds import KINDS
from generator.links import rewrite
from generator.load import load_content
from generator.model import sort_by_date
from generator.pages import nav_sections, page_dates, registries, site_pages
from generator.problems import InnopubError, russian_count
from generator.render import Renderer, headings_of, text_of
from generator.russian import count_of, no_break_after_number_sign
from generator.sanitize import clean
from generator.search import EXCLUDE_SELECTORS, SEARCH_DOCUMENT, entry_record
from generator.settings import load_config_file
from generator.staging import Stage

FEED_PATH = "feed.xml"  # as generator/plugin.py
BULLETIN_FEED = "bulletin/feed.xml"


@dataclass
class Inputs:
    """What the ``Site`` will offer an engine (see :mod:`generator.engines`)."""

    pages: list[EnginePage]
    extras: dict[str, Extra]
    nav: list[NavItem]
    settings: SiteSettings
    post_build: list[PostBuild]
    entries: int = 0
    redirects: int = 0
    editions: int = 0
    times: dict[str, float] = field(default_factory=dict)
    search: dict[str, int] = field(default_factory=dict)


def site_inputs(config_file: Path, say: Callable[[str], None] = lambda line: None) -> Inputs:
    """TEMPORARY: the lead's ``Site`` replaces this function whole."""
    root = config_file.resolve().parent
    site, settings = load_config_file(config_file)
    raw = _raw_config(config_file)
    content_dir = root / site.docs_dir
    theme_config = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    theme_dir = root / str(theme_config.get("custom_dir") or "theme")
    times: dict[str, float] = {}

    started = time.perf_counter()
    model, problems = load_content(content_dir, settings, os.path.relpath(content_dir))
    for problem in problems.warnings:
        print(str(problem), file=sys.stderr)
    if problems.errors:
        raise InnopubError(problems.report() + "\n" + russian_count(len(problems.errors)))
    times["чтение"] = time.perf_counter() - started
    say(f"Чтение материалов: {count_of(len(model.all()), 'запись', 'записи', 'записей')} за {_seconds(times['чтение'])}")

    renderer = Renderer([theme_dir], model)
    renderer.env.globals["site_description"] = site.site_description or ""
    extras: dict[str, Extra] = {}

    started = time.perf_counter()
    editions = Editions(
        renderer, print_theme([str(theme_dir)]), root / CACHE_DIR, site.site_name, site.site_url, content_dir, settings.reference_date()
    )
    outputs = editions.build_all(model)
    for out in outputs.values():
        extras[out.pdf_url] = out.pdf_file
        extras[out.epub_url] = out.epub_file
    renderer.env.globals.update(template_globals(outputs, site.site_name, site.site_url))
    times["издания"] = time.perf_counter() - started
    say(f"Издания PDF и EPUB: {len(outputs)} за {_seconds(times['издания'])}")

    started = time.perf_counter()
    md_extensions, md_configs = _extensions(raw.get("markdown_extensions"))
    built_from = {entry.path: f"{entry.url.rstrip('/')}.md" for entry in model.all()}
    editor_pages = {page.path for page in model.pages}
    pages: list[EnginePage] = []
    documents: list[tuple[str, str]] = []
    cite = renderer.env.get_template("innopub/cite.html").module
    for spec in site_pages(model):
        if spec.path in editor_pages:
            continue  # an editor's own page (content/index.md) wins over a generated one
        entry = spec.context.get("entry") if spec.template.startswith("innopub/entry/") else None
        source = entry.path if entry is not None else spec.path
        body, toc = _convert(rewrite(spec.body, source, spec.path, built_from), spec.path, md_extensions, md_configs)
        body = clean(body, settings.iframe_hosts)
        before, after = renderer.render_parts(spec, spec.url)
        items = (
            [TocItem(2, anchor, text) for anchor, text in headings_of(before)]
            + toc
            + [TocItem(2, anchor, text) for anchor, text in headings_of(after)]
        )
        head = str(cite.head(entry)) if entry is not None else ""
        pages.append(
            EnginePage(spec.path, no_break_after_number_sign(spec.title), no_break_after_number_sign(before + body + after), tuple(items), head)
        )
        if entry is not None:  # only entry pages are searched, as in the MkDocs build
            context = {"title": spec.title, "record": entry_record(model, entry), "body": body, "card": before, "listings": after}
            documents.append(("/" + spec.url, renderer.render_document(SEARCH_DOCUMENT, context, spec.url)))
    for page in model.pages:
        pages.append(_editor_page(content_dir, page.path, page.title, built_from, md_extensions, md_configs, settings.iframe_hosts))
    times["разметка"] = time.perf_counter() - started
    say(f"Разметка страниц: {count_of(len(pages), 'страница', 'страницы', 'страниц')} за {_seconds(times['разметка'])}")

    for redirect in model.redirects:
        extras[f"{redirect.url}index.html"] = renderer.render_redirect(redirect).encode("utf-8")
    if site.site_url:
        extras[FEED_PATH] = atom_feed(model, site.site_name, site.site_url, FEED_PATH).encode("utf-8")
        issues = sort_by_date(model.entries.get("bulletin", []))
        if issues:
            extras[BULLETIN_FEED] = atom_feed(model, f"Вестник — {site.site_name}", site.site_url, BULLETIN_FEED, issues).encode("utf-8")
    _add_admin(extras, root, content_dir, settings)
    extras.update(_content_files(content_dir))
    if site.site_url:  # the sitemap with each page's date from the content, as the MkDocs build writes it (Zensical's has no dates)
        extras["sitemap.xml"] = sitemap(site.site_url, pages, *page_dates(model))
        extras["sitemap.xml.gz"] = gzip.compress(extras["sitemap.xml"], mtime=0)

    inputs = Inputs(
        pages=pages,
        extras=extras,
        nav=nav_sections(model),
        settings=SiteSettings(
            site_name=site.site_name,
            site_url=site.site_url,
            site_description=site.site_description,
            theme_dir=theme_dir,
            language=str(theme_config.get("language") or "ru"),
            # Zensical's «classic» look is Material's, which our theme's CSS and partials are written for («modern» is its default)
            theme={
                "variant": "classic",
                **{key: value for key, value in theme_config.items() if key in ("features", "palette", "font", "favicon", "logo", "variant")},
            },
            extra={
                "innopub": {"settings": settings.model_dump(mode="json", include={"footer", "iframe_hosts", "yandex_metrica"}), "serving": False},
                "innopub_registries": [list(item) for item in registries(model)],
            },
        ),
        post_build=[],
        entries=len(model.all()),
        redirects=len(model.redirects),
        editions=len(outputs),
        times=times,
    )
    if documents:
        inputs.post_build.append(_pagefind(documents, settings.search_part_size, inputs))
    return inputs


def sitemap(site_url: str, pages: list[EnginePage], lastmod: dict[str, str], site_lastmod: str | None) -> bytes:
    """``sitemap.xml``: every page's address and date (an entry's own, else the site's newest publication's)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in sorted(pages, key=lambda p: p.url):
        day = lastmod.get(page.path, site_lastmod)
        when = f"\n         <lastmod>{day}</lastmod>" if day else ""
        lines.append(f"    <url>\n         <loc>{html.escape(urljoin(base, quote(page.url)))}</loc>{when}\n    </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _pagefind(documents: list[tuple[str, str]], part_size: int, inputs: Inputs) -> PostBuild:
    def index(site_dir: Path) -> None:
        from generator.indexer import Indexer

        started = time.perf_counter()
        indexer = Indexer(EXCLUDE_SELECTORS, part_size, len(documents))
        try:
            for url, document in documents:
                indexer.add(url, document)
        except BaseException:
            indexer.close()
            raise
        result = indexer.write(site_dir / "pagefind")
        inputs.times["поиск"] = time.perf_counter() - started
        inputs.search.update(pages=result.pages, parts=result.parts)

    return index


def _raw_config(config_file: Path) -> dict[str, Any]:
    from generator.settings import _TolerantLoader

    raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    return raw if isinstance(raw, dict) else {}


def _extensions(configured: Any) -> tuple[list[str], dict[str, dict]]:
    """``markdown_extensions`` of ``mkdocs.yml`` as Python-Markdown takes them (MkDocs' default: ``toc``, ``tables``, ``fenced_code``)."""
    names, configs = ["toc", "tables", "fenced_code"], {}
    for item in configured or []:
        name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        if name not in names:
            names.append(name)
        configs[name] = options or {}
    return names, configs


class _Links(Treeprocessor):
    """Relative links and images re-pointed from the virtual file to the page's address, as MkDocs does."""

    def __init__(self, md: markdown.Markdown, path: str) -> None:
        super().__init__(md)
        self.path = path
        self.url = _url_of(path)

    def run(self, root) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value:
                    element.set(attribute, self.convert(value))

    def convert(self, value: str) -> str:
        from generator.render import relative_url

        parts = urlsplit(value)
        if parts.scheme or parts.netloc or not parts.path or value.startswith("/"):
            return value
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.path), unquote(parts.path)))
        if target.startswith("../") or target == "..":
            return value
        target = _url_of(target) if target.endswith(".md") else target
        rel = relative_url(target, self.url)
        return urlunsplit(("", "", rel, parts.query, parts.fragment))


def _url_of(path: str) -> str:
    stem = path[: -len(".md")]
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else f"{stem}/"


def _convert(body: str, path: str, extensions: list[str], configs: dict[str, dict]) -> tuple[str, list[TocItem]]:
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    md.treeprocessors.register(_Links(md, path), "innopub_links", 1)
    out = md.convert(body)
    items: list[TocItem] = []

    def walk(tokens: list[dict]) -> None:
        for token in tokens:
            items.append(TocItem(int(token["level"]), str(token["id"]), text_of(token.get("html", token["name"]))))
            walk(token.get("children", []))

    walk(getattr(md, "toc_tokens", []))
    return out, items


def _editor_page(content_dir: Path, path: str, title: str | None, built_from: dict, extensions, configs, iframe_hosts) -> EnginePage:
    """An editor's own page (``content/about.md``), converted and sanitized like the MkDocs build does."""
    text = (content_dir / path).read_text(encoding="utf-8")
    meta: Any = {}
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end >= 0:
            meta, text = yaml.safe_load(text[4:end]) or {}, text[end + 4 :].lstrip("\n")
    meta = meta if isinstance(meta, dict) else {}
    description = meta.get("description") if isinstance(meta.get("description"), str | int | float) else None
    hide = tuple(str(name) for name in meta["hide"]) if isinstance(meta.get("hide"), list) else ()
    body, toc = _convert(rewrite(text, path, path, built_from), path, extensions, configs)
    body = clean(body, iframe_hosts)
    if title is None:
        first = next((item for item in toc if item.level == 1), None)
        title = first.text if first else posixpath.splitext(posixpath.basename(path))[0]
    title = no_break_after_number_sign(title)
    return EnginePage(path, title, no_break_after_number_sign(body), tuple(toc), description=str(description) if description else None, hide=hide)


def _add_admin(extras: dict[str, Extra], root: Path, content_dir: Path, settings) -> None:
    bundle = cms.find_bundle(root, Path(__file__).resolve().parent.parent.parent)
    if bundle is None:
        print(f"Предупреждение: редактор /admin/ не добавлен: нет {cms.BUNDLE_DIR}/{cms.ENTRY} (соберите его: make cms)", file=sys.stderr)
        return
    folder = Path(os.path.relpath(content_dir.resolve(), root)).as_posix()
    extras["admin/config.yml"] = yaml.safe_dump(cms.cms_config(settings, KINDS, folder), allow_unicode=True, sort_keys=False).encode("utf-8")
    extras["admin/index.html"] = cms.admin_page(_site_name(root), settings.cms).encode("utf-8")
    for name, path in cms.bundle_files(bundle):
        extras[f"admin/{name}"] = path


def _site_name(root: Path) -> str:
    site, _ = load_config_file(root / "mkdocs.yml")
    return site.site_name


def _content_files(content_dir: Path) -> dict[str, Extra]:
    """Every file of the content folder that is not Markdown (images, documents), as MkDocs copies them; none from outside it."""
    base = content_dir.resolve()
    found: dict[str, Extra] = {}
    for path in sorted(content_dir.rglob("*")):
        rel = path.relative_to(content_dir)
        if path.is_dir() or path.suffix == ".md" or any(part.startswith(".") for part in rel.parts):
            continue
        if not path.resolve().is_relative_to(base):
            continue  # a link out of the content folder
        found[rel.as_posix()] = path
    return found


def _seconds(value: float) -> str:
    from generator.progress import seconds

    return seconds(value)


def main(argv: list[str] | None = None) -> int:
    from generator.cliparse import RussianArgumentParser
    from generator.engines import zensical

    parser = RussianArgumentParser(prog="python -m generator.engines.zensical", description="Сборка сайта Zensical (вместо MkDocs).")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path, help="файл настроек (mkdocs.yml)")
    parser.add_argument("-d", "--site-dir", type=Path, help="куда собрать сайт (по умолчанию site_dir из mkdocs.yml)")
    parser.add_argument("-q", "--quiet", action="store_true", help="только предупреждения и ошибки")
    args = parser.parse_args(argv)
    say = (lambda line: None) if args.quiet else (lambda line: print(line, flush=True))
    consequence = "сайт не собран"
    try:
        if not args.config_file.is_file():
            raise InnopubError(f"нет файла настроек {args.config_file} (запустите команду из папки сайта или укажите -f)")
        site, _ = load_config_file(args.config_file)
        root = args.config_file.resolve().parent
        site_dir = (args.site_dir or root / site.site_dir).resolve()
        consequence = f"сайт не собран; прежняя версия в {failure.shown(site_dir)}/ не тронута"
        failure.step("сборка Zensical", consequence)
        executable = zensical.find_executable(root)
        if executable is None:
            raise EngineError(f"Zensical не найден: {zensical.INSTALL_HINT}.")
        started = time.perf_counter()
        stage = Stage(site_dir)
        staging = stage.open()
        try:
            inputs = site_inputs(args.config_file, say)
            say(f"Zensical: {count_of(len(inputs.pages), 'страница', 'страницы', 'страниц')}…")
            result = zensical.build(
                inputs.pages, inputs.extras, inputs.nav, inputs.settings, staging,
                executable=executable, work_dir=root / CACHE_DIR / "zensical", post_build=inputs.post_build,
            )  # fmt: skip
            say(f"Zensical {result.version}: {count_of(result.pages, 'страница', 'страницы', 'страниц')} за {_seconds(result.seconds)}")
            for warning in result.warnings:
                print(f"Zensical: {warning}", file=sys.stderr)
            if inputs.search:
                say(f"Поисковый индекс: {count_of(inputs.search['pages'], 'страница', 'страницы', 'страниц')} за {_seconds(inputs.times['поиск'])}")
            stage.commit()
        finally:
            stage.discard()
        say(f"Сайт собран Zensical в {failure.shown(site_dir)}/ за {_seconds(time.perf_counter() - started)}.")
        counts = (
            count_of(inputs.entries, "запись", "записи", "записей"),
            count_of(result.pages, "страница", "страницы", "страниц"),
            count_of(inputs.redirects, "переадресация", "переадресации", "переадресаций"),
        )
        say(f"  {', '.join(counts)}; изданий PDF и EPUB: {inputs.editions}.")
        return 0
    except (InnopubError, EngineError) as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"Прервано (Ctrl-C): {consequence}.", file=sys.stderr)
        return 130
    except Exception as exc:
        failure.print_traceback_if_debug(exc)
        disk = failure.disk_problem(exc)
        print(f"{disk}, {consequence}." if disk else failure.unexpected(exc, failure.current(), None, consequence), file=sys.stderr)
        return 2
