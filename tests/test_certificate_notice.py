"""`innopub check` says once, as a notice, that certificates of publication are not made without an editor (issue 24):
never an error, never with `--strict`; nothing said on a site without editions or with an editor."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import innopub, project

COLLECTION = "---\ntitle: Сборник\nkind: conference\ndate: 2026-10-01\neditors: [Петрова Анна Сергеевна]\n---\n"
NOTICE = "справки о публикации не выпускаются"


def site(tmp: Path, files: dict[str, str], publication: str = "") -> Path:
    root = project(tmp, files)
    config = root / "mkdocs.yml"
    text = re.sub(r"      publication:\n(?:        .*\n)+", "", config.read_text(encoding="utf-8"))  # not the demo's editor
    config.write_text(text.replace("  - innopub:\n", "  - innopub:\n" + publication), encoding="utf-8")
    return root


def test_notice_once_without_an_editor(tmp_path: Path) -> None:
    root = site(tmp_path / "a", {"collections/sbornik.md": COLLECTION})
    result = innopub("check", "--strict", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count(NOTICE) == 1
    assert f"Замечание: {NOTICE}" in result.stderr and "(publication: editor, editor_position)" in result.stderr
    github = innopub("check", "--format", "github", cwd=root)
    assert github.returncode == 0
    lines = [line for line in github.stdout.splitlines() if NOTICE in line]
    assert len(lines) == 1 and lines[0].startswith("::notice title=innopub%3A справки о публикации::"), github.stdout


def test_no_notice_with_an_editor_or_without_editions(tmp_path: Path) -> None:
    editor = "      publication: {editor: Смирнова Ольга Викторовна}\n"
    for root in (site(tmp_path / "b", {"collections/sbornik.md": COLLECTION}, editor), site(tmp_path / "c", {})):
        result = innopub("check", cwd=root)
        assert result.returncode == 0 and NOTICE not in result.stderr, result.stderr
