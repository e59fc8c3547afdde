"""The Crossref deposit of a conference collection and the DOIs of its articles (issue 24, §4).

The demo's content is loaded as a build loads it, the edition's page map is the kept one; the deposit is validated
against Crossref's own schema 5.3.1 (vendored unchanged in tests/fixtures/schemas/crossref/) and read element by
element against values written by hand from the demo's files.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.editions.cite import Host, gost_reference
from generator.editions.crossref import crossref_xml
from generator.editions.doi import doi_of
from generator.editions.typeset import Output
from generator.settings.config import load_config
from generator.site.site import Site
from tests.conftest import ROOT, innopub, project
from tests.fixtures.xmlschemas import CROSSREF, assert_valid

NS = {"c": "http://www.crossref.org/schema/5.3.1", "jats": "http://www.ncbi.nlm.nih.gov/JATS1"}
SITE = "https://innopub.example.org/"
PREFIX = '      publication: {doi_prefix: "10.5555"}\n'


def load(tmp_path: Path, settings: str = PREFIX):
    root = project(tmp_path / "site", ROOT / "content", settings)
    site = Site(load_config(root / "mkdocs.yml"))
    model = site.require()
    return site, model


def kept_output(entry) -> Output:
    info = json.loads((ROOT / "editions" / "collections" / f"{entry.id}.json").read_text(encoding="utf-8"))
    return Output(entry, Path("unused.pdf"), Path("unused.epub"), info["pages"], {k: (v[0], v[1]) for k, v in info["items"].items()}, kept=True)


def collection(model, cid: str = "sbornik-konferencii-2024"):
    return next(e for e in model.entries["collections"] if e.id == cid)


def deposit(tmp_path: Path, settings: str = PREFIX) -> bytes | None:
    site, model = load(tmp_path, settings)
    entry = collection(model)
    return crossref_xml(entry, kept_output(entry), site.settings, site.config.site_name, SITE)


def test_the_deposit_is_valid_and_holds_the_conference(tmp_path):
    data = deposit(tmp_path)
    root = assert_valid(CROSSREF, data).getroot()
    assert root.get("version") == "5.3.1"
    assert root.findtext("c:head/c:doi_batch_id", namespaces=NS) == "sbornik-konferencii-2024-20240520"
    assert root.findtext("c:head/c:timestamp", namespaces=NS) == "20240520000000"  # the content's date, not the clock
    assert root.findtext("c:head/c:depositor/c:email_address", namespaces=NS) == "opendata@imc-sokol.example.ru"
    assert root.findtext("c:head/c:registrant", namespaces=NS) == "МКУ «ИМЦ»"
    conference = root.find("c:body/c:conference", NS)
    assert [
        (p.get("sequence"), p.get("contributor_role"), p.findtext("c:surname", namespaces=NS))
        for p in conference.findall("c:contributors/c:person_name", NS)
    ] == [
        ("first", "editor", "Берёзкина"),
        ("additional", "editor", "Мохова"),
    ]
    event = conference.find("c:event_metadata", NS)
    assert (
        event.findtext("c:conference_name", namespaces=NS)
        == "Межмуниципальная научно-практическая конференция «Инновационная практика: от идеи к результату»"
    )
    assert event.findtext("c:conference_location", namespaces=NS) == "г. Сокол, МОУ «Гимназия № 1», ул. Гагарина, д. 21"
    date = event.find("c:conference_date", NS)
    assert (date.get("start_day"), date.get("start_month"), date.get("start_year")) == ("18", "04", "2024")
    proceedings = conference.find("c:proceedings_metadata", NS)
    assert proceedings.findtext("c:isbn", namespaces=NS) == "978-5-907914-27-8"
    assert proceedings.findtext("c:publisher/c:publisher_place", namespaces=NS) == "Сокол"
    assert proceedings.findtext("c:doi_data/c:doi", namespaces=NS) == "10.5555/sbornik-konferencii-2024"
    assert proceedings.findtext("c:doi_data/c:resource", namespaces=NS) == "https://innopub.example.org/collections/sbornik-konferencii-2024/"


def test_each_paper_has_authors_title_pages_doi(tmp_path):
    root = assert_valid(CROSSREF, deposit(tmp_path)).getroot()
    papers = root.findall(".//c:conference_paper", NS)
    assert [(p.findtext("c:pages/c:first_page", namespaces=NS), p.findtext("c:pages/c:last_page", namespaces=NS)) for p in papers] == [
        ("5", "7"), ("8", "10"), ("11", "13"), ("14", "16"), ("17", "18"), ("19", "20"),
    ]  # fmt: skip
    last = papers[-1]
    assert last.findtext("c:doi_data/c:doi", namespaces=NS) == "10.5555/sbornik-konferencii-2024.cifrovoj-sled-individualnyj-marshrut"
    assert last.findtext("c:doi_data/c:resource", namespaces=NS) == "https://innopub.example.org/articles/cifrovoj-sled-individualnyj-marshrut/"
    authors = last.findall("c:contributors/c:person_name", NS)
    assert [(a.get("sequence"), a.findtext("c:given_name", namespaces=NS), a.findtext("c:surname", namespaces=NS)) for a in authors] == [
        ("first", "Анна Игоревна", "Корнилова"),
        ("additional", "Екатерина Олеговна", "Зуева"),
    ]
    assert authors[0].findtext("c:affiliations/c:institution/c:institution_name", namespaces=NS) == (
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7» города Сокола"
    )
    assert last.findtext("c:titles/c:title", namespaces=NS).startswith("Цифровой след обучающегося")
    assert last.findtext("jats:abstract/jats:p", namespaces=NS).startswith("В статье описан опыт")
    assert len(last.findall("c:citation_list/c:citation", NS)) == 5


def test_the_deposit_is_the_same_from_build_to_build(tmp_path):
    assert deposit(tmp_path / "a") == deposit(tmp_path / "b")


def test_no_deposit_without_a_prefix_or_for_a_digest(tmp_path):
    assert deposit(tmp_path / "none", "") is None
    site, model = load(tmp_path / "digest")
    digest = collection(model, "dajdzhest-praktik-konferencii-2024")
    assert crossref_xml(digest, kept_output(digest), site.settings, "Сайт", SITE) is None
    assert doi_of(digest, "10.5555", SITE) is None


def test_the_doi_rule():
    """``<prefix>/<collection id>`` and ``<prefix>/<collection id>.<article id>``: written by hand, it must not change."""
    from types import SimpleNamespace

    conference = SimpleNamespace(id="sbornik-2025", kind=SimpleNamespace(folder="collections"), meta=SimpleNamespace(kind="conference"))
    article = SimpleNamespace(id="statya-1", kind=SimpleNamespace(folder="articles"), ref=lambda name: conference)
    assert doi_of(conference, "10.5555", SITE) == "10.5555/sbornik-2025"
    assert doi_of(article, "10.5555", SITE) == "10.5555/sbornik-2025.statya-1"
    assert doi_of(article, "10.5555", None) is None  # no site address: nothing a DOI could resolve to
    assert doi_of(article, None, SITE) is None


def test_the_reference_quotes_the_doi():
    host = Host("Сборник", False, [], "Сокол", "МКУ «ИМЦ»", 2024, (5, 7))
    text = gost_reference("Статья", ["Иванова Елена Андреевна"], "https://x.example/a/", host, doi="10.5555/s.a")
    assert text.endswith("С.\u00a05–7. — DOI: 10.5555/s.a. — URL: https://x.example/a/ (дата обращения: ")


def test_check_says_when_the_deposit_cannot_be_made(tmp_path):
    root = project(tmp_path / "site", ROOT / "content", PREFIX)
    result = innopub("check", cwd=root)
    assert result.returncode == 0 and "Crossref" not in result.stderr  # the demo names an e-mail (opendata.email)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("      opendata:\n"), text.index("email: opendata@imc-sokol.example.ru\n") + len("email: opendata@imc-sokol.example.ru\n")
    config.write_text(text[:start] + text[end:], encoding="utf-8")
    site, model = load_again(root)
    entry = collection(model)
    assert crossref_xml(entry, kept_output(entry), site.settings, "Сайт", SITE) is None
    result = innopub("check", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (
        "Замечание: депозит Crossref (crossref.xml) не готовится: в настройках нет адреса электронной почты, который Crossref "
        "назовёт адресом депонента (ожидается footer.email или opendata.email в mkdocs.yml)."
    ) in result.stderr


def load_again(root: Path):
    site = Site(load_config(root / "mkdocs.yml"))
    return site, site.require()
