"""Справки о публикации (issue 24), tried as an author would: the certificate of an article downloaded from its page,
read with a real PDF reader (pypdf), checked on the verification page; the same number and bytes in every build;
a kept certificate unchanged when the settings' editor changes; none without an editor; «Скачать ссылку» files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import bibtexparser
import pytest
import rispy
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from tests.conftest import ENV, INNOPUB, innopub, project, run, soup
from tests.fixtures.certified import ORG, collection
from tests.fixtures.checkers import severe

EDITOR = "      publication: {editor: Смирнова Ольга Викторовна, editor_position: директор ИМЦ, issn: 1234-5679}\n"
COLLECTION = collection('isbn: 978-5-00000-000-0\nudk: "37.01"\nbbk: "74.0"\n')
ARTICLE = (
    """---
title: "Проектная {неделя} в 5 классе"
date: 2026-10-01
authors:
  - {name: Иванова Елена Андреевна, position: учитель математики, organization: shkola-3}
  - {name: Сидоров Пётр Ильич, position: учитель физики, organization: Лицей № 2}
collection: innovacii
---

"""
    + "Текст статьи о проектной неделе. " * 300
    + "\n"
)
ISSUE = """---
title: Вестник № 10 (10), сентябрь 2026
date: 2026-10-01
number: 10
total: 10
items:
  - articles/proektnaya-nedelya
---
"""
HOSTILE = """---
title: 'Ящик <img src="file:///etc/passwd"> </td></tr> {{ 7*7 }}'
date: 2026-10-01
authors:
  - {name: Яковлева Ольга Петровна, position: '</li><script>alert(1)</script>', organization: 'ООО «<b>x</b>»'}
collection: innovacii
---

Текст.
"""
FILES = {
    "organizations/shkola-3.md": ORG, "collections/innovacii.md": COLLECTION, "articles/proektnaya-nedelya.md": ARTICLE, "bulletin/2026-10.md": ISSUE,
    "articles/yashchik.md": HOSTILE,
}  # fmt: skip
HOSTILE_NUMBER = "2026-0D24809AAB"
"""sha256("articles/yashchik@collections/innovacii") starts with 0d24809aab; the article sorts after «Проектная…»."""
# The article runs over pages 5–7 of the collection PDF (cover, imprint, preface, contents, then the article: read with pypdf).
NUMBER = "2026-D94262EEE4"
"""sha256("articles/proektnaya-nedelya@collections/innovacii") starts with d94262eee4 (worked out by hand with sha256sum)."""
ISSUE_NUMBER = "2026-2D45BEF6F8"
"""sha256("articles/proektnaya-nedelya@bulletin/2026-10") starts with 2d45bef6f8."""


def site(tmp: Path, files: dict[str, str], publication: str = EDITOR) -> Path:
    """A project of ``files`` whose settings' ``publication:`` is ``publication`` (not the demo's)."""
    root = project(tmp, files)
    config = root / "mkdocs.yml"
    text = re.sub(r"      publication:\n(?:        .*\n)+", "", config.read_text(encoding="utf-8"))
    config.write_text(text.replace("  - innopub:\n", "  - innopub:\n" + publication), encoding="utf-8")
    return root


def rows_of(page) -> dict[str, str]:
    """A verification page's «dt: dd» rows, no-break spaces as spaces."""
    pairs = zip(page.select("dl dt"), page.select("dl dd"), strict=True)
    return {dt.get_text(strip=True): dd.get_text(" ", strip=True).replace("\u00a0", " ") for dt, dd in pairs}


