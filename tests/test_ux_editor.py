"""The web editor for an editor without a terminal (issue 21, part 1), without a browser: the page ``/admin/`` of a site
with no hosting and of one with a hosting, its configuration, the Russian strings of the bundle, a content page's link
to the editor, and the preview's answer for the editor's page. Chromium's view of the same is tests/test_ux_editor_browser.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from generator.engines.mkdocs.adminpage import admin_page as preview_admin_page
from generator.kinds import KINDS
from generator.render.cms import admin_page, cms_config
from generator.render.convert import Converter
from generator.settings.options import CmsBackend, Settings
from tests.conftest import ROOT, innopub, project

SVELTIA = ROOT / ".tools/node_modules/@sveltia/cms"
GITLAB = CmsBackend(backend="gitlab", repo="uo/metod/innopub", app_id="abc", base_url="https://gitlab.example.ru")


def _page(cms: CmsBackend | None, guide: str | None = "../web-editor/", editors: str | None = "../for-editors/") -> BeautifulSoup:
    return BeautifulSoup(admin_page("Сайт школ", cms, guide, editors), "lxml")


def _sveltia(path: str) -> dict:
    file = SVELTIA / path
    if not file.is_file():
        pytest.fail(f"no {file.relative_to(ROOT)}: run `make cms`")
    return json.loads(file.read_text(encoding="utf-8"))


def test_no_hosting_offers_no_token_and_stays_valid_for_sveltia():
    """Without `cms:` the configuration asks for no token (the button ended in «Failed to fetch») and its OAuth
    button is the page's to hide; Sveltia's own JSON schema still accepts the configuration."""
    config = cms_config(Settings(), KINDS, title="Редактор — Сайт школ")
    assert config["backend"]["auth_methods"] == ["oauth"]
    assert config["backend"]["base_url"] == "https://gitea.invalid"
    assert config["app_title"] == "Редактор — Сайт школ"
    errors = [e.message for e in jsonschema.Draft7Validator(_sveltia("schema/sveltia-cms.json")).iter_errors(config)]
    assert errors == []
    assert "auth_methods" not in cms_config(Settings(cms=GITLAB), KINDS)["backend"]  # a hosting: both ways to sign in


def test_page_of_a_site_without_hosting_says_what_the_administrator_sets():
    page = _page(None)
    assert page.html["data-hosting"] == "" and page.html["lang"] == "ru"
    assert len(page.find_all("h1")) == 1  # the notice's (every page of the site has one: tests/test_a11y.py)
    notice = page.find("main", id="innopub-notice")
    assert notice.has_attr("hidden")  # the script shows it where no editor can work (not on 127.0.0.1)
    text = " ".join(notice.get_text().split())
    assert "Веб-редактор этого сайта не подключён" in text
    assert "укажите хостинг в параметре cms: плагина innopub в файле mkdocs.yml и соберите сайт заново" in text
    assert {a["href"]: a.get_text() for a in notice.find_all("a")} == {
        "../web-editor/": "«Веб-редактор»",
        "../for-editors/": "«Для редакторов»",
        "../": "На главную страницу сайта",
    }
    local = BeautifulSoup(page.find("template", id="innopub-local-template").decode_contents(), "lxml")
    assert "работает с папкой сайта на этом компьютере" in " ".join(local.get_text().split())
    style = page.find("style").string
    assert 'html[data-hosting=""] button[data-label*="Gitea / Forgejo"] { display: none !important; }' in style  # not &#34;
    assert [s["src"] for s in page.find_all("script")] == ["innopub-admin.js"]
    policy = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "script-src 'self';" in policy and "unsafe-inline'; img-src" in policy  # inline style only, never script


def test_page_of_a_site_with_hosting_and_without_guide():
    page = _page(GITLAB, guide=None, editors=None)
    assert page.html["data-hosting"] == "gitlab"
    assert [a["href"] for a in page.find("main", id="innopub-notice").find_all("a")] == ["../"]  # no link to a missing page


def _leaves(tree: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in tree.items():
        out |= _leaves(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key: value}
    return out


def test_every_message_an_editor_can_meet_is_russian():
    """Sveltia's English strings fill what its ru.json lacks (about a hundred: folders of the media library, save
    conflicts, the checkboxes' «Select …»); scripts/cms-ru.json supplies them. Left English: configuration errors,
    which the generated configuration never has (validated above and in tests/test_cms.py), and a cloud storage
    innopub does not configure."""
    english = _leaves(_sveltia("locales/en-US.json"))
    russian = _leaves(_sveltia("locales/ru.json")) | _leaves(json.loads((ROOT / "scripts/cms-ru.json").read_text(encoding="utf-8")))
    missing = [k for k in english if k not in russian and not k.startswith(("config.", "cloud_storage."))]
    assert missing == []
    extra = _leaves(json.loads((ROOT / "scripts/cms-ru.json").read_text(encoding="utf-8")))
    assert set(extra) <= set(english)  # every supplied key is one Sveltia has (a typo would silently stay English)
    assert [key for key, text in extra.items() if not any("а" <= c <= "я" for c in text.lower())] == []
    assert russian["select_item"] == "Выбрать «{$name}»" and russian["entry_sidebar.slug.title"] == "Имя файла"


def test_a_page_may_link_the_editor(tmp_path: Path):
    """The editors' guide links /admin/ as a file of the site (admin/index.html), which the check knows; another
    address under admin/ is still a missing file."""
    content = {
        "guide.md": "---\ntitle: Руководство\n---\n\nОткройте [веб-редактор](admin/index.html).\n",
        "other.md": "---\ntitle: Другое\n---\n\nНе [так](admin/editor.html).\n",
    }
    result = innopub("check", cwd=project(tmp_path / "site", content))
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "guide.md" not in said
    assert "content/other.md:5: ссылка на несуществующий файл «admin/editor.html» (нет файла content/admin/editor.html)" in said


def test_the_link_to_the_editor_is_written_as_mkdocs_writes_it():
    """MkDocs links a file named index.html by its folder (`../admin/`); the Zensical engine's converter does the same,
    so both engines publish the same page (tests/test_zensical.py compares them byte for byte)."""
    converter = Converter(["attr_list"])
    html, _ = converter.convert("web-editor.md", "[редактор](admin/index.html) и [файл](files/x.pdf)")
    assert html == '<p><a href="../admin/">редактор</a> и <a href="../files/x.pdf">файл</a></p>'
    assert converter.convert("reports/x.md", "[редактор](../admin/index.html#top)")[0] == '<p><a href="../../admin/#top">редактор</a></p>'


def test_preview_answers_the_editors_page_itself(tmp_path: Path):
    """`innopub serve` hands /admin/ over as built (MkDocs' server would add its inline reload script, which the
    page's policy refuses); every other address is MkDocs' own."""
    (tmp_path / "admin").mkdir()
    (tmp_path / "admin/index.html").write_text("<!doctype html>", encoding="utf-8")
    page = tmp_path / "admin/index.html"
    assert preview_admin_page(str(tmp_path), "/", "/admin/") == page
    assert preview_admin_page(str(tmp_path), "/", "/admin/index.html") == page
    assert preview_admin_page(str(tmp_path), "/sub/", "/sub/admin/") == page
    for other in ("/admin/config.yml", "/admin", "/reports/", "/", "/sub/admin/", "/admin/../reports/"):
        assert preview_admin_page(str(tmp_path), "/", other) is None, other
    assert preview_admin_page(str(tmp_path), "/sub/", "/admin/") is None
    assert preview_admin_page(str(tmp_path / "nothing"), "/", "/admin/") is None
