"""«Как цитировать» (ГОСТ Р 7.0.100-2018), citation_* tags and JSON-LD."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from generator.editions.cite import Host, gost_reference
from tests.conftest import soup

SITE = Host("Инновационный опыт образовательных организаций", site=True)
URL = "https://innopub.example.org/practices/x/"


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_one_author_on_the_site() -> None:
    # After the standard's example of a part of a site («Грязев, А. … // Газета.ru : [сайт]. – 2018. – 2 июля. – URL: …»).
    got = gost_reference("Цифровой след обучающегося", ["Каурова Ирина Викторовна"], URL, SITE, dt.date(2025, 10, 15))
    assert plain(got) == (
        "Каурова, И. В. Цифровой след обучающегося / И. В. Каурова. — Текст : электронный // "
        "Инновационный опыт образовательных организаций : [сайт]. — 2025. — 15 октября. — "
        "URL: https://innopub.example.org/practices/x/ (дата обращения: "
    )


def test_three_authors_are_headed_by_the_first() -> None:
    authors = ["Ёлкина Марина Сергеевна", "Соловьёва Татьяна Николаевна", "Лебедева Ольга Ивановна"]
    got = gost_reference("Межпредметная задача «Чистая Сухона»", authors, URL, SITE, dt.date(2024, 5, 20))
    assert plain(got) == (
        "Ёлкина, М. С. Межпредметная задача «Чистая Сухона» / М. С. Ёлкина, Т. Н. Соловьёва, О. И. Лебедева. — "
        "Текст : электронный // Инновационный опыт образовательных организаций : [сайт]. — 2024. — 20 мая. — "
        "URL: https://innopub.example.org/practices/x/ (дата обращения: "
    )


def test_five_authors_start_with_the_title() -> None:
    authors = ["Иванова Елена Андреевна", "Петров Павел Павлович", "Сидоров Семён Семёнович", "Козлова Анна Петровна", "Орлов Олег Олегович"]
    got = gost_reference("Отчёт площадки за 2024-2025 учебный год", authors, URL, SITE, dt.date(2025, 6, 30))
    assert plain(got) == (
        "Отчёт площадки за 2024-2025 учебный год / Е. А. Иванова, П. П. Петров, С. С. Сидоров [и др.]. — "
        "Текст : электронный // Инновационный опыт образовательных организаций : [сайт]. — 2025. — 30 июня. — "
        "URL: https://innopub.example.org/practices/x/ (дата обращения: "
    )


def test_article_in_a_collection() -> None:
    # After «Калинина, Г. П. Развитие … / Г. П. Калинина, В. М. Мирошниченко. — Текст : непосредственный //
    # Румянцевские чтения - 2016 : материалы … — Москва, 2016. — Ч. 2. — С. 99-106.»
    host = Host("Инновационная практика: от идеи к результату", False, ["Берёзкина Ольга Владимировна"], "Сокол", "МКУ «ИМЦ»", 2024, (14, 16))
    got = gost_reference(
        "Сетевое наставничество в малых городах", ["Горбунова Ирина Васильевна", "Парфёнов Сергей Викторович"], "https://s.example/a/", host
    )
    assert plain(got) == (
        "Горбунова, И. В. Сетевое наставничество в малых городах / И. В. Горбунова, С. В. Парфёнов. — Текст : электронный // "
        "Инновационная практика: от идеи к результату / составитель: О. В. Берёзкина. — Сокол : МКУ «ИМЦ», 2024. — С. 14–16. — "
        "URL: https://s.example/a/ (дата обращения: "
    )


def test_pages_show_how_to_cite_with_tags_and_json_ld(demo: Path) -> None:
    page = soup(demo / "articles/setevoe-nastavnichestvo-malye-goroda/index.html")
    reference = plain(page.select_one(".innopub-cite__reference").get_text())
    assert reference.startswith("Горбунова, И. В. Сетевое наставничество в малых городах")
    assert "Сокол : МКУ «ИМЦ», 2024. — С. " in reference
    assert reference.endswith("(дата обращения: __.__.____).")  # filled in by assets/cite.js in the reader's browser
    tags = {(m["name"], m["content"]) for m in page.select("head meta[name^=citation_]")}
    assert ("citation_author", "Горбунова, И. В.") in tags and ("citation_isbn", "978-5-907914-27-8") in tags
    names = {name for name, _ in tags}
    assert {"citation_title", "citation_publication_date", "citation_firstpage", "citation_lastpage", "citation_pdf_url"} <= names
    data = json.loads(page.select_one('head script[type="application/ld+json"]').string)
    assert data["@type"] == "ScholarlyArticle" and data["isPartOf"]["@type"] == "Book"
    assert data["author"][0]["affiliation"]["@type"] == "EducationalOrganization"
    first = int(dict(tags)["citation_firstpage"])
    assert f"С. {first}–" in reference or f"С. {first}." in reference
    for path in ("reports/nastavnichestvo-2024-2025/index.html", "practices/cifrovoj-sled-marshrut/index.html"):
        other = soup(demo / path)
        assert "[сайт]" in other.select_one(".innopub-cite__reference").get_text()
        assert other.select_one('head meta[name="citation_title"]') is not None
    issue = soup(demo / "bulletin/2024-05/index.html")
    assert json.loads(issue.select_one('head script[type="application/ld+json"]').string)["@type"] == "PublicationIssue"
