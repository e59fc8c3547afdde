"""The control page split into pages, and an organization's points capped (issue 19, item 8): one decision of 10,000
points had made a 22 MB control page and 8 MB organization pages.

The synthetic tree of tests/fixtures/decisions.py, rendered by the theme's templates without MkDocs, with a page of three
points (``page_size: 3``). Its open points on 2025-03-10, in the control's order, are worked out by hand there:
resh 6.1, resh 1, new 2, new 1, resh 4, resh 3, resh 5; lifted: old 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.model.content import ContentModel
from generator.model.load import load_content
from generator.pages.catalog import PageSpec, site_pages
from generator.render.renderer import Renderer
from generator.settings.options import make_settings
from tests.conftest import ROOT, write_files
from tests.fixtures.decisions import DAY, TREE

OLDER = """---
title: Приказ о кадрах
kind: приказ
date: 2024-08-01
issuer: org-a
items:
  - text: Пункт М
    responsible: [org-b]
    due: 2024-12-01
  - text: Пункт Н
    responsible: [org-b]
    due: 2024-12-02
  - text: Пункт О
    responsible: [org-b]
---
"""
NEWER = "---\ntitle: Приказ о кадрах, новый\nkind: приказ\ndate: 2024-09-02\nissuer: org-a\nsupersedes: older\n---\n"


def model_of(root: Path, files: dict[str, str], page_size: int | None) -> ContentModel:
    write_files(root / "content", files)
    options = {"today": DAY} | ({"page_size": page_size} if page_size else {})
    model, problems = load_content(root / "content", make_settings(options, "test"))
    assert not problems.errors, problems.report()
    return model


def rendered(model: ContentModel, prefix: str = "control", only: set[str] | None = None) -> dict[str, BeautifulSoup]:
    """Every page whose virtual file starts with ``prefix`` (or is one of ``only``), by address, as a reader gets its part of it."""
    renderer = Renderer([ROOT / "theme"], model)
    found = {}
    for spec in site_pages(model):
        if spec.path in only if only is not None else spec.path.startswith(prefix):
            before, after = renderer.render_parts(PageSpec(spec.path, spec.title, spec.template, spec.full_context(), spec.body), spec.url)
            found[spec.url] = BeautifulSoup(before + after, "lxml")
    return found


def rows(page: BeautifulSoup) -> list[str]:
    """The points a page's control table lists, as «decision id, point number»."""
    found = []
    for tr in page.select("table tbody tr"):
        link = tr.select_one('td[data-label="Решение"] a')["href"]
        number = tr.select_one('td[data-label="Решение"] .innopub-item__meta').get_text().rsplit("пункт ", 1)[1]
        found.append(f"{link.split('/')[-2].split('#')[0]} {number}")
    return found


def links(page: BeautifulSoup, selector: str) -> list[str]:
    return [a["href"] for a in page.select(selector)]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> ContentModel:
    return model_of(tmp_path_factory.mktemp("control-pages"), TREE, 3)


def test_a_short_control_is_one_page_as_before(tmp_path: Path) -> None:
    model = model_of(tmp_path, TREE, None)  # page_size 100
    pages = rendered(model)
    assert list(pages) == ["control/"]
    page = pages["control/"]
    assert page.select_one("form[data-innopub-control-filter]") is not None
    assert rows(page)[:3] == ["resh 6.1", "resh 1", "new 2"] and len(page.select("table")) == 3  # all, then by kind: 5 + 2
    assert page.select_one(".innopub-pager") is None
    org = rendered(model, "organizations/org-a")["organizations/org-a/"]
    assert len(org.select("#points ~ div table tbody tr")) == 6 and org.select_one(".innopub-more") is None


def test_a_long_control_is_split_into_pages(small: ContentModel) -> None:
    pages = rendered(small)
    assert sorted(pages) == [
        "control/",
        "control/-/kind/prikaz/",
        "control/-/kind/reshenie-kollegii/",
        "control/-/kind/reshenie-kollegii/page/2/",
        "control/-/organization/org-a/",
        "control/-/organization/org-a/page/2/",
        "control/-/organization/org-b/",
        "control/page/2/",
        "control/page/3/",
    ]
    assert [rows(pages[u]) for u in ("control/", "control/page/2/", "control/page/3/")] == [
        ["resh 6.1", "resh 1", "new 2"],
        ["new 1", "resh 4", "resh 3"],
        ["resh 5"],
    ]
    first = pages["control/"]
    lead = first.select_one(".innopub-lead").get_text(" ", strip=True)
    assert lead.startswith("На контроле 7\u00a0пунктов из 2\u00a0решений, из них просрочено: 3") and lead.endswith("Страница 1 из 3"), lead
    assert first.select_one("form[data-innopub-control-filter]") is None  # it would filter one page only
    assert first.select_one("#by-kind") is None  # the kinds have pages of their own
    nav = ".innopub-control-nav a"
    assert links(first, nav) == ["-/kind/reshenie-kollegii/", "-/kind/prikaz/", "-/organization/org-a/", "-/organization/org-b/"]
    assert links(first, ".innopub-pager a[rel=next]") == ["page/2/"]
    second = pages["control/page/2/"]
    assert links(second, nav) == ["../../-/kind/reshenie-kollegii/", "../../-/kind/prikaz/", "../../"]  # organizations: on page 1
    assert links(second, ".innopub-pager a[rel=prev]") == ["../../"]
    assert [h.get_text() for h in first.select("h2")] == ["Открытые пункты", "Сняты с контроля"]
    assert second.select_one("#lifted") is None


