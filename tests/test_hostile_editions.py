"""PDF and EPUB editions are as safe as the site, and a published edition is a record.

A hostile corpus (file: addresses, a local HTTP server that counts connections, attachments,
``javascript:``, scripts, frames, CSS ``url()``) is built with the real ``innopub build`` on a
machine whose fontconfig sees no font; the PDFs are opened with pypdf and the EPUBs unzipped
and checked with epubcheck. Then: an edited article does not change the editions already
issued, until ``innopub bulletin … --refresh`` (or deleting a collection's kept files).
"""

from __future__ import annotations

import io
import re
import socketserver
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import INNOPUB, ROOT, as_of, innopub, project, soup
from tests.fixtures.checkers import embedded_fonts, epubcheck_jar, no_system_fonts

ARTICLE = "content/articles/setevoe-nastavnichestvo-malye-goroda.md"
COLLECTION = "sbornik-konferencii-2024"
ISSUE = "2024-05"
PASSWD = "root:x:0:0"
# A 1×1 PNG.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf00000301010018dd8db40000000049454e44ae426082"
)


class _Counter(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.server.connections += 1  # type: ignore[attr-defined]
        self.request.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: image/png\r\n\r\n" + PIXEL)


@pytest.fixture(scope="module")
def server() -> Iterator[socketserver.TCPServer]:
    """A server on 127.0.0.1 that counts every connection made to it (none must be)."""
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Counter) as srv:
        srv.connections = 0  # type: ignore[attr-defined]
        thread = threading.Thread(target=srv.serve_forever, daemon=True)
        thread.start()
        yield srv
        srv.shutdown()


def hostile(port: int) -> str:
    web = f"http://127.0.0.1:{port}"
    return f"""

Враждебный абзац со ссылками: [md](javascript:alert(2)), ![md img]({web}/md.png), [файл](file:///etc/passwd).

<img src="file:///etc/passwd" alt="a"> <img src="{web}/x.png" alt="b"> <img src="../files/../../../../etc/passwd" alt="c">
<img src="../files/evil/pixel.png" alt="пиксель"> <img src="/files/evil/pixel.png" alt="пиксель2">

<link rel="attachment" href="/etc/passwd">
<link rel="stylesheet" href="{web}/style.css">

<p><a rel="attachment" href="file:///etc/passwd">вложение</a> <a rel="attachment" href="../files/evil/pixel.png">вложение2</a>
<a href="javascript:alert(1)">скрипт-ссылка</a> <a href="file:///etc/passwd">файл-ссылка</a> <a href="{web}/page">веб-ссылка</a></p>

<script>alert(1)</script>

<iframe src="https://rutube.ru/play/embed/1"></iframe>

<p style="background:url(file:///etc/passwd)">стиль</p>
<p style="background:url({web}/bg.png)">стиль2</p>

<object data="file:///etc/passwd"></object>
<embed src="file:///etc/passwd">
<svg><image href="{web}/svg.png"/></svg>

<table><tr><td style="background:url({web}/td.png)">ячейка</td></tr></table>

<p id="end-articles-{ARTICLE.split("/")[-1][:-3]}" class="item-title">чужой якорь</p>
"""


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def build(root: Path, env: dict[str, str] | None = None) -> None:
    if env is None:
        result = innopub("build", cwd=root)
    else:
        result = subprocess.run([*INNOPUB, "build"], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, server) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    root = project(tmp / "site", ROOT / "content")
    evil = root / "content/files/evil"
    evil.mkdir(parents=True)
    (evil / "pixel.png").write_bytes(PIXEL)
    text = hostile(server.server_address[1])
    for rel in (ARTICLE, f"content/collections/{COLLECTION}.md", f"content/bulletin/{ISSUE}.md"):
        _append(root / rel, text)
    build(root, no_system_fonts(tmp))
    return root / "site"


def _editions(site: Path) -> list[Path]:
    return [site / f"collections/{COLLECTION}/{COLLECTION}", site / f"bulletin/{ISSUE}/{ISSUE}"]


def test_no_connection_is_made(hostile_site: Path, server) -> None:
    assert server.connections == 0


