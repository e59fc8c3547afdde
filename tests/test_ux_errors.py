"""Errors that lead to the fix in one round (issue 21, part 2): what ``innopub`` prints, checked as the editor sees it.

A YAML syntax error no longer hides the other problems of its file; an unknown id lists the ids there are; «ё» = «е» for
vocabulary values; the commands' wording (a bulletin not made, ``serve --help``, collection kinds, the web editor's hints).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from generator.common.problems import Problems
from generator.kinds import KINDS
from generator.model.load import load_content
from generator.read.reader import parse_front_matter
from generator.render.cms import cms_config
from generator.settings.config import load_config
from generator.settings.options import Settings
from tests.conftest import innopub, project, soup, write_files

ORG = """---
title: Муниципальное общеобразовательное учреждение «Средняя школа № 5»
short: МОУ «СШ № 5»
municipality: г. Вологда
---
Школа.
"""
PLATFORM = """---
title: Наставничество как ресурс профессионального роста
status: МИП
organizations: [shkola-5]
start: 2023-09-01
directions: [Учитель будущего]
---
Цель площадки.
"""
EVENT = """---
title: Конференция «Наставничество»
kind: конференция
date: 2024-03-30
place: г. Вологда
---
Резолюция.
"""
COLLECTION = """---
title: Сборник материалов конференции
kind: conference
date: 2024-05-01
editors: [Петрова Анна Ивановна]
event: konferenciya
---
Предисловие.
"""
BASE: dict[str, str | bytes] = {
    "organizations/shkola-5.md": ORG,
    "platforms/nastavnichestvo.md": PLATFORM,
    "events/konferenciya.md": EVENT,
    "collections/sbornik.md": COLLECTION,
    "files/reports/otchet.pdf": b"%PDF-1.4\n%%EOF\n",
}


def check(tmp_path: Path, changes: dict[str, str | bytes], base: dict[str, str | bytes] | None = None):
    root = project(tmp_path / "site-root", dict(BASE if base is None else base))
    write_files(root / "content", changes)
    result = innopub("check", cwd=root)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def problems_of(result, path: str) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(f"content/{path}:")]


# --- 1. one YAML syntax error no longer hides the others --------------------------------------------------------

# The case: an unquoted colon in the title, and five more problems below it.
REPORT_WITH_COLON = """---
title: Отчёт: итоги первого года
date: 2024-13-10
platform: nesuschestvuet
period: 2023-2024 учебный год
authors:
  - Петрова Анна Ивановна
directions: [Наставничество]
attachments:
  - {file: reports/net.pdf, title: Полный текст}
stage: основной
---
Итоги года.
"""


def test_a_syntax_error_is_reported_with_every_other_problem_of_the_file(tmp_path: Path) -> None:
    result = check(tmp_path, {"reports/otchet.md": REPORT_WITH_COLON})
    assert result.returncode == 1
    assert problems_of(result, "reports/otchet.md") == [
        "content/reports/otchet.md:2: ошибка разметки YAML в заголовке: двоеточие внутри значения — заключите значение в кавычки "
        '(например place: "Вологда: гимназия")',
        "content/reports/otchet.md:3: несуществующая дата 2024-13-10 (проверьте день и месяц)",
        "content/reports/otchet.md:4: неизвестная ссылка: нет записи «nesuschestvuet» в content/platforms/ (ожидается одна из: nastavnichestvo)",
        "content/reports/otchet.md:8: недопустимое значение «Наставничество» поля «directions» (допустимы: Современная школа, "
        "Успех каждого ребенка, Социальная активность, Учитель будущего, Цифровая образовательная среда, Патриотическое воспитание)",
        "content/reports/otchet.md:10: нет файла content/files/reports/net.pdf (положите его туда или исправьте путь)",
    ], result.stderr
    assert result.stderr.rstrip().endswith("Найдено 5 ошибок: исправьте их."), result.stderr


def test_a_required_field_on_the_broken_line_is_not_reported_missing_but_a_missing_one_is(tmp_path: Path) -> None:
    report = REPORT_WITH_COLON.replace("date: 2024-13-10", "date: 2024-06-10").replace("period: 2023-2024 учебный год\n", "")
    report = report.replace("platform: nesuschestvuet", "platform: nastavnichestvo").replace("[Наставничество]", "[Учитель будущего]")
    report = report.replace("reports/net.pdf", "reports/otchet.pdf")
    result = check(tmp_path, {"reports/otchet.md": report})
    assert result.returncode == 1
    assert problems_of(result, "reports/otchet.md") == [
        "content/reports/otchet.md:1: не заполнено обязательное поле «period»",
        "content/reports/otchet.md:2: ошибка разметки YAML в заголовке: двоеточие внутри значения — заключите значение в кавычки "
        '(например place: "Вологда: гимназия")',
    ], result.stderr


def test_several_syntax_errors_of_one_file_are_reported_in_one_run(tmp_path: Path) -> None:
    report = """---
