"""Where ``theme/`` copies Material's markup, a change of Material's original fails this test.

``theme/partials/header.html`` is Material's header with innopub's search box; ``theme/partials/javascripts/``
holds Material's start-up scripts moved out of inline ``<script>`` (the CSP); ``theme/main.html`` repeats
``base.html``'s ``site_meta`` and ``htmltitle`` blocks (the CSP first, titles not stripped of their escaping).
A new Material that changes one of those originals must be read and the copy brought up to date by hand:
the digests below are those of Material 9.8.2, which the copies follow (``pyproject.toml`` pins ``<9.9``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import material
import pytest

from tests.conftest import ROOT

COPIED = {
    # Material's original → (its sha256 in 9.8.2, our copy)
    "base.html": ("a919e32d2225e09ecbdeb8076ca6ce9ca0836329760bf7871a04172569b77842", "main.html"),
    "partials/header.html": ("8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f", "partials/header.html"),
    "partials/javascripts/base.html": ("d6113712bc4deb30b4bd810ee0dfc28b6f04d2f88cc0016c0f1766eac7b762b6", "partials/javascripts/base.html"),
    "partials/javascripts/content.html": ("3722e156f0f6339de39fbbfc178b6e401d1a4fb890f189ac5b80c2504bda7dcf", "partials/javascripts/content.html"),
}
MATERIAL = Path(material.__file__).parent / "templates"


@pytest.mark.parametrize("original", sorted(COPIED))
def test_material_original_of_a_copy_is_unchanged(original: str) -> None:
    digest, copy = COPIED[original]
    assert (ROOT / "theme" / copy).is_file(), copy
    found = hashlib.sha256((MATERIAL / original).read_bytes()).hexdigest()
    assert found == digest, (
        f"Material's {original} changed since the copy in theme/{copy} was made (9.8.2): compare them, "
        "bring the copy up to date, then record the new digest here"
    )


def test_the_pin_allows_only_the_copied_minor_version() -> None:
    """The upper bound on Material in pyproject.toml is the minor version the copies follow."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"mkdocs-material>=9.8,<9.9"' in text
