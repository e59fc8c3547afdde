"""Stage 7, search: pages indexed with Pagefind while an engine renders them, the parts joined into one bundle.

May import: ``common``.
"""
