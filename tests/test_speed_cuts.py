"""The warm build's cuts (issue 22) keep every byte: relative links computed without ``posixpath.relpath``'s
``getcwd``, and Material's navigation rendered once per folder for pages outside it
(generator/engines/mkdocs/navcache.py). The whole site's bytes are compared by tests/test_golden.py and
tests/test_determinism.py; here, the cases that decide."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment

from generator.engines.htmlfix import fix_markup
from generator.engines.mkdocs.navcache import cache_navigation
from generator.render.renderer import relative_url


@pytest.mark.parametrize(
    ("target", "base", "expected"),
    [
        ("platforms/a/b/", "platforms/a/", "b/"),
        ("reports/abc/", "reports/a/", "../abc/"),
        ("reports/a/", "reports/abc/", "../a/"),
        ("reports//y/", "platforms/x/", "../../reports/y/"),
        ("./reports/y/", "platforms/x/", "../../reports/y/"),
        ("", "", "./"),
        ("index.html", "reports/y.html", "../index.html"),
        ("reports/y/#m", "reports/y/", "./#m"),
        ("a/../reports/", "platforms/x/", "../../reports/"),
    ],
)
def test_relative_links(target: str, base: str, expected: str) -> None:
    assert relative_url(target, base) == expected


def _site(nav_urls: list[str], template: str = "{{ count() }}{% for i in nav.items %}[{{ rel(i.url, page.url) }}]{% endfor %}"):
    """A Jinja environment with a ``partials/nav.html`` that counts its renders and prints its links relative to
    the page, and a navigation of pages at ``nav_urls``."""
    renders = []
    env = Environment(loader=DictLoader({"partials/nav.html": template}))
    env.globals.update(count=lambda: renders.append(1) or "", rel=relative_url)
    items = [SimpleNamespace(url=url, title=url or "Главная", active=False, children=None) for url in nav_urls]
    nav = SimpleNamespace(items=items)
    cache_navigation(env, nav)
    return env, nav, renders


def _render(env, nav, url: str) -> str:
    return env.get_template("partials/nav.html").render(page=SimpleNamespace(url=url), nav=nav)


def test_pages_of_one_folder_render_the_navigation_once() -> None:
    env, nav, renders = _site(["", "reports/", "monitoring/reports/"])
    first = _render(env, nav, "reports/a/")
    assert first == "[../../][../][../../monitoring/reports/]"
    assert _render(env, nav, "reports/abc/") == first
    assert len(renders) == 1
    assert _render(env, nav, "platforms/x/") == "[../../][../../reports/][../../monitoring/reports/]"
    assert len(renders) == 2


def test_a_page_in_or_above_the_navigation_renders_it_itself() -> None:
    env, nav, renders = _site(["", "reports/", "monitoring/reports/"])
    assert _render(env, nav, "") == "[./][reports/][monitoring/reports/]"  # above every link: the home page
    assert _render(env, nav, "monitoring/") == "[../][../reports/][reports/]"  # above monitoring/reports/
    assert _render(env, nav, "monitoring/") == "[../][../reports/][reports/]"
    assert len(renders) == 3
    nav.items[1].active = True  # the page is in the navigation (MkDocs marks it and its sections active)
    assert _render(env, nav, "reports/") == "[../][./][../monitoring/reports/]"
    assert _render(env, nav, "reports/") == "[../][./][../monitoring/reports/]"
    assert len(renders) == 5


def test_a_title_changed_in_place_renders_the_navigation_again() -> None:
    env, nav, renders = _site(["", "about/"], "{{ count() }}{% for i in nav.items %}[{{ i.title }}]{% endfor %}")
    assert _render(env, nav, "reports/a/") == "[Главная][about/]"
    nav.items[1].title = "О проекте"  # a preview re-read the page's new title
    assert _render(env, nav, "reports/b/") == "[Главная][О проекте]"
    assert len(renders) == 2


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            '<label class="l" for="keep">k</label><p id="keep"></p><label for="gone">g</label>',
            '<label class="l" for="keep">k</label><p id="keep"></p><label>g</label>',
        ),
        ('<p data-id="toc">x</p><label for="toc">t</label>', '<p data-id="toc">x</p><label>t</label>'),  # not an id
        ('<p>data-id="x id="b"</p><label for="b">t</label>', '<p>data-id="x id="b"</p><label for="b">t</label>'),
        ('<p\tid="t"></p><label for="t">t</label>', '<p\tid="t"></p><label for="t">t</label>'),
        ('id="first"<label for="first">t</label>', 'id="first"<label>t</label>'),  # no space before: not an id
        ('<p data-id="b"></p><p id="b"></p><label for="b">t</label>', '<p data-id="b"></p><p id="b"></p><label for="b">t</label>'),  # the second
    ],
)
def test_labels_keep_for_only_with_their_id(page: str, expected: str) -> None:
    assert fix_markup(page) == expected
