"""Stage 6, render: Jinja2 templates, Markdown converted as MkDocs converts it, and the files besides pages (redirects,
feeds, editions, open data, the web editor).

May import: ``pages`` and every stage below it.
"""
