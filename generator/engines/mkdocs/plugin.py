"""The MkDocs plugin ``innopub``: a shim that maps MkDocs' events to one command's :class:`Run`.

Each event hands MkDocs' objects on (``generator/engines/mkdocs/run.py``, then the Site) and does nothing of
its own: what the site holds and how it is made is the Site's. ``innopub build`` hands over a Site it has
already loaded (``run.handed``); a plain ``mkdocs build`` / ``serve`` makes one from ``mkdocs.yml``.
Every event is guarded (:mod:`generator.engines.mkdocs.guard`): no traceback reaches an editor.
"""

from __future__ import annotations

from mkdocs.plugins import BasePlugin, event_priority

from generator.engines.mkdocs.guard import guarded
from generator.engines.mkdocs.options import InnopubConfig
from generator.engines.mkdocs.run import Run


@guarded
class InnopubPlugin(BasePlugin[InnopubConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.run = Run()

    @property
    def settings(self):
        """The site's settings, for the theme's partials (``config.plugins["innopub"].settings``: CSP, footer, Metrica)."""
        return self.run.site.settings if self.run.site is not None else None

    @property
    def serving(self) -> bool:
        """Whether this is `mkdocs serve` (theme/partials/lowvision-csp.html lets its live-reload script run)."""
        return self.run.serving

    def on_startup(self, command, dirty):
        self.run.startup(command, dirty)

    def on_serve(self, server, config, builder):
        return self.run.serve(server, config)

    def on_config(self, config):
        return self.run.configure(config)

    @event_priority(-50)  # after other plugins listed their files; before `get_navigation` reads `config.nav`
    def on_files(self, files, config):
        return self.run.files(files, config)

    def on_nav(self, nav, config, files):
        self.run.nav = nav  # a preview renders pages on request with the navigation of the last full build
        return nav

    def on_env(self, env, config, files):
        return self.run.environment(env, config, files)

    def on_pre_page(self, page, config, files):
        return self.run.pre_page(page)

    def on_page_markdown(self, markdown, page, config, files):
        return self.run.page_markdown(markdown, page)

    def on_page_content(self, html, page, config, files):
        return self.run.page_content(html, page)

    def on_page_context(self, context, page, config, nav):
        return self.run.page_context(context, page)

    def on_post_page(self, output, page, config):
        return self.run.post_page(output, page)

    def on_post_template(self, output_content, template_name, config):
        return self.run.post_template(output_content, template_name)

    def on_post_build(self, config):
        self.run.post_build(config)

    @event_priority(-100)  # last: the other plugins' handlers run before ours may stop the build
    def on_build_error(self, error):
        self.run.build_error(error)

    def on_shutdown(self):
        self.run.shutdown()