title: "Отчёт за первый год
date: 2024-06-10
platform: nastavnichestvo
period: 2023-2024 учебный год
authors:
\t- Петрова Анна Ивановна
stage: основной: итоги
summary: Итоги первого года
---
Итоги года.
"""
    result = check(tmp_path, {"reports/otchet.md": report})
    assert result.returncode == 1
    assert problems_of(result, "reports/otchet.md") == [
        "content/reports/otchet.md:2: ошибка разметки YAML в заголовке: не закрыты кавычки (закрывающая кавычка в конце значения)",
        "content/reports/otchet.md:7: ошибка разметки YAML в заголовке: символ табуляции в отступе (отступы делаются только пробелами)",
        "content/reports/otchet.md:8: ошибка разметки YAML в заголовке: двоеточие внутри значения — заключите значение в кавычки "
        '(например place: "Вологда: гимназия")',
    ], result.stderr


def test_an_unclosed_bracket_hides_only_its_own_field(tmp_path: Path) -> None:
    event = EVENT.replace("place: г. Вологда", "place: [г. Вологда").replace("date: 2024-03-30", "date: 2024-02-30")
    event = event.replace("---\nРезолюция", "sections: Секция 1\nend: 30.03.2024\n---\nРезолюция")
    result = check(tmp_path, {"events/konferenciya.md": event})
    assert result.returncode == 1
    assert problems_of(result, "events/konferenciya.md") == [
        "content/events/konferenciya.md:4: несуществующая дата 2024-02-30 (проверьте день и месяц)",
        "content/events/konferenciya.md:6: ошибка разметки YAML в заголовке: не закрыта скобка «]» или нет запятой между значениями, "
        "а скобка открыта в строке 5 (например [первое, второе])",
        "content/events/konferenciya.md:7: «30.03.2024» — не дата (ожидается ГГГГ-ММ-ДД, например 2023-03-30)",
    ], result.stderr


def test_a_value_without_its_field_name_reports_no_field_missing(tmp_path: Path) -> None:
    """``: г. Вологда``: which field the line was is unknown, so no required field is reported missing on its account."""
    event = EVENT.replace("kind: конференция\ndate: 2024-03-30\nplace: г. Вологда", "kind: конференция\n: г. Вологда\nend: 2024-02-30")
    result = check(tmp_path, {"events/konferenciya.md": event})
    assert result.returncode == 1
    problems = problems_of(result, "events/konferenciya.md")
    assert problems[0].startswith("content/events/konferenciya.md:4: ошибка разметки YAML в заголовке: строка не похожа на «поле: значение»")
    assert problems[1:] == ["content/events/konferenciya.md:5: несуществующая дата 2024-02-30 (проверьте день и месяц)"], result.stderr
    assert "не заполнено" not in result.stderr


def test_an_alias_to_an_anchor_on_a_broken_line_is_no_second_error(tmp_path: Path) -> None:
    event = EVENT.replace("title: Конференция «Наставничество»", "title: &t Конференция: наставничество\nsummary: *t")
    result = check(tmp_path, {"events/konferenciya.md": event})
    assert result.returncode == 1
    assert problems_of(result, "events/konferenciya.md") == [
        "content/events/konferenciya.md:2: ошибка разметки YAML в заголовке: двоеточие внутри значения — заключите значение в кавычки "
        '(например place: "Вологда: гимназия")',
    ], result.stderr


@pytest.mark.parametrize(
    ("title", "lines"),
    [("&t Наука: итоги", [2]), ("Наука & жизнь: итоги", [2, 3]), ("&tt Наука: итоги", [2, 3])],
    ids=["its anchor", "an ampersand", "another anchor"],
)
def test_an_undefined_alias_is_an_error_unless_its_anchor_was_blanked(title: str, lines: list[int]) -> None:
    problems = Problems()
    parse_front_matter(f"---\ntitle: {title}\nsummary: *t\n---\nТекст.\n", "x.md", problems)
    assert [p.line for p in problems] == lines, problems.report()
    assert all(p.message.startswith("ошибка разметки YAML в заголовке: ") for p in problems)


def test_an_entry_with_a_syntax_error_stays_known_and_its_references_are_checked(tmp_path: Path) -> None:
    event = EVENT.replace("place: г. Вологда", "place: Вологда: гимназия\norganizers: [shkola-55]")
    result = check(tmp_path, {"events/konferenciya.md": event})
    assert result.returncode == 1
    assert problems_of(result, "collections/sbornik.md") == []  # its event is still known
    assert problems_of(result, "events/konferenciya.md")[1:] == [
        "content/events/konferenciya.md:6: неизвестная ссылка: нет записи «shkola-55» в content/organizations/ (возможно, «shkola-5»)"
    ], result.stderr


def test_syntax_errors_stop_after_ten_and_say_so(tmp_path: Path) -> None:
    broken = "".join(f"pole-{i}: значение: с двоеточием\n" for i in range(40))
    event = EVENT.replace("place: г. Вологда\n", f"place: г. Вологда\n{broken}")
    started = time.monotonic()
    result = check(tmp_path, {"events/konferenciya.md": event})
    assert time.monotonic() - started < 10
    assert result.returncode == 1
    problems = problems_of(result, "events/konferenciya.md")
    assert [p.split(":")[1] for p in problems] == [str(line) for line in range(6, 17)], result.stderr
    assert all("двоеточие внутри значения" in p for p in problems[:10])
    assert problems[10] == (
        "content/events/konferenciya.md:16: ошибка разметки YAML в заголовке: больше 10 ошибок разметки — дальше заголовок не проверен "
        "(исправьте найденные и запустите проверку снова)"
    )


def test_a_page_with_a_syntax_error_reports_each_of_them(tmp_path: Path) -> None:
    page = "---\ntitle: О проекте: кто мы\ndescription: Страница: о нас\n---\nТекст.\n"
    result = check(tmp_path, {"about.md": page})
    assert result.returncode == 1
    assert [p.split(":")[1] for p in problems_of(result, "about.md")] == ["2", "3"], result.stderr


FIELDS = [
    ("title", "Отчёт за первый год"),
    ("date", "2024-06-10"),
    ("platform", "nastavnichestvo"),
    ("authors", ["Петрова Анна Ивановна", "Иванов Пётр Сергеевич"]),
    ("period", "2023-2024 учебный год"),
    ("stage", "основной"),
    ("summary", "Итоги года"),
]
BREAKERS = {
    "colon": lambda v: f"{v}: итоги",
    "quote": lambda v: f'"{v}',
    "bracket": lambda v: f"[{v}",
    "at sign": lambda v: f"@{v}",
    "alias": lambda v: f"*{v.split()[0]}",
    "tag": lambda v: f"!x {v}",
    "escape": lambda v: f'"{v}\\q"',
}


def front_matter(broken: dict[str, str]) -> str:
    lines = []
    for key, value in FIELDS:
        if isinstance(value, list):
            lines.append(f"{key}: {broken[key]}" if key in broken else f"{key}:")
            lines += [f"  - {item}" for item in value]
        else:
            lines.append(f"{key}: {broken.get(key, value)}")
    return "---\n" + "\n".join(lines) + "\n---\nТекст.\n"


@pytest.mark.parametrize("breaker", list(BREAKERS))
def test_what_is_read_around_syntax_errors_is_exactly_the_other_fields(breaker: str) -> None:
    """Every field, and every pair of fields, broken: each error is reported once, near its line, and the fields left
    are read exactly as written — nothing else is lost, nothing is read wrong."""
    keys = [key for key, _ in FIELDS]
    lines = {key: 2 + sum(1 + (len(v) if isinstance(v, list) else 0) for _, v in FIELDS[: keys.index(key)]) for key in keys}
    written = {key: value for key, value in FIELDS}
    cases = [(key,) for key in keys] + [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]]
    for broken_keys in cases:
        broken = {k: BREAKERS[breaker](written[k] if isinstance(written[k], str) else "Петрова") for k in broken_keys}
        problems = Problems()
        parsed = parse_front_matter(front_matter(broken), "x.md", problems)
        assert parsed is not None
        assert parsed[0] == {k: v for k, v in written.items() if k not in broken_keys}, (breaker, broken_keys, problems.report())
        assert len(problems) == len(broken_keys), (breaker, broken_keys, problems.report())
        for problem, key in zip(sorted(problems), broken_keys, strict=True):
            assert lines[key] <= problem.line <= lines[key] + 3, (breaker, key, problem)
            assert problem.message.startswith("ошибка разметки YAML в заголовке: "), problem


def test_reading_past_syntax_errors_stays_fast_on_hostile_lines() -> None:
    """A line of 90,000 spaces (a regular expression that backtracks over it takes seconds) and ten errors: the front
    matter is read again ten times, still at once."""
    lines = ["pole-0: значение: с двоеточием", f"a{' ' * 90_000}b", *(f"pole-{i}: значение: с двоеточием" for i in range(1, 10))]
    problems = Problems()
    started = time.monotonic()
    parsed = parse_front_matter("---\ntitle: Отчёт\n" + "\n".join(lines) + "\n---\nТекст.\n", "x.md", problems)
    assert time.monotonic() - started < 2
    assert parsed is not None and parsed[0] == {"title": "Отчёт"}
    assert [p.line for p in problems] == [3, *range(5, 14)], problems.report()


# --- 2. an unknown id lists the ids there are ----------------------------------------------------------------


def test_an_unknown_id_with_no_close_guess_lists_the_ids_closest_first(tmp_path: Path) -> None:
    platform = PLATFORM.replace("title: Наставничество", "title: Цифровая школа")
    practice = """---
