"""The read stage against hostile or broken input: real trees in temporary folders, the real
``innopub check`` and ``innopub build``. Every problem is reported in one run, as
``path:line: what is wrong (what is expected)`` in Russian, and never as a traceback."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.common.problems import Problems
from generator.read.reader import parse_front_matter
from tests.conftest import ENV, innopub, project, write_files
from tests.fixtures.content import BASE, EVENT, REPORT

PASSWD = "root:x:0:0"
ENGLISH = re.compile(r"\b(found|expected|while|could not|did not|constructor|mapping|scalar|node|token|stream|character)\b")


def tree(tmp_path: Path, changes: dict[str, str | bytes] | None = None) -> Path:
    root = project(tmp_path / "site-root", dict(BASE))
    write_files(root / "content", changes or {})
    return root


def check(root: Path, *args: str):
    result = innopub("check", *args, cwd=root)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result


def link(path: Path, target: str | Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def leaked(folder: Path, *needles: str) -> list[Path]:
    """Files under ``folder`` (links not followed) that hold any of ``needles``."""
    found = []
    for base, _, files in os.walk(folder):
        for name in files:
            path = Path(base, name)
            if not path.is_symlink() and any(n.encode() in path.read_bytes() for n in needles):
                found.append(path)
    return found


# --- symbolic links ---------------------------------------------------------------------------


def hostile_links(root: Path) -> None:
    content = root / "content"
    outside = root.parent / "beside"
    write_files(outside, {"secret.md": "---\ntitle: Секрет соседа\n---\nСЕКРЕТНЫЙ ТЕКСТ\n", "key.txt": "СЕКРЕТНЫЙ КЛЮЧ\n"})
    link(content / "files/x.pdf", "/etc/passwd")
    link(content / "env.md", "/proc/self/environ")
    link(content / "reports/2024/leak.md", "/etc/passwd")
    link(content / "images/logo.png", "/etc/hostname")
    link(content / "etc", "/etc")
    link(content / "sosed", "../../beside")
    link(content / "files/key.txt", outside / "key.txt")
    link(content / "copy.md", "about.md")
    link(content / "loop", ".")
    link(content / "files/gone.pdf", "missing.pdf")


def test_every_symlink_is_reported_in_one_run(tmp_path: Path) -> None:
    root = tree(tmp_path)
    hostile_links(root)
    started = time.monotonic()
    result = check(root)
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    outside = "вне папки content/"
    for expected in [
        f"content/files/x.pdf:1: ссылка на файл {outside} (path: /etc/passwd) — такие файлы не публикуются (замените ссылку самим файлом)",
        f"content/env.md:1: ссылка на файл {outside} (path: /proc/self/environ)",
        f"content/reports/2024/leak.md:1: ссылка на файл {outside} (path: /etc/passwd)",
        f"content/images/logo.png:1: ссылка на файл {outside} (path: /etc/hostname)",
        f"content/etc:1: ссылка на папку {outside} (path: /etc)",
        f"content/sosed:1: ссылка на папку {outside} (path: ../../beside)",
        f"content/files/key.txt:1: ссылка на файл {outside} (path: {root.parent / 'beside' / 'key.txt'})",
        "content/copy.md:1: ссылка на файл внутри content/ (path: about.md) — ссылки не публикуются (замените ссылку копией файла)",
        "content/loop:1: ссылка на папку внутри content/ (path: .)",
        "content/files/gone.pdf:1: ссылка на несуществующий файл (path: missing.pdf)",
    ]:
        assert expected in result.stderr, result.stderr
    # Nothing behind a link was listed or read: no file of /etc, of the folder beside, of the loop.
    assert "content/etc/" not in result.stderr and "content/sosed/" not in result.stderr and "content/loop/" not in result.stderr
    assert PASSWD not in result.stderr and "Секрет соседа" not in result.stderr and "СЕКРЕТ" not in result.stderr


@pytest.mark.slow  # builds a site
def test_build_refuses_links_and_the_published_site_stays_clean(tmp_path: Path) -> None:
    root = tree(tmp_path)
    first = innopub("build", cwd=root)
    assert first.returncode == 0, first.stderr
    before = sorted(p.relative_to(root / "site") for p in (root / "site").rglob("*"))
    hostile_links(root)
    result = innopub("build", cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/files/x.pdf:1: ссылка на файл вне папки content/ (path: /etc/passwd)" in result.stderr
    assert sorted(p.relative_to(root / "site") for p in (root / "site").rglob("*")) == before
    assert not leaked(root / "site", PASSWD, "СЕКРЕТ")


@pytest.mark.slow  # builds a site
def test_plain_mkdocs_build_refuses_links(tmp_path: Path) -> None:
    """``mkdocs build`` without ``innopub``: the plugin's read stage stands before MkDocs copies files."""
    root = tree(tmp_path)
    link(root / "content/files/x.pdf", "/etc/passwd")
    out = tmp_path / "mkdocs-site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=root, env=ENV, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "content/files/x.pdf:1: ссылка на файл вне папки content/ (path: /etc/passwd)" in result.stderr + result.stdout
    assert not out.exists() or not leaked(out, PASSWD)


