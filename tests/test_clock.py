"""One clock (issue 19, item 11): «today» is the calendar day in the site's time zone (``timezone``, Moscow by
default), whatever the machine's time zone, for the present and for ``SOURCE_DATE_EPOCH`` alike.

The machine's zone is changed the way a server differs from another: the ``TZ`` variable of a fresh process.
Etc/GMT+12 (UTC−12) and Pacific/Kiritimati (UTC+14) are 26 hours apart, so their calendar days always differ:
a «today» read from the machine's clock can never agree in both. Expected days are written by hand.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.common.problems import InnopubError
from generator.settings.options import Settings, make_settings
from tests.conftest import ENV, ROOT, innopub, project

FAR_WEST, FAR_EAST = "Etc/GMT+12", "Pacific/Kiritimati"  # UTC−12, UTC+14 (Etc/ names have the sign turned round)
LATE_EVENING = "1774996200"
"""2026-03-31 22:30 UTC: 1 April 01:30 in Moscow, 31 March 10:30 at UTC−12, 1 April 12:30 at UTC+14."""
AFTERNOON = "1774969200"
"""2026-03-31 15:00 UTC: 31 March 18:00 in Moscow, 1 April 01:00 in Vladivostok (UTC+10)."""


def day_in(tz: str, epoch: str | None = None, options: str = "{}") -> str:
    """``Settings(**options).reference_date()`` in a fresh process whose machine time zone is ``tz``."""
    env = {k: v for k, v in ENV.items() if k != "SOURCE_DATE_EPOCH"} | {"TZ": tz}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    code = f"from generator.settings.options import Settings; print(Settings(**{options}).reference_date().isoformat())"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def moscow_today() -> str:
    return dt.datetime.now(ZoneInfo("Europe/Moscow")).date().isoformat()


def test_today_is_the_same_day_on_machines_26_hours_apart() -> None:
    for _ in range(3):  # a retry only if Moscow's midnight passed between the two readings
        before = moscow_today()
        west, east = day_in(FAR_WEST), day_in(FAR_EAST)
        if moscow_today() == before:
            break
    assert west == east == before


def test_source_date_epoch_is_read_in_the_sites_time_zone_not_in_utc() -> None:
    for tz in ("UTC", FAR_WEST, FAR_EAST):
        assert day_in(tz, LATE_EVENING) == "2026-04-01", tz  # Moscow's day, not UTC's 31 March


def test_the_time_zone_is_a_setting() -> None:
    assert day_in("UTC", AFTERNOON) == "2026-03-31"  # 18:00 in Moscow
    assert day_in("UTC", AFTERNOON, '{"timezone": "Asia/Vladivostok"}') == "2026-04-01"  # 01:00 in Vladivostok
    assert day_in(FAR_EAST, LATE_EVENING, '{"timezone": "UTC"}') == "2026-03-31"
    assert day_in(FAR_EAST, LATE_EVENING, '{"today": "2025-01-15", "timezone": "Asia/Vladivostok"}') == "2025-01-15"  # today: wins


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Europe/Moskow", "timezone: часового пояса «Europe/Moskow» нет (ожидается название пояса из базы IANA, например Europe/Moscow"),
        ("europe/moscow", "timezone: часового пояса «europe/moscow» нет"),
        ("Europe", "timezone: часового пояса «Europe» нет"),
        ("../../etc/passwd", "timezone: «../../etc/passwd» — не название часового пояса"),
        ("MSK+3", "timezone: часового пояса «MSK+3» нет"),
    ],
)
def test_a_wrong_time_zone_is_refused_in_russian(value: str, expected: str) -> None:
    with pytest.raises(InnopubError) as caught:
        make_settings({"timezone": value}, "mkdocs.yml")
    assert str(caught.value).startswith(f"mkdocs.yml: неверные настройки плагина innopub: {expected}"), str(caught.value)


def test_check_names_the_settings_file_for_a_wrong_time_zone(tmp_path: Path) -> None:
    root = project(tmp_path, {}, extra_config="      timezone: Europe/Moskow\n")
    result = innopub("check", cwd=root)
    assert result.returncode == 1
    assert "mkdocs.yml: неверные настройки плагина innopub: timezone: часового пояса «Europe/Moskow» нет" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_source_date_epoch_that_is_no_instant_is_refused_in_russian(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "вчера")
    with pytest.raises(InnopubError, match="SOURCE_DATE_EPOCH=«вчера» — не момент времени"):
        Settings().reference_date()


def test_the_previous_month_and_a_new_entrys_date_are_moscows(tmp_path: Path) -> None:
    """At 01:30 on 1 April in Moscow (22:30 on 31 March UTC) the previous month is March, and a new skeleton is dated 1 April."""
    root = project(tmp_path, {"organizations/org.md": "---\ntitle: Школа\nshort: Школа\nmunicipality: г. Сокол\n---\n"})
    config = root / "mkdocs.yml"
    config.write_text("".join(line for line in config.read_text(encoding="utf-8").splitlines(True) if "today:" not in line), encoding="utf-8")
    env = {**ENV, "SOURCE_DATE_EPOCH": LATE_EVENING, "TZ": "UTC"}
    run = [sys.executable, "-m", "generator.commands.cli"]
    bulletin = subprocess.run([*run, "bulletin", "previous"], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert "за март 2026 нет ни одной опубликованной записи" in bulletin.stderr, bulletin.stderr  # not February
    new = subprocess.run([*run, "new", "practice", "opyt"], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert new.returncode == 0, new.stderr
    assert "date: 2026-04-01" in (root / "content/practices/opyt.md").read_text(encoding="utf-8")


def test_nothing_in_generator_reads_the_machines_day() -> None:
    """Only generator/common/clock.py reads the present or SOURCE_DATE_EPOCH."""
    found = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for needle in ("date.today()", "datetime.now(", 'SOURCE_DATE_EPOCH")', "SOURCE_DATE_EPOCH'", "time.localtime(", "utcnow("):
            if needle in text and path.name != "clock.py":
                found.append(f"{path.relative_to(ROOT)}: {needle}")
    assert not found, found
