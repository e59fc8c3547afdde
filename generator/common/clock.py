"""One clock for the whole site: «today» is the calendar day in the site's time zone (issue 19).

Every date the build decides by — what is overdue, which events are upcoming, which editions are published, the
month ``innopub publish --month previous`` writes, the date a new skeleton carries — comes from :func:`today`,
never from the machine's clock as the machine reads it: ``datetime.date.today()`` is the day of the machine's time
zone (``TZ``), so at 21:49 UTC a build on a server in UTC and one in UTC+14 differed in 50 files. The instant is
``SOURCE_DATE_EPOCH`` when it is set (reproducible builds), else the present; either is turned into a day in the
site's zone, the plugin's ``timezone`` setting (an IANA name, Moscow by default). The ``today:`` setting, where
given, is the day itself (the tests' fixed day).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.common.problems import InnopubError

DEFAULT_TIMEZONE = "Europe/Moscow"
_KEY = re.compile(r"^[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*$")


def zone(name: str) -> ZoneInfo:
    """The time zone ``name`` (``Europe/Moscow``, ``Asia/Yekaterinburg``, ``UTC``); ``ValueError`` in Russian if none."""
    expected = "ожидается название пояса из базы IANA, например Europe/Moscow, Asia/Yekaterinburg, Asia/Vladivostok"
    if not isinstance(name, str) or not _KEY.match(name):
        raise ValueError(f"«{name}» — не название часового пояса ({expected})")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"часового пояса «{name}» нет ({expected}; регистр букв важен)") from None


def instant() -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) when it is set, else now; always an aware datetime."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.now(dt.UTC)
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise InnopubError(
            f"переменная окружения SOURCE_DATE_EPOCH=«{epoch}» — не момент времени (ожидается число секунд с 1 января 1970 года UTC)"
        ) from None


def moment() -> dt.datetime:
    """The machine's present moment in UTC, never ``SOURCE_DATE_EPOCH``: when something happened outside the content
    (``innopub harvest``'s «last success» and «failing since»), not what a build is dated."""
    return dt.datetime.now(dt.UTC)


def today(timezone: str = DEFAULT_TIMEZONE, fixed: dt.date | None = None) -> dt.date:
    """The site's «today»: ``fixed`` (the ``today:`` setting) if given, else the day of :func:`instant` in ``timezone``."""
    if fixed is not None:
        return fixed
    return instant().astimezone(zone(timezone)).date()
