"""The files that run the check where editors look: the GitHub workflows, the GitLab pipeline, the pre-commit hook.

Each is parsed as its hosting parses it (YAML, then the hosting's JSON Schema as SchemaStore keeps it,
vendored by check-jsonschema; the hook by pre-commit's own loader) and must name the right commands;
the hook is installed and run by pre-commit itself. Every GitHub step that reads content/ runs with the
runner's workflow commands stopped, and every job has only the permissions it needs (issue 19, item 4;
the wrapped commands run for real on hostile content in tests/test_hostile_output.py).
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
from tests.fixtures.escapes import BROKEN, ORG

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


STOPPED = "bash scripts/stop-commands.sh "
"""How a step runs a command that reads content/: GitHub's workflow commands stopped around it (issue 19, item 4)."""
READS_CONTENT = re.compile(r"(?:^|[\s;&|(])(?:\S*/)?(?:innopub|mkdocs|properdocs|zensical|make)(?=\s|$)|\s-m\s+(?:generator|mkdocs)\b")
"""A shell command that runs what reads content/ (and prints what it finds there): innopub, MkDocs, make…"""
PERMISSIONS = {
    ("check.yml", "check"): {"contents": "read"},
    ("monthly.yml", "build"): {"contents": "read"},
    ("monthly.yml", "commit"): {"contents": "write"},
    ("monthly.yml", "deploy"): {"pages": "write", "id-token": "write"},
}
"""What each job may do, by hand: only a job that reads no content may write anything."""


def workflows() -> dict[str, dict]:
    return {path.name: load(path) for path in sorted(WORKFLOWS.glob("*.y*ml"))}


def commands(step: dict) -> list[str]:
    """The shell commands of a step's ``run``, one per line, comments and blank lines left out."""
    return [line.strip() for line in step.get("run", "").splitlines() if line.strip() and not line.strip().startswith("#")]


def test_every_step_that_reads_content_runs_with_workflow_commands_stopped() -> None:
    seen = 0
    for name, workflow in workflows().items():
        for job_id, job in workflow["jobs"].items():
            for step in job["steps"]:
                for command in commands(step):
                    if READS_CONTENT.search(command):
                        assert command.startswith(STOPPED), f"{name}, {job_id}: {command!r} runs with the runner reading commands"
                        seen += 1
    assert seen == 4  # the check and the build of check.yml, the harvest and the publication of monthly.yml


def test_each_job_has_only_the_permissions_it_needs() -> None:
    granted = {}
    for name, workflow in workflows().items():
        assert workflow.get("permissions") in ({}, {"contents": "read"}), f"{name}: the workflow's own permissions"
        for job_id, job in workflow["jobs"].items():
            granted[(name, job_id)] = permissions = job.get("permissions", workflow["permissions"])  # none: the repository's default
            reads = any(READS_CONTENT.search(c) for step in job["steps"] for c in commands(step))
            writes = any(v == "write" for v in permissions.values())
            assert not (reads and writes), f"{name}, {job_id}: reads content/ and may write"
            if reads:  # the token is not left in .git/config for whatever reads content/
                (checkout,) = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
                assert checkout["with"]["persist-credentials"] is False
    assert granted == PERMISSIONS


def test_no_expression_is_pasted_into_a_script() -> None:
    """``${{ … }}`` in a ``run`` becomes text of the script before the shell reads it: a value reaches it as a
    variable (``env:``) instead (GitHub's «Security hardening»: script injections)."""
    for name, workflow in workflows().items():
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), f"{name}: {step.get('name')}"


def test_what_reads_content_is_told_apart() -> None:
    reads = [".venv/bin/innopub build", "make site", "python -m generator.commands.cli check", "cd x && mkdocs build", STOPPED + "innopub check"]
    not_reads = ['git config user.name "innopub"', "python -m venv .venv && .venv/bin/pip install --quiet -e .", "mkdir -p editions"]
    assert all(READS_CONTENT.search(c) for c in reads) and not any(READS_CONTENT.search(c) for c in not_reads)


def test_stop_commands_script_is_a_bash_script_that_resumes() -> None:
    text = (ROOT / "scripts/stop-commands.sh").read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert 'echo "::stop-commands::$token"' in text and 'echo "::$token::"' in text
    assert "/dev/urandom" in text


def test_pull_request_workflow_checks_builds_and_keeps_the_site() -> None:
    workflow = load(WORKFLOWS / "check.yml")
    assert "pull_request" in workflow["on"] and "pull_request_target" not in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    runs = [s.get("run", "") for s in steps]
    annotations = "innopub-annotations.txt"
    check_command = f"{STOPPED}--annotations {annotations} .venv/bin/innopub check --format github --output {annotations}"
    check = runs.index(check_command)
    build = runs.index(f"{STOPPED}.venv/bin/innopub build")
    (upload,) = [i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert check < build < upload
    assert steps[upload]["with"]["path"] == "site/"
    assert any("pip install" in r and "-e ." in r for r in runs[:check])


def test_monthly_workflow_publishes_in_three_jobs() -> None:
    workflow = load(WORKFLOWS / "monthly.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    build, commit, deploy = (workflow["jobs"][j] for j in ("build", "commit", "deploy"))
    runs = [s.get("run", "") for s in build["steps"]]
    harvest, publish = (s for s in build["steps"] if s.get("run", "").startswith(STOPPED))
    assert harvest["run"] == f'{STOPPED}.venv/bin/innopub harvest || [ "$?" -eq 1 ]'  # a municipality kept from before is no failure
    assert publish["run"] == f'{STOPPED}.venv/bin/innopub publish --month "$MONTH"'
    assert publish["env"]["MONTH"] == "${{ inputs.month || 'previous' }}"
    assert any("pip install" in r and "-e ." in r for r in runs)
    uses = [s.get("uses", "").split("@")[0] for s in build["steps"]]
    assert uses.index("actions/upload-artifact") < uses.index("actions/upload-pages-artifact")
    # The commit job gets the new issue and editions from the build and pushes them; it runs nothing of innopub.
    assert commit["needs"] == "build" and commit["if"] == "needs.build.outputs.issued == 'true'"
    assert [s.get("uses", "").split("@")[0] for s in commit["steps"]][:3] == ["actions/checkout", "", "actions/download-artifact"]
    assert commit["steps"][1]["run"] == "rm -rf harvest"  # the build's harvest whole: a removed municipality's folder goes
    assert "git add -A -- content/bulletin editions" in commit["steps"][-1]["run"] and "git push" in commit["steps"][-1]["run"]
    assert "git add -A -- harvest" in commit["steps"][-1]["run"] and "harvest/" in build["steps"][-2]["with"]["path"]
    # Pages after the commit (or without one): the deploy job only deploys.
    assert deploy["needs"] == ["build", "commit"] and deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


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
    assert not files.search("generator/commands/cli.py") and not files.search("docs/content/x.md")


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