def test_each_kind_and_organization_has_its_own_pages(small: ContentModel) -> None:
    pages = rendered(small)
    assert rows(pages["control/-/kind/reshenie-kollegii/"]) == ["resh 6.1", "resh 1", "resh 4"]
    assert rows(pages["control/-/kind/reshenie-kollegii/page/2/"]) == ["resh 3", "resh 5"]
    assert rows(pages["control/-/kind/prikaz/"]) == ["new 2", "new 1"]
    assert rows(pages["control/-/organization/org-a/"]) == ["resh 1", "new 2", "new 1"]
    assert rows(pages["control/-/organization/org-a/page/2/"]) == ["resh 3"]
    assert rows(pages["control/-/organization/org-b/"]) == ["resh 6.1", "resh 5"]
    kind = pages["control/-/kind/reshenie-kollegii/"]
    assert kind.select_one(".innopub-lead").get_text(" ", strip=True).startswith("Контроль исполнения · 5\u00a0пунктов, из них просрочено: 2")
    assert links(kind, ".innopub-toc a") == ["./", "../prikaz/"]
    assert kind.select_one(".innopub-toc a[aria-current]").get_text(" ", strip=True).startswith("Решение коллегии")
    org = pages["control/-/organization/org-a/"]
    assert links(org, "p a")[:2] == ["../../../", "../../../../organizations/org-a/"]


def test_an_organizations_page_shows_a_page_of_points_and_links_the_rest(small: ContentModel) -> None:
    org_a = rendered(small, "organizations/org-a")["organizations/org-a/"]
    assert len(org_a.select("#points ~ div table tbody tr")) == 3  # of 6: resh 1, new 2, new 1 (open first)
    more = org_a.select_one(".innopub-more")
    assert more.get_text(" ", strip=True).startswith("Показаны первые 3 из 6.")
    assert links(more, "a") == ["../../control/-/organization/org-a/"]
    assert rendered(small, "organizations/org-b")["organizations/org-b/"].select_one(".innopub-more") is None  # 3 points: all shown


def test_lifted_points_have_pages_of_their_own_when_many(tmp_path: Path) -> None:
    model = model_of(tmp_path, {**TREE, "decisions/older.md": OLDER, "decisions/newer.md": NEWER}, 3)
    pages = rendered(model)
    assert [u for u in pages if "lifted" in u] == ["control/-/lifted/", "control/-/lifted/page/2/"]
    # lifted by date of due, then undated: older 1 (1 Dec), older 2 (2 Dec), old 1 (1 Dec 2024 too: the later decision), older 3
    assert rows(pages["control/-/lifted/"]) + rows(pages["control/-/lifted/page/2/"]) == ["older 1", "old 1", "older 2", "older 3"]
    first = pages["control/"]
    assert links(first, "#lifted + p a") == ["-/lifted/"] and first.select_one("#lifted ~ ul") is None


def test_at_10000_points_no_page_is_large(tmp_path: Path) -> None:
    """20 decisions of 500 points, every one of them given to one organization (the limit: 500 points a decision)."""
    files = {k: v for k, v in TREE.items() if k.startswith("organizations/")}
    for d in range(20):
        head = f"---\ntitle: Решение {d}\nkind: решение коллегии\ndate: 2025-01-{d + 1:02d}\nissuer: org-a\nitems:\n"
        point = "  - text: Пункт {n} о длинном поручении школам округа\n    responsible: [org-a]\n    due: 2025-03-01\n"
        points = "".join(point.format(n=n) for n in range(500))
        files[f"decisions/d{d}.md"] = head + points + "---\n"
    model = model_of(tmp_path, files, None)
    paths = [spec.path for spec in site_pages(model) if spec.path.startswith("control")]
    assert len(paths) == 100 + 100 + 100  # the control's pages, the kind's, org-a's: 100 points each
    lasts = {"control/page/100.md", "control/-/kind/reshenie-kollegii/page/100.md", "control/-/organization/org-a/page/100.md"}
    assert lasts <= set(paths)
    largest = {"control.md", "control/page/100.md", "control/-/kind/reshenie-kollegii.md", "control/-/organization/org-a.md"}
    largest.add("organizations/org-a.md")
    pages = rendered(model, only=largest)
    assert len(pages) == 5
    for url, page in pages.items():
        assert len(page.select("table tbody tr")) == 100, url
        assert len(str(page)) < 150_000, (url, len(str(page)))  # 22 MB and 8 MB before
