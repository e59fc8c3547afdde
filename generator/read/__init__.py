"""Stage 1, read: ``content/`` as untrusted input.

The tree walked without following links, front matter read with line positions and YAML's limits, Markdown bodies
scanned for links, and the addresses every entry and generated page will have. May import: ``common``.
"""
