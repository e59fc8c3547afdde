"""The README's recipe, kept by a test: a kind with a vocabulary of its own is one module, one template and one
registration line, and nothing else is edited.

The module and the template below are written into a temporary folder, the module is imported from there and
registered as ``generator/kinds/__init__.py`` registers every kind (``register(module.KIND)``). The new kind is then
validated (a wrong value of its vocabulary gets the Russian «closest allowed value» message), its vocabulary is an
option of ``mkdocs.yml`` and of the MkDocs plugin, it is listed (its registry page, the editors' page), labelled in
the web editor's form and in its open dataset, and its page is drawn by its template. Fast: no site is built.
Every expected value is written here by hand.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
from pathlib import Path

import pytest

from generator.check.validate import validate_documents
from generator.common.problems import Problems
from generator.coordinators.datasets import datasets
from generator.coordinators.kind_datasets import kind_specs, of_kind
from generator.coordinators.opendata import publish
from generator.kinds import KINDS, register
from generator.kinds.base import SITE_ORDER
from generator.model.resolve import build_model
from generator.pages.catalog import nav_sections, site_pages
from generator.pages.guide import guide_context
from generator.read.reader import read_tree
from generator.render.cms import cms_config
from generator.render.renderer import Renderer
from generator.settings.options import OpenData, make_settings
from generator.settings.vocabularies import DECLARED
from tests.conftest import ROOT

MODULE = '''
"""Курс повышения квалификации: a kind of its own, with a vocabulary of its own."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from generator.kinds.base import Kind
from generator.kinds.dataset import Column, KindDataset
from generator.kinds.schema import EntryMeta, IsoDate, Text, Vocab
from generator.settings.vocabularies import Vocabulary

FORMS = Vocabulary("course_forms", ("очно", "дистанционно", "смешанно"), "Формы обучения")


class CourseMeta(EntryMeta):
    form: Annotated[Text, Vocab("course_forms")] = Field(title="Форма обучения", description="форма: очно, дистанционно…")
    date: IsoDate = Field(description="дата начала: ГГГГ-ММ-ДД")
    hours: int = Field(ge=1, title="Объём, часов", description="объём курса в часах")


class Courses(Kind):
    folder = "courses"
    schema = CourseMeta
    one, few, many = "курс", "курса", "курсов"
    registry = "Курсы повышения квалификации"
    nav_group = "Мероприятия"
    vocabularies = (FORMS,)
    dataset = KindDataset(
        "courses",
        "Курсы повышения квалификации",
        "Курсы повышения квалификации педагогов: форма обучения, объём и дата начала.",
        ("повышение квалификации",),
        (Column("title", "Title"), Column("form", "Form of study"), Column("hours", "Hours", format="integer"),
         Column("date", "Start date", format="date")),
    )


