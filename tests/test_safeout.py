"""The guard on what innopub prints (generator/common/safeout.py), line by line as GitHub's runner reads it.

The commands themselves are run on hostile content in tests/test_hostile_output.py; here the guard's own
cases: a line split across writes, a terminal's frames, innopub's own commands.
"""

from __future__ import annotations

import io

from generator.common.safeout import GuardedStream, neutral
from tests.fixtures.runner import runner_commands


def test_a_command_split_across_writes_is_still_neutralized() -> None:
    out = io.StringIO()
    stream = GuardedStream(out, controls=True, commands=True)
    for piece in ["  :", ":add-mask::secret\nтекст #", "#[error]x\x1b]0;t\x07", "\n::warn", "ing::y"]:
        stream.write(piece)
    assert out.getvalue() == "  \\x3a:add-mask::secret\nтекст #\\x23[error]x\\x1b]0;t\\x07\n"  # the last line is held
    stream.finish()
    assert out.getvalue().endswith("\n\\x3a:warning::y")
    assert runner_commands(out.getvalue()) == []


def test_innopubs_own_command_passes_as_it_is() -> None:
    out = io.StringIO()
    stream = GuardedStream(out, controls=True, commands=True)
    stream.write("Проверка: ")
    stream.command("::error file=content/a.md,line=1::content/a.md:1: ошибка")
    assert out.getvalue() == "Проверка: \n::error file=content/a.md,line=1::content/a.md:1: ошибка\n"


def test_a_terminal_under_github_actions_keeps_its_escape_codes_and_holds_nothing() -> None:
    out = io.StringIO()
    stream = GuardedStream(out, controls=False, commands=True)
    stream.write("\r\x1b[2K✓ Проверка ##[warning] ━━━")  # a frame of rich's display, its line not ended
    assert out.getvalue() == "\r\x1b[2K✓ Проверка #\\x23[warning] ━━━"
    stream.write("\n")
    stream.write("::add-mask::x")
    assert out.getvalue().endswith("\n\\x3a:add-mask::x")


def test_neutral_writes_out_what_a_runner_or_a_terminal_would_act_on() -> None:
    assert neutral("\u2028::x\r\n", commands=True) == "\\u2028::x\\x0d\\x0a"  # one line: no separator starts another
    assert neutral(" \t::x", commands=True) == " \\x09::x"
    assert neutral("\u3000::x", commands=True) == "\u3000\\x3a:x"  # the runner trims Unicode white space too
    assert neutral("a ::b ##c [d]", commands=True) == "a ::b ##c [d]"