def text_of(pdf: Path) -> str:
    reader = PdfReader(pdf)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = site(tmp_path_factory.mktemp("cert") / "site", FILES)
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def test_certificate_of_an_article(built: Path) -> None:
    page = soup(built / "site/articles/proektnaya-nedelya/index.html")
    links = page.select("#cite .innopub-certificate a[download]")
    assert [a["href"] for a in links] == [f"../../spravki/{ISSUE_NUMBER}/spravka-{ISSUE_NUMBER}.pdf", f"../../spravki/{NUMBER}/spravka-{NUMBER}.pdf"]
    pdf = built / "site/spravki" / NUMBER / f"spravka-{NUMBER}.pdf"
    assert len(PdfReader(pdf).pages) == 1
    text = text_of(pdf)
    for expected in (
        "Справка о публикации", f"№ {NUMBER}", "«Проектная {неделя} в 5 классе»",
        "Иванова Елена Андреевна — учитель математики, Средняя школа № 3 города Примерска",
        "Сидоров Пётр Ильич — учитель физики, Лицей № 2",
        "Инновации в школе : сборник материалов конференции", "Примерск : ИМЦ Примерска, 2026",
        "ISBN 978-5-00000-000-0", "УДК 37.01", "ББК 74.0", "С. 5–7", "1 октября 2026 г.",
        "https://innopub.example.org/articles/proektnaya-nedelya/",
        f"https://innopub.example.org/spravki/{NUMBER}/", "Директор ИМЦ", "Смирнова Ольга Викторовна",
    ):  # fmt: skip
        assert expected in text.replace("\u00a0", " "), expected


def test_hostile_text_stays_text(built: Path) -> None:
    pdf = built / f"site/spravki/{HOSTILE_NUMBER}/spravka-{HOSTILE_NUMBER}.pdf"
    text = text_of(pdf)
    assert '«Ящик <img src="file:///etc/passwd"> </td></tr> {{ 7*7 }}»' in text
    assert "Яковлева Ольга Петровна — </li><script>alert(1)</script>, ООО «<b>x</b>»" in text
    assert len(PdfReader(pdf).pages[0].images) == 0 and "root:" not in text
    page = soup(built / f"site/spravki/{HOSTILE_NUMBER}/index.html")
    assert page.select("article img, article script") == []
    assert 'Ящик <img src="file:///etc/passwd"> </td></tr> {{ 7*7 }}' in rows_of(page)["Материал"]


def test_verification_page_shows_the_same(built: Path) -> None:
    page = soup(built / f"site/spravki/{NUMBER}/index.html")
    rows = rows_of(page)
    assert rows["Номер справки"] == NUMBER
    assert rows["Страницы в PDF-версии"] == "С. 5–7"
    assert rows["Дата публикации"] == "1 октября 2026 г."
    assert rows["ISBN"] == "978-5-00000-000-0"
    assert rows["Подписал"] == "Смирнова Ольга Викторовна, директор ИМЦ"
    assert "Иванова Елена Андреевна — учитель математики, Средняя школа № 3 города Примерска" in rows["Авторы"]
    assert page.select_one(f'a[href="spravka-{NUMBER}.pdf"]') is not None
    issue = soup(built / f"site/spravki/{ISSUE_NUMBER}/index.html")
    issue_rows = rows_of(issue)
    assert issue_rows["Издание"] == "Вестник № 10 (10), сентябрь 2026 г. : ежемесячный информационный бюллетень"
    assert issue_rows["ISSN"] == "1234-5679"
    assert issue_rows["Страницы в PDF-версии"] == "С. 4–6"  # the issue's PDF: cover, imprint, contents, the article
    person = soup(built / "site/authors/ivanova-elena-andreevna/index.html")
    assert len(person.select(".innopub-certificate a[download]")) == 2


