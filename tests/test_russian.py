"""Russian for readers: dates, plural forms, names, slugs, relative links."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.common.russian import count_of, first_letter, fold, human_size, long_date, month_year, short_name, slug
from generator.render.renderer import relative_url


def test_long_date() -> None:
    assert long_date(dt.date(2023, 3, 30)) == "30 марта 2023\u00a0г."
    assert long_date(dt.date(2026, 11, 1)) == "1 ноября 2026\u00a0г."


def test_month_year() -> None:
    assert month_year(dt.date(2023, 3, 30)) == "март 2023"


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "1 отчёт"), (3, "3 отчёта"), (5, "5 отчётов"), (11, "11 отчётов"), (21, "21 отчёт"), (22, "22 отчёта"), (0, "0 отчётов")],
)
def test_plural_forms(n: int, expected: str) -> None:
    assert count_of(n, "отчёт", "отчёта", "отчётов").replace("\u00a0", " ") == expected


def test_names_match_with_yo_case_and_spacing() -> None:
    assert fold("Ёлкина  Марина Сергеевна") == fold("елкина марина сергеевна")
    assert slug("Каурова Ирина Викторовна") == "kaurova-irina-viktorovna"
    assert slug("Ёлкина Марина Сергеевна") == slug("Елкина Марина Сергеевна") == "elkina-marina-sergeevna"
    assert short_name("Каурова Ирина Викторовна") == "Каурова\u00a0И.\u00a0В."
    assert first_letter("Ёлкина") == "Е"


@pytest.mark.parametrize(
    ("target", "base", "expected"),
    [
        ("platforms/x/", "", "platforms/x/"),
        ("", "platforms/x/", "../../"),
        ("reports/y/", "platforms/x/", "../../reports/y/"),
        ("files/a.pdf", "reports/y/", "../../files/a.pdf"),
        ("archive/2024/#m3", "archive/", "2024/#m3"),
        ("platforms/", "platforms/", "./"),
    ],
)
def test_relative_url(target: str, base: str, expected: str) -> None:
    assert relative_url(target, base) == expected


def test_human_size() -> None:
    assert human_size(512) == "512\u00a0Б"
    assert human_size(15 * 1024) == "15\u00a0КБ"
    assert human_size(3 * 1024 * 1024 + 200_000) == "3,2\u00a0МБ"