def test_pdfs_hold_no_attachment_script_or_outside_file(hostile_site: Path) -> None:
    for base in _editions(hostile_site):
        data = base.with_suffix(".pdf").read_bytes()
        reader = PdfReader(io.BytesIO(data))
        root = reader.trailer["/Root"]
        assert "/EmbeddedFiles" not in (root.get("/Names") or {}), base
        assert "/AcroForm" not in root and "/OpenAction" not in root and "/AA" not in root
        uris = []
        for page in reader.pages:
            for annot in page.get("/Annots") or []:
                annot = annot.get_object()
                assert annot.get("/Subtype") != "/FileAttachment", base
                action = (annot.get("/A") or {}).get_object() if annot.get("/A") else {}
                assert action.get("/S") in (None, "/URI", "/GoTo"), action
                if "/URI" in action:
                    uris.append(str(action["/URI"]))
        assert uris, "the web link is kept"
        assert all(re.match(r"https?://|mailto:|tel:", uri) for uri in uris), uris
        for marker in (b"/JavaScript", b"/EmbeddedFile", b"/FileAttachment", b"javascript:", b"/Launch"):
            assert marker not in data, (base, marker)
        text = " ".join(page.extract_text() for page in reader.pages)
        assert PASSWD not in text and "/bin/bash" not in text
        assert "Враждебный абзац" in text and "веб-ссылка" in text and "скрипт-ссылка" in text  # the text stays, the address goes
        assert "alert(1)" not in text
        images = [
            x for page in reader.pages for x in ((page["/Resources"].get("/XObject") or {}).values()) if x.get_object().get("/Subtype") == "/Image"
        ]
        assert images, "the image under content/files is printed"
        fonts = embedded_fonts(reader)
        assert fonts and all(name.split("+")[-1].startswith("PT-") for name in fonts), fonts


def test_body_anchors_do_not_move_page_numbers(hostile_site: Path) -> None:
    page = soup(hostile_site / "articles/setevoe-nastavnichestvo-malye-goroda/index.html")
    first = int(page.select_one('meta[name="citation_firstpage"]')["content"])
    last = int(page.select_one('meta[name="citation_lastpage"]')["content"])
    assert 1 < first <= last


