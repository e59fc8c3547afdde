"""The engines innopub builds with, in a registry (:data:`ENGINES`); what each is handed is
:mod:`generator.site.boundary`, the one boundary every adapter takes.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.site.site import Site


@dataclass(frozen=True)
class Engine:
    """An engine ``innopub build --engine NAME`` can build with: its module exposes
    ``build_staged(site, staging, *, verbose, strict) -> bool`` (False: it failed and said so in Russian).
    The module is imported only when the engine is used, so a command that builds with one never imports the other."""

    name: str
    title: str
    module: str

    def build(self, site: Site, staging: Path, *, verbose: bool = False, strict: bool = False) -> bool:
        return bool(importlib.import_module(self.module).build_staged(site, staging, verbose=verbose, strict=strict))


ENGINES: dict[str, Engine] = {
    e.name: e
    for e in (
        Engine("mkdocs", "MkDocs", "generator.engines.mkdocs.files"),
        Engine("zensical", "Zensical", "generator.engines.zensical.adapter"),
    )
}
"""The engines, by the name ``--engine`` takes. A new engine is a module with ``build_staged`` and a line here."""
DEFAULT_ENGINE = "mkdocs"
