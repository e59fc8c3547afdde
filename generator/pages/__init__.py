"""Stage 5c, pages: which pages the site has and their contexts, long listings split, the editors' guide, search facets.

May import: ``coordinators``, ``editions`` and every stage below them.
"""
