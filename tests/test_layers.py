"""The house's rules, kept by a test: stages import only downwards, engines only in ``engines/``, no loop.

The import graph is read from the code (``ast``, every ``import`` wherever it stands, deferred ones included; those
under ``if TYPE_CHECKING:`` are annotations and left out, as import-linter's ``exclude_type_checking_imports`` does).
Each rule is shown to fail on a deliberate violation written into a copy of the package, so that a test that can no
longer fail is noticed.
"""

from __future__ import annotations

import ast
import graphlib
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

LAYERS = [
    "common", "read", "settings", "listing", "kinds", "check", "model", "editions", "coordinators", "pages", "render", "search",
    "site", "engines", "harvest", "commands",
]  # fmt: skip
"""``generator``'s packages from the bottom up, as the README's «How it is built» lists them: a module may import its
own package and the packages below it, never one above."""

ENGINE_LIBRARIES = {"mkdocs", "material", "properdocs", "zensical", "click", "watchdog", "livereload"}
"""Third-party packages of a site engine: imported only under ``generator/engines/``."""


NETWORK_LIBRARIES = {"urllib.request", "http.client", "httpx", "requests", "urllib3", "aiohttp", "socket", "ssl", "ftplib", "smtplib"}
"""Modules that open network connections: imported only under ``generator/harvest/`` (``innopub harvest``, the one step
that touches the network; a build never does). ``urllib.parse`` is text, not the network."""
PATH_HELPERS = {"urllib.request.url2pathname", "urllib.request.pathname2url"}
"""What ``urllib.request`` holds that is no network: a ``file:`` address's path (generator/editions/pdf.py)."""


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _module_name(package_dir: Path, path: Path) -> str:
    parts = path.relative_to(package_dir.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _target(package_dir: Path, module: str, name: str | None) -> str:
    """``from module import name``: the submodule ``module.name`` where it is one, else ``module``."""
    if name:
        candidate = package_dir.parent.joinpath(*f"{module}.{name}".split("."))
        if candidate.with_suffix(".py").is_file() or (candidate / "__init__.py").is_file():
            return f"{module}.{name}"
    return module


def import_graph(package_dir: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(module → the modules of the package it imports at run time, module → the top-level names of other packages)."""
    own, foreign = {}, {}
    top = package_dir.name
    for path in sorted(package_dir.rglob("*.py")):
        name = _module_name(package_dir, path)
        deps: set[str] = set()
        others: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))

        def visit(node: ast.AST, deps: set[str] = deps, others: set[str] = others) -> None:
            if isinstance(node, ast.If) and _is_type_checking(node.test):
                for child in node.orelse:
                    visit(child)
                return
            if isinstance(node, ast.Import):
                for alias in node.names:
                    first = alias.name.split(".")[0]
                    if first == top:
                        deps.add(alias.name)
                    else:
                        others.add(first)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.split(".")[0] == top:
                    deps.update(_target(package_dir, node.module, alias.name) for alias in node.names)
                else:
                    others.add(node.module.split(".")[0])
            for child in ast.iter_child_nodes(node):
                visit(child)

        visit(tree)
        deps.discard(name)
        own[name], foreign[name] = deps, others
    return own, foreign


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def network_imports(package_dir: Path) -> list[str]:
    """Every import of a network module (:data:`NETWORK_LIBRARIES`) outside ``harvest/``."""
    found = []
    for path in sorted(package_dir.rglob("*.py")):
        name = _module_name(package_dir, path)
        if name.startswith(f"{package_dir.name}.harvest"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            for imported in names:
                if imported not in PATH_HELPERS and any(imported == lib or imported.startswith(lib + ".") for lib in NETWORK_LIBRARIES):
                    found.append(f"{name} → {imported} (the network outside harvest/)")
    return sorted(set(found))


def layer_violations(package_dir: Path) -> list[str]:
    """Every import that points up the layers, or to an engine's library from outside ``engines/``."""
    own, foreign = import_graph(package_dir)
    found = []
    for module, deps in sorted(own.items()):
        mine = _layer(module)
        for dep in sorted(deps):
            theirs = _layer(dep)
            if mine is not None and theirs is not None and theirs > mine:
                found.append(f"{module} → {dep} ({LAYERS[mine]} imports {LAYERS[theirs]}, a later stage)")
        if not module.startswith(f"{package_dir.name}.engines"):
            found += [f"{module} → {lib} (an engine's library outside engines/)" for lib in sorted(foreign[module] & ENGINE_LIBRARIES)]
    return found


def import_cycle(package_dir: Path) -> tuple[str, ...] | None:
    """One loop of the import graph (a package's ``__init__`` counts as the package), or None."""
    own, _ = import_graph(package_dir)
    try:
        graphlib.TopologicalSorter(own).prepare()
    except graphlib.CycleError as exc:
        return tuple(exc.args[1])
    return None


def test_every_module_belongs_to_a_layer() -> None:
    own, _ = import_graph(ROOT / "generator")
    loose = [m for m in own if m != "generator" and _layer(m) is None]
    assert loose == [], f"modules outside the stage packages: {loose}"
    packages = sorted(p.name for p in (ROOT / "generator").iterdir() if (p / "__init__.py").is_file())
    assert packages == sorted(LAYERS), "a new package needs its place in LAYERS (and in the README)"


def test_stages_import_only_downwards_and_engines_stay_in_engines() -> None:
    assert layer_violations(ROOT / "generator") == []


def test_only_the_harvest_touches_the_network() -> None:
    assert network_imports(ROOT / "generator") == []


def test_a_network_import_outside_the_harvest_is_caught(copy_of_generator: Path) -> None:
    _append(copy_of_generator / "render" / "feeds.py", "def _late():\n    from urllib.request import urlopen  # noqa")
    _append(copy_of_generator / "site" / "site.py", "import http.client  # noqa")
    assert network_imports(copy_of_generator) == [
        "generator.render.feeds → urllib.request.urlopen (the network outside harvest/)",
        "generator.site.site → http.client (the network outside harvest/)",
    ]


def test_the_import_graph_has_no_loop() -> None:
    assert import_cycle(ROOT / "generator") is None


@pytest.fixture
def copy_of_generator(tmp_path: Path) -> Path:
    target = tmp_path / "generator"
    shutil.copytree(ROOT / "generator", target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_a_back_import_is_caught(copy_of_generator: Path) -> None:
    _append(copy_of_generator / "model" / "content.py", "from generator.render.renderer import Renderer  # noqa")
    assert layer_violations(copy_of_generator) == ["generator.model.content → generator.render.renderer (model imports render, a later stage)"]


def test_a_deferred_back_import_is_caught_and_a_typing_one_is_not(copy_of_generator: Path) -> None:
    _append(copy_of_generator / "kinds" / "base.py", "def _late():\n    from generator.coordinators import control  # noqa")
    _append(copy_of_generator / "read" / "reader.py", "if TYPE_CHECKING:\n    from generator.model.content import Entry  # noqa")
    assert layer_violations(copy_of_generator) == [
        "generator.kinds.base → generator.coordinators.control (kinds imports coordinators, a later stage)"
    ]


def test_mkdocs_outside_engines_is_caught(copy_of_generator: Path) -> None:
    _append(copy_of_generator / "site" / "site.py", "import mkdocs.exceptions  # noqa")
    assert layer_violations(copy_of_generator) == ["generator.site.site → mkdocs (an engine's library outside engines/)"]


def test_a_loop_is_caught(copy_of_generator: Path) -> None:
    _append(copy_of_generator / "common" / "russian.py", "from generator.common import problems  # noqa")
    _append(copy_of_generator / "common" / "problems.py", "from generator.common import russian  # noqa")
    cycle = import_cycle(copy_of_generator)
    assert cycle is not None and set(cycle) == {"generator.common.russian", "generator.common.problems"}
