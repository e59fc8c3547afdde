"""Stage 4, model: the checked documents linked into one content model (references, people, back-links, aliases).

May import: ``common``, ``read``, ``settings``, ``kinds``, ``check``.
"""
