"""Where the pages set aside for the editions keep their HTML (generator/render/aside.py): a page's HTML set aside and
the same page's HTML made whole share the engine's spill file under keys that never meet; in memory, a text taken
back is dropped."""

from __future__ import annotations

from pathlib import Path

from generator.render.aside import Kept, key
from generator.site.spill import Spill


def test_a_page_set_aside_and_the_same_page_made_whole_keep_apart_in_the_spill_file(tmp_path: Path) -> None:
    spill = Spill(tmp_path)
    assert spill.on_disk
    spill.put(key("articles/proekt.md"), "<p>Текст статьи</p>")  # converted, waiting for the editions
    spill.put("articles/proekt.md", "<div>карточка</div><p>Текст статьи</p><p>С.\u00a05–7</p>")  # made whole
    assert spill.take(key("articles/proekt.md")) == "<p>Текст статьи</p>"
    assert spill.take("articles/proekt.md") == "<div>карточка</div><p>Текст статьи</p><p>С.\u00a05–7</p>"
    spill.close()


def test_kept_in_memory_a_text_is_dropped_once_taken() -> None:
    kept = Kept()
    kept.put(key("spravki/2026-E66191912C.md"), "")
    kept.put(key("authors/ivanova.md"), "<p>Иванова</p>")
    assert kept.take(key("authors/ivanova.md")) == "<p>Иванова</p>"
    assert kept.take(key("authors/ivanova.md")) is None
    assert kept.take(key("spravki/2026-E66191912C.md")) == ""
    assert kept.take("authors/ivanova.md") is None  # the page's own key is another key
