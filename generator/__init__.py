"""innopub: publishes the innovation experience of Russian schools.

The package is staged: ``reader`` (files and front matter with line positions) →
``validate`` (one pydantic schema per kind) → ``link`` (the typed content model of
``model``) → ``pages``/``render``/``feeds`` (what the site shows) → ``plugin`` (the
only module that knows MkDocs) and ``cli``.
"""

__version__ = "0.1.0"
