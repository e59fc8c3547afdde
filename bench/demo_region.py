"""The demo region's ``demo-region/region/harvest/``, made from the municipal demo sites by the real harvest.

    .venv/bin/python -m bench.demo_region           # write demo-region/region/harvest/ (committed)
    .venv/bin/python -m bench.demo_region --live    # the whole region live on 127.0.0.1, one municipality going down

Each municipal demo site the regional ``mkdocs.yml`` names (``demo-region/<id>/``) is built in a temporary folder with
its own ``site_url`` (``https://<id>.example.ru/``: its entries' addresses are its real ones, as the regional site
expects), served on 127.0.0.1, and harvested by ``innopub harvest`` of a temporary copy of the regional site whose
settings name those local addresses: the exports go through the same download and checks as a real municipality's.
The copies it keeps (``innopub.json``, ``entries.json``, bytes as fetched) are then put into
``demo-region/region/harvest/<id>/`` with a ``state.json`` rewritten for the demo: the address is the municipality's
real one from the settings, the times are the demo's dates, not the clock's (so the same demo gives the same
bytes), and the local server's ``Last-Modified`` is dropped. One municipality (``DOWN``) is shown as down: its state
says, in its error, that this is a demonstration. Nothing here touches the Internet.

``--live`` leaves the repository alone and shows the region as it works (what tests/test_region_e2e.py checks): the
three municipal demos are built with their local addresses as ``site_url`` and served; a copy of the regional site
naming those addresses is harvested, kharovsk's server is stopped, it is harvested again (the summary says which
municipality is stale and since when), and the regional site is built and served until Ctrl+C.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.static import serve

ROOT = Path(__file__).resolve().parent.parent
REGION = ROOT / "demo-region" / "region"
INNOPUB = [sys.executable, "-m", "generator.commands.cli"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), "INNOPUB_HARVEST_TIMEOUT": "5"}

HARVESTED = "2026-11-25T03:00:00Z"
"""The demo harvest's time: the demo region's «today» (the municipal demos are built as on that day or before)."""
DOWN = {
    "kharovsk": {
        "last_success": "2026-11-19T03:00:00Z",
        "failing_since": "2026-11-20T03:00:00Z",
        "error": "демонстрация: так портал показывает муниципалитет, чей сайт не ответил при сборе "
        "(в демо-регионе сайт Харовского округа «недоступен» нарочно; выгрузка получена 19 ноября)",
    }
}
"""Municipalities the committed demo shows as down, with what their state says."""


def municipalities(config: Path = REGION / "mkdocs.yml") -> list[dict[str, str]]:
    """``region.municipalities`` of the regional demo's settings (``id``, ``name``, ``url``)."""
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    for plugin in data["plugins"]:
        if isinstance(plugin, dict) and "innopub" in plugin:
            return list(plugin["innopub"]["region"]["municipalities"])
    raise SystemExit(f"{config}: нет раздела region")


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)


def build_municipal(mid: str, work: Path) -> Path:
    """``demo-region/<mid>/`` built in ``work`` (beside a copy of the theme its mkdocs.yml names): its site folder."""
    folder = work / "demo-region" / mid
    shutil.copytree(ROOT / "demo-region" / mid, folder, ignore=shutil.ignore_patterns("site", ".cache", ".site-*"))
    build_municipal_in(folder)
    return folder / "site"


def harvest_locally(towns: list[dict[str, str]], sites: dict[str, Path], work: Path) -> Path:
    """The regional demo, its municipalities at local addresses, harvested: its ``harvest/`` folder."""
    region = work / "demo-region" / "region"
    shutil.copytree(REGION, region, ignore=shutil.ignore_patterns("site", ".cache", "harvest", ".site-*"))
    with contextlib.ExitStack() as stack:
        local = {mid: stack.enter_context(serve(site)) for mid, site in sites.items()}
        config = (region / "mkdocs.yml").read_text(encoding="utf-8")
        for town in towns:
            config = config.replace(f'url: "{town["url"]}"', f'url: "{local[town["id"]]}"')
        (region / "mkdocs.yml").write_text(config, encoding="utf-8")
        harvested = run([*INNOPUB, "harvest"], region)
    print(harvested.stdout, end="")
    if harvested.returncode != 0:
        raise SystemExit(f"сбор не удался:\n{harvested.stderr}")
    return region / "harvest"


