"""Material's navigation (the sidebar ``partials/nav.html`` and the tabs ``partials/tabs.html``) rendered once per folder.

Material renders the whole navigation into every page: at 1,000 entries a seventh of a build went to rendering the
same few dozen links 2,300 times. For a page that is not in the navigation (every entry, author, term and archive
page) nothing in it is active and no link of it lies under the page, so what the partial prints depends only on the
folder the page is in (its links are relative to the page, and MkDocs' ``url`` filter strips what the page's address
and the link's share) and on the items' titles (a preview re-reads an edited page's title into the same navigation):
the first page of a folder renders it, the others take those bytes. A page in the navigation,
or above a link of it (the home page), and a page without one (404) render it as Material does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

PARTIALS = ("partials/nav.html", "partials/tabs.html")


def _items(items: list) -> Iterator[Any]:
    for item in items:
        yield item
        yield from _items(getattr(item, "children", None) or [])


def cache_navigation(env: Any, nav: Any) -> None:
    """Make ``env``'s navigation partials render once per folder for the pages outside ``nav`` (see above)."""
    if nav is None:
        return
    items = list(_items(nav.items))
    urls = [item.url for item in items if getattr(item, "url", None) is not None]
    for name in PARTIALS:
        try:
            template = env.get_template(name)
        except Exception:  # a theme without it: nothing to cache
            continue
        template.root_render_func = _cached(template.root_render_func, items, urls)


def _cached(render, items: list, urls: list[str]):
    rendered: dict[tuple, str] = {}

    def key(context) -> tuple | None:
        page = context.get("page")
        url = getattr(page, "url", None)
        if not isinstance(url, str) or not url or context.get("nav") is None:
            return None
        if any(item.active for item in items) or any(link.startswith(url) for link in urls):
            return None
        folder = url.rstrip("/").rpartition("/")[0]
        titles = tuple(getattr(item, "title", None) for item in items)  # a preview re-reads a page's title in place
        return (folder, url.endswith("/"), url.count("/"), titles)

    def root(context) -> Iterator[str]:
        found = key(context)
        if found is None:
            yield from render(context)
            return
        if found not in rendered:
            rendered[found] = "".join(render(context))
        yield rendered[found]

    return root
