"""The EPUB editions: Debian's epubcheck finds no error; metadata, navigation, reproducible bytes."""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

from generator.editions.epub import Chapter, build_epub
from tests.fixtures.checkers import epubcheck_jar


def test_every_shape_of_epub_passes_epubcheck(demo: Path) -> None:
    books = sorted(demo.glob("collections/*/*.epub")) + sorted(demo.glob("bulletin/*/*.epub"))
    assert len(books) == 6
    # One of each shape (conference, digest, bulletin issue with an editorial), checked side by side: the JVM starts slowly.
    shapes = [demo / "collections/sbornik-konferencii-2024/sbornik-konferencii-2024.epub",
              demo / "collections/dajdzhest-praktik-konferencii-2024/dajdzhest-praktik-konferencii-2024.epub",
              demo / "bulletin/2024-05/2024-05.epub"]  # fmt: skip
    jar = str(epubcheck_jar())
    runs = [subprocess.Popen(["java", "-jar", jar, str(b)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for b in shapes]
    for book, run in zip(shapes, runs, strict=True):
        output = run.communicate(timeout=300)[0]
        assert run.returncode == 0, f"{book.name}: {output}"
        assert "0 fatals / 0 errors" in output, output


def test_metadata_and_navigation(demo: Path) -> None:
    book = demo / "collections/sbornik-konferencii-2024/sbornik-konferencii-2024.epub"
    with zipfile.ZipFile(book) as archive:
        assert archive.namelist()[0] == "mimetype"
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
        nav = archive.read("EPUB/nav.xhtml").decode("utf-8")
    ns = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
    assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    assert opf.findtext(".//dc:language", namespaces=ns) == "ru"
    assert "Инновационная практика" in opf.findtext(".//dc:title", namespaces=ns)
    assert opf.findtext(".//dc:publisher", namespaces=ns) == "МКУ «ИМЦ»"
    assert opf.findtext(".//dc:date", namespaces=ns) == "2024-05-20"
    assert "О.\u00a0В.\u00a0Берёзкина" in [e.text for e in opf.findall(".//dc:creator", namespaces=ns)]
    assert opf.findtext('.//opf:meta[@property="dcterms:modified"]', namespaces=ns) == "2024-05-20T00:00:00Z"
    assert "Наставничество и профессиональный рост педагога" in nav
    assert "Сетевое наставничество в малых городах" in nav


def test_same_content_same_bytes() -> None:
    chapters = [Chapter("a.xhtml", "Глава", "<section><h1>Глава</h1><p>Текст по-русски.</p></section>")]
    first = build_epub("urn:test", "Сборник", ["И. И. Иванов"], "ИМЦ", dt.date(2026, 11, 1), chapters, "body {}")
    second = build_epub("urn:test", "Сборник", ["И. И. Иванов"], "ИМЦ", dt.date(2026, 11, 1), chapters, "body {}")
    assert first == second
