"""The fork server of the tests (tests/fixtures/forkserver.py) runs a command as a fresh interpreter runs it: the same
standard output, standard error and exit code, for a success, a content error, an argparse error and the help."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ENV, INNOPUB, project, write_files
from tests.fixtures.content import BASE, REPORT
from tests.fixtures.forkserver import FRESH_ENV, forked


@pytest.mark.skipif(os.environ.get(FRESH_ENV, "") not in ("", "0"), reason=f"{FRESH_ENV}: every command starts fresh")
def test_a_forked_command_is_the_fresh_one(tmp_path: Path) -> None:
    valid = project(tmp_path / "valid", dict(BASE))
    broken = project(tmp_path / "broken", dict(BASE))
    write_files(broken / "content", {"reports/2024/otchet-2024.md": REPORT.replace("platform: nastavnichestvo", "platform: net")})
    runs = [(valid, ["check"]), (broken, ["check"]), (valid, ["chek"]), (valid, ["--help"])]
    codes = []
    for root, args in runs:
        fresh = subprocess.run([*INNOPUB, *args], cwd=root, env=ENV, capture_output=True, text=True, check=False)
        fork = forked(args, root, ENV)
        assert fork is not None
        assert (fork.returncode, fork.stdout, fork.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr), args
        codes.append(fork.returncode)
    assert codes == [0, 1, 2, 0]


def test_another_environment_starts_a_fresh_interpreter(tmp_path: Path) -> None:
    assert forked(["--help"], tmp_path, {**ENV, "INNOPUB_DEBUG": "1"}) is None
