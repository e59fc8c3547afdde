"""The command's help and argparse's errors are Russian: no English word an editor can meet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.kinds import KINDS
from tests.conftest import innopub

COMMANDS = ["check", "new", "build", "serve", "bulletin", "publish", "harvest"]
# ASCII words that are names, not English: the commands, the kinds' folders, files and values typed as they are.
NAMES = {*COMMANDS, *KINDS, "innopub", "site", "previous", "chek", "nonsense", "zensical"}
# The report formats and the names of the hostings and tools they are for (`check --format`, `build -v`).
NAMES |= {"text", "github", "gitlab", "gitea", "forgejo", "code", "quality", "mkdocs", "pdf", "epub"}
OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")
PATH = re.compile(r"[\w./-]*[_./][\w./-]*")  # content/bulletin/…, mkdocs.yml, site_dir
WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str) -> set[str]:
    return {w for w in WORD.findall(PATH.sub(" ", OPTION.sub(" ", text))) if w.lower() not in NAMES}


@pytest.mark.parametrize("args", [["--help"], *[[c, "--help"] for c in COMMANDS]], ids=lambda a: " ".join(a))
def test_help_is_russian(tmp_path: Path, args: list[str]) -> None:
    result = innopub(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Использование: innopub")
    assert "показать эту справку и выйти" in result.stdout
    assert english_words(result.stdout + result.stderr) == set(), result.stdout


ERRORS = [
    ([], "innopub: ошибка: не указано: «команда»"),
    (["chek"], "innopub: ошибка: неизвестная команда «chek» (допустимы: check, new, build, serve, bulletin, publish, harvest; возможно, «check»)"),
    (["nonsense"], "innopub: ошибка: неизвестная команда «nonsense» (допустимы: check, new, build, serve, bulletin, publish, harvest)"),
    (["new", "reports"], "innopub new: ошибка: не указано: «идентификатор»"),
    (["new"], "innopub new: ошибка: не указано: «вид», «идентификатор»"),
    (["check", "--nonsense"], "innopub: ошибка: непонятные аргументы: --nonsense"),
    (["build", "-d"], "innopub build: ошибка: -d/--site-dir: после параметра нужно значение"),
]


@pytest.mark.parametrize(("args", "expected"), ERRORS, ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_errors_are_russian(tmp_path: Path, args: list[str], expected: str) -> None:
    result = innopub(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Использование: innopub")
    assert expected in result.stderr, result.stderr
    assert english_words(result.stderr) == set(), result.stderr


def test_the_english_check_itself_finds_english() -> None:
    sample = "usage: innopub [-h] {check,new}\ninnopub: error: the following arguments are required: command"
    assert {"usage", "error", "the", "following", "arguments", "are", "required", "command"} <= english_words(sample)
