"""Stage 5a, editions: what a collection or bulletin issue holds, numbering and freezing, ГОСТ citations, PDF and EPUB.

May import: the model and every stage below it.
"""
