"""Addresses and host names in the settings: a URL must be a URL.

The settings are trusted (reviewed like code), but an address in them reaches places where one character more
is one rule more: ``cms.base_url`` is written into the web editor's Content-Security-Policy, so
``https://gitlab.example; form-action https:`` added a directive; ``iframe_hosts`` are written into every page's
policy; ``footer.license_url`` and ``footer.open_data`` into a link's ``href``; ``site_url`` into every absolute
address (feeds, the sitemap, the open data's passports, citation tags). So each is parsed (``urllib.parse``) and
refused, with a Russian message naming the setting, unless it is:

- an address: ``http://`` or ``https://`` (``https://`` alone where :func:`secure_address` is used), a host name
  (letters, digits, hyphens, dots; Cyrillic ones too) or an IP address, a port if any, and a path, query and
  fragment of their own characters only — no whitespace, control or format characters, no quotes, no ``;``,
  ``,``, ``<``, ``>``, backslash, and no user name or password (``user:secret@host``), which would be published;
- or, where :func:`site_path` is used, a path inside the site (``opendata/``), with the same characters;
- or, for :func:`host_name`, a host name alone, in ASCII (``rutube.ru``; a Cyrillic one as ``xn--…``): the
  Content-Security-Policy's grammar has no other.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from pydantic_core import PydanticCustomError

_FORBIDDEN = re.compile(r"""[\s"'`;,<>\\{}|^]""")
_LABEL = re.compile(r"^(?!-)[^\W_](?:[\w-]*[^\W_])?$")
"""A label of a host name: letters and digits (any script), hyphens inside."""
_ASCII_HOST = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$", re.IGNORECASE)
_IPV6 = re.compile(r"^[0-9a-f:.]+$", re.IGNORECASE)
ADDRESS = "адрес вида https://example.ru/…: http:// или https://, имя сайта; без пробелов, кавычек, «;» и «,»"
SECURE = "адрес вида https://git.example.ru: https://, имя сайта; без пробелов, кавычек, «;» и «,»"
PATH = f"{ADDRESS}, или путь на сайте вида opendata/"
HOST = "имя сайта вида rutube.ru: латинские буквы, цифры, точки и дефисы; кириллическое — в виде xn--…"


def _refuse(value: str, expected: str) -> PydanticCustomError:
    return PydanticCustomError("innopub", "«{value}» — не адрес (ожидается {expected})", {"value": value, "expected": expected})


def _plain(text: str) -> bool:
    """No whitespace, control or format character (bidi controls, zero-width), quote, «;», «,» or the like."""
    return not _FORBIDDEN.search(text) and not any(unicodedata.category(c)[0] in "CZ" for c in text)


def _host(host: str) -> bool:
    if _IPV6.match(host) and ":" in host:
        return True
    labels = host.removesuffix(".").split(".")
    return 0 < len(host) <= 253 and all(_LABEL.match(label) for label in labels)


def _address(value: str, schemes: tuple[str, ...]) -> bool:
    if not _plain(value):
        return False
    parts = urlsplit(value)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # not a number, or out of range
        return False
    return (
        parts.scheme.lower() in schemes
        and value.lower().startswith(f"{parts.scheme.lower()}://")
        and port_ok
        and parts.username is None
        and parts.password is None
        and _host(parts.hostname or "")
    )


def address(value: str) -> str:
    """An ``http://`` or ``https://`` address (see the module), as written but for spaces at its ends."""
    text = value.strip()
    if not _address(text, ("http", "https")):
        raise _refuse(value, ADDRESS)
    return text


def secure_address(value: str) -> str:
    """An ``https://`` address."""
    text = value.strip()
    if not _address(text, ("https",)):
        raise _refuse(value, SECURE)
    return text


def site_path(value: str) -> str:
    """An address, or a path inside the site (no scheme, not ``//host``)."""
    text = value.strip()
    if _address(text, ("http", "https")):
        return text
    parts = urlsplit(text)
    if text and _plain(text) and not parts.scheme and not parts.netloc and not text.startswith("//") and ":" not in text.split("/")[0]:
        return text
    raise _refuse(value, PATH)


def host_name(value: str) -> str:
    """A host name in ASCII, lowercased."""
    text = value.strip().lower()
    if not _ASCII_HOST.match(text):
        raise PydanticCustomError("innopub", "«{value}» — не имя сайта (ожидается {expected})", {"value": value, "expected": HOST})
    return text
