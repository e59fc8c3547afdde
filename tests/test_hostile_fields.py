"""Hostile front matter values: what passes ``innopub check`` builds, what cannot be built is an error.

Real trees in temporary folders, the real ``innopub check`` and ``innopub build`` commands: exit
codes, ``path:line``, the Russian wording, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import innopub, project, write_files
from tests.fixtures.content import BASE, ORG, PLATFORM, PRACTICE, REPORT

REPORT_PATH = "reports/2024/otchet-2024.md"
SHOWN = "content/reports/2024/otchet-2024.md"
DIGEST = """---
title: Дайджест практик
kind: digest
date: 2024-06-01
editors: [Петрова Анна Ивановна]
includes:
  - practices/para
  - {includes}
---
Предисловие.
"""
ISSUE = """---
title: Вестник № 1 (1), май 2024
date: 2024-06-01
number: 1
total: 1
items:
  - practices/para
  - {item}
---
"""


def check(tmp_path: Path, changes: dict[str, str | bytes], command: str = "check"):
    root = project(tmp_path, dict(BASE))
    write_files(root / "content", changes)
    result = innopub(command, cwd=root)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result


def report_with(fields: str) -> str:
    """The valid report with ``fields`` (YAML lines) after its title, at line 3."""
    return REPORT.replace("title: Отчёт за первый год\n", f"title: Отчёт за первый год\n{fields}\n")


def errors_of(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("content/")]


URL_MESSAGE = "— не адрес сайта (ожидается адрес, начинающийся с http:// или https://)"


@pytest.mark.parametrize(
    "website",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<b>x</b>",
        "file:///etc/passwd",
        "//evil.example/",
        "school5.ru",
        "/about/",
        "https://",
        "http://exa mple.ru/",
    ],
)
def test_website_is_an_http_address(tmp_path: Path, website: str) -> None:
    org = ORG.replace("kind: школа\n", f"kind: школа\nwebsite: '{website}'\n")
    result = check(tmp_path, {"organizations/shkola-5.md": org})
    assert result.returncode == 1
    assert f"content/organizations/shkola-5.md:6: «{website}» {URL_MESSAGE}" in result.stderr, result.stderr


def test_dates_outside_the_range_are_errors_naming_it(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            REPORT_PATH: REPORT.replace("2024-06-10", "9999-12-31"),
            "platforms/nastavnichestvo.md": PLATFORM.replace("start: 2023-09-01", "start: 1969-12-31\nend: 2101-01-01"),
        },
    )
    assert result.returncode == 1
    expected = "(ожидается дата с 1970 по 2100 год)"
    assert f"{SHOWN}:3: дата 9999-12-31 вне допустимого диапазона {expected}" in result.stderr, result.stderr
    assert f"content/platforms/nastavnichestvo.md:5: дата 1969-12-31 вне допустимого диапазона {expected}" in result.stderr
    assert f"content/platforms/nastavnichestvo.md:6: дата 2101-01-01 вне допустимого диапазона {expected}" in result.stderr


def test_control_characters_are_errors(tmp_path: Path) -> None:
    article = """---
