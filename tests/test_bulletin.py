"""The monthly bulletin: numbering, freezing, refresh; digests' ``includes:`` — on small content trees."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from tests.conftest import ENV, INNOPUB, innopub, project
from tests.fixtures.bulletin import ORG, practice


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
    # An older month after a later one would take a number after it: refused, nothing written (issue 19, item 10).
    result = innopub("bulletin", "2026-10", cwd=root)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "content/bulletin/2026-10.md: выпуск за октябрь 2026 не создан: уже есть выпуск за более поздний месяц — ноябрь 2026 "
        "(content/bulletin/2026-11.md, № 2 (2)). Номера выпусков идут по порядку месяцев"
    ), result.stderr
    assert not (root / "content/bulletin/2026-10.md").exists()
    assert innopub("bulletin", "2027-01", cwd=root).returncode == 0
    numbers = {m: (issue(root, m)["number"], issue(root, m)["total"]) for m in ("2026-09", "2026-11", "2027-01")}
    assert numbers == {"2026-09": (1, 1), "2026-11": (2, 2), "2027-01": (1, 3)}
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


def bulletin_issue(number: int, total: int, date: str, month: str) -> str:
    return f"---\ntitle: Вестник № {number} ({total}), {month}\ndate: {date}\nnumber: {number}\ntotal: {total}\nitems:\n  - practices/a\n---\n"


def test_check_refuses_numbers_that_do_not_follow_the_months(tmp_path: Path) -> None:
    """An issue for June 2025 written after April 2026 (by the old command, or by hand) took № 2 (2) after № 1 (1):
    the archive listed the numbers out of order. Two branches that each wrote a month gave both one number."""
    files = {
        "organizations/gimnaziya-1.md": ORG,
        "practices/a.md": practice("Практика А", "2025-06-10"),
        "bulletin/2026-04.md": bulletin_issue(1, 1, "2026-05-01", "апрель 2026"),
        "bulletin/2025-06.md": bulletin_issue(1, 2, "2025-07-01", "июнь 2025"),  # back-filled: № 2 after April's № 1
        "bulletin/2026-05.md": bulletin_issue(2, 3, "2026-06-01", "май 2026"),
        "bulletin/2026-06.md": bulletin_issue(3, 3, "2026-07-01", "июнь 2026"),  # another branch's June, also № 3 (3)
    }
    root = project(tmp_path, files)
    result = innopub("check", cwd=root)
    assert result.returncode == 1
    errors = sorted(line for line in result.stderr.splitlines() if line.startswith("content/bulletin/"))
    assert errors == [
        "content/bulletin/2025-06.md:5: сквозной номер 2 выпуска за июнь 2025 не меньше, чем у выпуска за более поздний месяц — "
        "апрель 2026, bulletin/2026-04: 1 (ожидается, что номера идут по порядку месяцев: у более раннего месяца — меньший; "
        "выпуск за прошедший месяц после более позднего не записывают)",
        "content/bulletin/2026-05.md:5: сквозной номер 3 выпуска за май 2026 не меньше, чем у выпуска за более поздний месяц — "
        "июнь 2026, bulletin/2026-06: 3 (ожидается, что номера идут по порядку месяцев: у более раннего месяца — меньший; "
        "выпуск за прошедший месяц после более позднего не записывают)",
    ], result.stderr


def test_two_months_written_at_once_are_numbered_in_month_order(tmp_path: Path) -> None:
    """Two commands started together take turns: either the earlier month comes first and both are written in order,
    or the later one does and the earlier is refused; never one number twice, never numbers against the months."""
    files = {
        "organizations/gimnaziya-1.md": ORG,
        "practices/a.md": practice("Практика А", "2026-09-10"),
        "practices/b.md": practice("Практика Б", "2026-10-05"),
    }
    root = project(tmp_path, files)
    commands = [[*INNOPUB, "bulletin", month] for month in ("2026-10", "2026-09")]
    running = [subprocess.Popen(c, cwd=root, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    outcomes = [(p.wait(timeout=120), p.stderr.read()) for p in running]
    october, september = root / "content/bulletin/2026-10.md", root / "content/bulletin/2026-09.md"
    assert outcomes[0][0] == 0 and october.is_file(), outcomes
    if september.exists():
        assert (issue(root, "2026-09")["total"], issue(root, "2026-10")["total"]) == (1, 2)
    else:
        assert outcomes[1][0] == 1 and "уже есть выпуск за более поздний месяц — октябрь 2026" in outcomes[1][1], outcomes
    assert innopub("check", cwd=root).returncode == 0
