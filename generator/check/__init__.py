"""Stage 3, check: every document checked against its kind's schema and across files, its body's links and HTML.

May import: ``common``, ``read``, ``settings``, ``kinds``.
"""
