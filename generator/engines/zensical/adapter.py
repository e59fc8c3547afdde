"""The Zensical engine: innopub's finished pages built into a site by Zensical instead of MkDocs.

Zensical (by the authors of Material for MkDocs) reads ``mkdocs.yml`` but runs none of MkDocs'
plugins, so it cannot host innopub as a plugin. This adapter gives it finished pages instead
(:class:`generator.site.boundary.EnginePage`): it writes a staging project — a ``docs/`` folder, our
theme and a generated ``mkdocs.yml`` — runs ``zensical build`` in its own process, fills each
page's content in and adds the extra files and the post-build steps.

Zensical never sees our HTML. Each page's Markdown is a pair of HTML comments with the page's token
(a keyed hash of the page: an unchanged page gives Zensical's cache the same stub), and between
them only the page's headings, escaped, with their ids (``## Цель проекта {#_1}``): Zensical
makes the table of contents, the title, the navigation and the page around them. After the build,
what stands between the two comments in the written page is replaced by the page's HTML, and the
page's ``<head>`` tags are added (the stubs and their filling: :mod:`generator.engines.zensical.stubs`): nothing of the content
is converted, re-interpreted or printed by Zensical's templates (which do not escape: MiniJinja
with auto-escaping off, like MkDocs' Jinja), and titles reach it as HTML text.

Zensical runs from a virtual environment of its own (``make zensical``: ``.tools/zensical-venv``):
its releases pin versions of their own (0.0.74 and later need ``zensical-ui``) and it must not
move MkDocs' and Material's dependencies, or be moved by them. :func:`find_executable` says where.

``innopub build --engine zensical`` builds the site this way: :func:`build_site` takes its inputs from the
engine-neutral :class:`generator.site.site.Site` — the same pages, files, navigation and search index the MkDocs
plugin gets from it — and converts the pages' Markdown as MkDocs does (:mod:`generator.render.convert`).
"""

from __future__ import annotations

import gzip
import html
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from generator.common import failure
from generator.engines.zensical.stubs import fill, fix, stub, token, work_key
from generator.pages.catalog import nav_kept
from generator.render import outputs
from generator.site.boundary import EngineError, EnginePage, Extra, NavItem, PostBuild, SiteSettings
from generator.site.site import Site

ZENSICAL_VERSION = "0.0.73"
"""The release innopub is tested with: 0.0.74 and 0.1.x require ``zensical-ui``, which PyPI's mirror here lacks."""
EXECUTABLE_ENV = "INNOPUB_ZENSICAL"
"""The ``zensical`` executable to run; else ``.tools/zensical-venv/bin/zensical`` of the project, else ``zensical`` on PATH."""
PROJECT_VENV = Path(".tools") / "zensical-venv"
INSTALL_HINT = (
    f"установите его командой «make zensical» (Zensical {ZENSICAL_VERSION} в {PROJECT_VENV}/) "
    f"или укажите его исполняемый файл в переменной {EXECUTABLE_ENV}"
)
TIMEOUT = 1800  # seconds: a build that long is stuck, not slow (the demo takes under 10 s)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class ZensicalResult:
    site_dir: Path
    pages: int
    extras: int
    seconds: float
    """Zensical's own run, in seconds (the subprocess)."""
    version: str
    warnings: list[str] = field(default_factory=list)
    """Zensical's warnings, without colours (on our stubs: none expected)."""


def find_executable(root: Path | None = None, explicit: str | os.PathLike | None = None) -> Path | None:
    """Zensical's executable: ``explicit``, ``$INNOPUB_ZENSICAL``, ``<root>/.tools/zensical-venv/bin/zensical``, PATH; None if none is there."""
    for candidate in (explicit, os.environ.get(EXECUTABLE_ENV) or None):
        if candidate:
            path = Path(candidate)
            return path if path.is_file() and os.access(path, os.X_OK) else None
    if root is not None:
        local = root / PROJECT_VENV / "bin" / "zensical"
        if local.is_file():
            return local
    found = shutil.which("zensical")
    return Path(found) if found else None


def version_of(executable: Path) -> str:
    try:
        done = subprocess.run([str(executable), "--version"], capture_output=True, text=True, timeout=60, check=False)
    except OSError as exc:
        raise EngineError(f"Zensical не запускается ({executable}: {exc.strerror or exc}); {INSTALL_HINT}") from exc
    if done.returncode != 0:
        raise EngineError(f"Zensical не запускается ({executable}: код {done.returncode}); {INSTALL_HINT}")
    return done.stdout.strip()


