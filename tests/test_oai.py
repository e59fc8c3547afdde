"""The static OAI-PMH repository ``oai.xml`` (issue 24, §5).

Validated against the static repository and oai_dc schemas (tests/fixtures/schemas/oai/), and against what the
static repository specification adds to OAI-PMH (checked here: no resumption token, no sets, day granularity, no
deleted records, every record with metadata); records read against values written by hand from the demo. The limit
of 5,000 records is shown on a synthetic site of 5,001 entries: the newest 5,000 kept, and a Russian notice of
``innopub check`` naming the one left out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.render import outputs
from generator.render.oai import MAX_RECORDS, oai_repository
from generator.settings.config import load_config
from generator.site.site import Site
from tests.conftest import ROOT, innopub, project
from tests.fixtures.xmlschemas import OAI, assert_valid

NS = {
    "sr": "http://www.openarchives.org/OAI/2.0/static-repository",
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def load(root: Path):
    site = Site(load_config(root / "mkdocs.yml"))
    return site, site.require()


def repository(root: Path, limit: int = MAX_RECORDS):
    site, model = load(root)
    return oai_repository(model, site.settings, site.config.site_name, site.config.site_url, limit)


def static_rules(tree) -> None:
    """What the static repository specification (A1.2) forbids that OAI-PMH.xsd allows."""
    root = tree.getroot()
    assert not root.findall(".//oai:resumptionToken", NS) and not root.findall(".//oai:compression", NS)
    assert not root.findall(".//oai:setSpec", NS) and not root.findall(".//oai:header[@status]", NS)
    assert root.findtext("sr:Identify/oai:granularity", namespaces=NS) == "YYYY-MM-DD"
    assert root.findtext("sr:Identify/oai:deletedRecord", namespaces=NS) == "no"
    for record in root.findall("sr:ListRecords/oai:record", NS):
        assert record.find("oai:metadata/oai_dc:dc", NS) is not None
        assert len(record.findtext("oai:header/oai:datestamp", namespaces=NS)) == 10


def test_the_demo_repository(tmp_path):
    result = repository(project(tmp_path / "site", ROOT / "content"))
    tree = assert_valid(OAI, result.data)
    static_rules(tree)
    root = tree.getroot()
    identify = root.find("sr:Identify", NS)
    assert identify.findtext("oai:repositoryName", namespaces=NS) == "Инновационный опыт образовательных организаций"
    assert identify.findtext("oai:baseURL", namespaces=NS) == "https://innopub.example.org/oai.xml"
    assert identify.findtext("oai:adminEmail", namespaces=NS) == "opendata@imc-sokol.example.ru"
    assert identify.findtext("oai:earliestDatestamp", namespaces=NS) == "2023-04-20"
    assert root.findtext("sr:ListMetadataFormats/oai:metadataFormat/oai:metadataPrefix", namespaces=NS) == "oai_dc"
    assert root.find("sr:ListRecords", NS).get("metadataPrefix") == "oai_dc"
    ids = [r.findtext("oai:header/oai:identifier", namespaces=NS) for r in root.findall("sr:ListRecords/oai:record", NS)]
    assert len(ids) == result.records == 29  # 6 articles, 10 practices, 11 reports (one of 12 is a draft), 2 collections
    assert result.left_out == 0
    assert "oai:innopub.example.org:reports/kadnikov-ep-2025-2026-chernovik" not in ids  # the draft
    assert "oai:innopub.example.org:collections/sbornik-konferencii-2024" in ids
    record = next(
        r
        for r in root.findall("sr:ListRecords/oai:record", NS)
        if r.findtext("oai:header/oai:identifier", namespaces=NS).endswith(":articles/cifrovoj-sled-individualnyj-marshrut")
    )
    dc = record.find("oai:metadata/oai_dc:dc", NS)
    assert record.findtext("oai:header/oai:datestamp", namespaces=NS) == "2024-05-20"
    assert [e.text for e in dc.findall("dc:creator", NS)] == ["Корнилова Анна Игоревна", "Зуева Екатерина Олеговна"]
    assert dc.findtext("dc:date", namespaces=NS) == "2024-05-20"
    assert [e.text for e in dc.findall("dc:identifier", NS)] == ["https://innopub.example.org/articles/cifrovoj-sled-individualnyj-marshrut/"]
    assert dc.findtext("dc:language", namespaces=NS) == "rus"
    assert [e.text for e in dc.findall("dc:type", NS)] == ["Text", "статья сборника"]
    assert "цифровой след" in [e.text for e in dc.findall("dc:subject", NS)]
    assert dc.findtext("dc:description", namespaces=NS).startswith("В статье описан опыт МБОУ «СОШ № 7»")


def test_newest_first_and_the_limit_keeps_the_newest(tmp_path):
    root = project(tmp_path / "site", ROOT / "content")
    full = assert_valid(OAI, repository(root).data).getroot()
    dates = [d.text for d in full.findall(".//oai:header/oai:datestamp", NS)]
    assert dates == sorted(dates, reverse=True)
    cut = repository(root, limit=3)
    assert (cut.records, cut.left_out) == (3, 26)
    kept = assert_valid(OAI, cut.data).getroot()
    assert [d.text for d in kept.findall(".//oai:header/oai:datestamp", NS)] == dates[:3]


def test_doi_is_an_identifier_when_a_prefix_is_set(tmp_path):
    result = repository(project(tmp_path / "site", ROOT / "content", '      publication: {doi_prefix: "10.5555"}\n'))
    root = assert_valid(OAI, result.data).getroot()
    identifiers = [e.text for e in root.findall(".//dc:identifier", NS)]
    assert "https://doi.org/10.5555/sbornik-konferencii-2024.cifrovoj-sled-individualnyj-marshrut" in identifiers
    assert "https://doi.org/10.5555/sbornik-konferencii-2024" in identifiers
    assert not any("dajdzhest" in i and "doi.org" in i for i in identifiers)  # a digest gets no DOI


def test_none_without_an_address_or_an_email(tmp_path):
    root = project(tmp_path / "a", ROOT / "content")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_url: https://innopub.example.org/\n", ""), encoding="utf-8")
    assert repository(root) is None  # no address: nothing to name the records by
    root = project(tmp_path / "b", ROOT / "content")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("      opendata:\n")
    end = text.index("email: opendata@imc-sokol.example.ru\n") + len("email: opendata@imc-sokol.example.ru\n")
    config.write_text(text[:start] + text[end:], encoding="utf-8")
    assert repository(root) is None  # no administrator's e-mail, which Identify requires


@pytest.mark.slow
def test_a_site_of_5001_records_keeps_the_newest_5000_and_says_so(tmp_path):
    files = {
        "collections/sbornik.md": "---\ntitle: Сборник\nkind: conference\ndate: 2020-01-01\neditors: [Иванова Елена Андреевна]\n---\n",
    }
    for n in range(5000):  # dated 2020-01-02 … : the collection, of 2020-01-01, is the oldest
        day = f"20{21 + n // 336:02d}-{1 + n // 28 % 12:02d}-{1 + n % 28:02d}"
        files[f"articles/a{n:04d}.md"] = f"---\ntitle: Статья {n}\ndate: {day}\nauthors: [Петров Пётр]\ncollection: sbornik\n---\n\nТекст.\n"
    root = project(tmp_path / "site", files)
    site, model = load(root)
    result = oai_repository(model, site.settings, site.config.site_name, site.config.site_url)
    assert (result.records, result.left_out) == (5000, 1)
    assert outputs.oai_file(model, site.config)[1] == [  # the build's warning, printed by either engine
        "oai.xml: в статический репозиторий OAI-PMH вошли 5000 самых новых записей, не вошли более старые — 1\u00a0запись "
        "(формат допускает не больше 5000 записей; страницы записей на сайте остаются)"
    ]
    tree = assert_valid(OAI, result.data)
    ids = [e.text for e in tree.getroot().findall(".//oai:header/oai:identifier", NS)]
    assert "oai:innopub.example.org:collections/sbornik" not in ids and "oai:innopub.example.org:articles/a0000" in ids
    check = innopub("check", cwd=root)
    assert check.returncode == 0, check.stderr
    assert (
        "Замечание: oai.xml: в статический репозиторий OAI-PMH вошли 5000 самых новых записей, не вошли более старые — 1\u00a0запись "
        "(формат допускает не больше 5000 записей; страницы записей на сайте остаются)."
    ) in check.stderr


def test_a_site_without_records_has_a_repository_dated_without_the_clock(tmp_path):
    result = repository(project(tmp_path / "site", {"about.md": "# О сайте\n"}))
    root = assert_valid(OAI, result.data).getroot()
    assert result.records == 0 and root.find("sr:ListRecords/oai:record", NS) is None
    assert root.findtext("sr:Identify/oai:earliestDatestamp", namespaces=NS) == "1970-01-01"