title: Практика
date: 2024-02-01
authors: [Иванов Пётр Сергеевич]
organization: shkola-5
platform: nesuschestvuet
---
Описание.
"""
    result = check(tmp_path, {"platforms/cifrovaya-shkola.md": platform, "practices/para.md": practice})
    assert problems_of(result, "practices/para.md") == [
        "content/practices/para.md:6: неизвестная ссылка: нет записи «nesuschestvuet» в content/platforms/ "
        "(ожидается одна из: nastavnichestvo, cifrovaya-shkola)"
    ], result.stderr


def test_an_unknown_id_among_many_lists_the_closest_few_and_where_to_see_all(tmp_path: Path) -> None:
    orgs = {f"organizations/{name}.md": ORG for name in ["gimnaziya-1", "gimnaziya-2", "gimnaziya-3", *(f"shkola-{i}" for i in range(1, 10))]}
    event = EVENT.replace("place: г. Вологда", "place: г. Вологда\norganizers: [gimnaziya-nomer-odin]")
    result = check(tmp_path, {**orgs, "events/konferenciya.md": event})
    assert problems_of(result, "events/konferenciya.md") == [
        "content/events/konferenciya.md:6: неизвестная ссылка: нет записи «gimnaziya-nomer-odin» в content/organizations/ "
        "(ожидается одна из 12 записей, ближайшие: gimnaziya-1, gimnaziya-2, gimnaziya-3, shkola-1, shkola-2, shkola-3; "
        "все — на странице /vocabularies/ сайта)"
    ], result.stderr


def test_an_unknown_item_lists_the_ids_of_its_kind(tmp_path: Path) -> None:
    digest = """---
