"""«Скачать ссылку» (issue 24): the .bib and .ris of a reference, read back with the ecosystem's parsers
(bibtexparser 2, rispy) field by field against hand-written values; hostile titles stay inside their field."""

from __future__ import annotations

from dataclasses import replace

import bibtexparser
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors

from generator.editions.citefiles import Reference, bibtex, ris

ARTICLE = Reference(
    key="innopub-articles-proektnaya-nedelya",
    kind="chapter",
    title="Проектная неделя в 5 классе",
    url="https://example.org/articles/proektnaya-nedelya/",
    year=2026,
    date="2026-10-01",
    authors=["Иванова Елена Андреевна", "Сидоров Пётр Ильич", "Ёлкина Мария"],
    editors=["Петрова Анна Сергеевна"],
    container="Инновации в школе",
    publisher="ИМЦ Примерска",
    city="Примерск",
    pages=(12, 15),
    isbn="978-5-00000-000-0",
    keywords=["проект", "метапредметность"],
)


def parse_bib(text: str) -> dict[str, str]:
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert library.failed_blocks == []
    assert len(library.entries) == 1, [e.key for e in library.entries]
    entry = library.entries[0]
    return {"ENTRYTYPE": entry.entry_type, "ID": entry.key, **{f.key: f.value for f in entry.fields}}


def parse_ris(text: str) -> list[dict]:
    return rispy.loads(text)


def test_bibtex_fields() -> None:
    fields = parse_bib(bibtex(ARTICLE))
    assert fields == {
        "ENTRYTYPE": "incollection",
        "ID": "innopub-articles-proektnaya-nedelya",
        "author": "Иванова, Елена Андреевна and Сидоров, Пётр Ильич and Ёлкина, Мария",
        "title": "Проектная неделя в 5 классе",
        "booktitle": "Инновации в школе",
        "editor": "Петрова, Анна Сергеевна",
        "publisher": "ИМЦ Примерска",
        "address": "Примерск",
        "year": "2026",
        "date": "2026-10-01",
        "pages": "12–15",  # written 12--15, decoded as TeX reads it
        "isbn": "978-5-00000-000-0",
        "url": "https://example.org/articles/proektnaya-nedelya/",
        "keywords": "проект, метапредметность",
        "language": "russian",
        "langid": "russian",
    }


def test_ris_fields() -> None:
    text = ris(ARTICLE)
    assert text.startswith("TY  - CHAP\r\n") and text.endswith("ER  - \r\n")
    [record] = parse_ris(text)
    assert record == {
        "type_of_reference": "CHAP",
        "authors": ["Иванова, Елена Андреевна", "Сидоров, Пётр Ильич", "Ёлкина, Мария"],
        "title": "Проектная неделя в 5 классе",
        "secondary_title": "Инновации в школе",
        "secondary_authors": ["Петрова, Анна Сергеевна"],
        "publisher": "ИМЦ Примерска",
        "place_published": "Примерск",
        "year": "2026",
        "date": "2026/10/01",
        "start_page": "12",
        "end_page": "15",
        "issn": "978-5-00000-000-0",
        "urls": ["https://example.org/articles/proektnaya-nedelya/"],
        "keywords": ["проект", "метапредметность"],
        "language": "ru",
    }


def test_collection_and_issue() -> None:
    book = Reference("innopub-collections-x", "book", "Инновации в школе", "https://example.org/collections/x/", 2026, "2026-10-01",
                     editors=["Петрова Анна Сергеевна"], publisher="ИМЦ", city="Примерск", isbn="978-5-00000-000-0")  # fmt: skip
    fields = parse_bib(bibtex(book))
    assert (fields["ENTRYTYPE"], fields["editor"], fields["publisher"], fields["address"], fields["isbn"]) == (
        "book", "Петрова, Анна Сергеевна", "ИМЦ", "Примерск", "978-5-00000-000-0",
    )  # fmt: skip
    assert "author" not in fields
    issue = Reference("innopub-bulletin-2026-10", "issue", "Вестник № 10 (22), сентябрь 2026 г.", "https://example.org/bulletin/2026-10/",
                      2026, "2026-10-01", container="Вестник — Сайт", publisher="Сайт", issn="2949-0000", number="10")  # fmt: skip
    fields = parse_bib(bibtex(issue))
    assert (fields["series"], fields["number"], fields["issn"]) == ("Вестник — Сайт", "10", "2949-0000")
    [record] = parse_ris(ris(issue))
    shown = (record["type_of_reference"], record["number"], record["issn"], record["secondary_title"])
    assert shown == ("JFULL", "10", "2949-0000", "Вестник — Сайт")


HOSTILE_TITLES = [
    "Скобки } не закрыты",
    "Открыта { и не закрыта",
    "Вложенное }, @comment{ x}, @misc{evil, title={pwned}",
    "Формула =cmd|' /C calc'!A0 и +SUM(1;2)",
    "Обратная \\ косая и %комментарий & $ # _ ~ ^",
    "Перевод\nER  - \nTY  - JOUR\nTI  - чужая запись",
    "Возврат\rER  - \r\nAU  - Злоумышленник",
    "Разделители\u2028ER  - \u2029KW  - x\x0bAU  - y\x0cz\x85w",
]


def test_hostile_titles_stay_in_their_field() -> None:
    for title in HOSTILE_TITLES:
        ref = Reference("innopub-articles-x", "chapter", title, "https://example.org/x/", 2026, authors=["Иванова Елена and Петрова"],
                        container="Сборник } @comment{", pages=(1, 1))  # fmt: skip
        flat = " ".join(title.replace("\u2028", " ").replace("\u2029", " ").replace("\x0b", " ").replace("\x0c", " ").replace("\x85", " ").split())
        fields = parse_bib(bibtex(ref))
        assert fields["title"] == flat.replace("^", "\u02c6"), title  # pylatexenc reads \textasciicircum{} as U+02C6
        assert fields["booktitle"] == "Сборник } @comment{"
        assert fields["author"] == "Иванова, Елена and Петрова"
        [entry] = bibtexparser.parse_string(bibtex(ref), append_middleware=[SeparateCoAuthors()]).entries
        assert entry.fields_dict["author"].value == ["Иванова, Елена {and} Петрова"]  # one author, not two
        assert fields["pages"] == "1"
        [record] = parse_ris(ris(ref))
        assert record["title"] == flat, title
        assert record["authors"] == ["Иванова, Елена and Петрова"]
        assert "keywords" not in record and record["type_of_reference"] == "CHAP"


def test_bibtex_escapes_by_hand() -> None:
    ref = Reference("k", "web", "a}b{c%d&e$f#g_h~i^j\\k", "https://example.org/?a=1&b=2_3", 2026)
    text = bibtex(ref)
    assert r"title = {a\}b\{c\%d\&e\$f\#g\_h\textasciitilde{}i\textasciicircum{}j\textbackslash{}k}" in text
    assert text.count("{") - text.count(r"\{") == text.count("}") - text.count(r"\}")


def test_a_doi_goes_into_both_files() -> None:
    with_doi = replace(ARTICLE, doi="10.5555/sbornik-2024.proektnaya-nedelya")
    assert parse_bib(bibtex(with_doi))["doi"] == "10.5555/sbornik-2024.proektnaya-nedelya"
    assert parse_ris(ris(with_doi))[0]["doi"] == "10.5555/sbornik-2024.proektnaya-nedelya"
    assert "doi" not in parse_bib(bibtex(ARTICLE)) and "doi" not in parse_ris(ris(ARTICLE))[0]
