"""Nothing content says becomes a command of a CI runner or a terminal (issue 19, item 4).

Real ``innopub check``, ``build`` and ``publish`` on a site whose content carries a runner's commands and escape
sequences — an unknown key with a line break and ``::warning``, ``##[warning]`` in titles, ``::add-mask::`` in a
removed link, ESC and BEL in a key, a file name with a line break — and what they print read back as GitHub's
runner reads its log (``runner_commands`` in tests/fixtures/runner.py, written from ``actions/runner``'s
``ActionCommand.TryParseV2``, ``ActionCommand.TryParse`` and ``ActionCommandManager``'s ``stop-commands``), and as
a terminal would (no ESC, no BEL, no carriage return). Then the same commands wrapped as the workflows wrap them (``scripts/stop-commands.sh``).
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ENV, INNOPUB, ROOT, project, run
from tests.fixtures.runner import runner_commands

# Not the variables of a runner the tests themselves may run on: each run sets its own.
BASE_ENV = {k: v for k, v in ENV.items() if not k.startswith(("GITHUB_", "CI", "GITLAB_"))}
GITHUB = {"GITHUB_ACTIONS": "true"}

ORG = """---
title: Школа № 5 ##[warning]орг
short: Школа № 5
municipality: г. Вологда
kind: школа
---
Школа.
"""
PRACTICE = """---
title: "Практика ##[warning]заголовок ::add-mask::секрет"
date: 2026-10-14
authors: [Иванова Елена Андреевна]
organization: shkola-5
levels: [НОО]
"x\\n::warning file=mkdocs.yml,line=1::ключ\\n##[error]ключ": 1
"k\\e]0;ЗАГОЛОВОК\\a\\e[31m\\r::add-mask::r": 2
---

Текст [ссылка](javascript:%0A::add-mask::секрет) и <a href="javascript:x
::add-mask::s">ссылка</a>.
"""
DIGEST = """---
title: "Дайджест ##[warning]практик ::add-mask::д"
kind: digest
date: 2026-10-20
editors: [Иванова Елена Андреевна]
includes:
  - practices/p
---
Предисловие.
"""
HOSTILE = {"organizations/shkola-5.md": ORG, "practices/p.md": PRACTICE, "collections/dajdzhest.md": DIGEST}
# What the check says of them, written by hand: each value on the problem's own line, its line breaks and control
# characters written out; where no terminal reads them (a CI log, a pipe) «##[» as «#\x23[».
WARNINGS = [
    "content/organizations/shkola-5.md:2: предупреждение: значение поля «title» обрезано на « #\\x23[warning]орг»",
    "content/practices/p.md:7: предупреждение: неизвестное поле «x\\x0a::warning file=mkdocs.yml,line=1::ключ\\x0a#\\x23[error]ключ»",
    "content/practices/p.md:8: предупреждение: неизвестное поле «k\\x1b]0;ЗАГОЛОВОК\\x07\\x1b[31m\\x0d::add-mask::r» не будет показано",
    "content/practices/p.md:11: предупреждение: удалён небезопасный адрес «javascript:x\\x0a::add-mask::s» у <a>",
    "content/practices/p.md:11: предупреждение: удалён небезопасный адрес ссылки «javascript:%0A::add-mask::секрет»",
]


def innopub(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A fresh process under ``GITHUB_ACTIONS`` (or any variable of its own), else a fork (tests/conftest.py ``run``)."""
    return run([*INNOPUB, *args], cwd, {**BASE_ENV, **(env or {})})


def assert_nothing_runs(output: str) -> None:
    """No command for a runner, no escape sequence, no bell, no carriage return for a terminal."""
    assert runner_commands(output) == [], output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", output), ascii(output)[:2000]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return project(tmp_path_factory.mktemp("hostile") / "site", HOSTILE)


def test_check_quotes_values_on_one_line_and_runs_nothing(hostile: Path) -> None:
    plain = innopub("check", cwd=hostile)  # a pipe, as in GitLab's log or cron's mail: no escape sequence either
    assert plain.returncode == 0, plain.stderr
    assert_nothing_runs(plain.stdout + plain.stderr)
    for words in WARNINGS:
        assert words in plain.stderr, plain.stderr
    github = innopub("check", cwd=hostile, env=GITHUB)
    assert (github.returncode, github.stdout, github.stderr) == (0, plain.stdout, plain.stderr)


def test_check_in_a_terminal_draws_nothing_of_content(hostile: Path) -> None:
    """A terminal gets no escape sequence of content (ESC ] 0; set its title before)."""
    leader, follower = pty.openpty()
    with subprocess.Popen([*INNOPUB, "check"], cwd=hostile, env={**BASE_ENV, "TERM": "xterm"}, stdout=follower, stderr=follower) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once the command ends
                break
            if not chunk:
                break
            chunks.append(chunk)
    os.close(leader)
    output = b"".join(chunks).decode("utf-8")
    assert proc.returncode == 0, output
    assert "\x1b" not in output and "\x07" not in output, ascii(output)
    assert "неизвестное поле «k\\x1b]0;ЗАГОЛОВОК\\x07\\x1b[31m\\x0d::add-mask::r»" in output
    assert "поля «title» обрезано на « ##[warning]орг»" in output  # a terminal is not a runner: the value as it is


