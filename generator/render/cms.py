"""The web editor at ``/admin/`` (Sveltia CMS): its configuration made from the schema and the settings.

Engine-neutral: :func:`cms_config` turns the kinds' pydantic models (with their :class:`Ref` and
:class:`Vocab` markers) and the vocabularies of the settings into the dictionary that is written as
``/admin/config.yml``; :func:`admin_page` writes ``/admin/index.html`` with its Content-Security-Policy.
The same schema checks what the editor writes (``innopub check``), so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import os
import types
import typing
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.check.fieldtext import MULTILINE
from generator.kinds import Kind
from generator.kinds.labels import LABELS
from generator.kinds.schema import Ref, Vocab
from generator.read.attachments import PUBLISHED
from generator.read.reader import ID_PATTERN
from generator.read.walk import MAX_FILE_BYTES
from generator.render import cms_locale
from generator.render.cms_admin import ADMIN_STYLE, SCRIPT_NAME
from generator.settings.options import CmsBackend, Settings
from generator.settings.vocabularies import DECLARED

CMS_PACKAGE = "@sveltia/cms"
CMS_VERSION = "0.221.1"
ESBUILD_VERSION = "0.28.2"
"""Pinned: ``make cms`` installs both from npm into the git-ignored ``.tools/`` and bundles the editor
(``scripts/build-cms.mjs``) into ``.tools/cms/``, which every build copies into ``admin/``."""
BUNDLE_DIR = Path(".tools/cms")
BUNDLE_ENV = "INNOPUB_CMS"
"""``INNOPUB_CMS=<folder>``: a bundle made elsewhere (``node scripts/build-cms.mjs .tools <folder>``) instead of ``.tools/cms``."""
ENTRY = "sveltia-cms.js"
FILES_DIR = "files"
GUIDE_PAGES = ("web-editor.md", "for-editors.md")
"""The site's pages that ``/admin/`` links when the site has them: the web editor's guide, the editors' guide."""
ACCEPT = ",".join(f".{ext}" for ext in sorted(PUBLISHED))
"""The file types the editor offers to upload: those the site publishes (the check refuses the rest)."""
DATE_FORMAT = "YYYY-MM-DD"
ID_RULE = [ID_PATTERN.pattern, "Имя файла (id): строчные латинские буквы, цифры и дефисы, например gimnaziya-2-vologda"]
URL_RULE = ["^https?://", "Адрес сайта начинается с http:// или https://"]

HINTS = {
    "includes": "вид/id записи, например reports/otchet-2026",
    "items": "вид/id записи; выпуск пишет команда innopub bulletin",
    "draft": "включите, чтобы запись проверялась, но не публиковалась: её не будет на сайте, в поиске, ленте, «Вестнике» и сборниках",
}
API_ROOTS = {"gitlab": "/api/v4", "gitea": "/api/v1"}
GITHUB_STATUS = "https://www.githubstatus.com"
"""Sveltia asks it whether GitHub works, to say so when it does not."""
DEFAULT_HOSTS = {"github": "https://api.github.com", "gitlab": "https://gitlab.com", "gitea": "https://gitea.com"}


def cms_config(settings: Settings, kinds: dict[str, Kind], content_dir: str = "content", title: str | None = None) -> dict[str, Any]:
    """The editor's configuration: one collection per kind, every field of its schema; ``title`` on its sign-in page
    and its browser tab instead of «Sveltia CMS»."""
    config: dict[str, Any] = {
        "backend": backend(settings.cms),
        **({"app_title": title} if title else {}),
        "media_folder": f"{content_dir}/{FILES_DIR}",
        "public_folder": "",
        "media_libraries": {"default": {"config": {"max_file_size": MAX_FILE_BYTES}}},  # what innopub check allows (generator/read/attachments.py)
        "output": {"omit_empty_optional_fields": True},
        "slug": {"encoding": "ascii", "clean_accents": True, "lowercase": True, "maxlength": 60},  # ids: at most 100 characters
        "collections": [collection(kind, settings, content_dir) for kind in kinds.values()],
    }
    return config


def backend(cms: CmsBackend | None) -> dict[str, Any]:
    """The hosting the editor commits to. Without one, Sveltia's local mode (a checked-out folder in Chromium)
    is what works; the Gitea entry below only fills the configuration's required ``backend`` (Gitea's, unlike
    GitHub's, makes no request when the page opens), and ``/admin/`` shows no button of it
    (:mod:`generator.render.cms_admin`)."""
    if cms is None:
        return {
            "name": "gitea",
            "repo": "local/innopub",
            "branch": "main",
            "base_url": "https://gitea.invalid",
            "api_root": "https://gitea.invalid/api/v1",
            "app_id": "innopub-no-hosting",  # Sveltia requires one for OAuth alone
            "auth_methods": ["oauth"],  # no token button; the OAuth one is hidden by the page (cms_admin.ADMIN_STYLE)
        }
    result: dict[str, Any] = {"name": cms.backend, "repo": cms.repo, "branch": cms.branch}
    if cms.backend == "github":
        if cms.base_url:
            result["base_url"] = cms.base_url  # the OAuth client (e.g. sveltia-cms-auth)
    else:
        base = (cms.base_url or DEFAULT_HOSTS[cms.backend]).rstrip("/")
        result["base_url"] = base
        result["api_root"] = base + API_ROOTS[cms.backend]
        if cms.backend == "gitlab":
            result["auth_type"] = "pkce"
    if cms.app_id:
        result["app_id"] = cms.app_id
    return result


