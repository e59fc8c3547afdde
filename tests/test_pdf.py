"""The PDF editions, opened with a real PDF library (pypdf); fonts from the theme on any machine; the content-keyed cache."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.collect import contents
from generator.config import load_config
from generator.load import load_content
from tests.conftest import ENV, ROOT, as_of, innopub, project, soup

COLLECTION = "sbornik-konferencii-2024"


@pytest.fixture(scope="module")
def model(demo_root: Path):
    found, problems = load_content(demo_root / "content", load_config(demo_root / "mkdocs.yml").settings)
    assert not problems.errors
    return found


def text_of(page) -> str:
    """A page's text with line-end hyphenation undone and whitespace collapsed."""
    return " ".join(re.sub(r"-\n", "", page.extract_text()).split())


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return found


def test_conference_pdf(demo: Path, model) -> None:
    pdf = demo / f"collections/{COLLECTION}/{COLLECTION}.pdf"
    reader = PdfReader(pdf)
    page = soup(demo / f"collections/{COLLECTION}/index.html")
    link = page.select_one(f'a[href="{COLLECTION}.pdf"]')
    assert link is not None and page.select_one(f'a[href="{COLLECTION}.epub"]') is not None
    assert f"PDF: {len(reader.pages)}\u00a0стран" in page.get_text()
    assert 10 <= len(reader.pages) <= 60

    sections = contents(model.get("collections", COLLECTION))
    marks = outline(reader)
    titles = [(level, title) for level, title, _ in marks]
    expected = []
    for section in sections:
        expected.append((1, section.title))
        expected += [(2, a.title) for a in section.entries]
    assert [t for t in titles if t[1] not in ("Предисловие", "Содержание")] == expected
    starts = [number for level, _, number in marks if level == 2]
    for _, title, number in (m for m in marks if m[0] == 2):
        assert text_of(reader.pages[number - 1]).find(" ".join(title.split())[:40]) != -1, title

    # The table of contents prints the page where each article starts.
    toc_page = next(number for _, title, number in marks if title == "Содержание")
    toc = "\n".join(reader.pages[i].extract_text() for i in range(toc_page - 1, starts[0] - 1))
    printed = [int(n) for n in re.findall(r"\.{3,}\s*(\d+)\s*$", toc, re.M)]
    assert printed == starts

    # Running headers and page numbers: a page inside an article carries its number.
    inside = reader.pages[starts[1]]
    assert str(starts[1] + 1) in inside.extract_text().split()

    # Title page with the output data.
    cover = text_of(reader.pages[0]) + " " + text_of(reader.pages[1])
    for expected_text in ("МКУ «ИМЦ»", "Сокол", "2024", "УДК 37.014", "ББК 74.04", "ISBN 978-5-907914-27-8", "О. В. Берёзкина"):
        assert expected_text in cover.replace("\u00a0", " "), expected_text

    # Cyrillic text comes back intact, and every font is embedded.
    article_page = text_of(reader.pages[starts[3] - 1]) + " " + text_of(reader.pages[starts[3]])
    assert "В школах малых городов это условие часто невыполнимо." in article_page
    fonts = embedded_fonts(reader)
    assert fonts and all(fonts.values()), fonts
    assert any("PT-Serif" in name for name in fonts) and any("PT-Sans" in name for name in fonts)
    assert all(name.split("+")[-1].startswith("PT-") for name in fonts), fonts  # no DejaVu, Liberation or other system font


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    """Each font's name → whether its file is embedded."""
    fonts = {}
    for pdf_page in reader.pages:
        for font in (pdf_page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


NO_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def no_system_fonts(tmp: Path) -> dict[str, str]:
    """An environment in which fontconfig sees no system font at all: only @font-face can give PT fonts."""
    conf = tmp / "fonts.conf"
    conf.write_text(NO_FONTS_CONF.format(cache=tmp / "fc-cache"), encoding="utf-8")
    return {**ENV, "FONTCONFIG_FILE": str(conf), "PYTHONWARNINGS": "ignore"}


def test_fonts_come_from_the_theme_not_the_system(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from generator.pdf import render_pdf; "
        "html = '<html lang=\"ru\"><body><h1>Заголовок</h1><p>Текст <b>жирный</b> <i>курсив</i></p></body></html>'; "
        "sys.stdout.buffer.write(render_pdf(html, Path('theme/print/collection.css'), Path('theme')).data)"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=no_system_fonts(tmp_path), capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode()
    fonts = embedded_fonts(PdfReader(io.BytesIO(result.stdout)))
    names = {name.split("+")[-1] for name in fonts}
    assert {"PT-Serif", "PT-Serif-Bold", "PT-Serif-Italic", "PT-Sans-Bold"} <= names, names
    assert all(fonts.values()) and all(name.startswith("PT-") for name in names), fonts


def test_bulletin_and_digest_pdfs(demo: Path, model) -> None:
    reader = PdfReader(demo / "bulletin/2024-05/2024-05.pdf")
    issue = model.get("bulletin", "2024-05")
    titles = [title for level, title, _ in outline(reader) if level == 2]
    assert titles == [e.title for s in contents(issue) for e in s.entries]
    assert "Слово редакции" in [title for _, title, _ in outline(reader)]
    digest = PdfReader(demo / "collections/dajdzhest-praktik-konferencii-2024/dajdzhest-praktik-konferencii-2024.pdf")
    assert "Межорганизационная наставническая пара" in " ".join(t for _, t, _ in outline(digest))


def test_unchanged_collections_are_not_rendered_again(demo_root: Path, tmp_path: Path) -> None:
    root = project(tmp_path / "site", ROOT / "content")
    # Before the editions' dates nothing is published: every edition comes from the content-keyed cache.
    as_of(root, "2024-01-01")
    shutil.copytree(demo_root / ".cache", root / ".cache")
    assert innopub("build", cwd=root).returncode == 0
    assert not (root / "editions").exists(), "unpublished editions are not kept"
    cached = {p.name: p.stat().st_mtime_ns for p in (root / ".cache/innopub").glob("*.pdf")}
    assert len(cached) == 6  # 4 bulletin issues, a conference collection, a digest

    # Another report edited: no collection holds it, nothing is laid out again.
    report = root / "content/reports/nastavnichestvo-2024-2025.md"
    report.write_text(report.read_text(encoding="utf-8").replace("\n---\n", "\n---\n\nДобавлен абзац.\n", 1), encoding="utf-8")
    assert innopub("build", cwd=root).returncode == 0
    after = {p.name: p.stat().st_mtime_ns for p in (root / ".cache/innopub").glob("*.pdf")}
    assert after == cached

    # An article edited: its conference collection and the bulletin issue that holds it are laid out again.
    article = root / "content/articles/setevoe-nastavnichestvo-malye-goroda.md"
    article.write_text(article.read_text(encoding="utf-8").replace("## Проблема малой школы", "## Проблема малой сельской школы"), encoding="utf-8")
    (root / ".cache/innopub/.stale.pdf.999999999.tmp").write_bytes(b"left by a killed build")
    assert innopub("build", cwd=root).returncode == 0
    now = {p.name for p in (root / ".cache/innopub").glob("*.pdf")}
    assert len(now - set(cached)) == 2
    assert len(now) == 6, "the two editions' old files left the cache"
    assert len(list((root / ".cache/innopub").glob("*.epub"))) == len(list((root / ".cache/innopub").glob("*.json"))) == 6
    assert not list((root / ".cache/innopub").glob(".*.tmp")), "a killed build's temporary file is removed"


def test_same_content_same_pdf_bytes() -> None:
    from generator.pdf import render_pdf

    html = '<html lang="ru"><body><h2 class="item-title">Проверка</h2><p>Текст по-русски, с переносами и ёлочками «как надо».</p></body></html>'
    first = render_pdf(html, ROOT / "theme/print/collection.css", ROOT / "theme")
    second = render_pdf(html, ROOT / "theme/print/collection.css", ROOT / "theme")
    assert first.data == second.data
    assert first.pages == 1 and b"CreationDate" not in first.data
