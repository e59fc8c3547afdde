"""Hostile content in the files indexes load: eLIBRARY XML, the Crossref deposit, the OAI-PMH repository (issue 24).

Titles, names, abstracts, keywords and references carry markup, ``&``, ``]]>``, entity-like text and the longest
values ``innopub check`` lets through; a body carries control characters XML 1.0 forbids; authors come without a
position, without an organization, as one word. Every file must stay well-formed, valid against its schema, with no
DOCTYPE or entity, and hand the text back as written (less the forbidden characters).
"""

from __future__ import annotations

from pathlib import Path

from generator.editions.crossref import crossref_xml
from generator.editions.elibrary import elibrary_xml
from generator.editions.typeset import Output
from generator.render.oai import oai_repository
from generator.settings.config import load_config
from generator.site.site import Site
from tests.conftest import project
from tests.fixtures.xmlschemas import CROSSREF, ELIBRARY, OAI, assert_valid

PAYLOAD = "<script>alert(1)</script> & &amp; &lt;b&gt; &#0; &x; ]]> <![CDATA[x]]> <!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]> &e;"
TITLE = ("Заглавие " + PAYLOAD + " ")[:60] + "я" * 440  # 500 characters: the longest title the check takes
NAME = "Ёжиков-Сидоров? Иван2 <b>Петрович</b> & ]]>"
LONG_NAME = "Щ" * 70 + " " + "Ю" * 79  # 150 characters, more than Crossref's 60 for a surname
SITE = "https://innopub.example.org/"


def files() -> dict[str, str]:
    quoted = PAYLOAD.replace("'", "''")
    return {
        "collections/c.md": (
            f"---\ntitle: '{quoted}'\nkind: conference\ndate: 2024-05-20\neditors: ['{NAME}']\n"
            f"isbn: 'не ISBN <x>'\nudk: '37 & <udk>'\npublisher: '{quoted}'\ncity: '<Город>'\n---\n"
        ),
        "articles/a.md": (
            f"---\ntitle: '{TITLE}'\ndate: 2024-05-20\n"
            f"authors: ['{NAME}', '{LONG_NAME}', Аристотель, {{name: Петров Пётр, organization: '{quoted}'}}]\n"
            f"collection: c\nabstract: '{quoted}'\nkeywords: ['&amp;', ']]>', '<k>']\nreferences: ['{quoted}']\n---\n\n"
            "Текст \x01с управляющими\x0b символами\x1b и ]]> &amp; <script>x</script>.\n"
        ),
    }


def test_hostile_fields_stay_text_in_every_format(tmp_path):
    root = project(tmp_path / "site", files(), '      publication: {elibrary_titleid: "1", doi_prefix: "10.5555"}\n')
    site = Site(load_config(root / "mkdocs.yml"))
    model = site.require()
    collection = model.entries["collections"][0]
    out = Output(collection, Path("unused.pdf"), Path("unused.epub"), 4, {"articles/a": (3, 4)})
    publication = site.settings.publication

    journal = assert_valid(ELIBRARY, elibrary_xml(collection, out, model, publication, PAYLOAD, SITE)).getroot()
    article = journal.find("issue/articles/article")
    assert article.findtext("artTitles/artTitle") == TITLE
    assert journal.findtext("issue/issTitle") == PAYLOAD
    assert journal.findtext("journalInfo/title") == PAYLOAD
    assert article.findtext("abstracts/abstract") == PAYLOAD
    assert [k.text for k in article.findall("keywords/kwdGroup/keyword")] == ["&amp;", "]]>", "<k>"]
    assert article.findtext("references/reference/refInfo/text") == PAYLOAD
    assert article.findtext("text") == "Текст с управляющими символами и ]]> & x."  # Markdown's text: tags dropped, entities read
    authors = article.findall("authors/author")
    assert [(a.findtext("individInfo/surname"), a.findtext("individInfo/initials")) for a in authors] == [
        ("Ёжиков-Сидоров?", "И.<.&.]."),  # each word after the first gives its first character
        ("Щ" * 70, "Ю."),
        ("Аристотель", None),  # one word: no initials
        ("Петров", "П."),
    ]
    assert authors[0].find("individInfo/orgName") is None and authors[0].find("individInfo/otherInfo") is None
    assert authors[3].findtext("individInfo/orgName") == PAYLOAD

    deposit = crossref_xml(collection, out, site.settings, PAYLOAD, SITE)
    tree = assert_valid(CROSSREF, deposit)
    ns = {"c": "http://www.crossref.org/schema/5.3.1"}
    paper = tree.getroot().find(".//c:conference_paper", ns)
    assert paper.findtext("c:titles/c:title", namespaces=ns) == TITLE
    assert tree.getroot().find(".//c:proceedings_metadata/c:noisbn", ns) is not None  # «не ISBN» is no ISBN
    surnames = [s.text for s in paper.findall(".//c:surname", ns)]
    assert surnames == ["Ёжиков-Сидоров", "Щ" * 59 + "…", "Аристотель", "Петров"]  # Crossref: no «?», no digits, 60 at most

    repository = oai_repository(model, site.settings, PAYLOAD, SITE)
    records = assert_valid(OAI, repository.data).getroot()
    dc = {"dc": "http://purl.org/dc/elements/1.1/"}
    assert TITLE in [t.text for t in records.findall(".//dc:title", dc)]
    assert NAME in [c.text for c in records.findall(".//dc:creator", dc)]


def test_a_body_of_forbidden_characters_only(tmp_path):
    body = "".join(chr(c) for c in range(1, 32) if chr(c) not in "\t\n\r")
    root = project(tmp_path / "site", {**files(), "articles/a.md": files()["articles/a.md"].split("\n---\n")[0] + "\n---\n\n" + body + "\n"},
                   '      publication: {elibrary_titleid: "1"}\n')  # fmt: skip
    site = Site(load_config(root / "mkdocs.yml"))
    model = site.require()
    collection = model.entries["collections"][0]
    out = Output(collection, Path("unused.pdf"), Path("unused.epub"), 4, {"articles/a": (3, 4)})
    journal = assert_valid(ELIBRARY, elibrary_xml(collection, out, model, site.settings.publication, "Сайт", SITE)).getroot()
    assert journal.findtext("issue/articles/article/text")  # never an empty element: the title stands in