# --- unreadable and odd paths -----------------------------------------------------------------


def odd_paths(root: Path) -> None:
    content = root / "content"
    (content / "practices/papka.md").mkdir(parents=True)
    write_files(content / "practices/papka.md", {"vnutri.md": "---\ntitle: Внутри папки\n---\nТекст.\n"})
    os.mkfifo(content / "practices/truba.md")
    os.mkfifo(content / "files/truba.pdf")
    long_id = "a" * 101
    write_files(content, {f"reports/{long_id}.md": REPORT, "reports/bolshoy.md": REPORT + "Текст.\n" * 800_000})
    link(content / "practices/vedet-nikuda.md", "nowhere.md")
    (content / os.fsdecode(b"files/\xff\xfe.pdf")).write_bytes(b"%PDF-1.4\n")
    (content / "files/stroka\nvtoraya.pdf").write_bytes(b"%PDF-1.4\n")


def test_unreadable_and_odd_paths_are_reported(tmp_path: Path) -> None:
    root = tree(tmp_path)
    odd_paths(root)
    started = time.monotonic()
    result = check(root)
    assert time.monotonic() - started < 30, "a named pipe is never opened for reading"
    assert result.returncode == 1
    for expected in [
        "content/practices/papka.md:1: предупреждение: это папка, а не файл Markdown: как страница или запись не читается",
        "content/practices/truba.md:1: не обычный файл (именованный канал, сокет или устройство) — такие файлы не публикуются",
        "content/files/truba.pdf:1: не обычный файл (именованный канал, сокет или устройство)",
        f"content/reports/{'a' * 101}.md:1: имя файла длиннее 100 знаков (101)",
        "content/reports/bolshoy.md:1: файл больше 5\xa0МБ (",
        "(ожидается не больше 5\xa0МБ: разделите текст или вынесите его в приложение)",
        "content/practices/vedet-nikuda.md:1: ссылка на несуществующий файл (path: nowhere.md)",
        "content/files/\\xff\\xfe.pdf:1: в имени файла непечатаемые знаки или не UTF-8 — такой файл не публикуется (переименуйте его)",
        "content/files/stroka\\x0avtoraya.pdf:1: в имени файла непечатаемые знаки или не UTF-8",
    ]:
        assert expected in result.stderr, result.stderr
    # The folder named like a file is walked as a folder: the entry inside it is read.
    assert "content/practices/papka.md/vnutri.md" in result.stderr
    # The over-long file is not read, so its fields are not reported on top.
    assert "content/reports/bolshoy.md:4" not in result.stderr