title: Дайджест
kind: digest
date: 2024-05-01
editors: [Петрова Анна Ивановна]
includes: [events/drugoe-meropriyatie]
---
Предисловие.
"""
    result = check(tmp_path, {"collections/daidzhest.md": digest})
    assert problems_of(result, "collections/daidzhest.md") == [
        "content/collections/daidzhest.md:6: неизвестная запись: нет «drugoe-meropriyatie» в content/events/ (ожидается одна из: konferenciya)"
    ], result.stderr


def test_innopub_new_shows_the_ids_of_organizations_and_platforms(tmp_path: Path) -> None:
    root = project(tmp_path / "site-root", {**BASE, "organizations/gimnaziya-2.md": ORG, "organizations/2024/licej.md": ORG})
    result = innopub("new", "practice", "nastavnik", cwd=root)
    assert result.returncode == 0, result.stderr
    lines = (root / "content/practices/nastavnik.md").read_text(encoding="utf-8").splitlines()
    at = lines.index("organization:   # обязательно: id организации")
    assert lines[at + 1] == "#   есть: gimnaziya-2, licej, shkola-5"
    at = lines.index("# platform:   # id площадки")
    assert lines[at + 1] == "#   есть: nastavnichestvo"
    # The skeleton is still a valid front matter once filled in.
    text = "\n".join(lines).replace("title:  ", "title: Практика ").replace("organization:  ", "organization: shkola-5 ")
    text = text.replace("  - name: ", "  - name: Иванов Пётр Сергеевич")
    (root / "content/practices/nastavnik.md").write_text(text, encoding="utf-8")
    assert innopub("check", cwd=root).returncode == 0


def test_innopub_new_without_entries_of_a_kind_says_so(tmp_path: Path) -> None:
    root = project(tmp_path / "site-root", {})
    assert innopub("new", "platform", "nastavnichestvo", cwd=root).returncode == 0
    lines = (root / "content/platforms/nastavnichestvo.md").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("organizations: []"))
    assert lines[at + 1] == "#   в content/organizations/ пока нет ни одной записи: сначала создайте её (innopub new organization …)"


@pytest.mark.slow  # builds a site
def test_the_vocabularies_page_lists_the_ids_of_organizations_and_platforms(tmp_path: Path) -> None:
    draft = PLATFORM.replace("title: Наставничество как ресурс профессионального роста", "draft: true\ntitle: Черновик площадки")
    root = project(tmp_path / "site-root", {**BASE, "platforms/chernovik.md": draft})
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stderr
    page = soup(root / "site/vocabularies/index.html")
    rows = {
        section: [tuple(td.get_text(strip=True) for td in tr.select("td")) for tr in page.select_one(f"h2#{section}").find_next("tbody").select("tr")]
        for section in ("organizations", "platforms")
    }
    assert rows == {
        "organizations": [("shkola-5", "МОУ «СШ №\xa05»")],  # a no-break space after «№», as everywhere on the site
        "platforms": [("nastavnichestvo", "Наставничество как ресурс профессионального роста")],
    }


# --- 3. «ё» = «е» for vocabulary values ----------------------------------------------------------------------


def test_a_vocabulary_value_with_yo_is_the_vocabularys_own(tmp_path: Path) -> None:
    platform = PLATFORM.replace("[Учитель будущего]", "[Успех каждого ребёнка, Учитель будущего]")
    event = EVENT.replace("kind: конференция", "kind: слет\ndirections: [Успех каждого ребенка]")
    digest = """---
