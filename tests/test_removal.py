"""Removing the previous site in parallel (generator/common/removal.py): everything inside goes, nothing a link
points to is touched (a link planted in a site folder at any depth)."""

from __future__ import annotations

import os

from generator.common.removal import remove_tree


def test_a_site_folder_goes_whole_and_no_link_is_followed(tmp_path):
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "keep.txt").write_text("не трогать", encoding="utf-8")
    (outside / "deep" / "keep.html").write_text("<p>не трогать</p>", encoding="utf-8")
    site = tmp_path / "site"
    for kind in ("reports", "articles", "authors"):
        for n in range(30):
            page = site / kind / f"{kind}-{n}"
            page.mkdir(parents=True)
            (page / "index.html").write_text(f"<h1>{n}</h1>", encoding="utf-8")
    (site / "index.html").write_text("<h1>Главная</h1>", encoding="utf-8")
    (site / "reports" / "list.csv").write_text("a;b\n", encoding="utf-8")
    (site / "empty" / "nothing").mkdir(parents=True)
    os.symlink(outside, site / "link-top")  # depth 1
    os.symlink(outside, site / "reports" / "link-mid")  # depth 2: a subtree handed to a thread would be this
    os.symlink(outside, site / "reports" / "reports-3" / "link-deep")
    os.symlink(outside / "keep.txt", site / "articles" / "file-link.txt")

    remove_tree(site)

    assert not site.exists()
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "не трогать"
    assert (outside / "deep" / "keep.html").read_text(encoding="utf-8") == "<p>не трогать</p>"


def test_a_link_in_place_of_the_folder_is_left_alone(tmp_path):
    target = tmp_path / "target"
    target.mkdir()
    (target / "index.html").write_text("x", encoding="utf-8")
    os.symlink(target, tmp_path / "site")
    remove_tree(tmp_path / "site")
    assert (target / "index.html").exists()
    remove_tree(tmp_path / "missing")  # nothing there: nothing happens
