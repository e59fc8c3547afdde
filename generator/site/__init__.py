"""Stage 8, the site: the engine-neutral :class:`~generator.site.site.Site` that owns a build, and the staging folder
swapped into ``site/`` when complete.

May import: every stage below it; never an engine.
"""