title: "Статья\\a о наставничестве"
date: 2024-05-01
authors: [{name: "Петрова\\x01 Анна Ивановна", position: директор, organization: shkola-5}]
collection: sbornik
section: Наставничество в школе
tags: ["наставничество\\x1b"]
abstract: "Первая строка\\nвторая строка\\x07"
---
Текст статьи.
"""
    result = check(tmp_path, {"articles/statya.md": article})
    assert result.returncode == 1
    shown = "content/articles/statya.md"
    one_line = "(ожидается текст в одну строку без управляющих символов)"
    assert f"{shown}:2: в поле «title» недопустимый управляющий символ U+0007 {one_line}" in result.stderr, result.stderr
    assert f"{shown}:4: в поле «name» недопустимый управляющий символ U+0001 {one_line}" in result.stderr
    assert f"{shown}:7: в поле «tags» недопустимый управляющий символ U+001B {one_line}" in result.stderr
    multi = "(ожидается текст без управляющих символов; переносы строк допустимы)"
    assert f"{shown}:8: в поле «abstract» недопустимый управляющий символ U+0007 {multi}" in result.stderr
    assert "U+000A" not in result.stderr  # a line break is allowed in an abstract


def test_a_line_break_in_a_title_is_an_error(tmp_path: Path) -> None:
    result = check(tmp_path, {REPORT_PATH: REPORT.replace("title: Отчёт за первый год", "title: |\n  Отчёт\n  за год")})
    assert result.returncode == 1
    assert f"{SHOWN}:2: в поле «title» недопустимый управляющий символ U+000A" in result.stderr, result.stderr


INVISIBLE_WARNING = "предупреждение: из значения «{}» удалены невидимые символы ({}): проверьте, что значение набрано без них"


def with_invisible_characters(tmp_path: Path, command: str):
    """The report's platform, author and tag with invisible characters; the practice with the same tag typed plainly."""
    report = REPORT.replace("platform: nastavnichestvo", 'platform: "nastavnichestvo\\u200b"')
    report = report.replace("  - Петрова Анна Ивановна", '  - "Петрова\\u00a0Анна\\u200b Ивановна\\u202e"')
    report = report.replace("period:", 'tags: ["\\ufeffнаставничество"]\nperiod:')
    practice = PRACTICE.replace("levels:", "tags: [наставничество]\nlevels:")
    result = check(tmp_path, {REPORT_PATH: report, "practices/para.md": practice}, command)
    assert result.returncode == 0, result.stderr
    assert f"{SHOWN}:4: " + INVISIBLE_WARNING.format("nastavnichestvo", "U+200B") in result.stderr, result.stderr
    assert f"{SHOWN}:8: " + INVISIBLE_WARNING.format("Петрова\xa0Анна Ивановна", "U+200B, U+202E") in result.stderr
    assert f"{SHOWN}:5: " + INVISIBLE_WARNING.format("наставничество", "U+FEFF") in result.stderr
    return result


def test_invisible_characters_are_removed_with_a_warning(tmp_path: Path) -> None:
    with_invisible_characters(tmp_path, "check")


@pytest.mark.slow  # builds a site
def test_values_without_their_invisible_characters_are_one_person_and_one_tag(tmp_path: Path) -> None:
    with_invisible_characters(tmp_path, "build")
    site = tmp_path / "site"
    assert [p.name for p in (site / "authors").iterdir() if p.name.startswith("petrova")] == ["petrova-anna-ivanovna"]
    assert [p.name for p in (site / "tags").iterdir() if p.is_dir()] == ["nastavnichestvo"]


def test_lengths_over_the_limits_are_errors(tmp_path: Path) -> None:
    title = "Практика" + " очень" * 90
    practice = PRACTICE.replace("Практика «Пара наставник — молодой учитель»", title)
    practice = practice.replace("Иванов Пётр Сергеевич", "Иванов " + "Щ" * 150)
    practice = practice.replace("levels:", f"tags: [{'т' * 101}]\nlevels:")
    result = check(tmp_path, {"practices/para.md": practice})
    assert result.returncode == 1
    shown = "content/practices/para.md"
    assert f"{shown}:2: значение поля «title» длиннее допустимого: {len(title)}\xa0символов (ожидается не больше 500)" in result.stderr, result.stderr
    assert f"{shown}:4: значение поля «authors» длиннее допустимого: 157\xa0символов (ожидается не больше 150)" in result.stderr
    assert f"{shown}:7: значение поля «tags» длиннее допустимого: 101\xa0символ (ожидается не больше 100)" in result.stderr


def test_a_name_without_letters_is_an_error(tmp_path: Path) -> None:
    result = check(tmp_path, {"practices/para.md": PRACTICE.replace("Иванов Пётр Сергеевич", '"🙂 !!!"')})
    assert result.returncode == 1
    assert "content/practices/para.md:4: в имени «🙂 !!!» нет ни одной буквы (ожидаются фамилия, имя и отчество)" in result.stderr


