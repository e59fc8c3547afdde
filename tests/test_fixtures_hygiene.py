"""Test modules do not import each other: what several share lives in ``tests/fixtures/`` or ``tests/conftest.py``.

Every import of every module under ``tests/`` is read with ``ast`` (those inside functions too), so that a test module
stays a leaf: read, run, moved or deleted alone, its data changed without changing another module's tests.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_test_modules(source: str, module: str) -> list[str]:
    """The test modules (``tests.test_x``) that ``source``, the text of the module ``module`` (``tests.test_y``,
    ``tests.fixtures.z``), imports, each as ``line: name``."""
    package = module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's package, one level up per dot past the first
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], *([base] if base else [])])
            names = [base] if _is_test_module(base) else [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found += [f"{node.lineno}: {name}" for name in names if _is_test_module(name)]
    return found


def _is_test_module(name: str) -> bool:
    parts = name.split(".")
    return parts[0] == "tests" and any(part.startswith("test_") for part in parts[1:2])


def _modules() -> list[tuple[Path, str]]:
    paths = sorted(TESTS.glob("*.py")) + sorted((TESTS / "fixtures").glob("*.py"))
    return [(path, ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)) for path in paths]


def test_no_module_under_tests_imports_a_test_module() -> None:
    wrong = {}
    for path, module in _modules():
        if found := imported_test_modules(path.read_text(encoding="utf-8"), module):
            wrong[str(path.relative_to(TESTS.parent))] = found
    assert not wrong, f"import shared data from tests/fixtures/ instead: {wrong}"


def test_the_check_sees_each_way_of_importing_a_test_module() -> None:
    """Each rule fails on a deliberate violation, and lets the allowed imports through."""
    violations = {
        "from tests.test_check import BASE": ["1: tests.test_check"],
        "import tests.test_check": ["1: tests.test_check"],
        "import tests.test_check as c": ["1: tests.test_check"],
        "from tests import test_check": ["1: tests.test_check"],
        "from . import test_check": ["1: tests.test_check"],
        "from .test_check import BASE": ["1: tests.test_check"],
        "from ..test_check import BASE": ["1: tests.test_check"],  # from tests/fixtures/
        "def f():\n    from tests.test_search import header_search": ["2: tests.test_search"],
    }
    for source, expected in violations.items():
        module = "tests.fixtures.content" if source.startswith("from ..") else "tests.test_site"
        assert imported_test_modules(source, module) == expected, source
    allowed = [
        "from tests.conftest import ROOT",
        "from tests.fixtures.content import BASE",
        "from tests import conftest",
        "from .fixtures import content",
        "import generator.check.test_like",  # not under tests/
    ]
    for source in allowed:
        assert imported_test_modules(source, "tests.test_site") == [], source