@pytest.mark.slow  # builds a site
def test_build_refuses_odd_paths(tmp_path: Path) -> None:
    root = tree(tmp_path)
    odd_paths(root)
    result = innopub("build", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/files/truba.pdf:1: не обычный файл" in result.stderr
    assert not (root / "site").exists()


# --- YAML -------------------------------------------------------------------------------------

BOMB = "".join(
    [
        "---\ntitle: Бомба\n",
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
        *(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)),
        "tags: *i\n---\nТекст.\n",
    ]
)
YAML_CASES = [
    ("duplicate key", EVENT.replace("place:", "title: Второй заголовок\nplace:"), 5, "поле «title» указано второй раз (первое — в строке 2)"),
    ("billion laughs", BOMB, 7, "заголовок не читается: поле «e»: ссылки «*метка» разворачиваются больше чем в 10\xa0000 значений"),
    ("too many aliases", EVENT.replace("place:", "x: &x a\nmany: [" + ", ".join(["*x"] * 150) + "]\nplace:"), 6, "больше 100 ссылок «*метка»"),
    (
        "deep nesting",
        EVENT.replace("place:", "deep: " + "[" * 30 + "]" * 30 + "\nplace:"),
        5,
        "слишком глубокая вложенность",
    ),
    (
        "python tag",
        EVENT.replace("place: г. Вологда", "place: !!python/object/apply:os.system [echo]"),
        5,
        "неизвестный тег «!!python/object/apply:os.system»",
    ),
    ("local tag", EVENT.replace("place: г. Вологда", "place: !vologda x"), 5, "неизвестный тег «!vologda» (теги YAML не используются"),
    ("bad int", EVENT.replace("place: г. Вологда", "place: !!int много"), 5, "значение «много» не читается как целое число"),
    ("tab", EVENT.replace("place: г. Вологда", "place:\n\t- г. Вологда"), 6, "символ табуляции в отступе (отступы делаются только пробелами)"),
    ("unclosed quote", EVENT.replace("place: г. Вологда", 'place: "г. Вологда'), 5, "не закрыты кавычки"),
    ("bad escape", EVENT.replace("place: г. Вологда", 'place: "C:\\qwe"'), 5, "недопустимый знак после «\\» в двойных кавычках"),
    ("stray colon", EVENT.replace("place: г. Вологда", ": г. Вологда"), 5, "строка не похожа на «поле: значение»"),
    ("text after quotes", EVENT.replace("place: г. Вологда", 'place: "г." Вологда'), 5, "лишний текст после значения в кавычках или скобках"),
    ("undefined alias", EVENT.replace("place: г. Вологда", "place: *vologda"), 5, "ссылка «*vologda» на метку, которой нет"),
    ("at sign", EVENT.replace("place: г. Вологда", "place: @vologda"), 5, "значение не может начинаться со знака «@»"),
    ("control character", EVENT.replace("place: г. Вологда", "place: г.\x01Вологда"), 5, "недопустимый управляющий символ U+0001"),
    (
        "unclosed bracket",
        EVENT.replace("place: г. Вологда", "place: [г. Вологда"),
        6,
        "нет запятой между значениями, а скобка открыта в строке 5",
    ),
    ("unclosed front matter", EVENT.replace("---\n## Резолюция", "## Резолюция"), 1, "не закрыт заголовок: нет второй строки «---» после полей"),
]


@pytest.mark.parametrize(("text", "line", "message"), [c[1:] for c in YAML_CASES], ids=[c[0] for c in YAML_CASES])
def test_yaml_problems_are_worded_in_russian_at_their_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    root = tree(tmp_path, {"events/konferenciya.md": text})
    started = time.monotonic()
    result = check(root)
    assert time.monotonic() - started < 5
    assert result.returncode == 1
    problems = [p for p in result.stderr.splitlines() if p.startswith("content/events/konferenciya.md:")]
    assert any(p.startswith(f"content/events/konferenciya.md:{line}: ") and message in p for p in problems), result.stderr
    # No false follow-ups: a refused front matter is not also reported as missing its fields,
    # and the event stays known to the collection that refers to it.
    assert "не заполнено обязательное поле" not in result.stderr
    assert "неизвестная ссылка" not in result.stderr
    assert not [p for p in problems if ENGLISH.search(p)], "PyYAML's English never reaches an editor"


def test_bomb_is_refused_quickly(tmp_path: Path) -> None:
    deeper = BOMB.replace("tags: *i\n", "j: &j [" + ", ".join(["*i"] * 9) + "]\ntags: *j\n")
    root = tree(tmp_path, {"events/konferenciya.md": deeper, "reports/2024/otchet-2024.md": deeper})
    started = time.monotonic()
    result = check(root)
    assert time.monotonic() - started < 5
    assert result.returncode == 1
    assert result.stderr.count("разворачиваются больше чем в 10\xa0000 значений") == 2
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr


@pytest.mark.slow  # builds a site
def test_yaml_problems_of_every_file_in_one_run_and_build_refuses(tmp_path: Path) -> None:
    changes: dict[str, str | bytes] = {f"events/e-{i}.md": text for i, (_, text, _, _) in enumerate(YAML_CASES)}
    root = tree(tmp_path, changes)
    result = check(root)
    assert result.returncode == 1
    reported = {line.split(":")[0] for line in result.stderr.splitlines() if line.startswith("content/events/e-")}
    assert reported == {f"content/events/e-{i}.md" for i in range(len(YAML_CASES))}
    build = innopub("build", cwd=root)
    assert build.returncode == 1 and "Traceback" not in build.stderr and not (root / "site").exists()