def build(
    pages: Sequence[EnginePage],
    extras: Mapping[str, Extra],
    nav: Sequence[NavItem],
    settings: SiteSettings,
    site_dir: Path,
    *,
    executable: Path | None = None,
    work_dir: Path | None = None,
    post_build: Iterable[PostBuild] = (),
) -> ZensicalResult:
    """Build the site into ``site_dir`` (created, or an empty folder) with Zensical.

    ``work_dir`` holds the staging project between builds (Zensical's cache lives there too);
    by default a temporary folder, removed afterwards. Raises :class:`EngineError` (Russian) on failure.
    """
    executable = executable or find_executable()
    if executable is None:
        raise EngineError(f"Zensical не найден: {INSTALL_HINT}.")
    version = version_of(executable)
    temporary = work_dir is None
    work = Path(tempfile.mkdtemp(prefix="innopub-zensical-")) if work_dir is None else work_dir
    key = secrets.token_hex(8) if work_dir is None else work_key(work)
    try:
        config = write_project(work, pages, nav, settings, key)
        started = time.perf_counter()
        warnings = _run(executable, config, work)
        seconds = time.perf_counter() - started
        built = work / "site"
        for page in pages:
            fill(built / page.output, page, token(page, key))
        fix(built / "404.html")
        (built / "search.json").unlink(missing_ok=True)  # Zensical's index of our stubs: the site searches with Pagefind
        _place(built, site_dir)
    finally:
        if temporary:
            shutil.rmtree(work, ignore_errors=True)
    for path, data in extras.items():
        _write_extra(site_dir, path, data)
    for step in post_build:
        step(site_dir)
    return ZensicalResult(site_dir, len(pages), len(extras), seconds, version, warnings)


def write_project(work: Path, pages: Sequence[EnginePage], nav: Sequence[NavItem], settings: SiteSettings, key: str) -> Path:
    """The staging project Zensical builds: ``docs/`` (a stub per page), ``theme/``, ``mkdocs.yml``; returns the config's path."""
    docs, theme, site = work / "docs", work / "theme", work / "site"
    for folder in (docs, theme, site):
        if folder.exists():
            shutil.rmtree(folder)
    docs.mkdir(parents=True)
    paths = set()
    for page in pages:
        _check_path(page.path)
        if not page.path.endswith(".md"):
            raise EngineError(f"страница {page.path}: путь страницы должен оканчиваться на .md")
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(stub(page, token(page, key)), encoding="utf-8")
        paths.add(page.path)
    _copy_theme(settings.theme_dir, theme)
    config = {
        "site_name": settings.site_name,
        "site_url": settings.site_url,
        "site_description": settings.site_description,
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": True,
        "theme": {**settings.theme, "name": "material", "custom_dir": "theme", "language": settings.language},
        "markdown_extensions": ["attr_list", {"toc": {"permalink": False}}],
        "nav": zensical_nav(nav, paths),
        "extra": dict(settings.extra),
        "validation": {"invalid_links": False, "invalid_link_anchors": False},
    }
    path = work / "mkdocs.yml"
    # safe_dump: no Python tags (Zensical reads mkdocs.yml with PyYAML's full Loader)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def zensical_nav(items: Sequence[NavItem], pages: set[str]) -> list[dict]:
    """``nav:`` of ``mkdocs.yml`` from ``(title, path | children)``, titles as HTML text, only pages that exist."""
    return _nav_yaml(nav_kept(list(items), pages))


def _nav_yaml(items: list[NavItem]) -> list[dict]:
    return [{html.escape(title): _nav_yaml(target) if isinstance(target, list) else target} for title, target in items]


def _copy_theme(source: Path, target: Path) -> None:
    """Our theme's templates and the assets pages load; not ``innopub/`` (rendered by innopub) nor ``print/``."""
    target.mkdir(parents=True)
    for item in source.iterdir():
        if item.name in ("innopub", "print") or item.name.startswith("."):
            continue
        if item.is_dir():
            shutil.copytree(item, target / item.name)
        else:
            shutil.copy2(item, target / item.name)


