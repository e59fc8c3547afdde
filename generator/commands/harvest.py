"""``innopub harvest``: a regional site fetches its municipalities' exports into ``harvest/`` (README «Регион»).

The one command that touches the network (:mod:`generator.harvest`); ``innopub build`` then reads ``harvest/`` only.
It says, for each municipality, how many entries came, changed and went, or what went wrong and since when; exit code
0 when every copy is fresh, 1 when some municipality's last good copy was kept (or there is none yet). Every value that
came over the network is written on one line, its control characters written out (:func:`one_line`), and the
runner's guard (:mod:`generator.common.safeout`) stands behind that.
"""

from __future__ import annotations

import argparse
import sys
import threading

from generator.common import failure
from generator.common.problems import one_line
from generator.common.russian import count_of
from generator.harvest.run import Limits, Outcome, harvest
from generator.settings.config import load_config

HARVEST_DIR = "harvest"


def run_harvest(args: argparse.Namespace) -> int:
    config = load_config(args.config_file)
    region = config.settings.region
    if region is None:  # the monthly workflow runs this step on every site: a municipal one has nothing to harvest
        print(f"Собирать нечего: в {config.file.name} нет region: {{municipalities: [{{id, name, url}}, …]}} (это настройка регионального сайта).")
        return 0
    harvest_dir = config.root / HARVEST_DIR
    failure.step("innopub harvest: сбор выгрузок муниципалитетов", f"прежние копии в {HARVEST_DIR}/ не тронуты")
    municipalities = region.municipalities
    print(f"Сбор выгрузок: {count_of(len(municipalities), 'муниципалитет', 'муниципалитета', 'муниципалитетов')}", flush=True)
    lock = threading.Lock()

    def done(outcome: Outcome) -> None:
        with lock:
            print(f"  {line(outcome)}", flush=True)
            for dropped in outcome.dropped[:20]:
                print(f"    предупреждение: {one_line(dropped)}", file=sys.stderr, flush=True)
            if len(outcome.dropped) > 20:
                print(f"    … и ещё {len(outcome.dropped) - 20} пропущенных записей", file=sys.stderr, flush=True)

    outcomes, removed = harvest(municipalities, harvest_dir, Limits.from_env(), done)
    for mid in removed:
        print(f"  {mid}: муниципалитета нет в настройках — папка {HARVEST_DIR}/{mid}/ удалена", flush=True)
    stale = [o for o in outcomes if not o.fresh]
    fresh = len(outcomes) - len(stale)
    summary = f"Итог: свежие выгрузки — {fresh} из {len(outcomes)}"
    if stale:
        names = ", ".join(one_line(o.municipality.id) for o in stale)
        summary += f"; не обновлены: {names} (у каждого оставлена прежняя копия, если она была)"
    print(summary + ".", flush=True)
    return 1 if stale else 0


def line(outcome: Outcome) -> str:
    """What one municipality's harvest came to, on one line."""
    m = outcome.municipality
    who = f"{m.id} ({one_line(m.name)})"
    entries = count_of(outcome.entries, "запись", "записи", "записей")
    if outcome.error is None:
        if not outcome.changed:
            return f"{who}: без изменений, {entries}"
        c = outcome.counts
        return f"{who}: {entries}; новых {c['came']}, изменённых {c['changed']}, удалённых {c['went']}"
    state = outcome.state
    since = state.get("failing_since") or state.get("last_attempt")
    kept = f"оставлена прежняя копия от {state['last_success']}" if outcome.kept and state.get("last_success") else "прежней копии нет"
    return f"{who}: ОШИБКА — {one_line(outcome.error)}; {kept}" + (f"; не обновляется с {since}" if since else "")