KIND = Courses()
'''

TEMPLATE = """{% import "innopub/macros.html" as m with context %}
{% if entry is defined %}{% set e = entry %}{% set meta = entry.meta %}{% endif %}
{% macro before() %}
<div class="innopub-card innopub-card--course">
  <dl>
    {{ m.row(e.kind.label("form"), meta.form) }}
    {{ m.row(e.kind.label("hours"), meta.hours) }}
  </dl>
</div>
{% endmacro %}
{% macro after() %}{{ m.common_after(e) }}{% endmacro %}
"""

GOOD = """---
title: Формирующее оценивание на уроке
form: дистанционно
date: 2024-10-01
hours: 36
---
Программа курса.
"""

WRONG = """---
title: Наставничество в школе
form: дистанционнно
date: 2024-11-05
hours: 72
---
"""

PUBLISHER = OpenData(inn="3525000006", publisher="Управление образования", phone="+7 8172 00-00-00", email="uo@example.ru")


@pytest.fixture
def courses(tmp_path: Path):
    """The recipe's module imported from a temporary folder and registered with the one line the registry has for it;
    taken out of the registries afterwards, so that other tests see the site's own kinds."""
    (tmp_path / "courses.py").write_text(MODULE, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("innopub_recipe_courses", tmp_path / "courses.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    try:
        yield register(module.KIND)  # the one line: generator/kinds/__init__.py registers every kind so
    finally:
        KINDS.pop("courses", None)
        SITE_ORDER[:] = KINDS
        DECLARED.pop("course_forms", None)
        sys.modules.pop(spec.name, None)


def _content(root: Path, files: dict[str, str]) -> Path:
    content = root / "content"
    for rel, text in files.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    return content


def _check(content: Path, options: dict) -> tuple[list, set, Problems]:
    problems = Problems()
    settings = make_settings({"today": "2024-12-01", **options}, "mkdocs.yml")
    documents = read_tree(content, "content", set(KINDS), problems)
    valid, failed = validate_documents(documents, settings, content, problems)
    return valid, failed, problems


def test_a_wrong_value_of_the_kinds_vocabulary_gets_the_closest_allowed_one(courses, tmp_path: Path) -> None:
    content = _content(tmp_path, {"courses/nastavnichestvo.md": WRONG, "courses/otsenivanie.md": GOOD})
    _, failed, problems = _check(content, {})
    assert [(p.path, p.line, p.message) for p in problems.errors] == [
        (
            "content/courses/nastavnichestvo.md",
            3,
            "недопустимое значение «дистанционнно» поля «form» (возможно, «дистанционно»; допустимы: очно, дистанционно, смешанно)",
        )
    ]
    assert failed == {("courses", "nastavnichestvo")}


def test_mkdocs_yml_replaces_the_kinds_vocabulary_by_its_name(courses, tmp_path: Path) -> None:
    from generator.engines.mkdocs.options import plugin_config

    content = _content(tmp_path, {"courses/otsenivanie.md": GOOD})
    _, _, problems = _check(content, {"course_forms": ["очно", "заочно"]})
    assert [p.message for p in problems.errors] == ["недопустимое значение «дистанционно» поля «form» (допустимы: очно, заочно)"]
    config = plugin_config()()
    config.load_dict({"course_forms": ["очно"]})
    assert config.validate() == ([], [])
    assert "course_forms" in [name for name, _ in plugin_config()._schema]


def test_the_kind_is_listed_labelled_and_published(courses, tmp_path: Path) -> None:
    content = _content(tmp_path, {"courses/otsenivanie.md": GOOD})
    valid, failed, problems = _check(content, {})
    settings = make_settings({"today": "2024-12-01"}, "mkdocs.yml")
    model = build_model(valid, failed, settings, content, problems)
    assert problems.errors == []

    # Listed: its registry page and the editors' reference.
    specs = {spec.url: spec for spec in site_pages(model)}
    assert specs["courses/"].title == "Курсы повышения квалификации"
    assert "courses/otsenivanie/" in specs
    events_group = dict(nav_sections(model))["Мероприятия"]  # its nav_group: alone there, the group is its registry
    assert events_group == "courses/index.md"
    guide = guide_context(settings)
    assert ("courses", "курс") in guide["entry_kinds"]
    forms = next(v for v in guide["kind_vocabularies"] if v["name"] == "course_forms")
    assert (forms["title"], forms["field"], forms["folder"], forms["terms"]) == (
        "Формы обучения", "form", "courses", ["очно", "дистанционно", "смешанно"]
    )  # fmt: skip

    # The web editor: a collection, the field's label and the vocabulary as a select.
    collection = next(c for c in cms_config(settings, KINDS)["collections"] if c["name"] == "courses")
    form = next(f for f in collection["fields"] if f["name"] == "form")
    assert (form["label"], form["widget"]) == ("Форма обучения", "select")
    assert [o["value"] for o in form["options"]] == ["очно", "дистанционно", "смешанно"]

    # Its open dataset: id first, page last, the headers its labels.
    assert [spec.name for spec in kind_specs()] == ["courses"]
    [dataset] = datasets(model, "https://uo.example.ru", (of_kind(courses),))
    assert [(c.name, c.russian) for c in dataset.columns] == [
        ("id", "Идентификатор записи на сайте (имя файла)"),
        ("title", "Заголовок"),
        ("form", "Форма обучения"),
        ("hours", "Объём, часов"),
        ("date", "Дата"),
        ("page", "Адрес страницы записи на сайте"),
    ]
    catalogue = publish([dataset], PUBLISHER, "https://uo.example.ru")
    data = next(f for f in catalogue.files() if f.path.endswith(".csv") and "/data-" in f.path)
    assert list(csv.reader(io.StringIO(data.data.decode("utf-8")))) == [
        ["id", "title", "form", "hours", "date", "page"],
        ["otsenivanie", "Формирующее оценивание на уроке", "дистанционно", "36", "2024-10-01", "https://uo.example.ru/courses/otsenivanie/"],
    ]

    # Its page, drawn by its template (the recipe's second file), in a theme folder before the site's.
    theme = tmp_path / "theme"
    (theme / "innopub" / "entry").mkdir(parents=True)
    (theme / "innopub" / "entry" / "courses.html").write_text(TEMPLATE, encoding="utf-8")
    before, _ = Renderer([theme, ROOT / "theme"], model).render_parts(specs["courses/otsenivanie/"], "courses/otsenivanie/")
    assert "<dt>Форма обучения</dt>" in before and "<dd>дистанционно</dd>" in before
    assert "<dt>Объём, часов</dt>" in before and "<dd>36</dd>" in before
