"""The plugin's options are declared once, by the settings' model (generator/engines/mkdocs/options.py): MkDocs accepts
exactly the settings innopub reads, with the YAML types they are written in."""

from __future__ import annotations

import datetime as dt

from generator.engines.mkdocs.options import InnopubConfig, plugin_config
from generator.settings.options import Settings, settings_type

EVERY_OPTION = {
    "statuses": [{"code": "МИП", "name": "муниципальная инновационная площадка", "level": "муниципальный"}],
    "directions": ["Современная школа"],
    "levels": [{"code": "ДО", "name": "дошкольное"}],
    "event_kinds": ["семинар"],
    "organization_kinds": ["школа"],
    "decision_kinds": ["приказ"],
    "today": dt.date(2026, 11, 25),
    "timezone": "Asia/Irkutsk",
    "report_due": "09-15",
    "feed_size": 30,
    "latest_size": 10,
    "page_size": 100,
    "search_part_size": 2500,
    "iframe_hosts": ["rutube.ru"],
    "yandex_metrica": 12345,
    "footer": {"publisher": "Управление образования"},
    "cms": {"backend": "gitlab", "repo": "uo/site"},
    "opendata": {"inn": "3525000000", "publisher": "Управление образования", "phone": "+7 8172 00-00-00", "email": "uo@example.ru"},
    "publication": {"editor": "Петрова А. С.", "editor_position": "директор", "issn": "0317-8471", "doi_prefix": "10.12345"},
    "region": {"municipalities": [{"id": "sayansk", "name": "г. Саянск", "url": "https://sayansk.example.ru/"}]},
}
"""One value of every option, written by hand as an editor writes mkdocs.yml."""


def _errors(options: dict) -> list:
    config = InnopubConfig()
    config.load_dict(options)
    errors, _warnings = config.validate()
    return errors


def test_the_plugin_takes_exactly_the_settings() -> None:
    assert [name for name, _ in InnopubConfig._schema] == list(settings_type().model_fields)


def test_mkdocs_accepts_every_option_written_as_an_editor_writes_it() -> None:
    assert set(EVERY_OPTION) == set(settings_type().model_fields), "a new option needs a value here"
    assert _errors(EVERY_OPTION) == []
    assert _errors({"today": "2026-11-25"}) == []


def test_a_value_of_the_wrong_type_is_refused_by_mkdocs_too() -> None:
    assert [name for name, _ in _errors({"page_size": "много"})] == ["page_size"]
    assert [name for name, _ in _errors({"footer": ["a"]})] == ["footer"]


def test_a_new_setting_is_a_new_option() -> None:
    class More(Settings):
        region_name: str = "Вологодская область"

    assert [name for name, _ in plugin_config(More)._schema][-1] == "region_name"
