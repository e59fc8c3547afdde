"""Issue 22: what the templates are told while the editions are being made (generator/render/pending.py), on the demo.

Each edition function either says «not yet» (EditionsPending: the page waits) or answers exactly what it answers once
the editions are made, here the demo's kept editions (editions/*.json, made by earlier builds); and the certificates'
verification pages made before the certificates are those the demo keeps (editions/spravki/). Nothing is typeset.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.editions.cite import Citer
from generator.editions.citefiles import site_files
from generator.editions.typeset import Output, template_globals
from generator.render import pending
from generator.settings.config import load_config
from generator.site.site import Site
from tests.conftest import ROOT, project


def _kept_output(entry) -> Output:
    info = json.loads((ROOT / "editions" / entry.kind.folder / f"{entry.id}.json").read_text(encoding="utf-8"))
    return Output(entry, Path("unused.pdf"), Path("unused.epub"), info["pages"], {k: (v[0], v[1]) for k, v in info["items"].items()}, kept=True)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = project(tmp_path_factory.mktemp("guards"), ROOT / "content")
    shutil.copytree(ROOT / "editions", root / "editions")
    site = Site(load_config(root / "mkdocs.yml"))
    site.require()
    return site


def test_each_answer_is_the_final_one_or_not_yet(demo_site: Site) -> None:
    model, config = demo_site.model, demo_site.config
    assert model is not None
    editions = [entry for kind in ("collections", "bulletin") for entry in model.entries.get(kind, [])]
    outputs = {entry.url: _kept_output(entry) for entry in editions}
    publication = config.settings.publication
    final = template_globals(outputs, config.site_name, config.site_url, publication.doi_prefix)
    citer = Citer(config.site_name, config.site_url, {u: o.pages for u, o in outputs.items()}, {u: o.pdf_url for u, o in outputs.items()})
    links = site_files(model, citer, publication.issn)[1]
    final["cite_files"] = lambda entry: links.get(entry.url)
    meanwhile = pending.guards(model, config)
    waits: dict[str, set[str]] = {}
    for entry in model.all():
        for name in ("citation", "doi", "edition_files", "pdf_pages", "cite_files"):
            try:
                answer = meanwhile[name](entry)
            except pending.EditionsPending:
                waits.setdefault(name, set()).add(f"{entry.kind.folder}/{entry.id}")
                continue
            assert answer == final[name](entry), (name, entry.url)
    articles = {f"articles/{entry.id}" for entry in model.entries["articles"] if entry.ref("collection") is not None}
    assert articles and waits["citation"] == articles  # an article of a collection quotes its PDF's pages
    assert waits["edition_files"] == {f"{entry.kind.folder}/{entry.id}" for entry in editions}
    assert "doi" not in waits and "cite_files" not in waits


def test_the_verification_pages_made_first_are_the_certificates_the_demo_keeps(demo_site: Site) -> None:
    assert demo_site.model is not None and demo_site.config.theme_dir is not None
    from generator.render.renderer import Renderer

    renderer = Renderer([demo_site.config.theme_dir], demo_site.model)
    kept = sorted(path.stem for path in (ROOT / "editions" / "spravki").glob("*.json"))
    assert len(kept) == 28  # the demo's certificates (README: «the demo's 28»)
    assert pending.certificate_numbers(demo_site.model, demo_site.config, renderer) == kept
    certified = pending.certified_items(demo_site.model, demo_site.config)
    items = {json.loads(path.read_text(encoding="utf-8"))["item"] for path in (ROOT / "editions" / "spravki").glob("*.json")}
    assert items <= certified