ALIASES = [
    ("/feed.xml", "это лента новых публикаций /feed.xml"),
    ("/search/", "это страница поиска /search/"),
    ("/assets/innopub.css", "это служебная папка сайта /assets/"),
    ("/pagefind/pagefind.js", "это поисковый индекс /pagefind/"),
    ("/sitemap.xml", "это карта сайта /sitemap.xml"),
    ("/404.html", "это страница «не найдено» /404.html"),
    ("/platforms/", "это реестр раздела /platforms/"),
    ("/reports/-/2024/", "это страницы разделов реестра /reports/-"),
    ("/bulletin/feed.xml", "это лента раздела /bulletin/feed.xml"),
    ("/authors/petrova-anna-ivanovna/", "это указатель авторов /authors/"),
    ("/tags/", "это указатель тегов /tags/"),
    ("/directions/", "это указатель направлений /directions/"),
    ("/archive/2024/", "это архив публикаций /archive/"),
    ("/files/reports/otchet.pdf", "это папка файлов записей /files/"),
    ("/events/konferenciya/", "это адрес записи «events/konferenciya»"),
    ("/reports/otchet-2024/index.html", "это адрес записи «reports/otchet-2024»"),
    ("/practices/chernovik/", "это адрес записи «practices/chernovik»"),
    ("/collections/sbornik/sbornik.pdf", "это часть адреса записи «collections/sbornik», где её страница и файлы"),
    ("/about/", "это адрес страницы content/about.md"),
    ("/accessibility/", "это страница «Доступность сайта» /accessibility/"),
    ("/staryj-adres/", "это уже прежний адрес записи «events/konferenciya»"),
]
INVALID_ALIASES = ["/", "/reports/../about/", "javascript:alert(1)", "https://evil.example/x/", "//evil.example/", "/old?x=1", "/a\\b/"]


def test_aliases_that_collide_are_errors_at_their_lines(tmp_path: Path) -> None:
    aliases = "\n".join(f"  - '{alias}'" for alias, _ in ALIASES) + "\n" + "\n".join(f"  - '{alias}'" for alias in INVALID_ALIASES)
    event = BASE["events/konferenciya.md"].replace("sections:", "aliases: [/staryj-adres/]\nsections:")
    draft = PRACTICE.replace("levels:", "draft: true\nlevels:")
    result = check(tmp_path, {REPORT_PATH: report_with(f"aliases:\n{aliases}"), "events/konferenciya.md": event, "practices/chernovik.md": draft})
    assert result.returncode == 1
    expected = "(ожидается прежний, ныне свободный адрес записи, например /reports/old-id/)"
    for line, (alias, what) in enumerate(ALIASES, 4):
        assert f"{SHOWN}:{line}: адрес «{alias}» занят: {what} {expected}" in result.stderr, result.stderr
    for line, alias in enumerate(INVALID_ALIASES, 4 + len(ALIASES)):
        assert f"{SHOWN}:{line}: недопустимый прежний адрес «{alias}» (ожидается путь сайта, например /reports/old-id/)" in result.stderr
    assert len(errors_of(result)) == len(ALIASES) + len(INVALID_ALIASES), result.stderr


def test_a_collection_cannot_include_itself(tmp_path: Path) -> None:
    result = check(tmp_path, {"collections/dajdzhest.md": DIGEST.format(includes="collections/dajdzhest")})
    assert result.returncode == 1
    assert "content/collections/dajdzhest.md:8: сборник не может включать сам себя (уберите «collections/dajdzhest» из includes)" in result.stderr


def test_collections_including_each_other_are_an_error(tmp_path: Path) -> None:
    first = DIGEST.format(includes="collections/vtoroj")
    second = DIGEST.format(includes="collections/pervyj").replace("Дайджест практик", "Второй дайджест")
    result = check(tmp_path, {"collections/pervyj.md": first, "collections/vtoroj.md": second})
    assert result.returncode == 1
    circle = "collections/pervyj → collections/vtoroj → collections/pervyj"
    assert f":8: сборники включают друг друга по кругу: {circle} (уберите одну из этих ссылок)" in result.stderr, result.stderr


def test_an_issue_cannot_include_itself_or_another_issue(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            "bulletin/2024-05.md": ISSUE.format(item="bulletin/2024-05"),
            "bulletin/2024-06.md": ISSUE.format(item="bulletin/2024-05").replace("number: 1\ntotal: 1", "number: 2\ntotal: 2"),
        },
    )
    assert result.returncode == 1
    assert "content/bulletin/2024-05.md:8: выпуск «Вестника» не может включать сам себя (уберите «bulletin/2024-05» из items)" in result.stderr
    assert "content/bulletin/2024-06.md:8: выпуск «Вестника» не может включать другой выпуск (уберите «bulletin/2024-05» из items;" in result.stderr


