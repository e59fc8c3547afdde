"""The regional site's reader of ``harvest/`` (issue 23, §4): a municipal export is untrusted input exactly as content
is. Each hostile or broken export here is written by hand (tests/fixtures/region.py follows the format's text); the
reading never stops, never reads outside ``harvest/``, drops what is wrong and says it in Russian."""

from __future__ import annotations

import json
import os
from pathlib import Path

from generator.common.problems import Problems
from generator.model.harvest import TEXT_LIMIT, load_region
from generator.settings.options import Settings
from tests.conftest import TODAY, write_files
from tests.fixtures.region import DOWN, FRESH, INN, entry, files, harvest_files, municipality_entries

ORG = {"short": "Школа", "municipality": "г. Сокол"}
SETTINGS = Settings.model_validate(
    {
        "today": TODAY,
        "region": {
            "municipalities": [
                {"id": "sokol", "name": "г. Сокол", "url": "https://sokol.example.ru/"},
                {"id": "ples", "name": "г. Плёс", "url": "https://ples.example.ru/"},
                {"id": "zarya", "name": "пос. Заря", "url": "https://zarya.example.ru/"},
            ]
        },
    }
)


def load(root: Path):
    problems = Problems()
    region = load_region(root / "harvest", SETTINGS, root / "content", problems)
    assert region is not None
    assert not problems.errors, problems.report()  # a municipality's problems never fail the regional build
    return region, [str(p) for p in problems]


def test_three_municipalities_are_read_with_namespaced_ids_and_freshness(tmp_path: Path) -> None:
    write_files(tmp_path, harvest_files())
    region, problems = load(tmp_path)
    assert problems == []
    ids = [h.id for h in region.entries()]
    assert "sokol/platforms/nastavnichestvo" in ids and "ples/platforms/nastavnichestvo" in ids and "zarya/reports/otchet-2023" in ids
    ples = region.municipalities[1]
    assert (str(ples.data_date), str(ples.failing_since), ples.error) == ("2026-11-19", "2026-11-20", "сайт не ответил за 30 секунд")
    assert ples.stale and not region.municipalities[0].stale
    platform = next(h for h in region.entries("platforms") if h.municipality.id == "sokol")
    assert platform.url == "https://sokol.example.ru/platforms/nastavnichestvo/"
    report = next(h for h in region.entries("reports") if h.municipality.id == "sokol")
    assert report.entry.ref("platform") is platform.entry  # references resolve within the municipality
    groups = region.organizations()
    assert [[h.id for h in g] for g in groups] == [["sokol/organizations/shkola-1", "ples/organizations/shkola-1"], ["zarya/organizations/shkola-1"]]


def hostile(tmp_path: Path, entries: list, state: dict | None = None) -> tuple:
    write_files(tmp_path, harvest_files() | files("sokol", "г. Сокол", entries, state or FRESH))
    return load(tmp_path)


def test_markup_in_titles_summaries_and_text_is_kept_as_text(tmp_path: Path) -> None:
    bad = entry("sokol", "organizations", "xss", "<script>alert(1)</script> Статья", ORG,
                summary='<img src=x onerror="alert(2)">', text="<script>alert(3)</script> текст")  # fmt: skip
    region, _ = hostile(tmp_path, [bad])
    [h] = region.municipalities[0].entries
    assert h.entry.title == "<script>alert(1)</script> Статья" and h.text.startswith("<script>")  # escaped where shown


def test_entry_urls_off_the_municipal_site_drop_the_entry(tmp_path: Path) -> None:
    def at(id_: str, url: str) -> dict:
        return {**entry("sokol", "organizations", id_, "Статья", ORG), "url": url}

    urls = ["javascript:alert(1)", "JaVaScRiPt:alert(1)//https://sokol.example.ru/", "ftp://sokol.example.ru/a/", "/articles/a/",
            "../../etc/passwd", "https://evil.example.com/articles/a/", "data:text/html,<script>alert(1)</script>", 42]  # fmt: skip
    region, problems = hostile(tmp_path, [at(f"a{i}", url) for i, url in enumerate(urls)])
    assert region.municipalities[0].entries == []
    assert sum("не адрес на сайте муниципалитета" in p for p in problems) == len(urls)
    assert all(p.startswith("harvest/sokol/entries.json:1: предупреждение: ") for p in problems)


def test_paths_in_ids_and_attachments_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("секрет регионального сервера", encoding="utf-8")
    article = ORG
    entries = [entry("sokol", "organizations", "../../secret", "Статья", article), entry("sokol", "organizations", "/etc/passwd", "Статья", article),
               entry("sokol", "../secret", "x", "Статья", article),
               entry("sokol", "organizations", "ok", "Статья", {**article, "attachments": [{"file": "../../secret.txt", "title": "Файл"},
                                                                                  {"file": str(secret), "title": "Файл"}]})]  # fmt: skip
    region, problems = hostile(tmp_path, entries)
    assert [h.id for h in region.municipalities[0].entries] == ["sokol/organizations/ok"]
    assert region.municipalities[0].entries[0].entry.attachments == []
    assert sum("не идентификатор записи" in p for p in problems) == 2 and sum("неизвестный вид записи" in p for p in problems) == 1
    assert not any("секрет" in p for p in problems)


