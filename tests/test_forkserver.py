"""The fork server of the tests (tests/fixtures/forkserver.py) runs a command as a fresh interpreter runs it: the same
standard output, standard error and exit code, for a success, a content error, an argparse error, the help and a
check that quotes a runner's commands and escape codes; a command with a variable of its own is never forked."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ENV, INNOPUB, project, write_files
from tests.fixtures.content import BASE, REPORT
from tests.fixtures.forkserver import FRESH_ENV, forked

# An unknown key with a workflow command after a line break and the escape codes that set a terminal's title.
RUNNER_KEY = '"x\\n::warning file=mkdocs.yml,line=1::k\\e]0;T\\a": 1\n'


@pytest.mark.skipif(os.environ.get(FRESH_ENV, "") not in ("", "0"), reason=f"{FRESH_ENV}: every command starts fresh")
def test_a_forked_command_is_the_fresh_one(tmp_path: Path) -> None:
    valid = project(tmp_path / "valid", dict(BASE))
    broken = project(tmp_path / "broken", dict(BASE))
    write_files(broken / "content", {"reports/2024/otchet-2024.md": REPORT.replace("platform: nastavnichestvo", "platform: net")})
    hostile = project(tmp_path / "hostile", dict(BASE))  # what innopub quotes of it passes its output guard (issue 19)
    write_files(hostile / "content", {"reports/2024/otchet-2024.md": REPORT.replace("period:", RUNNER_KEY + "period:")})
    runs = [(valid, ["check"]), (broken, ["check"]), (valid, ["chek"]), (valid, ["--help"])]
    runs += [(hostile, ["check"]), (hostile, ["check", "--format", "github"])]
    codes = []
    for root, args in runs:
        fresh = subprocess.run([*INNOPUB, *args], cwd=root, env=ENV, capture_output=True, text=True, check=False)
        fork = forked(args, root, ENV)
        assert fork is not None
        assert (fork.returncode, fork.stdout, fork.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr), args
        codes.append(fork.returncode)
    assert codes == [0, 1, 2, 0, 0, 0]


FRESH = {"INNOPUB_DEBUG": "1", "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": "/tmp/s", "TZ": "Pacific/Kiritimati"}
FRESH |= {"SOURCE_DATE_EPOCH": "1774996200"}


@pytest.mark.parametrize(("name", "value"), FRESH.items())
def test_another_environment_starts_a_fresh_interpreter(tmp_path: Path, name: str, value: str) -> None:
    """The issue-19 tests run commands under a runner, in another time zone, at another instant: never as a fork."""
    assert forked(["--help"], tmp_path, {**ENV, name: value}) is None