def test_reference_files_parse(built: Path) -> None:
    bib = (built / "site/articles/proektnaya-nedelya/proektnaya-nedelya.bib").read_text(encoding="utf-8")
    [entry] = bibtexparser.parse_string(bib).entries
    assert entry.fields_dict["title"].value == r"Проектная \{неделя\} в 5 классе"
    assert entry.fields_dict["pages"].value == "5--7"
    assert entry.fields_dict["booktitle"].value == "Инновации в школе"
    [record] = rispy.loads((built / "site/articles/proektnaya-nedelya/proektnaya-nedelya.ris").read_text(encoding="utf-8"))
    assert (record["title"], record["start_page"], record["end_page"]) == ("Проектная {неделя} в 5 классе", "5", "7")
    for path in ("collections/innovacii/innovacii", "bulletin/2026-10/2026-10"):
        assert len(bibtexparser.parse_string((built / f"site/{path}.bib").read_text(encoding="utf-8")).entries) == 1
        assert len(rispy.loads((built / f"site/{path}.ris").read_text(encoding="utf-8"))) == 1
    page = soup(built / "site/collections/innovacii/index.html")
    assert [a["href"] for a in page.select(".innopub-cite__files a")] == ["innovacii.bib", "innovacii.ris"]


def test_same_number_and_bytes_in_another_build(built: Path, tmp_path: Path) -> None:
    other = site(tmp_path / "again", FILES)
    assert innopub("build", cwd=other).returncode == 0
    name = f"spravki/{NUMBER}/spravka-{NUMBER}.pdf"
    assert (other / "site" / name).read_bytes() == (built / "site" / name).read_bytes()


def test_certificates_typeset_on_the_pool_are_those_of_one_process(built: Path, tmp_path: Path) -> None:
    """New certificates are typeset on the editions' pool (two workers here: three certificates); in one process
    (``INNOPUB_TYPESET_WORKERS=1``) every certificate and its record come out byte for byte the same."""
    other = site(tmp_path / "alone", FILES)
    assert run([*INNOPUB, "build"], other, env={**ENV, "INNOPUB_TYPESET_WORKERS": "1"}).returncode == 0
    names = sorted(p.name for p in (built / "editions/spravki").iterdir())
    assert names == sorted(f"{n}.{ext}" for n in (NUMBER, ISSUE_NUMBER, HOSTILE_NUMBER) for ext in ("pdf", "json"))
    for name in names:
        assert (other / "editions/spravki" / name).read_bytes() == (built / "editions/spravki" / name).read_bytes(), name


def test_kept_certificate_survives_an_editor_change(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "kept"
    shutil.copytree(built, root)
    kept = (root / f"editions/spravki/{NUMBER}.pdf").read_bytes()
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("Смирнова Ольга Викторовна", "Кузнецов Игорь Павлович"), encoding="utf-8")
    (root / "content/collections/vtoroj.md").write_text(COLLECTION.replace("Инновации в школе", "Второй сборник"), encoding="utf-8")
    (root / "content/articles/vtoraya.md").write_text(ARTICLE.replace("collection: innovacii", "collection: vtoroj"), encoding="utf-8")
    (root / "content/articles/proektnaya-nedelya.md").write_text(ARTICLE.replace("учитель математики", "завуч"), encoding="utf-8")
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / f"site/spravki/{NUMBER}/spravka-{NUMBER}.pdf").read_bytes() == kept  # issued: never changes
    assert "Смирнова Ольга Викторовна" in text_of(root / f"site/spravki/{NUMBER}/spravka-{NUMBER}.pdf")
    new = [p for p in (root / "site/spravki").glob("*/*.pdf") if not any(n in p.name for n in (NUMBER, ISSUE_NUMBER, HOSTILE_NUMBER))]
    assert len(new) == 1
    assert "Кузнецов Игорь Павлович" in text_of(new[0])


def test_no_editor_no_certificates(tmp_path: Path) -> None:
    root = site(tmp_path / "plain", FILES, "")
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert not (root / "site/spravki").exists() and not (root / "editions/spravki").exists()
    assert soup(root / "site/articles/proektnaya-nedelya/index.html").select(".innopub-certificate") == []
    check = innopub("check", cwd=root)
    assert check.stderr.count("справки о публикации не выпускаются") == 1


def test_pages_by_hand_is_an_error(tmp_path: Path) -> None:
    files = {**FILES, "articles/proektnaya-nedelya.md": ARTICLE.replace("collection: innovacii\n", "collection: innovacii\npages: 12-15\n")}
    result = innopub("check", cwd=site(tmp_path / "pages", files))
    assert result.returncode == 1
    assert "content/articles/proektnaya-nedelya.md:8: поле «pages» не заполняют вручную" in result.stderr


