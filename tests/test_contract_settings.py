"""The contract's publication and region settings and the authors' extra fields: what an editor writes is read, and
what is wrong is refused in Russian (values checked by hand: ISSN 0317-8471 and ORCID 0000-0002-1825-0097 are the
standards' own examples)."""

from __future__ import annotations

import pytest

from generator.common.problems import InnopubError
from generator.kinds.schema import PersonData
from generator.settings.options import make_settings


def test_publication_settings_are_read() -> None:
    settings = make_settings(
        {"publication": {"editor": "Петрова А. С.", "editor_position": "директор МКУ «ИМЦ»", "issn": "03178471",
                         "elibrary_titleid": 78123, "doi_prefix": "10.12345", "signature": "files/podpis.png"}},
        "mkdocs.yml",
    )  # fmt: skip
    assert settings.publication.issn == "0317-8471"
    assert settings.publication.elibrary_titleid == "78123"
    assert settings.publication.doi_prefix == "10.12345"
    assert make_settings({}, "mkdocs.yml").publication.editor is None


@pytest.mark.parametrize(
    ("publication", "said"),
    [
        ({"issn": "0317-8472"}, "ISSN 0317-8472 с неверной контрольной цифрой"),
        ({"issn": "ISSN"}, "«ISSN» — не ISSN"),
        ({"doi_prefix": "11.1234"}, "не префикс DOI"),
        ({"elibrary_titleid": "abc"}, "не код издания в eLIBRARY"),
        ({"signature": "../../etc/passwd.png"}, "не изображение подписи"),
        ({"signature": "files/podpis.svg"}, "не изображение подписи"),
        ({"signatory": "Петрова"}, "signatory"),
    ],
)
def test_wrong_publication_settings_are_refused_in_russian(publication: dict, said: str) -> None:
    with pytest.raises(InnopubError, match=said):
        make_settings({"publication": publication}, "mkdocs.yml")


def test_region_settings_are_read_and_checked() -> None:
    region = {"municipalities": [{"id": "sayansk", "name": "г. Саянск", "url": "https://sayansk.example.ru/"}]}
    assert make_settings({"region": region}, "mkdocs.yml").region.municipalities[0].name == "г. Саянск"
    twice = {"municipalities": [region["municipalities"][0], region["municipalities"][0]]}
    with pytest.raises(InnopubError, match="муниципалитет sayansk назван дважды"):
        make_settings({"region": twice}, "mkdocs.yml")
    with pytest.raises(InnopubError, match="не код муниципалитета"):
        make_settings({"region": {"municipalities": [{"id": "Саянск", "name": "г. Саянск", "url": "https://s.ru/"}]}}, "m.yml")
    with pytest.raises(InnopubError, match="municipalities"):
        make_settings({"region": {"municipalities": [{"id": "s", "name": "г. С", "url": "file:///etc/passwd"}]}}, "m.yml")


def test_an_authors_latin_name_email_and_orcid() -> None:
    person = PersonData(name="Иванова Елена Андреевна", name_en="Ivanova Elena A.", email="ivanova@school.ru",
                        orcid="https://orcid.org/0000-0002-1825-0097")  # fmt: skip
    assert person.orcid == "0000-0002-1825-0097"
    for field, value in [("orcid", "0000-0002-1825-0098"), ("email", "ivanova"), ("name_en", "Иванова")]:
        with pytest.raises(ValueError, match="не "):
            PersonData(name="Иванова Елена Андреевна", **{field: value})
