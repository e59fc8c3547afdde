"""The search index's parts go to disk as Pagefind hands them over: the build's process keeps only their folders."""

from __future__ import annotations

import base64
from pathlib import Path

from generator.pages.facets import EXCLUDE_SELECTORS
from generator.search.bundle import indexed_pages
from generator.search.indexer import Indexer, PagefindProcess


def page(n: int) -> tuple[str, str]:
    body = f"<h1>Запись {n}</h1><p>Наставничество и краеведение, площадка номер {n}.</p>"
    return f"/x/{n}/", f'<html lang="ru"><body><div data-pagefind-body>{body}</div></body></html>'


def test_parts_are_written_as_they_arrive_and_joined_from_disk(tmp_path: Path) -> None:
    indexer = Indexer(EXCLUDE_SELECTORS, part_size=3, expected=7)
    for n in range(7):
        indexer.add(*page(n))
    parts = list(indexer._parts)
    result = indexer.write(tmp_path / "pagefind")
    assert (result.pages, result.parts) == (7, 3)
    assert sorted(indexed_pages(tmp_path / "pagefind")) == sorted(f"/x/{n}/" for n in range(7))
    for part in parts:
        assert all("files" not in answer for answer in part._answers.values()), "no part's files kept in memory"
    assert not any(part.folder.exists() for part in parts), "the work folder is removed"


def test_a_file_pagefind_names_outside_its_part_is_refused(tmp_path: Path) -> None:
    process = PagefindProcess(EXCLUDE_SELECTORS, folder=tmp_path / "part")
    try:
        content = base64.b64encode(b"x").decode()
        answer = process._store({"type": "GetFiles", "files": [{"path": "../outside.js", "content": content}]})
        assert "вне папки индекса: ../outside.js" in answer["error"]
        assert not (tmp_path / "outside.js").exists()
        answer = process._store({"type": "GetFiles", "files": [{"path": "/tmp/abs.js", "content": content}]})
        assert "вне папки индекса: /tmp/abs.js" in answer["error"]
    finally:
        process.close()
