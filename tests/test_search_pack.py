"""A part of the search index kept as one file until the parts are joined (generator/search/pack.py): read back
as written; a pack cut short or naming a file outside the bundle is refused with a Russian message."""

from __future__ import annotations

import pytest

from generator.search.pack import PackError, read_pack, write_pack


def test_a_pack_reads_back_every_file_in_order(tmp_path):
    files = [
        ("pagefind.js", b"// js"),
        ("fragment/ru_abc.pf_fragment", bytes(range(256)) * 40),
        ("index/ru_1.pf_index", b""),
        ("ёлка/имя.txt", "текст".encode()),
    ]
    write_pack(tmp_path / "part-0.pack", iter(files))
    assert list(read_pack(tmp_path / "part-0.pack").items()) == files


def test_a_pack_cut_short_is_refused(tmp_path):
    write_pack(tmp_path / "part.pack", [("fragment/a.pf_fragment", b"x" * 1000)])
    raw = (tmp_path / "part.pack").read_bytes()
    for cut in (3, 10, len(raw) - 1):  # in the lengths, in the name, in the content
        (tmp_path / "cut.pack").write_bytes(raw[:cut])
        with pytest.raises(PackError, match="обрезана"):
            read_pack(tmp_path / "cut.pack")


@pytest.mark.parametrize("name", ["../outside.js", "/etc/passwd", "fragment/../../x", "a\\..\\b", ""])
def test_a_pack_naming_a_file_outside_the_bundle_is_refused(tmp_path, name):
    write_pack(tmp_path / "part.pack", [("pagefind.js", b"ok"), (name, b"x")])
    with pytest.raises(PackError, match="вне индекса"):
        read_pack(tmp_path / "part.pack")
