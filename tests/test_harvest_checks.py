"""What ``innopub harvest`` refuses in an export, checked on bytes written here by hand (no server: the fault tests
with real servers are tests/test_harvest_faults.py)."""

from __future__ import annotations

import hashlib
import json

import pytest

from generator.harvest.validate import Refused, check_entries, check_manifest, entry_problem


def _manifest(data: bytes, version: int = 1) -> bytes:
    return json.dumps(
        {
            "format": "innopub-export",
            "version": version,
            "site": {"name": "ИМЦ", "url": "https://sokol.example.ru/", "municipality": None},
            "built": "2026-11-25",
            "entries": {"href": "entries.json", "count": 1, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()},
        }
    ).encode()


ORG = {
    "kind": "organizations", "id": "shkola", "url": "https://sokol.example.ru/organizations/shkola/", "title": "Школа",
    "date": None, "summary": "", "text": "", "meta": {"title": "Школа", "short": "Школа", "municipality": "г. Сокол"},
}  # fmt: skip


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xff\xfe{}", "не текст UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "вложенность списков и полей слишком глубока"),
        (b'{"format": "innopub-export", "version": NaN}', "не JSON"),
        (b'{"format": "innopub-export", "version": 1', "не JSON (строка 1"),
        (b'{"format": "something-else"}', "не выгрузка innopub"),
        (b'{"format": "innopub-export", "version": 7}', "формат выгрузки 7 новее, чем понимает innopub (1): обновите innopub"),
        (b'{"format": "innopub-export", "version": 1, "site": {}}', "манифест export/innopub.json: нет обязательного поля"),
    ],
)
def test_a_manifest_that_is_not_one_is_refused_whole(data: bytes, words: str) -> None:
    with pytest.raises(Refused) as refused:
        check_manifest(data)
    assert words in str(refused.value)


def test_an_entries_file_must_be_the_one_the_manifest_names() -> None:
    data = json.dumps({"format": "innopub-export-entries", "version": 1, "entries": [ORG]}).encode()
    manifest = check_manifest(_manifest(data))
    assert [e["id"] for e in check_entries(data, manifest, "sokol").entries] == ["shkola"]
    with pytest.raises(Refused, match="байт вместо"):
        check_entries(data[:-5], manifest, "sokol")
    with pytest.raises(Refused, match="другая контрольная сумма"):
        check_entries(data.replace(b"shkola", b"shkolb"), manifest, "sokol")
    with pytest.raises(Refused, match="href"):
        check_manifest(_manifest(data).replace(b'"entries.json"', b'"../../etc/passwd"'))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"id": "../../etc/passwd"}, "поле «id»: значение не подходит по виду"),
        ({"url": "javascript:alert(1)"}, "поле «url»: значение не подходит по виду"),
        ({"kind": "secrets"}, "поле «kind»: неизвестное значение"),
        ({"text": "т" * 20_001}, "поле «text»: значение слишком длинное (не больше 20000 знаков)"),
        ({"meta": {**ORG["meta"], "website": "javascript:alert(1)"}}, "поле «meta.website»: «javascript:alert(1)» — не адрес сайта"),
        ({"meta": {**ORG["meta"], "attachments": [{"file": "/etc/passwd"}]}}, "файл «/etc/passwd» — не адрес http:// или https://"),
        ({"meta": {"title": "Школа", "short": "Школа"}}, "поле «meta.municipality»: не заполнено обязательное поле «municipality»"),
        ({"summary": "a\x1b[2J"}, "поле «summary»: управляющий символ в тексте"),
        ({"extra": 1}, "лишнее поле «extra»"),
    ],
)
def test_a_bad_entry_is_named_with_its_field(change: dict, words: str) -> None:
    assert entry_problem(ORG) is None
    problem = entry_problem({**ORG, **change})
    assert problem is not None and words in problem, problem
