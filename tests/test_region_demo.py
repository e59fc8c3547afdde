"""The demo region (issue 23 §6): the municipal demo sites of ``demo-region/`` built, served on 127.0.0.1 and harvested.

The builds run under a guard that refuses and records every Internet-family connection and name lookup a Python
process of the build makes (a ``sitecustomize`` on ``PYTHONPATH``, inherited by every child Python): ``innopub build``
never opens a network connection, a regional site's with ``region:`` set included. The guard is shown to catch one.
Then one municipal server is stopped: the next harvest ends with 1, names that municipality with «since», and keeps
its copy.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench.static import serve
from tests.conftest import ENV, INNOPUB, ROOT, project, run
from tests.fixtures.network_guard import guarded_env

MUNICIPALITIES = {"belozersk": "г. Белозерск", "kirillov": "г. Кириллов"}
"""Two of the demo region's three municipal sites (the third, kharovsk, is harvested in tests/test_region_e2e.py)."""


def _count(content: Path) -> int:
    drafts = 0
    files = [p for p in content.rglob("*.md") if p.parent != content]
    for path in files:
        if yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1]).get("draft"):
            drafts += 1
    return len(files) - drafts


def test_the_demo_region_builds_offline_is_served_and_harvested(tmp_path: Path) -> None:
    env, log = guarded_env(tmp_path)
    # The guard works: a plain download under it is refused and recorded.
    download = "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9/')"
    probe = subprocess.run([sys.executable, "-c", download], env=env, capture_output=True, check=False)
    recorded = log.read_text(encoding="utf-8")
    assert probe.returncode != 0 and ("getaddrinfo" in recorded or "connect" in recorded), recorded
    log.unlink()

    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    sites = {}
    for mid in MUNICIPALITIES:
        folder = tmp_path / "demo-region" / mid
        shutil.copytree(ROOT / "demo-region" / mid, folder, ignore=shutil.ignore_patterns("site", ".cache"))
        built = run([*INNOPUB, "build", "-q"], folder, env)
        assert built.returncode == 0, built.stdout + built.stderr
        sites[mid] = folder / "site"
        manifest = json.loads((sites[mid] / "export" / "innopub.json").read_text(encoding="utf-8"))
        assert manifest["site"]["municipality"] == MUNICIPALITIES[mid]
        assert manifest["entries"]["count"] == _count(ROOT / "demo-region" / mid / "content")
        assert (sites[mid] / "export" / "innopub-export.schema.json").is_file()
        # The regional demo's committed copy is this build's (python -m bench.demo_region): not edited by hand, not stale.
        for name in ("innopub.json", "entries.json"):
            committed = ROOT / "demo-region" / "region" / "harvest" / mid / name
            assert committed.read_bytes() == (sites[mid] / "export" / name).read_bytes(), f"{committed}: make it anew"
    assert not log.exists(), f"a build touched the network: {log.read_text(encoding='utf-8')}"

    servers = {mid: serve(site) for mid, site in sites.items()}
    urls = {mid: server.__enter__() for mid, server in servers.items()}
    try:
        lines = "      region:\n        municipalities:\n" + "".join(
            f"          - {{id: {mid}, name: {MUNICIPALITIES[mid]}, url: '{url}'}}\n" for mid, url in urls.items()
        )
        region = project(tmp_path / "region", {"about.md": "---\ntitle: О портале\n---\n\nРегиональный портал.\n"}, lines)
        first = run([*INNOPUB, "harvest"], region, {**ENV, "INNOPUB_HARVEST_TIMEOUT": "5"})
        assert first.returncode == 0, first.stdout + first.stderr
        assert "Сбор выгрузок: 2\u00a0муниципалитета" in first.stdout
        assert "belozersk (г. Белозерск): 5\u00a0записей; новых 5, изменённых 0, удалённых 0" in first.stdout
        assert "kirillov (г. Кириллов): 6\u00a0записей; новых 6, изменённых 0, удалённых 0" in first.stdout
        assert "Итог: свежие выгрузки — 2 из 2." in first.stdout
        for mid, site in sites.items():
            for name in ("innopub.json", "entries.json"):
                assert (region / "harvest" / mid / name).read_bytes() == (site / "export" / name).read_bytes()

        # The regional site's own build reads content/ and harvest/ only: not a connection, the servers up or not.
        built = run([*INNOPUB, "build", "-q"], region, env)
        assert built.returncode == 0, built.stdout + built.stderr
        assert not log.exists(), f"the regional build touched the network: {log.read_text(encoding='utf-8')}"

        # Kirillov's server goes down: its copy is kept, and the harvest says so.
        kept = (region / "harvest" / "kirillov" / "entries.json").read_bytes()
        servers.pop("kirillov").__exit__(None, None, None)
        second = run([*INNOPUB, "harvest"], region, {**ENV, "INNOPUB_HARVEST_TIMEOUT": "5"})
        assert second.returncode == 1, second.stdout + second.stderr
        assert "belozersk (г. Белозерск): без изменений, 5\u00a0записей" in second.stdout
        line = next(ln for ln in second.stdout.splitlines() if "kirillov (г. Кириллов)" in ln)
        assert "ОШИБКА — сайт недоступен" in line and "оставлена прежняя копия от" in line and "не обновляется с" in line
        assert "не обновлены: kirillov" in second.stdout
        assert (region / "harvest" / "kirillov" / "entries.json").read_bytes() == kept
        state = json.loads((region / "harvest" / "kirillov" / "state.json").read_text(encoding="utf-8"))
        assert state["error"].startswith("сайт недоступен") and state["failing_since"] == state["last_attempt"]

    finally:
        for server in servers.values():
            server.__exit__(None, None, None)


def test_both_engines_write_the_same_export(tmp_path: Path) -> None:
    from generator.engines.zensical import adapter as zensical

    executable = zensical.find_executable(ROOT)
    if executable is None:
        pytest.skip(f"Zensical не установлен: {zensical.INSTALL_HINT}")
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    folder = tmp_path / "demo-region" / "belozersk"
    shutil.copytree(ROOT / "demo-region" / "belozersk", folder, ignore=shutil.ignore_patterns("site", ".cache"))
    env = {**ENV, zensical.EXECUTABLE_ENV: str(executable)}
    for engine, target in (("mkdocs", "site-mkdocs"), ("zensical", "site-zensical")):
        built = run([*INNOPUB, "build", "-q", "--engine", engine, "-d", target], folder, env)
        assert built.returncode == 0, built.stdout + built.stderr
    for name in ("innopub.json", "entries.json", "innopub-export.schema.json"):
        assert (folder / "site-mkdocs/export" / name).read_bytes() == (folder / "site-zensical/export" / name).read_bytes(), name