def _run(executable: Path, config: Path, work: Path) -> list[str]:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
    env.pop("PYTHONPATH", None)  # Zensical's own interpreter and packages, never innopub's
    try:
        done = subprocess.run(
            [str(executable), "build", "-f", str(config)], cwd=work, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise EngineError(
            f"Zensical не закончил сборку за {TIMEOUT // 60} мин: сборка остановлена. "
            "Запустите её ещё раз; если повторится — сообщите разработчикам innopub."
        ) from exc
    except OSError as exc:
        raise EngineError(f"Zensical не запускается ({executable}: {exc.strerror or exc}); {INSTALL_HINT}.") from exc
    output = _ANSI.sub("", done.stdout + done.stderr)
    warnings = [line.strip() for line in output.splitlines() if line.strip().startswith(("Warning:", "Error:"))]
    if done.returncode != 0:
        lines = [line.strip() for line in output.splitlines() if line.strip()]
        reason = lines[-1] if lines else f"код {done.returncode}"
        if os.environ.get("INNOPUB_DEBUG", "") not in ("", "0"):
            print(output, file=sys.stderr)
        raise EngineError(
            f"Zensical не собрал сайт: {reason}. Если это шаблон темы (theme/), исправьте его для Zensical "
            f"(README: «Сборка Zensical»); иначе соберите сайт MkDocs («innopub build») и сообщите разработчикам innopub "
            f"(с INNOPUB_DEBUG=1 — весь вывод Zensical)."
        )
    return warnings


def _place(built: Path, site_dir: Path) -> None:
    """Move the built site to ``site_dir``: a new folder, or an empty one (a staging folder of :class:`generator.site.staging.Stage`)."""
    if site_dir.exists():
        if any(site_dir.iterdir()):
            raise EngineError(f"папка {site_dir} не пуста: сайт собирается только в пустую папку")
        site_dir.rmdir()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(built), str(site_dir))
    site_dir.chmod(0o755)


def _check_path(path: str) -> None:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise EngineError(f"недопустимый путь в сайте: {path}")


def _write_extra(site_dir: Path, path: str, data: Extra) -> None:
    _check_path(path)
    target = site_dir / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        target.write_bytes(data)
    else:
        shutil.copyfile(data, target)


def build_site(site: Site, site_dir: Path, reporter_say=print) -> ZensicalResult:
    """Build the loaded ``site`` into ``site_dir`` with Zensical: pages made whole by the Site, its extra files,
    the content's own files, the sitemap with the content's dates, the search index after the pages."""
    config = site.config
    executable = find_executable(config.root)
    if executable is None:
        raise EngineError(f"Zensical не найден: {INSTALL_HINT}.")
    site.prepare()
    for notice in site.notices:
        print(f"Предупреждение: {notice}", file=sys.stderr)
    site.reporter.stage_started("pages", len(site.specs))
    pages = list(site.rendered_pages())
    site.reporter.stage_finished("pages")
    extras: dict[str, Extra] = dict(site.content_files())  # the attachments the check let through; the site's own files win
    extras.update({f.path: f.source if f.source is not None else _bytes(f.data) for f in site.files()})
    if config.site_url:  # Zensical's sitemap has no dates: ours, with each page's date from the content
        extras["sitemap.xml"] = outputs.sitemap(config.site_url, [page.path for page in pages], site.page_date)
        extras["sitemap.xml.gz"] = gzip.compress(extras["sitemap.xml"], mtime=0)
    raw_theme = config.raw.get("theme") if isinstance(config.raw.get("theme"), dict) else {}
    assert config.theme_dir is not None
    settings = SiteSettings(
        site_name=config.site_name,
        site_url=config.site_url,
        site_description=config.site_description,
        theme_dir=config.theme_dir,
        language=str(raw_theme.get("language") or "ru"),
        # Zensical's «classic» look is Material's, which our theme is written for («modern» is its default)
        theme={"variant": "classic", **{k: v for k, v in raw_theme.items() if k in ("features", "palette", "font", "favicon", "logo", "variant")}},
        extra={
            "innopub": {"settings": site.settings.model_dump(mode="json", include=PARTIALS_READ), "serving": False},
            "innopub_registries": [list(item) for item in site.registries()],
        },
        markdown_extensions=config.markdown_extensions,
    )
    site.pages_written(len(pages), progress=False)
    return build(
        pages, extras, site.nav(), settings, site_dir,
        executable=executable, work_dir=config.root / ".cache" / "innopub" / "zensical", post_build=[site.finish],
    )  # fmt: skip


PARTIALS_READ = {"footer", "iframe_hosts", "yandex_metrica", "opendata"}
"""The settings the theme's partials print (CSP, footer, Metrica), handed over in ``config.extra``."""


def _bytes(data: str | bytes | None) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else (data or b"")


def build_staged(site: Site, staging: Path, *, verbose: bool = False, strict: bool = False) -> bool:
    """``innopub build --engine zensical``: ``site`` built by Zensical into ``staging``. False when it failed (said)."""
    try:
        result = build_site(site, staging)
    except EngineError as exc:
        site.abort()
        print(f"{exc} {failure.consequence()[:1].upper()}{failure.consequence()[1:]}.", file=sys.stderr)
        return False
    except BaseException:
        site.abort()
        raise
    for warning in result.warnings:
        print(f"Zensical: {warning}", file=sys.stderr)
    return True
