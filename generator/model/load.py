"""The whole front half of a build: read → validate → link, once per command, again only for what changed.

:class:`ContentLoader` keeps what each file's reading and checking gave, keyed by the file's identity
on disk (size, modification time, inode): a preview (``mkdocs serve``, ``innopub serve``) or a
command that has just written one file (``innopub publish`` after the month's issue) loads the tree
again at the cost of walking it, reading the changed files and linking the model; the checks that
depend on more than one file (references, links) and the linking always run on the whole tree.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.check.validate import Validator, ValidDocument, check_across
from generator.common.collector import collector_paused
from generator.common.problems import Problem, Problems
from generator.kinds import KINDS
from generator.model.content import ContentModel
from generator.model.resolve import build_model, patch_model
from generator.read.attachments import FilePolicy
from generator.read.reader import SourceDocument, read_document, tree_files
from generator.settings.options import Settings

FileKey = tuple[int, int, int, int]
"""(size, modification time in ns, inode, change time in ns) of a file: another value is another file."""


@dataclass
class _Checked:
    key: FileKey
    document: SourceDocument | None
    valid: ValidDocument | None
    problems: list[Problem] = field(default_factory=list)


def display_root(content_dir: Path) -> str:
    """How messages name the content folder: relative to the working folder where possible."""
    try:
        return os.path.relpath(content_dir)
    except ValueError:
        return str(content_dir)


class ContentLoader:
    """Loads ``content_dir`` into the content model; each further :meth:`load` re-reads only changed files."""

    def __init__(self, content_dir: Path, settings: Settings, display_root: str | None = None) -> None:
        self.content_dir = content_dir
        self.settings = settings
        self.display_root = content_dir.name if display_root is None else display_root
        self.validator = Validator(settings, content_dir)
        self._root = str(content_dir)
        self._files: dict[str, _Checked] = {}
        self.model: ContentModel | None = None
        self._linked: list[Problem] = []
        """The problems the last linking found (unknown references…): kept while a patch keeps its links."""
        self.reread: list[str] = []
        """The files the last :meth:`load` read (all of them the first time)."""
        self.attachments = FilePolicy(content_dir, self.display_root)
        self.files: list[str] = []
        """The other files the site publishes as they are (``files/…``), as the last :meth:`load` found them."""

    @collector_paused
    def load(self, checked: Callable[[int, int], None] | None = None) -> tuple[ContentModel, Problems]:
        """The model and every problem of the tree; ``checked(done, total)`` as each file is handled."""
        problems = Problems()
        others: list[str] = []
        files = tree_files(self.content_dir, self.display_root, set(KINDS), problems, others)
        self.files = self.attachments.published(others, problems)
        known: dict[str, _Checked] = {}
        self.reread = []
        for done, (rel, folder) in enumerate(files, 1):
            result = self._checked(rel, folder)
            known[rel] = result
            problems.extend(result.problems)
            if checked is not None:
                checked(done, len(files))
        previous, self._files = self._files, known
        documents = [r.document for r in known.values() if r.document is not None]
        valid = [r.valid for r in known.values() if r.valid is not None]
        failed = {(d.folder, d.id) for r in known.values() if (d := r.document) is not None and r.valid is None and d.folder}
        check_across(documents, valid, failed, self.content_dir, problems)
        changed = [known[rel].valid for rel in self.reread]
        if self.model is not None and known.keys() == previous.keys() and patch_model(self.model, changed):
            problems.extend(self._linked)  # the links between entries are those of the last linking
        else:
            linked = Problems()
            self.model = build_model(valid, failed, self.settings, self.content_dir, linked)
            self._linked = list(linked)
            problems.extend(linked)
        problems.sort()
        return self.model, problems

    def document(self, rel: str) -> SourceDocument | None:
        """The file ``rel`` as the last load read it (an engine that converts pages itself reads editors' pages here)."""
        checked = self._files.get(rel)
        return checked.document if checked is not None else None

    def _checked(self, rel: str, folder: str | None) -> _Checked:
        try:  # a string, not a Path: 10,000 Path objects were a tenth of a preview's reload
            info = os.stat(os.path.join(self._root, rel), follow_symlinks=False)
            key = (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)
        except OSError:
            key = (-1, -1, -1, -1)  # gone since the walk: read, and reported, as any unreadable file
        cached = self._files.get(rel)
        if cached is not None and cached.key == key:
            return cached
        self.reread.append(rel)
        path = self.content_dir / rel
        own = Problems()
        display = f"{self.display_root}/{rel}" if self.display_root else rel
        document = read_document(path, rel, display, folder, own)
        if document is None and folder is not None:
            document = SourceDocument(rel, display, folder, path.stem, {}, "", 1, unreadable=True)
        valid = self.validator.validate(document, own) if document is not None else None
        return _Checked(key, document, valid, list(own))


def load_content(
    content_dir: Path, settings: Settings, display_root: str | None = None, checked: Callable[[int, int], None] | None = None
) -> tuple[ContentModel, Problems]:
    """Read, validate and link ``content_dir`` once; return the model and every problem found.

    ``display_root`` prefixes paths in messages (``content`` → ``content/reports/x.md``);
    by default the folder's name. ``checked(done, total)`` is called as each file is checked (progress).
    """
    return ContentLoader(content_dir, settings, display_root).load(checked)
