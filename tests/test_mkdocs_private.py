"""MkDocs' private API that innopub uses (generator/engines/mkdocs/private.py), checked against the installed MkDocs and
ProperDocs: a release that renames, removes or re-signs any of it fails here, before a preview breaks in an editor's hands.

The expectations are written by hand from MkDocs 1.6.1's source (``mkdocs/commands/build.py``, ``mkdocs/livereload``,
``mkdocs/structure/pages.py``, ``mkdocs/config/defaults.py``)."""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import inspect
from pathlib import Path

import pytest

from generator.engines.mkdocs import private

ROOT = Path(__file__).resolve().parent.parent
HOSTS = ["mkdocs", "properdocs"]


def _module(host: str, name: str):
    return importlib.import_module(name.replace("mkdocs", host, 1))


def _parameters(func) -> list[str]:
    return list(inspect.signature(func).parameters)


def _assigned_in(cls: type, method: str) -> set[str]:
    """The ``self.x`` attributes a method of ``cls`` assigns, read from its source."""
    tree = ast.parse(inspect.getsource(getattr(cls, method)).strip().replace("\n    ", "\n"))
    found = set()
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        found |= {t.attr for t in targets if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"}
    return found


@pytest.mark.parametrize("host", HOSTS)
def test_the_versions_read_are_the_versions_installed(host: str) -> None:
    assert importlib.metadata.version(host) == private.CHECKED[host], (
        f"{host} {importlib.metadata.version(host)} is installed: read generator/engines/mkdocs/private.py against it, then update CHECKED"
    )


@pytest.mark.parametrize("host", HOSTS)
def test_the_page_pipeline_functions(host: str) -> None:
    build = _module(host, "mkdocs.commands.build")
    assert _parameters(build._populate_page) == ["page", "config", "files", "dirty"]
    assert _parameters(build._build_page) == ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"]


@pytest.mark.parametrize("host", HOSTS)
def test_the_server_attributes(host: str) -> None:
    server = _module(host, "mkdocs.livereload").LiveReloadServer
    assert set(private.SERVER_ATTRIBUTES) <= _assigned_in(server, "__init__")
    assert {"watch", "unwatch", "get_app", "set_app"} <= set(dir(server))


@pytest.mark.parametrize("host", HOSTS)
def test_the_page_title_and_the_current_page(host: str) -> None:
    page = _module(host, "mkdocs.structure.pages").Page
    assert "_title_from_render" in _assigned_in(page, "__init__")
    config = _module(host, "mkdocs.config.defaults").MkDocsConfig
    assert "_current_page" in config.__annotations__
    assert "config._current_page = page" in inspect.getsource(_module(host, "mkdocs.commands.build"))


def test_no_other_module_touches_mkdocs_private_names() -> None:
    """Only private.py imports or reads an underscored name of MkDocs."""
    offenders = []
    for path in (ROOT / "generator").rglob("*.py"):
        if path.name == "private.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mkdocs"):
                offenders += [f"{path.name}: {a.name}" for a in node.names if a.name.startswith("_")]
            if isinstance(node, ast.Attribute) and node.attr in {"_title_from_render", "_current_page", "_watched_paths"}:
                offenders.append(f"{path.name}: .{node.attr}")
    assert offenders == []


RENDER_STEPS = [
    "md = markdown.Markdown(",
    "extensions=config['markdown_extensions'],",
    "extension_configs=config['mdx_configs'] or {},",
    "raw_html_ext = _RawHTMLPreprocessor()",
    "raw_html_ext._register(md)",
    "extract_anchors_ext = _ExtractAnchorsTreeprocessor(self.file, files, config)",
    "extract_anchors_ext._register(md)",
    "relative_path_ext = _RelativePathTreeprocessor(self.file, files, config)",
    "relative_path_ext._register(md)",
    "extract_title_ext = _ExtractTitleTreeprocessor()",
    "extract_title_ext._register(md)",
    "self.content = md.convert(self.markdown)",
    "self.toc = get_toc(getattr(md, 'toc_tokens', []))",
    "self._title_from_render = extract_title_ext.title",
    "self.present_anchor_ids = (",
    "extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids",
    "if log.getEffectiveLevel() > logging.DEBUG:",
    "self.links_to_anchors = relative_path_ext.links_to_anchors",
]
"""MkDocs 1.6.1's ``Page.render``, its statements in order, copied by hand: ``private.render_page`` repeats them with a
reused parser (generator/engines/mkdocs/convert.py)."""


def test_the_page_render_that_render_page_repeats() -> None:
    import mkdocs
    from mkdocs.structure.pages import Page

    assert private.render_page_checked(mkdocs.__version__), "the installed MkDocs is the one render_page was read against"
    lines = [line.strip() for line in inspect.getsource(Page.render).splitlines() if line.strip() and not line.strip().startswith(('"""', "#"))]
    steps = [line for line in lines if not line.startswith(("def ", "if self.markdown is None", "raise RuntimeError", ")"))]
    assert steps == RENDER_STEPS
    assert not private.render_page_checked("1.6.2") and not private.render_page_checked("2.0.0")