def api_origin(cms: CmsBackend | None) -> str | None:
    """The one other host the editor talks to: the hosting's API (none in local mode)."""
    if cms is None:
        return None
    api = backend(cms).get("api_root") or DEFAULT_HOSTS["github"]
    parts = urlsplit(api)  # a parsed https:// address (generator/settings/urls.py): a host, a port, nothing else
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host if host.isascii() else host.encode("idna").decode("ascii")  # CSP's grammar is ASCII
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


def collection(kind: Kind, settings: Settings, content_dir: str) -> dict[str, Any]:
    fields = [field(name, info, settings) for name, info in kind.schema.model_fields.items()]
    fields.append({"name": "body", "label": "Текст", "widget": "markdown", "required": False})
    generated = not kind.editors_create  # issues are written by `innopub bulletin`; an editor adds the editorial
    return {
        "name": kind.folder,
        "label": kind.registry,
        "label_singular": kind.one[:1].upper() + kind.one[1:],
        "folder": f"{content_dir}/{kind.folder}",
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": not generated,
        "delete": not generated,
        "identifier_field": "title",
        "slug": {"template": "{{title}}", "editable": ["create"], "pattern": [*ID_RULE], "hint": ID_RULE[1]},
        "nested": {"depth": 3, "subfolders": False},  # a sub-folder (reports/2023/) only groups files
        "summary": "{{title}}",
        "sortable_fields": ["title", "date"] if "date" in kind.schema.model_fields else ["title"],
        "fields": fields,
    }


def field(name: str, info: FieldInfo, settings: Settings) -> dict[str, Any]:
    """One field of a schema as an editor's widget, with its label, hint and whether it is required."""
    result: dict[str, Any] = {"name": name, "label": info.title or LABELS.get(name, name)}
    hint = info.description if info.title else HINTS.get(name) or info.description
    if hint:
        result["hint"] = hint
    result.update(widget(name, info, settings))
    if hint and result["widget"] == "datetime":
        result["hint"] = cms_locale.date_hint(hint)
    result["required"] = info.is_required()
    return result


def widget(name: str, info: FieldInfo, settings: Settings) -> dict[str, Any]:
    """The widget for the field's type: markers first (a reference, a vocabulary), then the Python type."""
    ref = next((m for m in info.metadata if isinstance(m, Ref)), None)
    vocab = next((m for m in info.metadata if isinstance(m, Vocab)), None)
    inner, many = _element(info.annotation)
    minimum = _min_length(info)
    counted = {"min": minimum} if many and minimum else {}
    if ref is not None:
        shown = ["title"]
        relation = {"widget": "relation", "collection": ref.folder, "value_field": "{{slug}}", "search_fields": shown, "display_fields": shown}
        return relation | ({"multiple": True, **counted} if many else {})
    if vocab is not None:
        return {"widget": "select", "options": _options(vocab.name, settings)} | ({"multiple": True, **counted} if many else {})
    if many and isinstance(inner, type) and issubclass(inner, BaseModel):
        return {"widget": "list", "fields": _subfields(inner, settings), **counted}
    if many:
        return {"widget": "list", **counted}
    return _scalar(name, inner, info, settings)


def _scalar(name: str, inner: Any, info: FieldInfo, settings: Settings) -> dict[str, Any]:
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return {"widget": "object", "fields": _subfields(inner, settings)}
    if inner is dt.date:
        return {"widget": "datetime", "type": "date", "format": DATE_FORMAT}  # shown the browser's way: cms_locale
    if inner is bool:
        return {"widget": "boolean", "default": bool(info.default)}
    if inner is int:
        low = next((m.ge for m in info.metadata if getattr(m, "ge", None) is not None), None)
        return {"widget": "number", "value_type": "int"} | ({"min": low} if low is not None else {})
    if name == "file":
        return {"widget": "file", "choose_url": False, "accept": ACCEPT}
    if name == "website":
        return {"widget": "string", "type": "url", "pattern": [*URL_RULE]}
    return {"widget": "text" if name in MULTILINE else "string"}


def _subfields(model: type[BaseModel], settings: Settings) -> list[dict[str, Any]]:
    return [field(name, info, settings) for name, info in model.model_fields.items()]


def _options(vocabulary: str, settings: Settings) -> list[dict[str, str]]:
    if vocabulary == "statuses":
        return [{"label": f"{s.code} — {s.name}", "value": s.code} for s in settings.statuses]
    if vocabulary == "levels":
        return [{"label": f"{t.code} — {t.name}", "value": t.code} for t in settings.levels]
    names = dict(DECLARED[vocabulary].names) if vocabulary in DECLARED else {}  # codes (``digest``): an editor picks a name
    return [{"label": names.get(value, value), "value": value} for value in settings.vocabulary(vocabulary)]


