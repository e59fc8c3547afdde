"""Issue 22: a first build typesets its editions while the pages render (generator/render/pending.py).

Tried as a build goes wrong: an edition that fails while pages render stops the build in Russian and leaves the last
site; a build killed while pages render and workers typeset leaves no worker and no half-written file. And as a reader
looks: the pages that quote an edition (an article's citation, the collection's downloads, the certificate and its
verification page, the author's page) show the pages of the PDF, read back with pypdf and written here by hand.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ENV, innopub, project, soup
from tests.fixtures.certified import ORG, collection

EDITOR = "      publication: {editor: Смирнова Ольга Викторовна, editor_position: директор ИМЦ}\n"
COLLECTION = collection()


def article(title: str, author: str, words: int) -> str:
    return (
        f"---\ntitle: {title}\ndate: 2026-10-01\nauthors:\n  - {{name: {author}, position: учитель, organization: shkola-3}}\n"
        f"collection: innovacii\n---\n\n" + "Текст статьи о проектной неделе. " * words + "\n"
    )


FILES = {
    "organizations/shkola-3.md": ORG,
    "collections/innovacii.md": COLLECTION,
    "articles/a-proektnaya-nedelya.md": article("Проектная неделя", "Иванова Елена Андреевна", 300),
    "articles/b-shkolnyy-teatr.md": article("Школьный театр", "Сидоров Пётр Ильич", 40),
}


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir" for p in sorted(folder.rglob("*"))}


def _in(root: Path) -> set[int]:
    """Processes alive (not zombies) whose working folder is ``root``: the build's, Pagefind's, the typesetting workers'."""
    found = set()
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if os.readlink(proc / "cwd") == str(root) and (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                found.add(int(proc.name))
        except OSError:
            continue
    return found


def _none_left(root: Path, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while _in(root) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _in(root)


def _starts(pdf: Path) -> dict[str, int]:
    """The page of the PDF where each article starts: its title over its authors' line (pypdf's text)."""
    texts = [page.extract_text() or "" for page in PdfReader(pdf).pages]
    lines = {"Проектная неделя": "Проектная неделя Е. А. Иванова", "Школьный театр": "Школьный театр П. И. Сидоров"}
    return {title: next(n for n, text in enumerate(texts, 1) if " ".join(text.split()).startswith(line)) for title, line in lines.items()}


# Worked out by hand (sha256sum): the first 10 hex digits of sha256("articles/<id>@collections/innovacii").
NUMBERS = {"a-proektnaya-nedelya": "2026-E66191912C", "b-shkolnyy-teatr": "2026-6E42537279"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = project(tmp_path_factory.mktemp("overlap"), dict(FILES), EDITOR)
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def test_pages_that_quote_an_edition_show_its_pages(built: Path) -> None:
    site = built / "site"
    pdf = site / "collections/innovacii/innovacii.pdf"
    # Cover, imprint, preface, contents; the long article on pages 5–7, the short one on the last, 8.
    assert len(PdfReader(pdf).pages) == 8
    assert _starts(pdf) == {"Проектная неделя": 5, "Школьный театр": 8}
    long_page = soup(site / "articles/a-proektnaya-nedelya/index.html")
    assert "С.\u00a05–7. — URL" in long_page.select_one(".innopub-cite__reference").get_text()
    meta = {m["name"]: m["content"] for m in long_page.select("meta[name^=citation_]")}
    assert (meta["citation_firstpage"], meta["citation_lastpage"]) == ("5", "7")
    assert meta["citation_pdf_url"] == "https://innopub.example.org/collections/innovacii/innovacii.pdf"
    short_page = soup(site / "articles/b-shkolnyy-teatr/index.html")
    assert "С.\u00a08. — URL" in short_page.select_one(".innopub-cite__reference").get_text()
    downloads = soup(site / "collections/innovacii/index.html").select_one(".innopub-downloads").get_text(" ", strip=True)
    assert "PDF: 8\u00a0страниц" in downloads, downloads
    for entry, author, pages in (("a-proektnaya-nedelya", "ivanova-elena-andreevna", "5–7"), ("b-shkolnyy-teatr", "sidorov-petr-ilich", "8")):
        number = NUMBERS[entry]
        links = [a["href"] for a in soup(site / f"articles/{entry}/index.html").select(".innopub-certificate a")]
        assert links == [f"../../spravki/{number}/spravka-{number}.pdf", f"../../spravki/{number}/"], links
        assert (site / f"spravki/{number}/spravka-{number}.pdf").is_file()
        check = " ".join(soup(site / f"spravki/{number}/index.html").get_text(" ").split())
        assert f"С.\u00a0{pages}" in check or f"С. {pages}" in check, check
        assert number in (site / f"authors/{author}/index.html").read_text(encoding="utf-8")


def test_every_entry_page_is_in_the_search_index(built: Path) -> None:
    """Pages set aside for the editions are indexed too, once: the index counts every entry (4 files)."""
    entry = json.loads((built / "site/pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(FILES)


FAIL_WHILE_PAGES_RENDER = """
import sys
from generator.commands import cli
from generator.editions import typeset
def _finish(self, plan, result, done):
    raise RuntimeError("the layout of " + plan.entry.id + " failed")
typeset.Editions._finish = _finish
sys.exit(cli.main(["build"]))
"""


def _fresh_editions(root: Path) -> None:
    for made in ("editions", ".cache"):
        shutil.rmtree(root / made, ignore_errors=True)


def test_an_edition_failing_while_pages_render_stops_the_build_in_russian(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    before = _tree(root / "site")
    _fresh_editions(root)
    result = subprocess.run([sys.executable, "-c", FAIL_WHILE_PAGES_RENDER], cwd=root, env=ENV, capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "не собран" in result.stderr and "прежняя версия в site/ не тронута" in result.stderr, result.stderr
    assert "RuntimeError: the layout of innovacii failed" in result.stderr  # the edition's failure, as it was said before
    assert "Ошибка на странице" not in result.stderr and ", файл " not in result.stderr  # not blamed on a page being converted
    assert _tree(root / "site") == before
    assert not [p for p in root.iterdir() if p.name.startswith(".site-") and "-prev-" not in p.name], "the staging folder is left"
    assert _none_left(root), "a worker of the failed build lives on"


KILLED_WHILE_PAGES_RENDER = """
import os, signal, sys, time
from pathlib import Path
from generator.commands import cli
from generator.site.site import Site
page_content = Site.page_content
def children():
    return [int(p) for t in Path(f"/proc/{os.getpid()}/task").iterdir() for p in (t / "children").read_text().split()]
def typesetting():
    for pid in children():
        try:
            if "libpango" in Path(f"/proc/{pid}/maps").read_text():
                return True
        except OSError:
            pass
    return False
def killed(self, path, url, html):
    if self._overlap is not None:  # the editions are being made while this page renders
        deadline = time.monotonic() + 60
        while not typesetting() and time.monotonic() < deadline:
            time.sleep(0.01)
        Path(sys.argv[1]).write_text(" ".join(map(str, children())))
        os.kill(os.getpid(), signal.SIGKILL)
    return page_content(self, path, url, html)
Site.page_content = killed
sys.exit(cli.main(["build"]))
"""


def test_a_build_killed_while_pages_render_and_workers_typeset_leaves_no_worker_and_no_half_file(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    before = _tree(root / "site")
    _fresh_editions(root)
    family = tmp_path / "children"
    command = [sys.executable, "-c", KILLED_WHILE_PAGES_RENDER, str(family)]
    result = subprocess.run(command, cwd=root, env={**ENV, "INNOPUB_TYPESET_WORKERS": "2"}, capture_output=True, text=True, check=False)
    assert result.returncode == -9, result.stderr
    assert family.read_text().split(), "no worker was typesetting when the build was killed"
    assert _none_left(root), "a worker of the killed build lives on"
    assert _tree(root / "site") == before
    for folder in (root / ".cache", root / "editions"):  # whatever was written is whole; temporaries are dot files
        for made in (p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
            if made.suffix == ".pdf":
                assert len(PdfReader(made).pages) >= 1, made
            elif made.suffix == ".json":
                json.loads(made.read_text(encoding="utf-8"))
    again = innopub("build", cwd=root)
    assert again.returncode == 0, again.stderr
    assert not list(root.rglob(".*.tmp")), "the next build removes the killed build's temporaries"
    assert _tree(root / "site") == before, "the next build makes the same site"