def test_every_problem_of_a_failed_file_in_one_run(tmp_path: Path) -> None:
    report = REPORT.replace("2024-06-10", "2024-13-10").replace("platform: nastavnichestvo", "platform: nastavnichestv")
    report = report.replace("  - Петрова Анна Ивановна", "  - {name: Петрова Анна Ивановна, organization: shkola-55}")
    report = report.replace("Итоги года.", "Итоги года.\n\nСм. [положение](../../about-net.md) и [раздел](../../about.md#net).")
    result = check(tmp_path, {REPORT_PATH: report})
    assert result.returncode == 1
    assert errors_of(result) == [
        f"{SHOWN}:3: несуществующая дата 2024-13-10 (проверьте день и месяц)",
        f"{SHOWN}:4: неизвестная ссылка: нет записи «nastavnichestv» в content/platforms/ (возможно, «nastavnichestvo»)",
        f"{SHOWN}:7: неизвестная ссылка: нет записи «shkola-55» в content/organizations/ (возможно, «shkola-5»)",
        f"{SHOWN}:13: в «../../about.md#net» нет заголовка с якорем «#net»",
        f"{SHOWN}:13: ссылка на несуществующую страницу «../../about-net.md» (нет файла content/about-net.md)",
    ], result.stderr


@pytest.mark.slow  # builds a site
def test_hostile_but_valid_values_build(tmp_path: Path) -> None:
    """What passes the check builds: long Cyrillic names, emoji and «index» tags, spellings of one tag and
    of one name, an old address with escapes, a Cyrillic site address, a control character in a body."""
    long_name = "Щукина " + "Щ" * 140
    report = report_with(
        f"tags: [Наставничество, '🙂', '👍', index, {'щ' * 100}]\naliases: ['/old/%D0%BE%D1%82%D1%87%D1%91%D1%82/', /reports/staryj/]"
    )
    report = report.replace("  - Петрова Анна Ивановна", f"  - Петрова Анна Ивановна\n  - {long_name}\n  - 'Иванов!'\n  - Иванов\n  - Иванов 2")
    report = report.replace("Итоги года.", "Итоги\x07 года.")
    report = report.replace("  - Петрова Анна Ивановна\n", "  - Петрова Анна Ивановна\n  - Андрей Соловьёв\n")
    practice = PRACTICE.replace("levels:", "tags: [наставничество]\nlevels:").replace("Иванов Пётр Сергеевич", "Андреи\u0306 Соловье\u0308в")
    org = ORG.replace("kind: школа\n", "kind: школа\nwebsite: https://школа5.рф/о-школе\n")
    result = check(tmp_path, {REPORT_PATH: report, "practices/para.md": practice, "organizations/shkola-5.md": org}, "build")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    tags = sorted(p.name for p in (site / "tags").iterdir() if p.is_dir())
    assert len(tags) == 5 and "nastavnichestvo" in tags and "index" not in tags, tags
    assert all(0 < len(name) <= 80 for name in tags)
    authors = sorted(p.name for p in (site / "authors").iterdir() if p.is_dir())
    assert {"ivanov", "ivanov-2", "ivanov-3"} <= set(authors), authors
    assert [name for name in authors if name.startswith("andrei")] == ["andrei-solovev"]  # «й» and «ё» typed with combining marks
    assert all(len(name.encode()) <= 84 for name in authors)
    assert (site / "old" / "отчёт" / "index.html").is_file()
    assert (site / "reports" / "staryj" / "index.html").is_file()
    assert "Итоги года." in (site / "feed.xml").read_text(encoding="utf-8")


def test_pages_at_addresses_the_site_writes_are_errors(tmp_path: Path) -> None:
    page = "---\ntitle: Страница\n---\nТекст.\n"
    result = check(tmp_path, {"search.md": page, "feed.xml.md": page, "tags/moi.md": page, "assets/index.md": page, "o-nas/index.md": page})
    assert result.returncode == 1
    expected = "(переименуйте файл или перенесите его в другую папку)"
    assert errors_of(result) == [
        f"content/assets/index.md:1: адрес страницы «/assets/» занят: это служебная папка сайта /assets/ {expected}",
        f"content/feed.xml.md:1: адрес страницы «/feed.xml/» занят: это лента новых публикаций /feed.xml {expected}",
        f"content/search.md:1: адрес страницы «/search/» занят: это страница поиска /search/ {expected}",
        f"content/tags/moi.md:1: адрес страницы «/tags/moi/» занят: это указатель тегов /tags/ {expected}",
    ], result.stderr
