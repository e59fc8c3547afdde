"""The content model's fast paths give exactly what the general ones give: front matter built
without PyYAML's constructor, lines found only when a problem needs one, the closest-value
hint, link and image scanning, summaries of long bodies."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from generator.check.sanitize import scan_body
from generator.check.validate import closest
from generator.common.problems import Problems
from generator.kinds.schema import EntryMeta
from generator.model.load import load_content
from generator.model.resolve import summary_of
from generator.read.mdsource import find_links
from generator.read.reader import _Loader, parse_front_matter, read_tree
from generator.settings.options import Settings
from tests.conftest import write_files
from tests.fixtures.content import BASE, REPORT

FRONT_MATTERS = [
    "title: Текст\ndate: 2024-06-10\ntags: [a, b]\nauthors:\n  - {name: Иванова, position: директор}\n  - Петров\n",
    "title: &t Якорь\nperiod: *t\nauthors: &p [{name: Иванова}]\neditors: *p\n",
    "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n",
    "1: один\n2.5: два\ntrue: да\nnull: ничто\n0x1F: шестнадцать\n",
    "title: !!str 123\nbin: !!binary aGVsbG8=\nset: !!set {a, b}\nomap: !!omap [a: 1]\n",
    "num: 0x1F\nflt: 1.5e3\ninf: .inf\nsexa: 1:20\nyes: yes\nnul: ~\nempty:\nquoted: '2024-01-01'\n",
    "title: Первый\ntitle: Второй\n",
    "- a\n- b\n",
    "просто текст\n",
    "= : value key\n",
]


@pytest.mark.parametrize("yaml_text", FRONT_MATTERS)
def test_front_matter_is_built_as_pyyaml_builds_it(yaml_text: str) -> None:
    meta, _, body, body_line = parse_front_matter(f"---\n{yaml_text}---\nТело.\n", "x.md", Problems()) or ({}, None, "", 0)
    loader = _Loader(yaml_text)
    try:
        expected = loader.get_single_data()
    finally:
        loader.dispose()
    assert meta == (expected if isinstance(expected, dict) else {})
    assert (body, body_line) == ("Тело.\n", yaml_text.count("\n") + 3)


@pytest.mark.parametrize(
    ("yaml_text", "error"),
    [("title: !foo x\n", "неизвестный тег «!foo»"), ("? [a, b]\n: x\n", "имя поля — список или набор полей")],
)
def test_front_matter_errors_are_worded_in_russian(yaml_text: str, error: str) -> None:
    problems = Problems()
    parse_front_matter(f"---\n{yaml_text}---\n", "x.md", problems)
    assert len(problems) == 1 and error in problems[0].message


def test_lines_are_found_when_first_asked(tmp_path: Path) -> None:
    write_files(tmp_path, {"reports/a.md": "---\ntitle: А\nbase: &b {x: 1}\nother:\n  <<: *b\n  y: 2\nlist:\n  - p\n  - q\n---\nТело.\n"})
    (document,) = read_tree(tmp_path, "content", {"reports"}, Problems())
    assert document.lines == {}
    assert document.line(("title",)) == 2
    assert document.line(("other", "x")) == 3  # merged from the anchor's mapping
    assert document.line(("other", "y")) == 6
    assert document.line(("list", 1)) == 9
    assert document.line(("nowhere", 5)) == 1


def test_recursive_anchor_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    report = REPORT.replace("period:", "loop: &l [1, *l]\ntags: &t [a, *t]\nperiod:")
    write_files(tmp_path / "content", {**BASE, "reports/2024/otchet-2024.md": report})
    _, problems = load_content(tmp_path / "content", Settings())
    assert "content/reports/2024/otchet-2024.md:6: ожидается текст, а указано: ['a', [...]]" in [str(p) for p in problems.errors]


def _lcs(a: str, b: str) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        prev = 0
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], prev + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


def _osa(a: str, b: str) -> int:
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def test_closest_is_the_most_similar_close_value() -> None:
    """Against a plain reference: similarity 2·LCS/(|a|+|b|) ≥ 0.75, or one edit (three letters or more)."""

    def expected(value: str, allowed: list[str]) -> str | None:
        folded = {a.casefold().replace("ё", "е"): a for a in allowed}
        v = value.casefold().replace("ё", "е")
        scored = []
        for c in folded:
            ratio = 100.0 if not v and not c else 200.0 * _lcs(v, c) / (len(v) + len(c))
            if ratio >= 75 or (min(len(v), len(c)) >= 3 and _osa(v, c) <= 1):
                scored.append((round(ratio, 9), c))
        return folded[max(scored)[1]] if scored else None

    rng = random.Random(7)
    alphabet = "abcde-ёЁеЕ12"
    for _ in range(3000):
        allowed = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(rng.randint(0, 12))]
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        assert closest(value, allowed) == expected(value, allowed), (value, allowed)
    assert closest("platfrm-268", [f"platform-{i}" for i in range(1, 1000)]) == "platform-268"


def test_links_and_images_are_found_on_every_line() -> None:
    body = "![](a.png) текст\n\nx ![alt](b.png)!![](c.png) [x](javascript:1)\n```\n![](code.png)\n```\n[r [n] t](../about.md) ![i](<d e.md>)\n"
    problems = Problems()
    scan_body("x.md", body, 10, (), problems)
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (16, "удалён недопустимый элемент <d>: такой HTML не будет показан на сайте"),
        (10, "у изображения нет описания"),
        (12, "у изображения нет описания"),
        (12, "удалён небезопасный адрес ссылки «javascript:1»"),
    ]
    assert [(link.target, link.line) for link in find_links(body)] == [
        ("a.png", 1),
        ("b.png", 3),
        ("c.png", 3),
        ("javascript:1", 3),
        ("../about.md", 7),
        ("d e.md", 7),
    ]
    assert find_links("Текст без ссылок.\n" * 100) == []


@pytest.mark.parametrize(
    ("body", "summary"),
    [
        ("# Заголовок\n\n" + "слово " * 1000 + "\nконец\n\nВторой.", " ".join(["слово"] * 1000 + ["конец"])),
        ("\n" * 5000 + "абзац\r\nпродолжение\n\nещё", "абзац продолжение"),
        ("а" * 4095 + "\r\nб\n\nв", "а" * 4095 + " б"),
        ("1. пункт\n\nПервый **абзац** [со ссылкой](x.md) <b>и</b> `код`\n\n" + "x" * 5000, "Первый абзац со ссылкой и код"),
    ],
)
def test_summary_of_a_long_body(body: str, summary: str) -> None:
    meta = EntryMeta(title="Т")
    assert summary_of(meta, body) == summary