def test_unclosed_front_matter_of_a_page(tmp_path: Path) -> None:
    root = tree(tmp_path, {"about.md": "---\ntitle: О проекте\nТекст.\n"})
    result = check(root)
    assert result.returncode == 1
    assert "content/about.md:1: не закрыт заголовок: нет второй строки «---» после полей (ожидается строка «---»" in result.stderr


# --- a value cut by a comment -----------------------------------------------------------------


def test_value_cut_by_a_comment_is_a_warning(tmp_path: Path) -> None:
    report = REPORT.replace("title: Отчёт за первый год", "title: Отчёт #1").replace(
        "  - Петрова Анна Ивановна", "  - Петрова Анна Ивановна #автор\n# целая строка комментария"
    )
    report = report.replace("period: 2023-2024 учебный год", "period: '2023-2024 учебный год' #кавычки")
    report = report.replace("date: 2024-06-10", "date: 2024-06-10  # дата отчёта")
    root = tree(tmp_path, {"reports/2024/otchet-2024.md": report})
    result = check(root)
    assert result.returncode == 0, result.stderr
    assert (
        "content/reports/2024/otchet-2024.md:2: предупреждение: значение поля «title» обрезано на « #1»: "
        'после « #» в YAML начинается комментарий (заключите значение в кавычки: title: "Отчёт #1")'
    ) in result.stderr
    assert "content/reports/2024/otchet-2024.md:7: предупреждение: значение поля «authors» обрезано на « #автор»" in result.stderr
    # A quoted value, a full-line comment and a comment that reads as one are left alone.
    assert result.stderr.count("обрезано") == 2, result.stderr
    assert "Проверено: 7\xa0записей, ошибок нет, 2\xa0предупреждения." in result.stdout


def test_skeleton_of_innopub_new_gives_no_comment_warning(tmp_path: Path) -> None:
    root = tree(tmp_path)
    assert innopub("new", "organization", "shkola-7", cwd=root).returncode == 0
    path = root / "content/organizations/shkola-7.md"
    text = path.read_text(encoding="utf-8")
    text = (
        text.replace("title:  ", "title: Школа № 7 ").replace("short:  ", "short: Школа 7 ").replace("municipality:  ", "municipality: г. Вологда ")
    )
    path.write_text(text, encoding="utf-8")
    result = check(root)
    assert "обрезано" not in result.stderr, result.stderr


# --- every YAML problem in Russian ------------------------------------------------------------

FUZZ_SEEDS = [
    "title: Текст\ndate: 2024-06-10\ntags: [a, b]\nauthors:\n  - {name: Иванова, position: директор}\n  - Петров\n",
    "title: &t Якорь\nperiod: *t\nauthors: &p [{name: Иванова}]\neditors: *p\n",
    "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n",
    "text: |\n  строка\n  ещё\nq: 'a''b'\nd: \"x\\ty\"\n",
    "items:\n  - text: пункт\n    due: 2024-01-01\n    evidence: [reports/x]\n",
]
FUZZ_PIECES = [*":\"'\t[]{}&*!%@`|>-?#\\\n ,xы<.0\r\x01\ufeff", "<<", "!!int ", "!!python/name:os ", "%YAML 1.1\n", "\\u", "\\x4", "*a", "&a "]
FUZZ_PIECES += ["--- ", "...", "? ", "- - "]


def test_broken_front_matter_never_raises_nor_speaks_english() -> None:
    """Thousands of front matters broken at random: each problem Russian, at a line of the file."""
    rng = random.Random(2026)
    for _ in range(4000):
        text = list(rng.choice(FUZZ_SEEDS))
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(text) + 1)
            if rng.random() < 0.3 and text:
                del text[min(at, len(text) - 1)]
            else:
                text.insert(at, rng.choice(FUZZ_PIECES))
        yaml_text = "".join(text)
        problems = Problems()
        parse_front_matter(f"---\n{yaml_text}---\nТело\n", "x.md", problems)
        for problem in problems:
            assert not ENGLISH.search(problem.message), (yaml_text, problem.message)
            assert "непонятная разметка" not in problem.message, (yaml_text, problem.message)
            assert 1 <= problem.line <= yaml_text.count("\n") + 3, (yaml_text, problem)
