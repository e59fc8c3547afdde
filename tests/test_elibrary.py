"""The eLIBRARY (РИНЦ) XML of a collection and of a bulletin issue, element by element (issue 24, §3).

The demo's content is loaded (read, checked, linked) as a build loads it; the edition's page map is the kept one
(``editions/collections/…json``), so no PDF is typeset here. Every expected value is written by hand from the demo's
files; the document is validated against ``tests/fixtures/schemas/elibrary/journal.xsd``, written from the format's
documentation.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.editions.elibrary import elibrary_xml, split_name
from generator.editions.typeset import Output
from generator.render import outputs
from generator.settings.config import load_config
from generator.site.site import Site
from tests.conftest import ROOT, innopub, project
from tests.fixtures.xmlschemas import ELIBRARY, assert_valid

SETTINGS = '      publication: {elibrary_titleid: "12345", doi_prefix: "10.5555", issn: "0378-5955"}\n'
SITE = "https://innopub.example.org/"
TEPLICA = "content/articles/shkolnaya-teplica-estestvennonauchnaya-gramotnost.md"


def load(root: Path):
    site = Site(load_config(root / "mkdocs.yml"))
    return site, site.require()


def kept_output(entry, folder: str) -> Output:
    """The edition's output as a build has it for a published issue: its kept page map (input, written by typesetting)."""
    info = json.loads((ROOT / "editions" / folder / f"{entry.id}.json").read_text(encoding="utf-8"))
    pages = {k: (v[0], v[1]) for k, v in info["items"].items()}
    return Output(entry, Path("unused.pdf"), Path("unused.epub"), info["pages"], pages, kept=True)


def demo(tmp_path: Path, settings: str = SETTINGS) -> Path:
    root = project(tmp_path / "site", ROOT / "content", settings)
    teplica = root / TEPLICA
    text = teplica.read_text(encoding="utf-8")
    text = text.replace(
        "  - {name: Смирнова Людмила Андреевна, position: учитель биологии, organization: kadnikovskaya-shkola}",
        "  - {name: Смирнова Людмила Андреевна, position: учитель биологии, organization: kadnikovskaya-shkola,\n"
        "     name_en: Smirnova Lyudmila A., email: smirnova@kadnikov.example.ru, orcid: 0000-0002-1825-0097}",
    )
    english = "\nabstract_en: The school greenhouse as a laboratory.\nkeywords_en: [science literacy, greenhouse]"
    text = text.replace("\nsection:", english + "\nsection:", 1)
    teplica.write_text(text, encoding="utf-8")
    return root


def collection_xml(tmp_path: Path):
    site, model = load(demo(tmp_path))
    entry = next(e for e in model.entries["collections"] if e.id == "sbornik-konferencii-2024")
    data = elibrary_xml(entry, kept_output(entry, "collections"), model, site.settings.publication, site.config.site_name, SITE)
    return assert_valid(ELIBRARY, data).getroot()


def texts(root, path: str) -> list[str]:
    return [e.text for e in root.findall(path)]


def test_split_name():
    assert split_name("Иванова Елена Андреевна") == ("Иванова", "Е.А.")
    assert split_name("Ivanova Elena A.") == ("Ivanova", "E.A.")
    assert split_name("Аристотель") == ("Аристотель", "")


def test_journal_and_issue_of_the_conference_collection(tmp_path):
    root = collection_xml(tmp_path)
    assert root.tag == "journal"
    assert [c.tag for c in root] == ["titleid", "journalInfo", "issue"]  # the ISSN is the bulletin's, not a collection's
    assert root.findtext("titleid") == "12345"
    assert root.find("journalInfo").get("lang") == "RUS"
    assert root.findtext("journalInfo/title") == "Инновационный опыт образовательных организаций"
    issue = root.find("issue")
    assert [c.tag for c in issue] == ["number", "dateUni", "pages", "issTitle", "codes", "articles"]
    assert issue.findtext("number") == "1"  # the first of 2024's two collections (20 May; the digest is of 28 June)
    assert issue.findtext("dateUni") == "2024"
    assert issue.findtext("pages") == "1-20"
    assert issue.findtext("issTitle").startswith("Сборник материалов межмуниципальной научно-практической конференции")
    assert issue.findtext("codes/doi") == "10.5555/sbornik-konferencii-2024"


def test_articles_sections_pages_types(tmp_path):
    articles = collection_xml(tmp_path).find("issue/articles")
    assert [(c.tag, c.findtext("secTitle") or c.findtext("pages")) for c in articles] == [
        ("section", "Функциональная грамотность: практики и инструменты"),
        ("article", "5-7"),
        ("article", "8-10"),
        ("section", "Наставничество и профессиональный рост педагога"),
        ("article", "11-13"),
        ("article", "14-16"),
        ("section", "Цифровая среда и индивидуализация обучения"),
        ("article", "17-18"),
        ("article", "19-20"),
    ]
    assert texts(articles, "article/artType") == ["RAR"] * 6
    assert texts(articles, "article/langPubl") == ["RUS"] * 6
    assert texts(articles, "article/codes/udk") == ["37.014"] * 6
    assert texts(articles, "article/dates/datePublication") == ["20.05.2024"] * 6
    pdf = "https://innopub.example.org/collections/sbornik-konferencii-2024/sbornik-konferencii-2024.pdf"
    assert texts(articles, "article/files/furl") == [pdf] * 6
    assert {f.get("desc") for f in articles.findall("article/files/furl")} == {"fullText"}


