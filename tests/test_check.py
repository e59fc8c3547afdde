"""``innopub check`` on a corpus of broken inputs: exit code, ``path:line`` and the Russian message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fixtures.content import ARTICLE, EVENT, PLATFORM, PRACTICE, REPORT, check


def test_valid_tree_passes(tmp_path: Path) -> None:
    result = check(tmp_path, {})
    assert result.returncode == 0, result.stderr
    assert "Проверено: 7\xa0записей, ошибок нет." in result.stdout


CASES = [
    (
        "unknown reference",
        {"reports/2024/otchet-2024.md": REPORT.replace("platform: nastavnichestvo", "platform: nastavnichestv")},
        "content/reports/2024/otchet-2024.md:4: неизвестная ссылка: нет записи «nastavnichestv» в content/platforms/ (возможно, «nastavnichestvo»)",
    ),
    (
        "unknown organization of a person",
        {"platforms/nastavnichestvo.md": PLATFORM.replace("organization: shkola-5}", "organization: shkola-55}")},
        "content/platforms/nastavnichestvo.md:6: неизвестная ссылка: нет записи «shkola-55» в content/organizations/",
    ),
    (
        "duplicate id in a sub-folder",
        {"reports/2023/otchet-2024.md": REPORT},
        "content/reports/2024/otchet-2024.md:1: идентификатор «otchet-2024» уже занят файлом content/reports/2023/otchet-2024.md",
    ),
    (
        "missing attachment",
        {"reports/2024/otchet-2024.md": REPORT.replace("reports/otchet.pdf", "reports/net.pdf")},
        "content/reports/2024/otchet-2024.md:9: нет файла content/files/reports/net.pdf",
    ),
    (
        "attachment leaving content/files",
        {"reports/2024/otchet-2024.md": REPORT.replace("reports/otchet.pdf", "../../mkdocs.yml")},
        "content/reports/2024/otchet-2024.md:9: путь «../../mkdocs.yml» выходит за папку content/files/",
    ),
    (
        "impossible date",
        {"events/konferenciya.md": EVENT.replace("2024-03-30", "2024-02-30")},
        "content/events/konferenciya.md:4: несуществующая дата 2024-02-30 (проверьте день и месяц)",
    ),
    (
        "date in another format",
        {"events/konferenciya.md": EVENT.replace("2024-03-30", "30.03.2024")},
        "content/events/konferenciya.md:4: «30.03.2024» — не дата (ожидается ГГГГ-ММ-ДД, например 2023-03-30)",
    ),
    (
        "no front matter in a kind folder",
        {"practices/bez-zagolovka.md": "Просто текст без полей.\n"},
        "content/practices/bez-zagolovka.md:1: нет заголовка с полями (ожидается блок между строками «---» в начале файла)",
    ),
    (
        "text not in UTF-8",
        {"practices/cp1251.md": "---\ntitle: Практика\n---\nТекст в другой кодировке.\n".encode("cp1251")},
        "content/practices/cp1251.md:2: файл не в кодировке UTF-8",
    ),
    (
        "article section missing from its collection",
        {"articles/statya.md": ARTICLE.replace("section: Наставничество в школе", "section: Наставничество в шкле")},
        "content/articles/statya.md:6: в сборнике «sbornik» нет секции «Наставничество в шкле» (возможно, «Наставничество в школе»",
    ),
    (
        "vocabulary value names the closest allowed one",
        {"platforms/nastavnichestvo.md": PLATFORM.replace("status: МИП", "status: МПИ")},
        "content/platforms/nastavnichestvo.md:3: недопустимое значение «МПИ» поля «status» (возможно, «МИП»;",
    ),
    (
        "vocabulary value inside a list",
        {"practices/para.md": PRACTICE.replace("levels: [ООО]", "levels:\n  - ООО\n  - СООО")},
        "content/practices/para.md:9: недопустимое значение «СООО» поля «levels» (возможно, «СОО»;",
    ),
    (
        "missing required field",
        {"reports/2024/otchet-2024.md": REPORT.replace("period: 2023-2024 учебный год\n", "")},
        "content/reports/2024/otchet-2024.md:1: не заполнено обязательное поле «period»",
    ),
    (
        "list expected",
        {"platforms/nastavnichestvo.md": PLATFORM.replace("directions: [Учитель будущего]", "roadmap: ежемесячно")},
        "content/platforms/nastavnichestvo.md:7: ожидается список (строки, начинающиеся с «- »), а указано: 'ежемесячно'",
    ),
    (
        "broken YAML",
        {"events/konferenciya.md": EVENT.replace("place: г. Вологда", "place: [г. Вологда")},
        "content/events/konferenciya.md:6: ошибка разметки YAML в заголовке: не закрыта скобка «]» или нет запятой между значениями",
    ),
    (
        "colon inside a value",
        {"events/konferenciya.md": EVENT.replace("place: г. Вологда", "place: Вологда: гимназия")},
        "content/events/konferenciya.md:5: ошибка разметки YAML в заголовке: двоеточие внутри значения — заключите значение в кавычки",
    ),
    (
        "bad file name",
        {"practices/Praktika_1.md": PRACTICE},
        "content/practices/Praktika_1.md:1: недопустимое имя файла «Praktika_1»",
    ),
    (
        "index.md in a kind folder",
        {"practices/index.md": PRACTICE},
        "content/practices/index.md:1: имя index.md в папке practices/ занято реестром раздела",
    ),
    (
        "end before start",
        {"events/konferenciya.md": EVENT.replace("place:", "end: 2024-03-01\nplace:")},
        "content/events/konferenciya.md:5: дата окончания раньше даты начала",
    ),
    (
        "reference to a draft",
        {"platforms/nastavnichestvo.md": PLATFORM.replace("start:", "draft: true\nstart:")},
        "content/reports/2024/otchet-2024.md:4: ссылка на черновик: площадка «nastavnichestvo» не опубликована",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_input_is_reported(tmp_path: Path, changes: dict[str, str | bytes], expected: str) -> None:
    result = check(tmp_path, changes)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert expected in result.stderr, result.stderr


def test_every_problem_reported_in_one_run(tmp_path: Path) -> None:
    changes: dict[str, str | bytes] = {}
    for _, case, _ in CASES[:12]:
        for path, text in case.items():
            if path not in changes:
                changes[path] = text
    result = check(tmp_path, changes)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if re.match(r"^content/\S+\.md:\d+: ", line)]
    assert len({line.split(":")[0] for line in lines}) >= 7, result.stderr
    assert lines == sorted(lines, key=lambda s: (s.split(":")[0], int(s.split(":")[1])))
    assert re.search(r"Найдено \d+ ошиб(ки|ок): исправьте их\.", result.stderr), result.stderr


def test_one_error_is_worded_as_one(tmp_path: Path) -> None:
    result = check(tmp_path, {"reports/2024/otchet-2024.md": REPORT.replace("2024-06-10", "2024-06-31")})
    assert result.returncode == 1
    assert result.stderr.rstrip().endswith("Найдено 1 ошибка: исправьте её."), result.stderr


def test_unknown_field_is_a_warning_with_a_guess(tmp_path: Path) -> None:
    changed = REPORT.replace("authors:", "autors: [Сидоров]\nauthors:")
    result = check(tmp_path, {"reports/2024/otchet-2024.md": changed})
    assert result.returncode == 0, result.stderr
    expected = "content/reports/2024/otchet-2024.md:6: предупреждение: неизвестное поле «autors» не будет показано (возможно, «authors»)"
    assert expected in result.stderr
    strict = check(tmp_path / "strict", {"reports/2024/otchet-2024.md": changed}, "--strict")
    assert strict.returncode == 1
    assert expected in strict.stderr


def test_nested_unknown_field_lists_the_expected_ones(tmp_path: Path) -> None:
    changed = PLATFORM.replace("position: директор", "postion: директор")
    result = check(tmp_path, {"platforms/nastavnichestvo.md": changed})
    assert result.returncode == 1
    assert "content/reports" not in result.stderr  # an invalid platform is still a known id
    expected = "(ожидаются поля: name, position, organization, name_en, email, orcid)"
    assert f"content/platforms/nastavnichestvo.md:6: неизвестное поле «postion» {expected}" in result.stderr


def test_one_file_with_several_problems_reports_each(tmp_path: Path) -> None:
    changed = REPORT.replace("2024-06-10", "2024-13-10").replace("platform: nastavnichestvo", "platform: nastavnichestv")
    result = check(tmp_path, {"reports/2024/otchet-2024.md": changed})
    assert result.returncode == 1
    assert "content/reports/2024/otchet-2024.md:3: несуществующая дата 2024-13-10" in result.stderr
    assert "content/reports/2024/otchet-2024.md:4: неизвестная ссылка: нет записи «nastavnichestv»" in result.stderr
