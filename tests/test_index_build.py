"""The index files in a real build of the demo with the publication settings (issue 24, §3–5): where they are
published, that they pass their schemas, that DOIs show on the pages, and that an author's e-mail, given for РИНЦ,
is on no page of the site."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import ROOT, innopub, project, soup
from tests.fixtures.xmlschemas import CROSSREF, ELIBRARY, OAI, assert_valid

SETTINGS = '      publication: {elibrary_titleid: "12345", doi_prefix: "10.5555"}\n'
EMAIL = "kornilova.private@shkola7.example.ru"
ARTICLE = "content/articles/cifrovoj-sled-individualnyj-marshrut.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = project(tmp_path_factory.mktemp("index") / "site", ROOT / "content", SETTINGS)
    shutil.copytree(ROOT / "editions", root / "editions")  # the kept editions, as in the repository: none typeset anew
    article = root / ARTICLE
    text = article.read_text(encoding="utf-8")
    text = text.replace("organization: shkola-7-sokol}", f"organization: shkola-7-sokol, email: {EMAIL}}}", 1)
    article.write_text(text, encoding="utf-8")
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_files_are_published_and_valid(built):
    found = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.xml") if p.name in {"elibrary.xml", "crossref.xml", "oai.xml"})
    assert found == [
        "bulletin/2024-04/elibrary.xml", "bulletin/2024-05/elibrary.xml", "bulletin/2024-06/elibrary.xml", "bulletin/2026-04/elibrary.xml",
        "collections/dajdzhest-praktik-konferencii-2024/elibrary.xml", "collections/sbornik-konferencii-2024/crossref.xml",
        "collections/sbornik-konferencii-2024/elibrary.xml", "oai.xml",
    ]  # fmt: skip
    for name in found:
        schema = {"elibrary.xml": ELIBRARY, "crossref.xml": CROSSREF, "oai.xml": OAI}[name.rpartition("/")[2]]
        assert_valid(schema, (built / name).read_bytes())
    journal = assert_valid(ELIBRARY, (built / "collections/sbornik-konferencii-2024/elibrary.xml").read_bytes()).getroot()
    assert journal.findtext(".//article/pages") == "5-7"  # the kept edition's page map
    assert EMAIL in [e.text for e in journal.iter("email")]


def test_doi_on_the_pages_and_in_the_reference(built):
    page = soup(built / "articles/cifrovoj-sled-individualnyj-marshrut/index.html")
    doi = "10.5555/sbornik-konferencii-2024.cifrovoj-sled-individualnyj-marshrut"
    assert page.select_one("a.innopub-doi")["href"] == f"https://doi.org/{doi}"
    assert f"— DOI: {doi}. — URL:" in page.select_one(".innopub-cite__reference").get_text()
    assert page.find("meta", attrs={"name": "citation_doi"})["content"] == doi
    article = built / "articles/cifrovoj-sled-individualnyj-marshrut/cifrovoj-sled-individualnyj-marshrut"
    assert f"  doi = {{{doi}}},\n" in article.with_suffix(".bib").read_text(encoding="utf-8")
    assert f"DO  - {doi}\r\n".encode() in article.with_suffix(".ris").read_bytes()
    collection = soup(built / "collections/sbornik-konferencii-2024/index.html")
    assert collection.select_one("a.innopub-doi")["href"] == "https://doi.org/10.5555/sbornik-konferencii-2024"
    digest = soup(built / "collections/dajdzhest-praktik-konferencii-2024/index.html")
    assert digest.select_one("a.innopub-doi") is None


def test_the_email_is_on_no_page(built):
    leaking = [
        p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file() and p.name != "elibrary.xml" and EMAIL.encode() in p.read_bytes()
    ]
    assert leaking == []


def test_without_the_settings_the_demo_has_none(demo):
    assert not list(demo.rglob("elibrary.xml")) and not list(demo.rglob("crossref.xml"))
    assert (demo / "oai.xml").is_file()  # the repository needs only the site's address and an e-mail
    assert soup(demo / "articles/cifrovoj-sled-individualnyj-marshrut/index.html").select_one("a.innopub-doi") is None


def test_the_benchmark_of_the_index_files(tmp_path):
    from bench.indexes import measure, site_folder

    report = measure(site_folder(tmp_path, 50))
    assert report["elibrary.xml"]["files"] >= 1 and report["crossref.xml"]["files"] >= 1 and report["oai.xml"]["kb"] > 0


def test_zensical_publishes_the_same_files(built, tmp_path):
    """The files come from the engine-neutral Site: Zensical writes the same bytes at the same addresses as MkDocs."""
    from generator.engines.zensical import adapter as zensical
    from tests.conftest import ENV, INNOPUB

    executable = zensical.find_executable(ROOT)
    if executable is None:
        pytest.skip(f"Zensical не установлен: {zensical.INSTALL_HINT}")
    root = built.parent.parent / "zensical"
    if not root.exists():
        shutil.copytree(built.parent, root, ignore=shutil.ignore_patterns("site", ".site-*"))
    env = {**ENV, zensical.EXECUTABLE_ENV: str(executable)}
    result = subprocess.run([*INNOPUB, "build", "--engine", "zensical"], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    names = [p.relative_to(built).as_posix() for p in built.rglob("*.xml") if p.name in {"elibrary.xml", "crossref.xml", "oai.xml"}]
    assert len(names) == 8
    for name in names:
        assert (root / "site" / name).read_bytes() == (built / name).read_bytes(), name


def test_pages_with_a_doi_are_valid_html(built):
    from tests.fixtures.checkers import vnu

    pages = [built / "articles/cifrovoj-sled-individualnyj-marshrut/index.html", built / "collections/sbornik-konferencii-2024/index.html"]
    assert vnu(*map(str, pages)) == []
