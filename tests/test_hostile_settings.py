"""Hostile addresses in the settings (issue 19, item 5): a URL must be a URL.

The settings are trusted, but ``cms.base_url: "https://gitlab.example; form-action https:"`` added a directive to
the web editor's Content-Security-Policy, and ``iframe_hosts`` are written into every page's. Each address of the
settings that reaches HTML, a policy or a configuration is parsed and, unless it is one, refused with a Russian
error naming the file and the setting (``innopub check`` exits 1). Every value below is written by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.common.problems import InnopubError
from generator.render.cms import admin_page
from generator.settings.config import load_config
from generator.settings.options import make_settings
from tests.conftest import innopub, project

ISSUE = "https://gitlab.example; form-action https:"
"""The issue's value."""
GITLAB = {"backend": "gitlab", "repo": "uo/metod/innopub"}

REFUSED = [
    ("cms.base_url", ISSUE),
    ("cms.base_url", "https://gitlab.example form-action https:"),
    ("cms.base_url", "https://gitlab.example,https://evil.example"),
    ("cms.base_url", 'https://gitlab.example/"'),
    ("cms.base_url", "https://gitlab.example/'unsafe-inline'"),
    ("cms.base_url", "https://gitlab.example/\u202e"),
    ("cms.base_url", "https://gitlab.example/\x0bx"),
    ("cms.base_url", "https://editor:secret@gitlab.example"),
    ("cms.base_url", "https://gitlab.example:99999"),
    ("cms.base_url", "https://"),
    ("cms.base_url", "http://gitlab.example"),  # the editor's token travels to it: https only, as before
    ("cms.base_url", "gitlab.example"),
    ("footer.license_url", "javascript:alert(1)"),
    ("footer.license_url", 'https://creativecommons.org/" onmouseover="alert(1)'),
    ("footer.license_url", "//evil.example/licence"),
    ("footer.license_url", "https://creativecommons.org/<script>"),
    ("footer.open_data", "javascript:alert(1)"),
    ("footer.open_data", "data:text/html,<script>alert(1)</script>"),
    ("footer.open_data", "//evil.example/"),
    ("footer.open_data", "открытые данные/"),
    ("iframe_hosts.0", "rutube.ru; script-src 'unsafe-inline'"),
    ("iframe_hosts.0", "rutube.ru 'unsafe-inline'"),
    ("iframe_hosts.0", "https://rutube.ru"),
    ("iframe_hosts.0", "*"),
    ("iframe_hosts.0", "рутуб.рф"),
]


def options(setting: str, value: str) -> dict:
    if setting == "cms.base_url":
        return {"cms": {**GITLAB, "base_url": value}}
    if setting.startswith("footer."):
        return {"footer": {setting.split(".")[1]: value}}
    return {"iframe_hosts": [value]}


@pytest.mark.parametrize(("setting", "value"), REFUSED)
def test_an_address_that_is_not_one_is_refused_naming_the_setting(setting: str, value: str) -> None:
    with pytest.raises(InnopubError) as error:
        make_settings(options(setting, value), "mkdocs.yml")
    said = str(error.value)
    assert said.startswith(f"mkdocs.yml: неверные настройки плагина innopub: {setting}: «{value}» — не "), said
    assert "(ожидается " in said and "Value error" not in said and "String should" not in said


@pytest.mark.parametrize(
    ("setting", "value", "kept"),
    [
        ("cms.base_url", "https://git.example.ru", "https://git.example.ru"),
        ("cms.base_url", " https://gitlab.example:8443/gitlab ", "https://gitlab.example:8443/gitlab"),
        ("cms.base_url", "https://гит.образование.рф", "https://гит.образование.рф"),
        ("footer.license_url", "https://creativecommons.org/licenses/by/4.0/deed.ru", "https://creativecommons.org/licenses/by/4.0/deed.ru"),
        ("footer.license_url", "http://школа.рф/licence?lang=ru#cc", "http://школа.рф/licence?lang=ru#cc"),
        ("footer.open_data", "https://opendata.example.org/", "https://opendata.example.org/"),
        ("footer.open_data", "opendata/", "opendata/"),
        ("footer.open_data", "/opendata/", "/opendata/"),
        ("iframe_hosts.0", "rutube.ru", "rutube.ru"),
        ("iframe_hosts.0", "www.YouTube-nocookie.com", "www.youtube-nocookie.com"),
        ("iframe_hosts.0", "xn--d1acufc.xn--p1ai", "xn--d1acufc.xn--p1ai"),
    ],
)
def test_addresses_are_kept(setting: str, value: str, kept: str) -> None:
    settings = make_settings(options(setting, value), "mkdocs.yml")
    found = {"cms.base_url": lambda: settings.cms.base_url, "iframe_hosts.0": lambda: settings.iframe_hosts[0]}.get(
        setting, lambda: getattr(settings.footer, setting.split(".")[1])
    )()
    assert found == kept


def test_the_editors_policy_names_the_hosting_and_nothing_more() -> None:
    """With an address that is one, the policy is the eleven directives and the hosting's origin (a Cyrillic host in
    its ASCII form, as Node's url.domainToASCII("гит.рф") gives it: a policy's grammar has no other)."""
    for base, origin in (("https://gitlab.example:8443/gitlab", "https://gitlab.example:8443"), ("https://гит.рф", "https://xn--c1ak4a.xn--p1ai")):
        page = admin_page("Сайт", make_settings({"cms": {**GITLAB, "base_url": base}}, "m").cms)
        policy = BeautifulSoup(page, "lxml").find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        directives = [d.split()[0] for d in policy.split("; ")]
        assert directives == [
            "default-src", "script-src", "style-src", "img-src", "media-src", "font-src", "connect-src", "frame-src",
            "worker-src", "form-action", "base-uri",
        ]  # fmt: skip
        assert f"connect-src 'self' blob: data: {origin};" in policy and "form-action 'none'" in policy


def test_site_url_that_is_not_an_address_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url: https://innopub.example.org/\n" in config
    for value in ("https://innopub.example.org/; x", "innopub.example.org", 'https://innopub.example.org/"><script>'):
        (root / "mkdocs.yml").write_text(config.replace("https://innopub.example.org/", value.replace('"', '\\"').join('""')), encoding="utf-8")
        with pytest.raises(InnopubError, match=re.escape(f"неверные настройки сайта: site_url: «{value}» — не адрес (ожидается")):
            load_config(root / "mkdocs.yml")


def test_innopub_check_names_the_file_and_the_setting(tmp_path: Path) -> None:
    """The issue's value, in mkdocs.yml: ``innopub check`` stops with one Russian line and exit 1, no traceback."""
    root = project(tmp_path, extra_config=f'      cms: {{backend: gitlab, repo: uo/innopub, base_url: "{ISSUE}"}}\n')
    result = innopub("check", cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"mkdocs.yml: неверные настройки плагина innopub: cms.base_url: «{ISSUE}» — не адрес (ожидается" in result.stderr, result.stderr
