"""The monthly steps as one command: write the previous month's bulletin issue, then build.

``innopub bulletin 2026-11 [--refresh]`` writes one issue; ``innopub publish --month
previous|YYYY-MM`` writes it (an issue already written is left as it is) and builds the
site with its PDF and EPUB files. The scheduled workflow in ``.github/workflows/monthly.yml``
runs exactly this command.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable

from generator.common import failure
from generator.common.problems import ContentError, InnopubError
from generator.common.russian import month_year
from generator.editions.bulletin import NothingToPublish, parse_month, write_issue
from generator.kinds.bulletin import previous_month
from generator.model.content import ContentModel
from generator.settings.config import load_config
from generator.site.site import Site


def _month(spec: str, today) -> tuple[int, int]:
    return previous_month(today) if spec.strip() == "previous" else parse_month(spec)


def run_bulletin(args: argparse.Namespace) -> int:
    site = Site(load_config(args.config_file))
    year, month = _month(args.month, site.settings.reference_date())
    failure.step(f"innopub bulletin {year:04d}-{month:02d}: запись выпуска", failure.consequence())
    model = _clean_model(site, "выпуск не записан")
    outcome = write_issue(site.config.docs_dir, model, year, month, refresh=args.refresh)
    print(outcome.message)
    return 0


def _clean_model(site: Site, consequence: str) -> ContentModel:
    try:
        return site.require()
    except ContentError as exc:
        raise InnopubError(str(exc).replace("сайт не собран", consequence)) from None


def run_publish(args: argparse.Namespace, build: Callable[[argparse.Namespace, Site], int]) -> int:
    """The bulletin of the month (if there is anything to publish), then the build; each step announced.

    One Site serves both steps: the content is read once, and the build re-reads only the issue just written.
    """
    site = Site(load_config(args.config_file))
    year, month = _month(args.month, site.settings.reference_date())
    quiet, verbose = getattr(args, "quiet", False), getattr(args, "verbose", False)
    say = (lambda text: None) if quiet else (lambda text: print(text, flush=True))
    kept = "выпуск не записан, сайт не собран; прежняя версия в site/ не тронута"
    failure.step(f"innopub publish: выпуск «Вестника» за {year:04d}-{month:02d}", kept)
    say(f"Шаг 1 из 2: выпуск «Вестника» за {month_year(dt.date(year, month, 1))}")
    try:
        outcome = write_issue(site.config.docs_dir, _clean_model(site, "выпуск не записан, сайт не собран"), year, month, refresh=False)
        say(f"  {outcome.message}")
        issue = "записан" if outcome.changed else "уже был, не изменён"
    except NothingToPublish as exc:
        print(f"Выпуск не создан: {exc.reason}.", file=sys.stderr, flush=True)
        issue = "не создан"
    say("Шаг 2 из 2: сборка сайта")
    build_args = argparse.Namespace(config_file=args.config_file, strict=args.strict, site_dir=args.site_dir, quiet=quiet, verbose=verbose)
    code = build(build_args, site)
    say(f"Публикация: выпуск за {year:04d}-{month:02d} {issue}, сайт {'собран' if code == 0 else 'не собран'}.")
    return code
