"""The municipal export (issue 23 §1): ``export/innopub.json``, ``export/entries.json`` and their JSON Schema.

Made from the loaded model, as a build makes it (the full build, served and harvested, is tests/test_region_demo.py).
The demo's export is checked against the schema in the repository with the ``jsonschema`` library, and its entries
against the content files themselves (glob + YAML), never against the code under test.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.render.export import SCHEMA_FILE, export_files
from generator.settings.config import load_config
from generator.site.site import Site
from tests.conftest import ROOT, innopub, project

KINDS_IN_ORDER = ["organizations", "platforms", "reports", "practices", "events", "articles", "collections", "bulletin", "decisions"]


def _export(root: Path) -> dict[str, bytes]:
    site = Site(load_config(root / "mkdocs.yml"))
    files = export_files(site.require(), site.config)
    return {f.path: f.data if f.data is not None else f.source.read_bytes() for f in files}  # type: ignore[union-attr]


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


@pytest.fixture(scope="module")
def demo_export() -> dict[str, bytes]:
    return _export(ROOT)


def test_the_demo_export_is_valid_against_the_schema_in_the_repository(demo_export: dict[str, bytes]) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    manifest, entries = json.loads(demo_export["export/innopub.json"]), json.loads(demo_export["export/entries.json"])
    assert list(validator.iter_errors(manifest)) == []
    assert list(validator.iter_errors(entries)) == []
    assert demo_export["export/innopub-export.schema.json"] == SCHEMA_FILE.read_bytes()
    # A manifest is not an entries file, and the other way round.
    assert not validator.is_valid({**manifest, "format": "innopub-export-entries"})
    assert not validator.is_valid({**manifest, "version": 2})


def test_the_manifest_names_the_site_and_the_entries_file_byte_for_byte(demo_export: dict[str, bytes]) -> None:
    manifest = json.loads(demo_export["export/innopub.json"])
    data = demo_export["export/entries.json"]
    assert manifest["format"] == "innopub-export" and manifest["version"] == 1
    site = {"name": "Инновационный опыт образовательных организаций", "url": "https://innopub.example.org/", "municipality": "г. Сокол"}
    assert manifest["site"] == site
    assert manifest["entries"]["href"] == "entries.json"
    assert manifest["entries"]["bytes"] == len(data)
    assert manifest["entries"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["entries"]["count"] == len(json.loads(data)["entries"])


def test_every_published_entry_and_no_draft_in_kind_then_id_order(demo_export: dict[str, bytes]) -> None:
    expected = []
    for kind in KINDS_IN_ORDER:
        for path in sorted((ROOT / "content" / kind).rglob("*.md"), key=lambda p: p.stem):  # a kind's subfolders too
            if not _front_matter(path).get("draft"):
                expected.append((kind, path.stem))
    entries = json.loads(demo_export["export/entries.json"])["entries"]
    assert [(e["kind"], e["id"]) for e in entries] == expected
    assert ("reports", "kadnikov-ep-2025-2026-chernovik") not in expected  # the demo's draft
    for entry in entries:
        assert entry["url"] == f"https://innopub.example.org/{entry['kind']}/{entry['id']}/"
        assert "draft" not in entry["meta"] and "aliases" not in entry["meta"]
        assert entry["meta"]["title"] == entry["title"]


HOSTILE = {
    "organizations/shkola-1.md": "---\ntitle: Школа № 1\nshort: Школа № 1\nmunicipality: г. Белозерск\n---\n",
    "organizations/shkola-2.md": "---\ntitle: Школа № 2\nshort: Школа № 2\nmunicipality: г. Кириллов\n---\n",
    "organizations/shkola-3.md": "---\ntitle: Школа № 3\nshort: Школа № 3\nmunicipality: г. Кириллов\n---\n",
    "files/plan na god.pdf": b"%PDF-1.4\n",
    "reports/otchet.md": (
        '---\ntitle: "Отчёт <script>alert(1)</script>"\ndate: 2025-06-01\nplatform: ploshchadka\n'
        "period: 2024-2025\nauthors: Иванова Анна Петровна\n"
        "attachments:\n  - file: plan na god.pdf\n    title: План\naliases: [/old/otchet/]\n---\n\n"
        "# Итоги\n\nМы **сделали** [много](javascript:alert(1)) <script>document.cookie</script> &amp; ещё.\n\n"
        "<!-- скрытое --> " + "слово " * 6000 + "\n"
    ),
    "reports/chernovik.md": (
        "---\ntitle: Черновик\ndate: 2025-06-02\nplatform: ploshchadka\nperiod: 2024-2025\nauthors: Иванова А. П.\ndraft: true\n"
        "---\n\nНе для региона.\n"
    ),
    "platforms/ploshchadka.md": (
        "---\ntitle: Площадка\nstatus: МИП\norganizations: [shkola-1]\nstart: 2024-09-01\n"
        "products:\n  - title: Программа\n    file: plan na god.pdf\n  - Методичка\n---\n\nЦель.\n"
    ),
}


def test_text_is_plain_capped_and_files_are_addresses_on_the_site(tmp_path: Path) -> None:
    exported = _export(project(tmp_path, HOSTILE))
    manifest = json.loads(exported["export/innopub.json"])
    assert manifest["site"]["municipality"] == "г. Кириллов"  # two organizations of three
    assert manifest["built"] == "2026-11-25"  # the site's «today», not the clock's
    entries = {e["id"]: e for e in json.loads(exported["export/entries.json"])["entries"]}
    assert sorted(entries) == ["otchet", "ploshchadka", "shkola-1", "shkola-2", "shkola-3"]  # no draft
    report = entries["otchet"]
    assert report["title"] == "Отчёт <script>alert(1)</script>"  # a title is text: the reader escapes it
    text = report["text"]
    assert text.startswith("Итоги\n\nМы сделали много & ещё.\n\nслово слово")
    assert "javascript" not in text and "cookie" not in text and "скрытое" not in text and "<" not in text
    assert len(text) <= 20_000 and text.endswith("слово…")
    assert report["meta"]["attachments"] == [{"file": "https://innopub.example.org/files/plan%20na%20god.pdf", "title": "План"}]
    assert "aliases" not in report["meta"]
    assert entries["ploshchadka"]["meta"]["products"] == [
        {"title": "Программа", "file": "https://innopub.example.org/files/plan%20na%20god.pdf"},
        {"title": "Методичка"},
    ]


def test_the_same_content_gives_the_same_bytes_and_no_address_no_export(tmp_path: Path) -> None:
    root = project(tmp_path / "a", HOSTILE)
    assert _export(root) == _export(root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_url: https://innopub.example.org/\n", ""), encoding="utf-8")
    assert _export(root) == {}


def test_a_page_cannot_take_the_export_s_address(tmp_path: Path) -> None:
    root = project(tmp_path, {"export.md": "---\ntitle: Выгрузка\n---\n\nТекст.\n"})
    problems = [p.message for p in Site(load_config(root / "mkdocs.yml")).load().errors]
    assert problems == [
        "адрес страницы «/export/» занят: это выгрузка для регионального портала /export/ (переименуйте файл или перенесите его в другую папку)"
    ]


def test_the_entries_file_written_entry_by_entry_is_the_json_of_the_whole(tmp_path: Path, demo_export: dict[str, bytes]) -> None:
    """The file is streamed to the cache record by record; its bytes are those the standard library gives for the
    whole value (keys sorted, no spaces, Cyrillic as it is), with no entry too and no entry at all."""
    data = demo_export["export/entries.json"]
    whole = json.loads(data)
    assert len(whole["entries"]) > 20
    assert data == (json.dumps(whole, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")
    empty = _export(project(tmp_path, {"index.md": "---\ntitle: Главная\n---\n\nТекст.\n"}))
    assert empty["export/entries.json"] == b'{"entries":[],"format":"innopub-export-entries","version":1}\n'
    manifest = json.loads(empty["export/innopub.json"])["entries"]
    assert manifest["count"] == 0 and manifest["sha256"] == hashlib.sha256(empty["export/entries.json"]).hexdigest()


@pytest.mark.parametrize("planted", [".cache", ".cache/innopub", ".cache/innopub/export"])
def test_a_cache_folder_that_is_a_link_is_refused_and_nothing_is_written_through_it(tmp_path: Path, planted: str) -> None:
    """A pull request commits ``.cache`` (or ``.cache/innopub``) as a link to a folder outside the project: the build
    stops with a Russian message and no traceback, writes nothing there, and the last site stays."""
    root = project(tmp_path / "site", HOSTILE)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / planted).parent.mkdir(parents=True, exist_ok=True)
    (root / planted).symlink_to(outside, target_is_directory=True)
    result = innopub("build", cwd=root)
    assert result.returncode != 0
    assert "это ссылка или файл, а не папка" in result.stderr and "Traceback" not in result.stderr + result.stdout
    assert list(outside.iterdir()) == []
    assert not (root / "site").exists()