def test_signature_from_files_only(tmp_path: Path) -> None:
    from generator.editions.certificate import safe_signature

    content = tmp_path / "content"
    (content / "files").mkdir(parents=True)
    (content / "files/podpis.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "secret.png").write_bytes(b"\x89PNG")
    (content / "files/link.png").symlink_to(tmp_path / "secret.png")
    (content / "files/inner.png").symlink_to(content / "files/podpis.png")
    assert safe_signature(content, "files/podpis.png") == content / "files/podpis.png"
    assert safe_signature(content, "files/link.png") is None
    assert safe_signature(content, "files/inner.png") is None  # any symbolic link is refused
    assert safe_signature(content, "files/../../secret.png") is None
    assert safe_signature(content, "files/missing.png") is None


def png() -> bytes:
    """A 2×2 grey PNG written by hand (signature, IHDR, IDAT, IEND chunks)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80\x80" for _ in range(2))
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_signature_image_printed_only_from_files(tmp_path: Path) -> None:
    with_signature = EDITOR.replace("issn: 1234-5679}", "issn: 1234-5679, signature: files/podpis.png}")
    root = site(tmp_path / "signed", {**FILES, "files/podpis.png": png()}, with_signature)
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert len(PdfReader(root / f"site/spravki/{NUMBER}/spravka-{NUMBER}.pdf").pages[0].images) == 1
    outside = tmp_path / "outside.png"
    outside.write_bytes(png())
    root = site(tmp_path / "linked", FILES, with_signature)
    (root / "content/files").mkdir()
    (root / "content/files/podpis.png").symlink_to(outside)
    result = innopub("build", cwd=root)  # the check refuses a link out of content/ before any certificate is made
    assert result.returncode == 1 and "content/files/podpis.png:1: ссылка на файл вне папки content/" in result.stderr
    root = site(tmp_path / "missing", FILES, with_signature)
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "подпись files/podpis.png не напечатана в справках о публикации" in result.stdout + result.stderr
    assert len(PdfReader(root / f"site/spravki/{NUMBER}/spravka-{NUMBER}.pdf").pages[0].images) == 0


def test_an_author_downloads_and_checks_in_chromium(browser, demo_url: str, tmp_path: Path) -> None:
    """The demo in Chromium, as an author would: the certificate downloaded from the article's page, its printed
    verification address opened on the site, the .ris and .bib downloaded for a reference manager."""
    page = browser.new_page(accept_downloads=True)
    page.goto(demo_url + "articles/cifrovoj-sled-individualnyj-marshrut/")
    # The article is in its conference's collection and in the May 2024 bulletin issue: a certificate for each.
    assert page.get_by_role("link", name="Справка о публикации").count() == 2
    link = page.locator(".innopub-certificate", has_text="Сборник материалов").get_by_role("link", name="Справка о публикации")
    with page.expect_download() as download:
        link.click()
    pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf)
    text = text_of(pdf).replace("\u00a0", " ")
    assert "Корнилова Анна Игоревна — заместитель директора по учебно-воспитательной работе" in text
    assert "Цифровой след обучающегося как основа индивидуального образовательного маршрута" in text
    assert "Белова Марина Николаевна" in text and "Сборник материалов межмуниципальной научно-практической конференции" in text
    verify = re.search(r"https://innopub\.example\.org/(spravki/(\d{4}-[0-9A-F]{10})/)", text)
    assert verify is not None, text
    pages = re.search(r"Страницы в PDF-версии (С\. \d+–\d+)", text)
    assert pages is not None
    page.goto(demo_url + verify.group(1))  # the printed address, on the site served here
    rows = {
        page.locator("dl dt").nth(i).inner_text().strip(): page.locator("dl dd").nth(i).inner_text().strip().replace("\u00a0", " ")
        for i in range(page.locator("dl dt").count())
    }
    assert rows["Номер справки"] == verify.group(2) and pdf.name == f"spravka-{verify.group(2)}.pdf"
    assert rows["Страницы в PDF-версии"] == pages.group(1)
    assert "Корнилова Анна Игоревна" in rows["Авторы"]
    assert severe(Axe(), page) == []  # the verification page is as accessible as the rest (axe-core)
    page.goto(demo_url + "spravki/")  # the list: the number found in it leads to the same page
    page.get_by_role("link", name=verify.group(2), exact=True).click()
    page.wait_for_url(demo_url + verify.group(1))
    page.go_back()
    assert severe(Axe(), page) == []
    page.goto(demo_url + "articles/cifrovoj-sled-individualnyj-marshrut/")
    for name, reader in (("RIS (.ris)", "ris"), ("BibTeX (.bib)", "bib")):
        with page.expect_download() as download:
            page.get_by_role("link", name=name).click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        data = saved.read_text(encoding="utf-8")
        if reader == "ris":
            [record] = rispy.loads(data)
            assert record["authors"][:2] == ["Корнилова, Анна Игоревна", "Зуева, Екатерина Олеговна"]
            assert f"С. {record['start_page']}–{record['end_page']}" == pages.group(1)
        else:
            [entry] = bibtexparser.parse_string(data).entries
            assert entry.fields_dict["author"].value.startswith("Корнилова, Анна Игоревна and Зуева, Екатерина Олеговна")
    page.close()


def test_edition_made_anew_gets_new_certificates(built: Path, tmp_path: Path) -> None:
    """An issued edition made anew on purpose (its kept files deleted, as the guide says): its certificates follow it."""
    root = tmp_path / "anew"
    shutil.copytree(built, root)
    for suffix in ("pdf", "epub", "json"):
        (root / f"editions/collections/innovacii.{suffix}").unlink()
    (root / "content/articles/proektnaya-nedelya.md").write_text(ARTICLE.replace("учитель математики", "заместитель директора"), encoding="utf-8")
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stderr
    text = text_of(root / f"site/spravki/{NUMBER}/spravka-{NUMBER}.pdf")
    assert "Иванова Елена Андреевна — заместитель директора" in text
    issue = text_of(root / f"site/spravki/{ISSUE_NUMBER}/spravka-{ISSUE_NUMBER}.pdf")  # the bulletin issue's, still kept
    assert "Иванова Елена Андреевна — учитель математики" in issue


def test_the_list_of_certificates_links_each_one_newest_edition_first(built: Path) -> None:
    """/spravki/ lists the published editions, newest first, with their certificates in print order: the number
    links the verification page, the title and authors are text (a hostile title included)."""
    page = soup(built / "site/spravki/index.html")
    assert page.find("h1").get_text(strip=True) == "Справки о публикации"
    headings = [h.get_text(strip=True) for h in page.select("article h2")]
    assert headings == ["Вестник №\u00a010 (10), сентябрь 2026\u00a0г.", "Инновации в школе"]  # the same day: by title
    assert [h.a["href"] for h in page.select("article h2")] == ["../bulletin/2026-10/", "../collections/innovacii/"]
    rows = [[td.get_text(" ", strip=True).replace("\u00a0", " ") for td in tr.select("td")] for tr in page.select("article tbody tr")]
    assert rows[0] == [ISSUE_NUMBER, "Проектная {неделя} в 5 классе", "Иванова Елена Андреевна, Сидоров Пётр Ильич", rows[0][3]]
    assert [row[0] for row in rows[1:]] == [NUMBER, HOSTILE_NUMBER]
    assert rows[2][1] == 'Ящик <img src="file:///etc/passwd"> </td></tr> {{ 7*7 }}'  # text, not markup
    assert not page.select("article img") and "49" not in rows[2][1]
    for link in page.select("article tbody a"):
        assert (built / "site/spravki" / link["href"] / "index.html").is_file(), link["href"]
