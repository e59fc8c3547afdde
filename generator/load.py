"""The whole front half of a build in one call: read → validate → link."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.kinds import KINDS
from generator.link import build_model
from generator.model import ContentModel
from generator.problems import Problems
from generator.reader import read_tree
from generator.settings import Settings
from generator.validate import validate_documents


def load_content(
    content_dir: Path, settings: Settings, display_root: str | None = None, checked: Callable[[int, int], None] | None = None
) -> tuple[ContentModel, Problems]:
    """Read, validate and link ``content_dir``; return the model and every problem found.

    ``display_root`` prefixes paths in messages (``content`` → ``content/reports/x.md``);
    by default the folder's name. ``checked(done, total)`` is called as each file is checked (progress).
    """
    problems = Problems()
    root = content_dir.name if display_root is None else display_root
    documents = read_tree(content_dir, root, set(KINDS), problems)
    valid, failed = validate_documents(documents, settings, content_dir, problems, checked)
    model = build_model(valid, failed, settings, content_dir, problems)
    problems.sort()
    return model, problems
