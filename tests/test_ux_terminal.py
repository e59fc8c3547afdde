"""What ``innopub build`` leaves on an 80-column terminal (issue 21, item 4): a real build in a pseudo-terminal of
80 columns, its output replayed on a small screen that does what a terminal does with rich's codes, then read.

- a check that failed ends as «✗ Проверка материалов: … — остановлено» above «Сайт не собран», never as «✓»;
- every stage's result is there whole: nothing cut with «…» at 80 columns, no word of the summary cut in two.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ENV, INNOPUB, ROOT, project
from tests.fixtures.terminal import on_a_terminal

COLUMNS, LINES = 80, 40
STAGES = ["Проверка материалов", "Издания PDF и EPUB", "Разметка страниц", "Запись страниц", "Поисковый индекс"]
KEPT = "Сайт не собран; прежняя версия в site/ не тронута."


def in_terminal(args: list[str], cwd: Path, timeout: float = 300) -> tuple[int, str]:
    """Run ``args`` on a pseudo-terminal of 80 columns (its size set as a terminal sets it, not only $COLUMNS)."""
    env = {k: v for k, v in ENV.items() if k not in {"COLUMNS", "LINES"}} | {"TERM": "xterm-256color"}
    return on_a_terminal(args, cwd, env, size=(COLUMNS, LINES), timeout=timeout)


CODE = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])|\r\n|[\r\n]|[^\x1b\r\n]")


def screen(shown: str) -> list[str]:
    """What a terminal of 80 columns shows after ``shown``: the lines of text as a reader sees them (scrolled-off lines
    kept). Handles what rich writes — colours, erase line, cursor up, cursor shown/hidden — and fails on anything else."""
    rows: list[list[str]] = [[]]
    row = col = 0
    wrap = False  # a character written in the last column: the next one goes onto a new line
    for match in CODE.finditer(shown):
        text, (args, code) = match.group(0), match.groups()
        if code == "m" or args in {"?25", "?2004", "?1049", "?7"}:
            continue  # a colour; the cursor shown or hidden
        if code == "K":
            assert args in {"", "2"}, text
            rows[row] = [] if args == "2" else rows[row][:col]
        elif code == "A":
            row, wrap = max(0, row - int(args or 1)), False
        elif code == "G" or code == "D" or code == "C" or code == "J" or code == "H":
            raise AssertionError(f"a code this screen does not replay: {text!r}")
        elif text == "\r":
            col, wrap = 0, False
        elif text in {"\n", "\r\n"}:
            row, col, wrap = row + 1, 0 if text == "\r\n" else col, False
        else:
            if wrap:
                row, col, wrap = row + 1, 0, False
            while len(rows) <= row:
                rows.append([])
            line = rows[row]
            line.extend(" " * (col - len(line)))
            line[col : col + 1] = [text]
            col += 1
            if col == COLUMNS:
                col, wrap = COLUMNS - 1, True
        while len(rows) <= row:
            rows.append([])
    return ["".join(line).rstrip() for line in rows]


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with its kept editions (served from editions/: the build takes seconds)."""
    root = project(tmp_path_factory.mktemp("terminal"), ROOT / "content")
    shutil.copytree(ROOT / "editions", root / "editions")
    return root


def test_screen_replays_rich_as_a_terminal_does() -> None:
    """The little screen itself: a line drawn, erased and drawn again above a cursor-up; a long line wraps at 80."""
    drawn = "\x1b[?25l\r\x1b[2K\x1b[32m⠋\x1b[0m one\r\n\x1b[2Ktwo\r\x1b[2K\x1b[1A\x1b[2K✓ done\r\nnext\r\n" + "я" * 85 + "\r\n\x1b[?25h"
    assert screen(drawn) == ["✓ done", "next", "я" * 80, "я" * 5, ""]


def test_a_failed_check_ends_with_a_cross_above_the_verdict(demo_copy: Path) -> None:
    report = demo_copy / "content/reports/2023/detsad-15-mip-itogovyj-2023.md"
    text = report.read_text(encoding="utf-8")
    assert "\ndate: 2023-06-28\n" in text
    report.write_text(text.replace("\ndate: 2023-06-28\n", "\ndate: 2023-06-31\n"), encoding="utf-8")
    try:
        code, shown = in_terminal([*INNOPUB, "build"], demo_copy)
    finally:
        report.write_text(text, encoding="utf-8")
    assert code == 1, shown
    assert "\x1b[" in shown, "rich drew in the terminal"
    lines = [line for line in screen(shown) if line]
    assert not any(line.startswith("✓") for line in lines), lines
    assert lines[-1] == KEPT, lines
    assert "✗ Проверка материалов: 1\u00a0ошибка — остановлено" in lines, lines
    assert lines.index("✗ Проверка материалов: 1\u00a0ошибка — остановлено") < len(lines) - 1
    assert any("несуществующая дата" in line for line in lines)
    assert not any(stage in line for line in lines for stage in STAGES[1:]), "the build stopped before the other stages"


def test_each_stage_ends_whole_at_80_columns(demo_copy: Path) -> None:
    code, shown = in_terminal([*INNOPUB, "build"], demo_copy)
    assert code == 0, shown
    lines = [line for line in screen(shown) if line]
    assert not any("…" in line for line in lines), "nothing cut: " + "\n".join(lines)
    ended = [line for line in lines if line.startswith("✓ ")]
    titles = [line.split(":")[0][2:] for line in ended]
    assert titles[:2] == STAGES[:2] and sorted(titles) == sorted(STAGES), ended  # the last three end as they end
    check = next(line for line in ended if line.startswith("✓ Проверка материалов: "))
    assert re.fullmatch(r"✓ Проверка материалов: \d+\u00a0файл\w* за [\d,]+\u00a0с — \d+\u00a0запис\w*, ошибок нет", check), check
    assert re.fullmatch(r"✓ Издания PDF и EPUB: 6\u00a0изданий за [\d,]+\u00a0с \(из editions/ 6\)", ended[1]), ended[1]
    # 2 parts when the editions were still being made as the pages were converted: the part then is cut (Indexer.cut)
    assert any(re.fullmatch(r"✓ Поисковый индекс: (1\u00a0часть|2\u00a0части) за [\d,]+\u00a0с — \d+\u00a0КБ", line) for line in ended), ended
    assert not any(line.startswith(("⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏")) for line in lines), "no spinner left"
    summary = lines[next(n for n, line in enumerate(lines) if line.startswith("Сайт собран в site/ за ")) :]
    times = summary.index(next(line for line in summary if line.startswith("  Время: проверка ")))
    assert all(line.startswith("    ") for line in summary[times + 1 :]), "the time line wrapped between words, its rest indented"
    assert re.search(r"· поиск [\d,]+\u00a0с\.$", " ".join(line.strip() for line in summary[times:])), summary[times:]
