"""The web editor at /admin/ (issue 13): its configuration against Sveltia's own JSON schema and against our
schema, files shaped as the editor writes them pass `innopub check`, and the page works in Chromium."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from generator.kinds import KINDS
from generator.kinds.schema import fields_of
from generator.render.cms import cms_config, content_security_policy
from generator.settings.options import CmsBackend, Settings, settings_type
from tests.conftest import ROOT, innopub, project
from tests.fixtures.cms_files import CMS_FILES
from tests.fixtures.editor import READ_BACK, checked_out, local_context, new_files, save_when_shown

SVELTIA_SCHEMA = ROOT / ".tools/node_modules/@sveltia/cms/schema/sveltia-cms.json"
BACKENDS = [
    None,
    CmsBackend(backend="github", repo="district/innopub", base_url="https://auth.example.org"),
    CmsBackend(backend="gitlab", repo="uo/metod/innopub", app_id="abc"),
    CmsBackend(backend="gitea", repo="uo/innopub", branch="site", base_url="https://git.example.ru", app_id="abc"),
]


def _schema() -> dict:
    if not SVELTIA_SCHEMA.is_file():
        pytest.fail(f"no {SVELTIA_SCHEMA.relative_to(ROOT)}: run `make cms`")
    return json.loads(SVELTIA_SCHEMA.read_text(encoding="utf-8"))


@pytest.mark.parametrize("cms", BACKENDS, ids=["local", "github", "gitlab", "gitea"])
def test_config_is_valid_for_sveltia(cms):
    """The JSON schema shipped in the @sveltia/cms package accepts the configuration, for every backend."""
    config = cms_config(Settings(cms=cms), KINDS)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft7Validator(_schema()).iter_errors(config)]
    assert errors == []


def test_sveltia_schema_refuses_a_wrong_config():
    """The validation above can fail: a field without its widget's required option is refused."""
    config = cms_config(Settings(), KINDS)
    del config["collections"][2]["fields"][0]["name"]
    assert list(jsonschema.Draft7Validator(_schema()).iter_errors(config))


def _by_name(fields: list[dict]) -> dict[str, dict]:
    return {f["name"]: f for f in fields}


def _expected_widget(prop: dict, defs: dict) -> tuple[str, dict | None]:
    """The widget a JSON-schema property (pydantic's own view of a field) calls for, and its sub-model if any."""
    variants = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
    prop = variants[0] if len(variants) == 1 else prop
    if "$ref" in prop:
        return "object", defs[prop["$ref"].rsplit("/", 1)[1]]
    if prop.get("type") == "array":
        items = prop.get("items", {})
        return "list", defs[items["$ref"].rsplit("/", 1)[1]] if "$ref" in items else None
    if prop.get("format") == "date":
        return "datetime", None
    return {"boolean": "boolean", "integer": "number"}.get(prop.get("type"), "string"), None


def _compare(fields: list[dict], model_schema: dict, defs: dict, where: str, markers=None, settings=None) -> None:
    config = _by_name(fields)
    props = model_schema["properties"]
    assert set(config) == set(props), where  # every field of the schema, and no other
    required = set(model_schema.get("required", []))
    vocabularies, refs = dict(markers.vocabularies if markers else ()), dict(markers.refs if markers else ())
    for name, prop in props.items():
        field = config[name]
        assert field["required"] is (name in required), f"{where}.{name}"
        assert field["label"] != name, f"{where}.{name}: no Russian label"
        widget, sub = _expected_widget(prop, defs)
        if name in refs:
            assert field["widget"] == "relation" and field["collection"] == refs[name], f"{where}.{name}"
            assert field.get("multiple", False) is (widget == "list"), f"{where}.{name}"
        elif name in vocabularies:
            assert field["widget"] == "select", f"{where}.{name}"
            assert [o["value"] for o in field["options"]] == settings.vocabulary(vocabularies[name]), f"{where}.{name}"
            assert field.get("multiple", False) is (widget == "list"), f"{where}.{name}"
        elif widget == "datetime":
            assert (field["widget"], field["type"], field["format"]) == ("datetime", "date", "YYYY-MM-DD"), f"{where}.{name}"
            assert "date_format" not in field, f"{where}.{name}: Sveltia reads it as a storage format, not a display one"
            assert "ГГГГ" not in field.get("hint", ""), f"{where}.{name}: the picker shows the date the browser's way"
        elif widget == "string":
            assert field["widget"] in {"string", "text", "file"}, f"{where}.{name}"
        else:
            assert field["widget"] == widget, f"{where}.{name}"
        if sub is not None:
            _compare(field["fields"], sub, defs, f"{where}.{name}")
        elif widget == "list":
            assert "fields" not in field, f"{where}.{name}"


