"""The floors the benchmark compares innopub's build with: plain MkDocs builds of the same content.

``floor_project``: the entry pages alone as plain Markdown, the same theme, a small navigation, no
plugins. ``same_pages_floor``: every page innopub writes, rendered once by the domain code into plain
Markdown with its HTML, built by plain MkDocs with Material's default search plugin.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator.model.load import load_content
from generator.pages.catalog import site_pages
from generator.render.renderer import Renderer
from generator.settings.config import load_config


def floor_project(source: Path, folder: Path) -> None:
    """The same entry pages as plain Markdown, the same theme, a small navigation, no plugins."""
    config = yaml.safe_load((source / "mkdocs.yml").read_text(encoding="utf-8"))
    docs = folder / "docs"
    nav: list = [{"Главная": "index.md"}]
    for kind_dir in sorted(p for p in (source / "content").iterdir() if p.is_dir()):
        (docs / kind_dir.name).mkdir(parents=True, exist_ok=True)
        for md in kind_dir.glob("*.md"):
            text = md.read_text(encoding="utf-8")
            _, front, body = text.split("---\n", 2)
            title = yaml.safe_load(front)["title"]
            (docs / kind_dir.name / md.name).write_text(f"---\n{yaml.safe_dump({'title': title}, allow_unicode=True)}---\n\n{body}", encoding="utf-8")
        (docs / kind_dir.name / "index.md").write_text(f"# {kind_dir.name}\n", encoding="utf-8")
        nav.append({kind_dir.name: f"{kind_dir.name}/index.md"})
    (docs / "index.md").write_text("# Главная\n", encoding="utf-8")
    plain = {
        "site_name": config["site_name"],
        "site_url": config.get("site_url"),
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": config["theme"],
        "plugins": [],
        "markdown_extensions": config.get("markdown_extensions", []),
        "nav": nav,
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    shutil.copytree(source / "theme", folder / "theme", dirs_exist_ok=True)
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), encoding="utf-8")


def same_pages_floor(source: Path, folder: Path) -> None:
    """Every page innopub writes (entries, registries, people, terms, archive…), rendered once by
    the domain code into plain Markdown with its HTML, built by plain MkDocs with the same theme,
    a small navigation and Material's default search plugin: the floor a plain Material site of
    the same pages sets, without our plugin."""
    import material

    site = load_config(source / "mkdocs.yml")
    model, _ = load_content(source / "content", site.settings)
    theme_dirs = [source / "theme", Path(material.__file__).parent / "templates"]
    renderer = Renderer(theme_dirs, model)
    docs = folder / "docs"
    for spec in site_pages(model):
        before, after = renderer.render_parts(spec, spec.url)
        target = docs / spec.path
        target.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump({"title": spec.title}, allow_unicode=True)
        target.write_text(f"---\n{front}---\n\n{before}\n\n{spec.body}\n\n{after}\n", encoding="utf-8")
    config = yaml.safe_load((source / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = [{"Главная": "index.md"}, *({f: f"{f}/index.md"} for f in model.entries)]
    plain = {
        "site_name": site.site_name,
        "site_url": site.site_url,
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": config["theme"],
        "plugins": ["search"],
        "markdown_extensions": config.get("markdown_extensions", []),
        "nav": nav,
        "validation": {"nav": {"omitted_files": "ignore"}, "links": {"unrecognized_links": "ignore", "not_found": "ignore"}},
    }
    shutil.copytree(source / "theme", folder / "theme", dirs_exist_ok=True)
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), encoding="utf-8")
