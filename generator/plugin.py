"""The MkDocs adapter: the only module that imports MkDocs.

It wires the stages to MkDocs' events and holds no domain logic: the content model is
loaded once per build in ``on_files``, generated pages become virtual files
(``File.generated``), and their HTML parts are added in ``on_page_content``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.feeds import atom_feed
from generator.kinds import KINDS
from generator.load import load_content
from generator.pages import PageSpec, nav_sections, site_pages
from generator.problems import InnopubError, russian_count
from generator.render import Renderer
from generator.settings import make_settings

log = logging.getLogger("mkdocs.plugins.innopub")
FEED_PATH = "feed.xml"


class InnopubConfig(base.Config):
    statuses = c.Optional(c.Type(list))
    directions = c.Optional(c.Type(list))
    levels = c.Optional(c.Type(list))
    event_kinds = c.Optional(c.Type(list))
    organization_kinds = c.Optional(c.Type(list))
    today = c.Optional(c.Type((str, dt.date)))
    feed_size = c.Optional(c.Type(int))
    latest_size = c.Optional(c.Type(int))


class InnopubPlugin(BasePlugin[InnopubConfig]):
    supports_multiple_instances = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.settings = make_settings(dict(self.config), config.config_file_path or "mkdocs.yml")
        except InnopubError as exc:
            raise PluginError(str(exc)) from exc
        self.generate_nav = config.nav is None
        self.specs: dict[str, PageSpec] = {}
        return config

    # Run after other plugins have listed their files, so that entry sources are removed
    # and our virtual pages added last; before ``get_navigation`` reads ``config.nav``.
    @event_priority(-50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        content_dir = Path(config.docs_dir)
        model, problems = load_content(content_dir, self.settings, _display_root(content_dir))
        for problem in problems.warnings:
            log.warning(str(problem))
        if problems.errors:
            raise PluginError(problems.report() + "\n" + russian_count(len(problems.errors)))

        hidden = set(model.unpublished)
        for file in list(files.documentation_pages()):
            if file.src_uri.split("/")[0] in KINDS or file.src_uri in hidden:
                files.remove(file)
        self.renderer = Renderer(config.theme.dirs, model, config.use_directory_urls)
        self.specs = {}
        for spec in site_pages(model):
            if files.get_file_from_path(spec.path) is not None:
                continue  # an editor's own page (content/index.md) wins over a generated one
            self.specs[spec.path] = spec
            files.append(File.generated(config, spec.path, content=_markdown(spec), inclusion=InclusionLevel.NOT_IN_NAV))
        for redirect in model.redirects:
            files.append(File.generated(config, f"{redirect.url}index.html", content=self.renderer.render_redirect(redirect)))
        if config.site_url:
            feed = atom_feed(model, config.site_name, config.site_url, FEED_PATH)
            files.append(File.generated(config, FEED_PATH, content=feed))
        if self.generate_nav:
            config.nav = _nav(nav_sections(model), files)
        return files

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return html
        before, after = self.renderer.render_parts(spec, page.url)
        return before + html + after


def _nav(items: list, files: Files) -> list[dict]:
    """MkDocs' ``nav`` structure, keeping only pages that exist."""
    nav = []
    for title, target in items:
        if isinstance(target, list):
            children = _nav(target, files)
            if children:
                nav.append({title: children})
        elif files.get_file_from_path(target) is not None:
            nav.append({title: target})
    return nav


def _markdown(spec: PageSpec) -> str:
    meta = yaml.safe_dump({"title": spec.title}, allow_unicode=True, sort_keys=False)
    return f"---\n{meta}---\n\n{spec.body}"


def _display_root(content_dir: Path) -> str:
    try:
        return os.path.relpath(content_dir)
    except ValueError:
        return str(content_dir)