def test_config_never_drifts_from_the_schema():
    """Walks every kind's pydantic model (its JSON schema and its Ref/Vocab markers) against the configuration."""
    settings = settings_type()(directions=["Одно", "Другое"], event_kinds=["сход"])  # with the kinds' vocabularies
    config = cms_config(settings, KINDS)
    collections = _by_name(config["collections"])
    assert list(collections) == list(KINDS)
    for folder, kind in KINDS.items():
        collection = collections[folder]
        assert collection["folder"] == f"content/{folder}"
        assert collection["slug"]["pattern"][0] == r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
        fields = collection["fields"]
        assert fields[-1] == {"name": "body", "label": "Текст", "widget": "markdown", "required": False}
        model_schema = kind.schema.model_json_schema()
        _compare(fields[:-1], model_schema, model_schema.get("$defs", {}), folder, fields_of(kind.schema), settings)
    assert config["media_folder"] == "content/files" and config["public_folder"] == ""
    assert config["output"]["omit_empty_optional_fields"] is True  # no `website: ''` or `end: ''` that check refuses


def test_csp_names_only_the_configured_hosting():
    assert "https://" not in content_security_policy(None)
    gitea = content_security_policy(BACKENDS[3])
    assert "connect-src 'self' blob: data: https://git.example.ru;" in gitea
    assert "https://api.github.com" in content_security_policy(BACKENDS[1])
    assert "https://gitlab.com" in content_security_policy(BACKENDS[2])
    assert "'unsafe-eval'" not in gitea and "script-src 'self';" in gitea


