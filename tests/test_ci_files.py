"""The files that run the check where editors look: the GitHub workflows, the GitLab pipeline, the pre-commit hook.

Each is parsed as its hosting parses it (YAML, then the hosting's JSON Schema as SchemaStore keeps it,
vendored by check-jsonschema; the hook by pre-commit's own loader) and must name the right commands;
the hook is installed and run by pre-commit itself.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ENV, ROOT, project
from tests.test_report_formats import BROKEN, ORG

WORKFLOWS = ROOT / ".github" / "workflows"


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true; GitHub reads it as "on"
        data["on"] = data.pop(True)
    return data


@pytest.mark.parametrize(("files", "schema"), [(["check.yml", "monthly.yml"], "vendor.github-workflows"), ([".gitlab-ci.yml"], "vendor.gitlab-ci")])
def test_files_match_their_hostings_schemas(files: list[str], schema: str) -> None:
    paths = [str(WORKFLOWS / f) if f.endswith(".yml") and not f.startswith(".") else str(ROOT / f) for f in files]
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *paths], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_request_workflow_checks_builds_and_keeps_the_site() -> None:
    workflow = load(WORKFLOWS / "check.yml")
    assert "pull_request" in workflow["on"] and "pull_request_target" not in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    runs = [s.get("run", "") for s in steps]
    check = next(i for i, r in enumerate(runs) if r == ".venv/bin/innopub check --format github")
    build = next(i for i, r in enumerate(runs) if ".venv/bin/innopub build" in r.splitlines())
    # Nothing the build prints (content's values in warnings) is read as a command: stop-commands around it.
    lines = runs[build].splitlines()
    assert lines.index('echo "::stop-commands::$token"') < lines.index(".venv/bin/innopub build") < lines.index('echo "::$token::"')
    assert "secrets.token_hex" in lines[0]
    (upload,) = [i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert check < build < upload
    assert steps[upload]["with"]["path"] == "site/"
    assert any("pip install" in r and "-e ." in r for r in runs[:check])


def test_monthly_workflow_stays_as_it_was() -> None:
    workflow = load(WORKFLOWS / "monthly.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    runs = [s.get("run", "") for s in workflow["jobs"]["publish"]["steps"]]
    assert any(r.startswith('.venv/bin/innopub publish --month "${{ inputs.month') for r in runs)


def test_gitlab_pipeline_reports_code_quality_and_exposes_the_site() -> None:
    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    check, build, base = pipeline["check"], pipeline["build"], pipeline[".innopub"]
    assert check["extends"] == build["extends"] == ".innopub"
    assert check["script"] == [".venv/bin/innopub check --format gitlab --output gl-code-quality-report.json"]
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert check["artifacts"]["when"] == "always"  # a failed check must still hand over its report
    assert build["script"][-1] == ".venv/bin/innopub build"
    assert build["artifacts"]["paths"] == ["site/"]
    # GitLab's own rule for expose_as (Ruby's \w is ASCII): letters, digits, «-», «_» and spaces.
    assert re.fullmatch(r"\w[-\w ]*", build["artifacts"]["expose_as"], re.ASCII)
    assert {'$CI_PIPELINE_SOURCE == "merge_request_event"', "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"} == {r["if"] for r in base["rules"]}
    assert pipeline["stages"].index(check["stage"]) < pipeline["stages"].index(build["stage"])


def test_pre_commit_hook_definition_loads() -> None:
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert (hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) == ("innopub-check", "innopub check", "python", False)
    files = re.compile(hook["files"])
    assert files.search("content/reports/otchet.md") and files.search("mkdocs.yml")
    assert not files.search("generator/cli.py") and not files.search("docs/content/x.md")


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=Редактор", "-c", "user.email=editor@example.org", *args], cwd=cwd, check=True, capture_output=True)


def test_pre_commit_hook_installs_and_runs(tmp_path: Path) -> None:
    """pre-commit installs the hook from this repository into its own environment (from PyPI) and runs it."""
    site = project(tmp_path / "site", BROKEN)
    git("init", "-q", cwd=site)
    git("add", "-A", cwd=site)
    env = {k: v for k, v in ENV.items() if k != "PYTHONPATH"} | {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit")}
    bin_dir = Path(sys.executable).parent
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    command = [str(bin_dir / "pre-commit"), "try-repo", str(ROOT), "innopub-check", "--all-files"]
    broken = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, timeout=900)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "content/reports/otchet.md:3: несуществующая дата 2024-13-01" in broken.stdout
    assert "Failed" in broken.stdout
    # Fixed: only a valid organization left; the same environment is reused.
    for path in (site / "content").rglob("*.md"):
        path.unlink()
    (site / "content/organizations/shkola-5.md").write_text(ORG, encoding="utf-8")
    git("add", "-A", cwd=site)
    fixed = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, timeout=900)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Passed" in fixed.stdout