title: Дайджест
kind: digest
date: 2024-05-01
editors: [Петрова Анна Ивановна]
includes:
  - {directions: [Успех каждого ребёнка]}
---
Предисловие.
"""
    root = project(tmp_path / "site-root", {**BASE, "platforms/nastavnichestvo.md": platform, "events/konferenciya.md": event})
    write_files(root / "content", {"collections/daidzhest.md": digest})
    config = root / "mkdocs.yml"
    settings = config.read_text(encoding="utf-8").replace("  - innopub:\n", "  - innopub:\n      event_kinds: [слёт, другое]\n")
    config.write_text(settings, encoding="utf-8")
    result = innopub("check", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "ребёнка" not in result.stderr, result.stderr
    model, problems = load_content(root / "content", load_config(config).settings)
    assert not problems.errors, problems.report()
    [platform_entry] = model.entries["platforms"]
    assert platform_entry.meta.directions == ["Успех каждого ребенка", "Учитель будущего"]
    [event_entry] = model.entries["events"]
    assert event_entry.meta.kind == "слёт"
    [digest_entry] = [e for e in model.entries["collections"] if e.id == "daidzhest"]
    assert [e.id for e in digest_entry.refs["includes"]] == ["konferenciya"]


# --- 4. the commands' wording --------------------------------------------------------------------------------


def test_serve_help_names_its_address_in_russian(tmp_path: Path) -> None:
    result = innopub("serve", "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "-a АДРЕС, --dev-addr АДРЕС" in result.stdout, result.stdout
    for command in ["check", "new", "build", "serve", "bulletin", "publish"]:
        text = innopub(command, "--help", cwd=tmp_path).stdout
        assert not re.findall(r"\b[A-Z][A-Z_]{2,}\b", text), text  # argparse's placeholders (DEV_ADDR) are its own English


def test_a_bulletin_not_made_is_said_once(tmp_path: Path) -> None:
    root = project(tmp_path / "site-root", dict(BASE))
    result = innopub("bulletin", "2026-08", cwd=root)
    assert result.returncode == 1
    assert result.stderr.strip() == "за август 2026 нет ни одной опубликованной записи с датой этого месяца — выпуск не создан."


@pytest.mark.slow  # builds a site
def test_publish_says_once_that_the_bulletin_was_not_made(tmp_path: Path) -> None:
    root = project(tmp_path / "site-root", dict(BASE))
    result = innopub("publish", "--month", "2026-08", "-q", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Выпуск не создан: за август 2026 нет ни одной опубликованной записи с датой этого месяца." in result.stderr.splitlines()
    assert result.stderr.count("не создан") == 1, result.stderr


def test_collection_kinds_are_shown_with_their_russian_names(tmp_path: Path) -> None:
    result = check(tmp_path, {"collections/sbornik.md": COLLECTION.replace("kind: conference", "kind: сборник")})
    assert problems_of(result, "collections/sbornik.md") == [
        "content/collections/sbornik.md:3: недопустимое значение «сборник» поля «kind» (допустимы: conference — сборник материалов "
        "конференции, digest — дайджест практик, thematic — тематический сборник)"
    ], result.stderr
    root = project(tmp_path / "new", {})
    assert innopub("new", "collection", "sbornik-2", cwd=root).returncode == 0
    skeleton = (root / "content/collections/sbornik-2.md").read_text(encoding="utf-8")
    kinds = "conference — сборник материалов конференции, digest — дайджест практик, thematic — тематический сборник"
    assert f"kind:   # обязательно: вид: {kinds}\n" in skeleton, skeleton


def test_the_web_editor_shows_collection_kinds_and_the_draft_switch_in_russian() -> None:
    config = cms_config(Settings(), KINDS)
    collections = {c["name"]: {f["name"]: f for f in c["fields"]} for c in config["collections"]}
    assert collections["collections"]["kind"]["options"] == [
        {"label": "сборник материалов конференции", "value": "conference"},
        {"label": "дайджест практик", "value": "digest"},
        {"label": "тематический сборник", "value": "thematic"},
    ]
    for folder in KINDS:
        hint = collections[folder]["draft"]["hint"]
        assert hint == "включите, чтобы запись проверялась, но не публиковалась: её не будет на сайте, в поиске, ленте, «Вестнике» и сборниках"
