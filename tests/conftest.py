"""Fixtures: real sites built into temporary folders, never a mock of MkDocs."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bench.static import serve

# The shared helpers' asserts explain themselves as the tests' own do (pytest rewrites only test modules and conftest).
pytest.register_assert_rewrite("tests.fixtures")

from tests.fixtures.forkserver import forked  # noqa: E402  (after the line above, so that its asserts are rewritten)


def as_in_a_terminal() -> None:
    """``preexec_fn`` of a command the test stops with Ctrl-C (SIGINT): pytest-xdist's workers ignore SIGINT, and a
    process started with it ignored keeps it ignored, as a shell's background job does."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


ROOT = Path(__file__).resolve().parent.parent
INNOPUB = [sys.executable, "-m", "generator.commands.cli"]
# The demo's "today": events after it are upcoming. Fixed so that tests do not age.
TODAY = "2026-11-25"
# Builds use the wheel's Pagefind unless a test names another (tests/test_search_versions.py), whatever the shell says.
ENV = {**{k: v for k, v in os.environ.items() if k != "INNOPUB_PAGEFIND"}, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}


SLOW_FIXTURES = {"demo", "demo_root", "demo_url", "browser", "reader_browser"}
"""A test that needs one of these builds the demo or starts a browser: it is not in the fast tier (``make test-fast``)."""
SLOW_MODULES = {
    "test_bench", "test_certificates", "test_convert_reuse", "test_ci_files", "test_cms", "test_epub", "test_faults",
    "test_footer_404", "test_golden", "test_hostile_editions", "test_index_build", "test_hostile_html", "test_hostile_output", "test_html_valid",
    "test_pagination", "test_pdf",
    "test_preview", "test_privacy", "test_progress", "test_properdocs", "test_publish", "test_region_site", "test_search_index",
    "test_search_versions", "test_serve", "test_spill_build", "test_ux_editor_browser", "test_ux_terminal", "test_zensical",
    "test_harvest_faults", "test_region_demo", "test_region_e2e", "test_overlap", "test_search_header_more", "test_pagecache",
}  # fmt: skip
"""Modules whose tests build sites, typeset editions, install packages or start servers. In another module, a test that
does is marked ``@pytest.mark.slow`` itself (tests/test_build.py, tests/test_config.py)."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module is not None else ""
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``args`` run in ``cwd`` with ``env`` (the tests' plain ``ENV`` if none): an ``innopub`` command with ``ENV`` as a fork
    of the fork server (tests/fixtures/forkserver.py), anything else, or any other environment, as a fresh process."""
    env = ENV if env is None else env
    if args[: len(INNOPUB)] == INNOPUB and (result := forked(args[len(INNOPUB) :], cwd, env)) is not None:
        return result
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def innopub(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run([*INNOPUB, *args], cwd)


def project(tmp: Path, content: Path | dict[str, str | bytes] | None = None, extra_config: str = "") -> Path:
    """A site folder in ``tmp``: the project's mkdocs.yml and theme, and ``content``.

    ``content`` is a folder to copy (the demo) or a mapping of path → text or bytes.
    """
    tmp.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for key in re.findall(r"^      (\w+):", extra_config, flags=re.M):  # the test's option replaces the project's
        config = re.sub(rf"^      {key}:.*\n(?:(?:       .*| *#.*)?\n)*", "", config, flags=re.M)
    config = config.replace("  - innopub:\n", f"  - innopub:\n      today: {TODAY}\n{extra_config}")
    (tmp / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "theme", tmp / "theme")
    if isinstance(content, Path):
        shutil.copytree(content, tmp / "content")
    else:
        write_files(tmp / "content", content or {})
    return tmp


def as_of(root: Path, day: str) -> None:
    """The site in ``root`` built as on ``day``: its ``today`` set, and its decisions' points done after that day not
    done yet (a ``done`` date after «today» is an error of the content)."""
    config = root / "mkdocs.yml"
    config.write_text(re.sub(r"today: \S+", f"today: {day}", config.read_text(encoding="utf-8")), encoding="utf-8")
    for path in (root / "content" / "decisions").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        later = re.sub(r"^ +done: (\d{4}-\d{2}-\d{2})\n", lambda m: "" if m[1] > day else m[0], text, flags=re.M)
        if later != text:
            path.write_text(later, encoding="utf-8")


def write_files(base: Path, files: dict[str, str | bytes]) -> None:
    for rel, data in files.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo content built once with ``innopub build``; returns the site folder."""
    root = project(tmp_path_factory.mktemp("demo"), ROOT / "content")
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def demo_root(demo: Path) -> Path:
    return demo.parent


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def playwright_driver():
    """Playwright, started once for the session: its sync API runs one at a time (``browser`` and ``reader_browser``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is not installed: run `make test`, which installs it from Debian")
    browser = playwright_driver.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


READER_FONTS = {
    "liberation": ("Liberation Sans", ("liberation", "dejavu")),
    "dejavu": ("DejaVu Sans", ("dejavu",)),
}
"""The fonts a reader may have, as Debian packages them (scripts/system-deps.sh): Arial's metrics (Liberation Sans, as
most readers' Windows and Android fonts; DejaVu for what it lacks), or DejaVu alone; the family the page's text gets."""
FONT_FOLDERS = Path("/usr/share/fonts/truetype")


@pytest.fixture(scope="session", params=sorted(READER_FONTS))
def reader_browser(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, playwright_driver):
    """Debian's Chromium that sees only one reader's fonts (fontconfig is given their folders alone), whatever else the
    machine has: a layout test gives the same answer on every machine. Yields (browser, the family the text gets)."""
    family, folders = READER_FONTS[request.param]
    missing = [name for name in folders if not (FONT_FOLDERS / name).is_dir()]
    executable = shutil.which("chromium")
    if executable is None or missing:
        pytest.fail(f"Chromium or the fonts {missing} are not installed: run `make test`, which installs them from Debian")
    config = tmp_path_factory.mktemp(f"fonts-{request.param}") / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        + "".join(f"  <dir>{FONT_FOLDERS / name}</dir>\n" for name in folders)
        + '  <include ignore_missing="yes">/etc/fonts/conf.d</include>\n'  # the aliases: Arial and Helvetica → Liberation Sans
        + f"  <cachedir>{config.parent / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    browser = playwright_driver.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS, env=env)
    yield browser, family
    browser.close()


def platform_fonts(tab, selector: str) -> list[str]:
    """The fonts Chromium drew ``selector``'s text with (the DevTools protocol's answer, not the stylesheet's wish)."""
    cdp = tab.context.new_cdp_session(tab)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        return [font["familyName"] for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]
    finally:
        cdp.detach()


@pytest.fixture(scope="session")
def demo_url(demo: Path):
    """The demo site served on 127.0.0.1."""
    with serve(demo) as url:
        yield url