def test_cms_shaped_files_pass_check(tmp_path):
    files: dict[str, str | bytes] = dict(CMS_FILES)
    files["files/platforms/programma.pdf"] = b"%PDF-1.4\n%%EOF\n"
    assert {path.split("/")[0] for path in CMS_FILES} == set(KINDS)  # one file per kind
    root = project(tmp_path / "site", files)
    result = innopub("check", "--strict", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ошибок нет" in result.stdout


def test_cms_shaped_files_keep_their_field_order():
    """The fixtures above are in the configuration's field order (the order Sveltia writes keys in)."""
    config = _by_name(cms_config(Settings(), KINDS)["collections"])
    for path, text in CMS_FILES.items():
        keys = list(yaml.safe_load(text.split("---\n")[1]))
        order = [f["name"] for f in config[path.split("/")[0]]["fields"]]
        assert keys == sorted(keys, key=order.index), path


def test_admin_loads_in_chromium_and_shows_every_kind(browser, demo, demo_url):
    """Local mode, as an editor opens it: Chromium's folder picker gets a real directory (the browser's private
    file system, filled with the demo's files); no console error, no request to another host."""
    assert (demo / "admin/config.yml").is_file() and (demo / "admin/sveltia-cms.js").is_file()
    context = local_context(browser, checked_out(demo.parent), height=800)
    page = context.new_page()
    errors, foreign, asked = [], [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: asked.append(r.url) if r.url.startswith(demo_url) else foreign.append(r.url))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        page.goto(demo_url + "admin/", wait_until="load")
        page.get_by_text("Работать с локальным репозиторием").click()
        page.get_by_text(KINDS["bulletin"].registry, exact=True).first.wait_for(timeout=30000)
        text = page.inner_text("body")
        for kind in KINDS.values():
            assert kind.registry in text or kind.registry[:12] in text, kind.registry
        assert "Создать" in text
        page.get_by_text(KINDS["reports"].registry[:10]).first.click()
        page.wait_for_timeout(500)
        assert "Отчёт муниципальной инновационной площадки «Сетевая модель наставничества»" in page.inner_text("body")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert any("/admin/config.yml" in url for url in asked)
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []  # its URL is in the 4xx line
    assert [url for url in foreign if not url.startswith("blob:" + demo_url.rstrip("/"))] == []


def test_an_entry_saved_by_the_editor_passes_check(browser, demo, demo_url, tmp_path):
    """The real editor edits a report's title and saves it; the file it wrote passes `innopub check`, and it has
    the shape of the CMS_FILES above (block lists, sub-forms as block mappings, keys in the fields' order)."""
    source = "content/reports/nastavnichestvo-2024-2025.md"
    context = local_context(browser, checked_out(demo.parent))
    page = context.new_page()
    try:
        page.goto(demo_url + "admin/", wait_until="domcontentloaded")
        page.get_by_text("Работать с локальным репозиторием").click()
        page.get_by_text(KINDS["reports"].registry[:10]).first.click()
        page.get_by_text("Сетевая модель наставничества").first.click()
        title = page.locator("input[role=textbox]").first

        def shown() -> bool:
            value = title.input_value()
            if value and not value.endswith(" (правка)"):  # empty: the form has not set the entry's fields yet
                title.fill(value + " (правка)")
            return value.endswith(" (правка)")

        save_when_shown(page, shown, lambda: "(правка)" in page.evaluate(READ_BACK, source))
        written = page.evaluate(READ_BACK, source)
    finally:
        context.close()
    assert "(правка)" in written
    assert "\ndraft: false\ntags:\n  - наставничество\n  - сетевое взаимодействие\n" in written
    assert "\nauthors:\n  - name: Горбунова Ирина Васильевна\n    position: заместитель директора" in written
    assert written.startswith("---\ntitle: ") and "\n---\n\n## Выполнение плана\n" in written
    root = project(tmp_path / "site", ROOT / "content")
    (root / source).write_text(written, encoding="utf-8")
    result = innopub("check", cwd=root)
    assert result.returncode == 0, written + result.stdout


def test_a_new_entry_made_in_the_editor_passes_check(browser, demo, demo_url, tmp_path):
    """An editor creates an organization, fills in the required fields and saves: the file name is an id made
    from the Russian title, and the file passes `innopub check` (the form's empty list row writes nothing)."""
    context = local_context(browser, checked_out(demo.parent))
    page = context.new_page()
    try:
        page.goto(demo_url + "admin/", wait_until="domcontentloaded")
        page.get_by_text("Работать с локальным репозиторием").click()
        page.get_by_text(KINDS["organizations"].registry, exact=True).first.click()
        page.get_by_role("button", name="Создать новую запись").click()
        boxes = page.locator("input[role=textbox]")
        labels = {label: i for i in range(boxes.count()) if (label := page.evaluate(LABEL_OF, boxes.nth(i).element_handle()))}
        wanted = {
            "Заголовок": "Муниципальное общеобразовательное учреждение «Школа № 9»",
            "Краткое название": "МОУ «Школа № 9»",
            "Муниципалитет": "г. Сокол",
        }

        def shown() -> bool:
            lost = [label for label, value in wanted.items() if boxes.nth(labels[label]).input_value() != value]
            for label in lost:
                boxes.nth(labels[label]).fill(wanted[label])
            return not lost

        before = {p.name for p in (demo.parent / "content/organizations").iterdir()}
        save_when_shown(page, shown, lambda: bool(new_files(page, "content/organizations", before)))
        new = new_files(page, "content/organizations", before)
        assert len(new) == 1, new
        written = page.evaluate(READ_BACK, f"content/organizations/{new[0]}")
    finally:
        context.close()
    assert new[0] == "munitsipalnoe-obscheobrazovatelnoe-uchrezhdenie-shkola-9.md"
    root = project(tmp_path / "site", ROOT / "content")
    (root / "content/organizations" / new[0]).write_text(written, encoding="utf-8")
    result = innopub("check", "--strict", cwd=root)
    assert result.returncode == 0, written + result.stdout
    assert "short: МОУ «Школа № 9»\nmunicipality: г. Сокол\n" in written


LABEL_OF = "(e) => (document.getElementById(e.getAttribute('aria-labelledby')) || {}).textContent || ''"


def test_the_editor_speaks_russian_in_an_english_browser(browser, demo, demo_url):
    """Issue 21, item 4: Sveltia follows the browser's language; an editor with an English browser got «Save»,
    «Today» and a hint «ГГГГ-ММ-ДД» beside a date shown 06/20/2025. The editor is Russian now, its date a date
    picker that the file gets as YYYY-MM-DD; the bundle holds no other language, so a stored one gives way to Russian."""
    context = local_context(browser, checked_out(demo.parent), locale="en-US")
    page = context.new_page()
    try:
        page.goto(demo_url + "admin/", wait_until="domcontentloaded")
        assert page.evaluate("navigator.language") == "en-US"
        page.get_by_text("Работать с локальным репозиторием").click()
        page.get_by_text(KINDS["reports"].registry[:10]).first.click()
        page.get_by_text("Сетевая модель наставничества").first.click()
        date = page.locator("input[type=date]").first
        assert date.input_value() == "2025-06-20"
        assert page.get_by_role("button", name="Сохранить").is_visible() and page.get_by_role("button", name="Сегодня").first.is_visible()
        text = page.inner_text("body")
        assert "ГГГГ-ММ-ДД" not in text and "дата отчёта" in text
        assert not {"Save", "Today", "Edit", "Preview"} & set(text.split()), "English words of Sveltia's own"
        # The bundle holds Russian alone (scripts/build-cms.mjs): a language stored in the editor's settings is Russian again.
        page.evaluate("localStorage.setItem('sveltia-cms.prefs', JSON.stringify({locale: 'en-US'}))")
        page.reload(wait_until="domcontentloaded")
        page.get_by_role("button", name="Сохранить").or_(page.get_by_text("Работать с локальным репозиторием")).first.wait_for(timeout=30000)
        assert not {"Save", "Today", "Edit", "Preview"} & set(page.inner_text("body").split())
    finally:
        context.close()


def test_backend_comes_from_mkdocs_yml(tmp_path):
    """The plugin's `cms:` option reaches /admin/config.yml and the page's policy; a wrong one stops the build."""
    content = {"organizations/shkola-9.md": CMS_FILES["organizations/shkola-5-totma.md"]}
    option = "      cms: {backend: gitlab, repo: uo/metod/innopub, app_id: abc123, base_url: https://git.example.ru}\n"
    root = project(tmp_path / "gitlab", content, extra_config=option)
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((root / "site/admin/config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {
        "name": "gitlab",
        "repo": "uo/metod/innopub",
        "branch": "main",
        "base_url": "https://git.example.ru",
        "api_root": "https://git.example.ru/api/v4",
        "auth_type": "pkce",
        "app_id": "abc123",
    }
    page = (root / "site/admin/index.html").read_text(encoding="utf-8")
    assert "connect-src &#39;self&#39; blob: data: https://git.example.ru;" in page
    wrong = project(tmp_path / "wrong", content, extra_config="      cms: {backend: bitbucket, repo: a/b}\n")
    result = innopub("check", cwd=wrong)
    assert result.returncode == 1 and "cms.backend" in result.stdout + result.stderr