def test_a_symlink_inside_a_municipality_is_not_followed(tmp_path: Path) -> None:
    write_files(tmp_path, harvest_files())
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps({"format": "innopub-export-entries", "version": 1, "entries": []}), encoding="utf-8")
    target = tmp_path / "harvest" / "sokol" / "entries.json"
    target.unlink()
    os.symlink(outside, target)
    (tmp_path / "harvest" / "zarya").rename(tmp_path / "zarya-real")
    os.symlink(tmp_path / "zarya-real", tmp_path / "harvest" / "zarya")
    region, problems = load(tmp_path)
    assert region.municipalities[0].entries == [] and region.municipalities[2].entries == []
    assert len(region.municipalities[1].entries) == 3  # the others are read
    assert "harvest/sokol/entries.json:1: предупреждение: harvest/sokol/entries.json — ссылка или недоступный файл" in "\n".join(problems)
    assert any("harvest/zarya/ — не папка (ссылка или файл)" in p for p in problems)


def test_huge_strings_deep_json_invalid_json_and_a_missing_file(tmp_path: Path) -> None:
    huge = entry("sokol", "organizations", "huge", "Я" * 100_000, ORG)
    long_text = entry("sokol", "organizations", "long", "Длинная", ORG, text="слово " * 100_000)
    region, problems = hostile(tmp_path, [huge, long_text])
    [h] = region.municipalities[0].entries
    assert h.id == "sokol/organizations/long" and len(h.text) <= TEXT_LIMIT + 1 and h.text.endswith("…")
    assert any("запись organizations/huge: " in p for p in problems)
    write_files(tmp_path, {"harvest/sokol/entries.json": "[" * 100_000 + "]" * 100_000, "harvest/ples/entries.json": "{не json",
                           "harvest/stray/entries.json": "{}"})  # fmt: skip
    (tmp_path / "harvest" / "zarya" / "entries.json").unlink()
    region, problems = load(tmp_path)
    assert all(m.entries == [] for m in region.municipalities)
    text = "\n".join(problems)
    assert "в файле harvest/sokol/entries.json вложенность глубже 16 уровней: не прочитан" in text
    assert "файл harvest/ples/entries.json — не JSON в UTF-8" in text
    assert "нет файла harvest/zarya/entries.json: данные муниципалитета не прочитаны (выполните innopub harvest)" in text
    assert "папка harvest/stray/ не названа в region: municipalities — не прочитана" in text
    assert str(region.municipalities[1].failing_since) == "2026-11-20"  # its freshness is still shown


def test_a_newer_format_and_a_wrong_schema_value_are_warnings(tmp_path: Path) -> None:
    write_files(tmp_path, harvest_files())
    manifest = tmp_path / "harvest" / "ples" / "innopub.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"version": 1', '"version": 2'), encoding="utf-8")
    bad = municipality_entries("zarya", "пос. Заря", "Грамотность")
    bad[1]["meta"]["status"] = "НЕТ-ТАКОГО"
    bad[0]["meta"]["inn"] = "1234567890"
    write_files(tmp_path, files("zarya", "пос. Заря", bad, DOWN))
    region, problems = load(tmp_path)
    text = "\n".join(problems)
    assert "harvest/ples/innopub.json:1: предупреждение: формат выгрузки 2 новее, чем понимает innopub (1): обновите innopub" in text
    assert "запись platforms/nastavnichestvo: недопустимое значение «НЕТ-ТАКОГО» поля «status»" in text
    assert "запись organizations/shkola-1: «1234567890» — ИНН с неверной контрольной цифрой" in text or "1234567890" in text
    assert region.municipalities[1].entries == [] and INN


def test_a_municipalitys_problems_never_fail_a_strict_build(tmp_path: Path) -> None:
    write_files(tmp_path, harvest_files() | {"harvest/sokol/entries.json": "{не json"})
    problems = Problems()
    load_region(tmp_path / "harvest", SETTINGS, tmp_path / "content", problems)
    assert problems and all(p.foreign for p in problems)
    assert not problems.failed(strict=True)
    problems.warning("content/platforms/x.md", 3, "предупреждение о материале региона")
    assert problems.failed(strict=True)  # the region's own warnings still do


def test_a_hostile_state_file_is_text_and_dates_or_nothing(tmp_path: Path) -> None:
    state = {"error": "<script>alert(1)</script>\x1b]0;title\x07 " + "x" * 10_000, "failing_since": "../../etc/passwd", "last_success": 42}
    write_files(tmp_path, harvest_files() | files("sokol", "г. Сокол", municipality_entries("sokol", "г. Сокол", "Н"), state))
    region, _ = load(tmp_path)
    sokol = region.municipalities[0]
    assert sokol.error is not None and sokol.error.startswith("<script>alert(1)</script>]0;title") and len(sokol.error) <= 301
    assert "\x1b" not in sokol.error and "\x07" not in sokol.error
    assert sokol.failing_since is None and str(sokol.data_date) == "2026-11-25"  # the manifest's «built»
    assert len(sokol.entries) == 3  # the entries are read all the same


def test_a_preview_reads_again_only_the_municipality_whose_files_changed(tmp_path: Path) -> None:
    from generator.model.harvest import RegionLoader

    write_files(tmp_path, harvest_files() | {"harvest/zarya/entries.json": "{не json"})
    loader = RegionLoader(tmp_path / "harvest", SETTINGS, tmp_path / "content")
    first_problems, second_problems = Problems(), Problems()
    first = loader.load(first_problems)
    second = loader.load(second_problems)
    assert [a is b for a, b in zip(first.municipalities, second.municipalities, strict=True)] == [True, True, True]
    assert [str(p) for p in first_problems] == [str(p) for p in second_problems] != []  # said again, not lost
    write_files(tmp_path, files("zarya", "пос. Заря", municipality_entries("zarya", "пос. Заря", "Грамотность"), FRESH))
    third_problems = Problems()
    third = loader.load(third_problems)
    assert [a is b for a, b in zip(second.municipalities, third.municipalities, strict=True)] == [True, True, False]
    assert len(third.municipalities[2].entries) == 3 and not third_problems