def demo_state(town: dict[str, str], harvested: dict) -> dict:
    state = {
        "url": town["url"],
        "last_success": HARVESTED,
        "last_attempt": HARVESTED,
        "error": None,
        "failing_since": None,
        "etag": None,
        "last_modified": None,
        "counts": harvested["counts"],
    }
    if town["id"] in DOWN:
        state |= DOWN[town["id"]] | {"counts": {"came": 0, "changed": 0, "went": 0}}
    return state


def live() -> None:
    towns = municipalities()
    work = Path(tempfile.mkdtemp(prefix="demo-region-live-"))
    shutil.copytree(ROOT / "theme", work / "theme")
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, work, ignore_errors=True)
        servers, local = {}, {}
        for town in towns:
            folder = work / "demo-region" / town["id"]
            shutil.copytree(ROOT / "demo-region" / town["id"], folder, ignore=shutil.ignore_patterns("site", ".cache", ".site-*"))
            servers[town["id"]] = serve(folder / "site")  # its folder is read at each request: built below
            local[town["id"]] = stack.enter_context(servers[town["id"]])
            config = folder / "mkdocs.yml"
            config.write_text(config.read_text(encoding="utf-8").replace(town["url"], local[town["id"]]), encoding="utf-8")
            build_municipal_in(folder)
            print(f"{town['id']} ({town['name']}): собран, {local[town['id']]}")
        region = work / "demo-region" / "region"
        shutil.copytree(REGION, region, ignore=shutil.ignore_patterns("site", ".cache", "harvest", ".site-*"))
        config = (region / "mkdocs.yml").read_text(encoding="utf-8")
        for town in towns:
            config = config.replace(f'url: "{town["url"]}"', f'url: "{local[town["id"]]}"')
        (region / "mkdocs.yml").write_text(config, encoding="utf-8")
        print(f"\n$ innopub harvest   (в {region})")
        print(run([*INNOPUB, "harvest"], region).stdout, end="")
        for mid in DOWN:
            servers[mid].__exit__(None, None, None)
            print(f"\nСайт {mid} остановлен.")
        print("\n$ innopub harvest")
        print(run([*INNOPUB, "harvest"], region).stdout, end="")
        built = run([*INNOPUB, "build", "-q"], region)
        if built.returncode != 0:
            raise SystemExit(f"сборка регионального сайта не удалась:\n{built.stdout}{built.stderr}")
        url = stack.enter_context(serve(region / "site"))
        print(f"\nРегиональный портал: {url}region/ (поиск: {url}search/). Остановить: Ctrl+C (папка {work} будет удалена).")
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


def build_municipal_in(folder: Path) -> None:
    built = run([*INNOPUB, "build", "-q"], folder)
    if built.returncode != 0:
        raise SystemExit(f"сборка {folder.name} не удалась:\n{built.stdout}{built.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Демо-регион: harvest/ регионального демо из муниципальных демо-сайтов.")
    parser.add_argument("--live", action="store_true", help="показать регион в работе на 127.0.0.1 (репозиторий не меняется)")
    if parser.parse_args().live:
        live()
        return
    towns = municipalities()
    with tempfile.TemporaryDirectory(prefix="demo-region-") as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "theme", work / "theme")
        sites = {town["id"]: build_municipal(town["id"], work) for town in towns}
        harvest = harvest_locally(towns, sites, work)
        shutil.rmtree(REGION / "harvest", ignore_errors=True)
        for town in towns:
            source, target = harvest / town["id"], REGION / "harvest" / town["id"]
            target.mkdir(parents=True)
            for name in ("innopub.json", "entries.json"):
                shutil.copyfile(source / name, target / name)
            state = demo_state(town, json.loads((source / "state.json").read_text(encoding="utf-8")))
            text = json.dumps(state, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
            (target / "state.json").write_text(text, encoding="utf-8")
    print(f"Записано: {REGION.relative_to(ROOT)}/harvest/ — {', '.join(t['id'] for t in towns)}")


if __name__ == "__main__":
    main()
