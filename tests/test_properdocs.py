"""A second engine: ProperDocs (the maintained fork of MkDocs 1.6) builds the demo with the same plugin.

ProperDocs runs MkDocs plugins: it serves ``mkdocs.*`` imports from its own modules and reads the
``mkdocs.plugins`` entry points, so ``generator/engines/mkdocs/plugin.py`` and Material load unchanged. Its output must
be MkDocs' byte for byte but for one listed, justified difference: the ``<meta name="generator">`` line
of ``theme/main.html`` names the engine that built the page.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ENV, ROOT, project

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
"""The one line that differs, by design: ``mkdocs-1.6.1`` or ``mkdocs-ProperDocs 1.6.7``."""


def digests(site: Path) -> dict[str, str]:
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".html":
                data = GENERATOR.sub(b'<meta name="generator" content="">', data)
            found[path.relative_to(site).as_posix()] = hashlib.sha256(data).hexdigest()
    return found


@pytest.fixture(scope="module")
def properdocs_site(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    executable = Path(sys.executable).parent / "properdocs"
    if not executable.is_file():
        pytest.fail("ProperDocs is not installed: `make test` installs the test extra (properdocs)")
    root = project(tmp_path_factory.mktemp("properdocs"), ROOT / "content")
    shutil.copytree(demo.parent / "editions", root / "editions")  # the editions the demo's build kept: served as they are
    result = subprocess.run([str(executable), "build", "-q"], cwd=root, env=ENV, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_properdocs_builds_what_mkdocs_builds(demo: Path, properdocs_site: Path) -> None:
    mkdocs, properdocs = digests(demo), digests(properdocs_site)
    assert mkdocs.keys() == properdocs.keys()
    assert [name for name in mkdocs if mkdocs[name] != properdocs[name]] == []
    assert len(mkdocs) > 200 and "pagefind/pagefind-entry.json" in mkdocs


def test_only_the_generator_line_differs(demo: Path, properdocs_site: Path) -> None:
    """The listed difference is the only one, and it is there: each page names its engine."""
    page = "platforms/kadnikov-agroklass/index.html"
    ours, theirs = ((site / page).read_bytes() for site in (demo, properdocs_site))
    assert GENERATOR.search(ours)[0] == b'<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">'
    assert GENERATOR.search(theirs)[0].startswith(b'<meta name="generator" content="mkdocs-ProperDocs 1.6.')
    assert GENERATOR.sub(b"", ours) == GENERATOR.sub(b"", theirs)