def test_epubs_are_self_contained_and_valid(hostile_site: Path) -> None:
    books = [base.with_suffix(".epub") for base in _editions(hostile_site)]
    for book in books:
        with zipfile.ZipFile(book) as archive:
            names = archive.namelist()
            assert any(n.startswith("EPUB/images/") and n.endswith(".png") for n in names), names
            for name in names:
                data = archive.read(name)
                if not name.endswith((".xhtml", ".opf", ".ncx", ".css")):
                    continue
                body = re.sub(r'<a href="http://127\.0\.0\.1:\d+/page">', "", data.decode("utf-8"))  # a hyperlink, not a resource
                for marker in ("<script", "javascript:", "file:", "127.0.0.1", "<iframe", "<object", "<embed", '<link rel="attachment', PASSWD):
                    assert marker not in body, (book.name, name, marker)
                assert 'id="end-' not in body
    jar = str(epubcheck_jar())
    runs = [subprocess.Popen(["java", "-jar", jar, str(b)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for b in books]
    for book, run in zip(books, runs, strict=True):
        output = run.communicate(timeout=300)[0]
        assert run.returncode == 0 and "0 fatals / 0 errors" in output, f"{book.name}: {output}"


def test_fetcher_refuses_everything_outside_its_folders(tmp_path: Path, server) -> None:
    """Even unsanitized HTML reaches no file outside the given folders and no network."""
    from generator.editions.pdf import render_pdf

    web = f"http://127.0.0.1:{server.server_address[1]}"
    before = server.connections
    allowed = tmp_path / "files"
    allowed.mkdir()
    (allowed / "pixel.png").write_bytes(PIXEL)
    (allowed / "link.png").symlink_to("/etc/passwd")
    html = f"""<html lang="ru"><head><link rel="attachment" href="file:///etc/passwd"><link rel="stylesheet" href="{web}/s.css">
    <style>@import url({web}/i.css); body {{ background: url(file:///etc/passwd) }}</style></head><body>
    <p>Проверка</p><img src="file:///etc/passwd"><img src="{web}/x.png"><img src="{(allowed / "link.png").as_uri()}">
    <img src="data:image/png;base64,iVBORw0KGgo="><img src="{(allowed / "pixel.png").as_uri()}">
    <a rel="attachment" href="file:///etc/passwd">a</a> <a href="javascript:alert(1)">j</a> <a href="file:///etc/hosts">f</a>
    <object data="file:///etc/passwd"></object><embed src="{web}/e"><iframe src="{web}/f"></iframe></body></html>"""
    result = render_pdf(html, ROOT / "theme/print/collection.css", ROOT / "theme", [allowed])
    assert server.connections == before
    reader = PdfReader(io.BytesIO(result.data))
    assert "/Names" not in reader.trailer["/Root"]
    assert not reader.pages[0].get("/Annots")
    for marker in (b"/EmbeddedFile", b"/FileAttachment", b"javascript:", b"file:"):
        assert marker not in result.data, marker
    xobjects = reader.pages[0]["/Resources"].get("/XObject") or {}
    assert len([x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]) == 1  # only the allowed pixel


def test_body_images_only_from_content_files(tmp_path: Path) -> None:
    """A symbolic link in content/files (refused by ``innopub check`` too) or a path out of it gives no image."""
    from generator.editions.printbody import Addresses

    content = tmp_path / "content"
    (content / "files/img").mkdir(parents=True)
    (content / "files/img/pixel.png").write_bytes(PIXEL)
    (content / "files/img/passwd.png").symlink_to("/etc/passwd")
    addresses = Addresses(content, {}, "")
    assert addresses.content_file("articles/a.md", "../files/img/pixel.png") == (content / "files/img/pixel.png").resolve()
    assert addresses.content_file("articles/a.md", "/files/img/pixel.png") is not None
    for src in ("../files/img/passwd.png", "../../etc/passwd", "../files/../../etc/passwd", "file:///etc/passwd", "http://127.0.0.1/x.png"):
        assert addresses.content_file("articles/a.md", src) is None, src
        assert addresses.epub_image("articles/a.md", src) is None and addresses.pdf_image("articles/a.md", src) is None


def _pages(site: Path) -> tuple[str, str]:
    page = soup(site / "articles/setevoe-nastavnichestvo-malye-goroda/index.html")
    return tuple(page.select_one(f'meta[name="citation_{n}page"]')["content"] for n in ("first", "last"))  # type: ignore[return-value]


def test_a_published_edition_is_a_record(tmp_path: Path) -> None:
    root = project(tmp_path / "site", ROOT / "content")
    build(root)
    site, kept = root / "site", root / "editions"
    files = {
        "issue": [site / f"bulletin/{ISSUE}/{ISSUE}.pdf", site / f"bulletin/{ISSUE}/{ISSUE}.epub"],
        "collection": [site / f"collections/{COLLECTION}/{COLLECTION}.pdf", site / f"collections/{COLLECTION}/{COLLECTION}.epub"],
    }
    first = {k: [p.read_bytes() for p in v] for k, v in files.items()}
    assert (kept / f"bulletin/{ISSUE}.pdf").read_bytes() == first["issue"][0]
    assert (kept / f"collections/{COLLECTION}.epub").read_bytes() == first["collection"][1]
    pages = _pages(site)

    # The article grows by pages: the issued editions, and the pages the citation quotes, stay as they were.
    _append(root / ARTICLE, "\n\n" + "\n\n".join(f"Новый абзац {i}. " + "Текст, дописанный после выхода издания. " * 30 for i in range(40)) + "\n")
    build(root)
    assert {k: [p.read_bytes() for p in v] for k, v in files.items()} == first
    assert _pages(site) == pages

    # --refresh: the issue is made anew by the next build; the collection stays kept.
    refreshed = innopub("bulletin", ISSUE, "--refresh", cwd=root)
    assert refreshed.returncode == 0, refreshed.stderr
    assert not (kept / f"bulletin/{ISSUE}.pdf").exists()
    build(root)
    assert files["issue"][0].read_bytes() != first["issue"][0] and files["issue"][1].read_bytes() != first["issue"][1]
    assert len(PdfReader(files["issue"][0]).pages) > len(PdfReader(io.BytesIO(first["issue"][0])).pages)
    assert (kept / f"bulletin/{ISSUE}.pdf").read_bytes() == files["issue"][0].read_bytes()
    assert [p.read_bytes() for p in files["collection"]] == first["collection"] and _pages(site) == pages

    # A collection: delete its kept files; the citation now quotes the new edition's pages.
    for file in (kept / "collections").glob(f"{COLLECTION}.*"):
        file.unlink()
    build(root)
    assert files["collection"][0].read_bytes() != first["collection"][0]
    assert _pages(site) != pages


def test_unpublished_editions_are_not_kept(tmp_path: Path) -> None:
    root = project(tmp_path / "site", ROOT / "content", extra_config="")
    as_of(root, "2024-05-31")
    build(root)
    kept = sorted(p.relative_to(root / "editions").as_posix() for p in (root / "editions").rglob("*.pdf") if "spravki" not in p.parts)
    # Dated on or before 2024-05-31: the April issue (out 2024-05-01) and the conference collection (2024-05-20).
    assert kept == ["bulletin/2024-04.pdf", f"collections/{COLLECTION}.pdf"], kept


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