def test_authors_surname_initials_organization(tmp_path):
    articles = collection_xml(tmp_path).findall("issue/articles/article")
    people = [
        [(a.get("num"), a.findtext("individInfo[@lang='RUS']/surname"), a.findtext("individInfo[@lang='RUS']/initials")) for a in art.iter("author")]
        for art in articles
    ]
    assert people == [
        [("1", "Смирнова", "Л.А.")],
        [("1", "Ёлкина", "М.С."), ("2", "Соловьёва", "Т.Н."), ("3", "Лебедева", "О.И.")],
        [("1", "Мохова", "Н.Г."), ("2", "Берёзкина", "О.В.")],  # one person with the editors' «Берёзкина»: «ё» = «е»
        [("1", "Горбунова", "И.В."), ("2", "Парфёнов", "С.В.")],
        [("1", "Рябов", "К.И."), ("2", "Воронина", "Г.П.")],
        [("1", "Корнилова", "А.И."), ("2", "Зуева", "Е.О.")],
    ]
    first = articles[0].find("authors/author/individInfo[@lang='RUS']")
    assert [c.tag for c in first] == ["surname", "initials", "otherInfo", "orgName", "email"]
    assert first.findtext("otherInfo") == "учитель биологии"
    assert first.findtext("orgName") == "Муниципальное бюджетное общеобразовательное учреждение «Кадниковская средняя общеобразовательная школа»"
    assert first.findtext("email") == "smirnova@kadnikov.example.ru"
    english = articles[0].find("authors/author/individInfo[@lang='ENG']")
    assert [(c.tag, c.text) for c in english] == [("surname", "Smirnova"), ("initials", "L.A."), ("email", "smirnova@kadnikov.example.ru")]
    assert articles[0].findtext("authors/author/authorCodes/orcid") == "0000-0002-1825-0097"
    assert articles[1].find("authors/author/individInfo[@lang='ENG']") is None  # no name_en: Russian only
    assert articles[1].find("authors/author/individInfo/email") is None


def test_titles_abstracts_keywords_references_doi(tmp_path):
    articles = collection_xml(tmp_path).findall("issue/articles/article")
    teplica, digital = articles[0], articles[5]
    assert teplica.findtext("artTitles/artTitle[@lang='RUS']") == (
        "Естественнонаучная грамотность в агротехнологическом классе: школьная теплица как учебная лаборатория"
    )
    assert teplica.findtext("abstracts/abstract[@lang='ENG']") == "The school greenhouse as a laboratory."
    assert texts(teplica, "keywords/kwdGroup[@lang='ENG']/keyword") == ["science literacy", "greenhouse"]
    assert digital.findtext("abstracts/abstract[@lang='RUS']").startswith("В статье описан опыт МБОУ «СОШ № 7» г. Сокола")
    assert texts(digital, "keywords/kwdGroup[@lang='RUS']/keyword") == [
        "цифровой след", "учебная аналитика", "индивидуальный образовательный маршрут", "цифровая образовательная среда", "основная школа",
    ]  # fmt: skip
    references = digital.findall("references/reference/refInfo")
    assert len(references) == 5 and {r.get("lang") for r in references} == {"ANY"}
    assert references[1].findtext("text").startswith("Siemens G. Learning Analytics")
    assert digital.findtext("codes/doi") == "10.5555/sbornik-konferencii-2024.cifrovoj-sled-individualnyj-marshrut"
    text = digital.findtext("text")  # the body as unformatted text: no Markdown marks
    assert text.startswith("Введение\n\nСовременная школа накапливает о каждом обучающемся большой объём данных")
    assert "\n\nСостав данных\n\n" in text and "##" not in text


def test_bulletin_issue_numbers_and_issn(tmp_path):
    site, model = load(demo(tmp_path))
    entry = next(e for e in model.entries["bulletin"] if e.id == "2024-05")
    root = assert_valid(ELIBRARY, elibrary_xml(entry, kept_output(entry, "bulletin"), model, site.settings.publication, "Сайт", SITE)).getroot()
    assert root.findtext("issn") == "0378-5955"
    assert (root.findtext("issue/number"), root.findtext("issue/altNumber"), root.findtext("issue/dateUni")) == ("2", "2", "2024")
    kinds = {(a.findtext("artTitles/artTitle")[:20], a.findtext("artType")) for a in root.findall("issue/articles/article")}
    assert ("Естественнонаучная г", "RAR") in kinds
    assert any(kind == "CNF" for _, kind in kinds)  # the issue's event
    assert root.find("issue/codes") is None  # a bulletin issue gets no DOI


def test_without_the_title_id_no_file_and_check_says_nothing(tmp_path):
    root = demo(tmp_path, "")
    site, model = load(root)
    results = {e.url: kept_output(e, "collections") for e in model.entries["collections"]}
    assert outputs.index_files(model, site.config, results) == []
    result = innopub("check", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "eLIBRARY" not in result.stdout + result.stderr and "РИНЦ" not in result.stdout + result.stderr


def test_with_the_title_id_every_collection_and_issue_has_a_file(tmp_path):
    site, model = load(demo(tmp_path, '      publication: {elibrary_titleid: "12345"}\n'))
    results = {e.url: kept_output(e, e.kind.folder) for folder in ("collections", "bulletin") for e in model.entries[folder]}
    files = outputs.index_files(model, site.config, results)
    assert sorted(f.path for f in files) == [
        "bulletin/2024-04/elibrary.xml",
        "bulletin/2024-05/elibrary.xml",
        "bulletin/2024-06/elibrary.xml",
        "bulletin/2026-04/elibrary.xml",
        "collections/dajdzhest-praktik-konferencii-2024/elibrary.xml",
        "collections/sbornik-konferencii-2024/elibrary.xml",
    ]  # fmt: skip  (no DOI prefix: no crossref.xml)
    for file in files:
        root = assert_valid(ELIBRARY, file.data).getroot()
        assert root.find("issue/codes") is None and root.find(".//article/codes/doi") is None
