"""The monthly bulletin: numbering, freezing, refresh; digests' ``includes:`` — on small content trees."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import innopub, project

ORG = "---\ntitle: Гимназия № 1\nshort: МОУ «Гимназия № 1»\nmunicipality: г. Сокол\n---\n"


def practice(title: str, date: str, draft: bool = False, tags: str = "[опыт]") -> str:
    extra = "draft: true\n" if draft else ""
    head = f"---\ntitle: {title}\ndate: {date}\nauthors: Иванова Елена Андреевна\norganization: gimnaziya-1\ntags: {tags}\n"
    return f"{head}{extra}---\n\nТекст практики.\n"


def issue(root: Path, month: str) -> dict:
    text = (root / "content" / "bulletin" / f"{month}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1])


def test_numbering_freezing_and_refresh(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "organizations/gimnaziya-1.md": ORG,
            "practices/a.md": practice("Практика А", "2026-09-10"),
            "practices/b.md": practice("Практика Б", "2026-10-05"),
            "practices/c.md": practice("Практика В", "2026-11-02"),
            "practices/d.md": practice("Практика Г", "2027-01-20"),
            "practices/draft.md": practice("Черновик", "2026-11-03", draft=True),
        },
    )
    for month in ("2026-09", "2026-11"):
        assert innopub("bulletin", month, cwd=root).returncode == 0
    # An older month written later takes the next free numbers: published numbers never shift.
    result = innopub("bulletin", "2026-10", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "№ 3 (3)" in result.stdout
    assert innopub("bulletin", "2027-01", cwd=root).returncode == 0
    numbers = {m: (issue(root, m)["number"], issue(root, m)["total"]) for m in ("2026-09", "2026-11", "2026-10", "2027-01")}
    assert numbers == {"2026-09": (1, 1), "2026-11": (2, 2), "2026-10": (3, 3), "2027-01": (1, 4)}
    november = issue(root, "2026-11")
    assert november["items"] == ["practices/c"]  # the draft is left out
    assert str(november["date"]) == "2026-12-01"

    # Content added or edited after freezing does not change the issue.
    frozen = (root / "content/bulletin/2026-11.md").read_text(encoding="utf-8")
    (root / "content/practices/e.md").write_text(practice("Практика Д", "2026-11-20"), encoding="utf-8")
    (root / "content/practices/c.md").write_text(practice("Практика В", "2026-12-02"), encoding="utf-8")
    again = innopub("bulletin", "2026-11", cwd=root)
    assert again.returncode == 0
    assert "ничего не изменено" in again.stdout and "--refresh" in again.stdout
    assert (root / "content/bulletin/2026-11.md").read_text(encoding="utf-8") == frozen
    assert innopub("check", cwd=root).returncode == 0

    # --refresh re-collects the items and keeps the number and the editorial.
    path = root / "content/bulletin/2026-11.md"
    path.write_text(frozen + "Слово редакции ноябрьского выпуска.\n", encoding="utf-8")
    refreshed = innopub("bulletin", "2026-11", "--refresh", cwd=root)
    assert refreshed.returncode == 0, refreshed.stderr
    november = issue(root, "2026-11")
    assert november["items"] == ["practices/e"]
    assert (november["number"], november["total"]) == (2, 2)
    assert path.read_text(encoding="utf-8").endswith("Слово редакции ноябрьского выпуска.\n")

    empty = innopub("bulletin", "2026-08", cwd=root)
    assert empty.returncode == 1
    assert "за август 2026 нет ни одной опубликованной записи" in empty.stderr
    assert not (root / "content/bulletin/2026-08.md").exists()
    assert "не месяц" in innopub("bulletin", "2026-13", cwd=root).stderr


def test_bad_items_and_selectors_are_errors_with_lines(tmp_path: Path) -> None:
    bulletin = (
        "---\ntitle: Вестник № 1 (1)\ndate: 2026-12-01\nnumber: 1\ntotal: 1\nitems:\n  - practices/a\n  - practices/nope\n  - practices/draft\n---\n"
    )
    digest = (
        "---\ntitle: Дайджест\nkind: digest\ndate: 2026-12-01\neditors: Петрова Анна Ивановна\nincludes:\n"
        "  - practices/a\n  - {tags: [нет-такого]}\n  - {colour: red}\n  - {tags: [опыт]}\n---\n"
    )
    root = project(
        tmp_path,
        {
            "organizations/gimnaziya-1.md": ORG,
            "practices/a.md": practice("Практика А", "2026-11-10"),
            "practices/draft.md": practice("Черновик", "2026-11-03", draft=True),
            "bulletin/2026-11.md": bulletin,
            "collections/dajdzhest.md": digest,
        },
    )
    result = innopub("check", cwd=root)
    assert result.returncode == 1
    err = result.stderr
    assert "content/bulletin/2026-11.md:8: неизвестная запись: нет «nope» в content/practices/" in err
    assert "content/bulletin/2026-11.md:9: «practices/draft» — черновик" in err
    assert "content/collections/dajdzhest.md:8: под условие отбора «tags: нет-такого» не подходит ни одна" in err
    assert "content/collections/dajdzhest.md:9: неизвестное условие отбора «colour»" in err
    assert "dajdzhest.md:7:" not in err and "dajdzhest.md:10:" not in err