def test_github_format_issues_only_innopubs_own_annotations(hostile: Path) -> None:
    result = innopub("check", "--format", "github", cwd=hostile, env=GITHUB)
    assert result.returncode == 0, result.stderr
    commands = runner_commands(result.stdout + result.stderr)
    assert [name for name, _ in commands] == ["warning"] * len(WARNINGS), commands
    for name, line in commands:
        assert name in ("error", "warning", "notice"), line
        assert re.match(r"::(error|warning|notice) file=content/[^,]*,line=\d+,title=innopub%3A [^:]*::content/", line), line
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.stdout + result.stderr)


def test_broken_file_names_run_nothing(tmp_path: Path) -> None:
    root = project(tmp_path / "site", {"practices/##[warning]x.md": PRACTICE, "practices/a\n::add-mask::b.md": PRACTICE, **HOSTILE})
    result = innopub("check", cwd=root, env=GITHUB)
    assert result.returncode == 1
    assert_nothing_runs(result.stdout + result.stderr)
    assert "content/practices/#\\x23[warning]x.md:1: недопустимое имя файла" in result.stderr
    assert "content/practices/a\\x0a::add-mask::b.md:1: в имени файла непечатаемые знаки" in result.stderr


@pytest.mark.parametrize("env", [GITHUB, {}], ids=["github", "pipe"])
def test_build_runs_nothing(hostile: Path, tmp_path: Path, env: dict[str, str]) -> None:
    result = innopub("build", "-v", "-d", str(tmp_path / "out"), cwd=hostile, env=env)
    assert result.returncode == 0, result.stderr
    assert_nothing_runs(result.stdout + result.stderr)
    assert "«Дайджест #\\x23[warning]практик ::add-mask::д»" in result.stderr  # an edition's title in the progress lines (-v)


def test_publish_runs_nothing(tmp_path: Path) -> None:
    root = project(tmp_path / "site", HOSTILE)
    result = innopub("publish", "--month", "2026-10", "-v", cwd=root, env=GITHUB)
    assert result.returncode == 0, result.stdout + result.stderr
    assert_nothing_runs(result.stdout + result.stderr)
    assert "Публикация: выпуск за 2026-10 записан, сайт собран." in result.stdout


def wrapped(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A command as the workflows run it: ``bash scripts/stop-commands.sh …``, its two streams in one log."""
    command = ["bash", str(ROOT / "scripts/stop-commands.sh"), *args]
    return subprocess.run(command, cwd=cwd, env={**BASE_ENV, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)


def test_workflow_steps_run_only_innopubs_annotations(hostile: Path, tmp_path: Path) -> None:
    """The check step of check.yml: while innopub reads the content the runner reads no command (a lapse of
    the escaping would not matter); then only the annotations of its file."""
    annotations = tmp_path / "annotations.txt"
    check = wrapped("--annotations", str(annotations), *INNOPUB, "check", "--format", "github", "--output", str(annotations), cwd=hostile, env=GITHUB)
    assert check.returncode == 0, check.stdout
    commands = runner_commands(check.stdout)
    assert commands and [line for _, line in commands] == annotations.read_text(encoding="utf-8").splitlines()
    assert {name for name, _ in commands} == {"warning"}
    # Even a line innopub would never print: inside the wall the runner does not read it.
    inside = wrapped("printf", "::add-mask::x\\n##[error]y\\n", cwd=hostile, env={})
    assert runner_commands(inside.stdout) == []
    lines = inside.stdout.splitlines()
    assert re.fullmatch("::stop-commands::[0-9a-f]{32}", lines[0]) and lines[-1] == f"::{lines[0].rsplit('::', 1)[1]}::"
    again = wrapped("true", cwd=hostile, env={}).stdout.splitlines()
    assert again[0] != lines[0]  # a token of its own for every run
    failed = wrapped("sh", "-c", "echo '::add-mask::z'; exit 3", cwd=hostile, env={})
    assert failed.returncode == 3 and runner_commands(failed.stdout) == []  # resumed after a failure too


def test_runner_model_reads_what_the_runner_reads() -> None:
    """The model itself, on lines whose reading the runner's code decides (its unit tests' cases)."""
    assert runner_commands("  ::warning file=a::x") == [("warning", "  ::warning file=a::x")]
    assert runner_commands("text ##[error]x") == [("error", "text ##[error]x")]
    assert runner_commands("a\r::add-mask::b") == [("add-mask", "::add-mask::b")]
    assert runner_commands("::stop-commands::T\n::error::x\n##[error]y\n::t::\n::notice::z") == [("notice", "::notice::z")]
    assert runner_commands("#\\x23[error]x\n\\x3a:error::y\ntext :: error::") == []