def _strip(annotation: Any) -> Any:
    """``Annotated[X, …]`` → X; ``X | None`` → X."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            rest = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(rest) == 1:
                annotation = rest[0]
                continue
        return annotation


def _element(annotation: Any) -> tuple[Any, bool]:
    """(the type of one value, whether the field is a list)."""
    bare = _strip(annotation)
    if typing.get_origin(bare) is list:
        return _strip(typing.get_args(bare)[0]), True
    return bare, False


def _min_length(info: FieldInfo) -> int | None:
    return next((m.min_length for m in info.metadata if getattr(m, "min_length", None)), None)


ADMIN_PAGE = """<!doctype html>
<html lang="ru" data-hosting="{{ hosting }}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="../assets/images/favicon.png">
<title>Редактор — {{ site_name }}</title>
<style>
{{ style | safe }}</style>
</head>
<body>
<noscript><p>Редактор — {{ site_name }}. Редактору нужен JavaScript: включите его в браузере.</p></noscript>
<main id="innopub-notice" hidden>
<h1>Веб-редактор этого сайта не подключён</h1>
<p>Записи сайта хранятся в репозитории на хостинге (GitLab, Gitea, Forgejo или GitHub), и веб-редактор сохраняет
их туда. Для этого сайта хостинг не указан, поэтому войти в редактор здесь нельзя.</p>
<p><strong>Администратору сайта:</strong> укажите хостинг в параметре <code>cms:</code> плагина innopub в файле
<code>mkdocs.yml</code> и соберите сайт заново{% if guide %} — по шагам это описано на странице
<a href="{{ guide }}">«Веб-редактор»</a>{% endif %}.</p>
<p><strong>Редактору:</strong> пока редактор не подключён, записи добавляются файлами в папку <code>content/</code>
репозитория{% if editors %} (см. <a href="{{ editors }}">«Для редакторов»</a>){% endif %}. На своём компьютере
редактор работает и без хостинга: запустите <code>innopub serve</code> в папке сайта и откройте
http://127.0.0.1:8000/admin/ в Chromium, Chrome, Edge или «Яндекс Браузере».</p>
<p><a href="../">На главную страницу сайта</a></p>
</main>
<template id="innopub-local-template"><div id="innopub-local" role="note">
<p>Хостинг для этого сайта не указан, поэтому редактор работает с папкой сайта на этом компьютере: сохранённая
запись сразу записывается в её папку <code>content/</code>. Проверьте её командой <code>innopub check</code> и
отправьте в репозиторий, как обычно.{% if guide %} Как подключить вход через GitLab, Gitea, Forgejo или GitHub —
на странице <a href="{{ guide }}" target="_blank">«Веб-редактор»</a>.{% endif %}</p>
</div></template>
<script type="module" src="{{ script }}"></script>
</body>
</html>
"""


def content_security_policy(cms: CmsBackend | None) -> str:
    """Only what Sveltia needs: its own script and config from the site, inline styles (Svelte sets them),
    ``blob:`` and ``data:`` for previews of files being uploaded, and the hosting's API."""
    api = api_origin(cms)
    connect = "'self' blob: data:" + (f" {api}" if api else "") + (f" {GITHUB_STATUS}" if cms and cms.backend == "github" else "")
    images = "'self' blob: data:" + (f" {api}" if api else "")
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src {images}",
            "media-src 'self' blob:",
            "font-src 'self' data:",
            f"connect-src {connect}",
            "frame-src 'self' blob:",
            "worker-src 'self' blob:",
            "form-action 'none'",
            "base-uri 'none'",
        )
    )


def admin_page(site_name: str, cms: CmsBackend | None, guide: str | None = None, editors: str | None = None) -> str:
    """``/admin/index.html``: its policy, the notice of a site with no hosting (``guide`` and ``editors``: the addresses
    of the site's pages «Веб-редактор» and «Для редакторов» from ``/admin/``, when the site has them), its script."""
    template = Environment(autoescape=True).from_string(ADMIN_PAGE)
    return template.render(
        csp=content_security_policy(cms),
        site_name=site_name,
        hosting=cms.backend if cms else "",
        guide=guide,
        editors=editors,
        style=ADMIN_STYLE,
        script=SCRIPT_NAME,
    )


def find_bundle(*roots: Path) -> Path | None:
    """The folder of the editor's bundle: the one ``INNOPUB_CMS`` names, else the one under one of ``roots`` (the
    site's folder, then innopub's own checkout)."""
    named = os.environ.get(BUNDLE_ENV)
    if named:
        return Path(named) if (Path(named) / ENTRY).is_file() else None
    return next((root / BUNDLE_DIR for root in roots if (root / BUNDLE_DIR / ENTRY).is_file()), None)


def bundle_files(folder: Path) -> list[tuple[str, Path]]:
    """(path inside admin/, file) of every file of the bundle, in a fixed order."""
    return sorted((path.relative_to(folder).as_posix(), path) for path in folder.rglob("*") if path.is_file())
