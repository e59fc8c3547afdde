"""The site's settings: ``mkdocs.yml`` read once (MkDocs' YAML semantics), the plugin's options as a pydantic model.

May import: ``common``, ``read``.
"""
