"""Links: LinkChecker finds nothing broken in the demo site; a broken link in content is a
check error with file and line; links between content files follow re-homed entries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import innopub, project, serve, soup
from tests.fixtures.checkers import broken_links
from tests.fixtures.content import ORG

# LinkChecker allows more than 10 requests a second only to a server that names it in a header
# (the «LinkChecker» response header below).
CONFIG = "[checking]\nmaxrequestspersecond=1000\n[AnchorCheck]\n"
# LinkChecker run as root switches to the user «nobody» before it lists its plugins; in a checkout
# that «nobody» cannot read (a clone in ``mktemp -d``, mode 0700) the anchor check then silently did
# not run. It only reads our own site on 127.0.0.1 here, so it keeps the test's user.
LINKCHECKER = """
import sys
from linkcheck.command import linkchecker as command
command.drop_privileges = lambda: None
sys.argv[0] = "linkchecker"
command.linkchecker()
"""


def linkchecker(folder: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    config = tmp / "linkcheckerrc"
    config.write_text(CONFIG, encoding="utf-8")
    with serve(folder, headers={"LinkChecker": "innopub-tests"}) as url:
        command = [sys.executable, "-c", LINKCHECKER, "-f", str(config), "--no-status", "-t", "8", "-o", "text", url]
        return subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)


def test_linkchecker_finds_nothing_broken_in_the_demo(demo: Path, tmp_path: Path) -> None:
    result = linkchecker(demo, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert " 0 warnings found" in result.stdout and " 0 errors found" in result.stdout, result.stdout[-3000:]
    checked = int(result.stdout.split(" URLs checked")[0].rsplit(" ", 1)[-1])
    assert checked > 300


@pytest.mark.slow  # builds a site
def test_linkchecker_and_our_resolver_catch_a_broken_link_and_anchor(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<!doctype html><title>a</title><a href="b.html#nope">b</a> <a href="missing/">m</a>', encoding="utf-8")
    (site / "b.html").write_text(
        '<!doctype html><title>b</title><h1 id="here">b</h1><a href="index.html">a</a><a href="#here">h</a>', encoding="utf-8"
    )
    result = linkchecker(site, tmp_path)
    assert result.returncode == 1
    assert "missing/" in result.stdout and "1 error found" in result.stdout
    assert "Anchor `nope' (decoded: `nope') not found" in result.stdout, result.stdout
    assert broken_links(site) == ["index.html: b.html#nope", "index.html: missing/"]


PAGE = """---
title: О сайте
---

Школа: [гимназия](organizations/2023/shkola-5.md#itogi).

Нет такой: [школа](organizations/shkola-9.md).
Нет якоря: [итоги](organizations/2023/shkola-5.md#nope).
Нет файла: [положение](files/polozhenie.pdf).
За пределами: [x](../../etc/passwd).
Внешняя ссылка не проверяется: [сайт](https://example.org/nope.md).
"""
ENTRY = ORG.replace("Школа в центре города.\n", "Школа в центре города. [О сайте](../../about.md)\n\n## Итоги {#itogi}\n\nТекст.\n")


def test_broken_links_are_check_errors_with_file_and_line(tmp_path: Path) -> None:
    root = project(tmp_path, {"about.md": PAGE, "organizations/2023/shkola-5.md": ENTRY})
    result = innopub("check", cwd=root)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "content/about.md:7: ссылка на несуществующую страницу «organizations/shkola-9.md»" in out
    assert "content/about.md:8: в «organizations/2023/shkola-5.md#nope» нет заголовка с якорем «#nope»" in out
    assert "content/about.md:9: ссылка на несуществующий файл «files/polozhenie.pdf»" in out
    assert "content/about.md:10: ссылка «../../etc/passwd» ведёт за пределы папки content/" in out
    assert "about.md:5:" not in out and "about.md:11:" not in out and "shkola-5.md" not in out.replace("organizations/2023/shkola-5.md#nope", "")


@pytest.mark.slow  # builds a site
def test_links_between_content_files_follow_rehomed_entries(tmp_path: Path) -> None:
    page = "\n".join(PAGE.splitlines()[:5]) + "\n"
    root = project(tmp_path, {"about.md": page, "organizations/2023/shkola-5.md": ENTRY})
    result = innopub("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    about = soup(root / "site" / "about" / "index.html")
    assert about.select_one('article a[href="../organizations/shkola-5/#itogi"]') is not None
    entry = soup(root / "site" / "organizations" / "shkola-5" / "index.html")
    assert entry.select_one("#itogi") is not None
    assert entry.select_one('article a[href="../../about/"]') is not None
