"""Stage 4c: the Atom feed of new publications, written with feedgenerator (Pelican's).

The feed's ``updated`` is the newest publication's date, never the build time, so the
same content gives a byte-identical feed. Titles are Atom text (the default ``type``); a summary is
plain text in a ``type="html"`` element, so it is HTML-escaped first: a reader shows it, never runs it.
"""

from __future__ import annotations

import datetime as dt
import html
from urllib.parse import urljoin

import feedgenerator

from generator.model.content import ContentModel, Entry


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def atom_feed(model: ContentModel, site_name: str, site_url: str, feed_path: str = "feed.xml", entries: list[Entry] | None = None) -> str:
    """The Atom document of ``entries`` (default: the latest publications)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    items = entries if entries is not None else model.publications()[: model.settings.feed_size]
    feed = feedgenerator.Atom1Feed(
        title=site_name,
        link=base,
        feed_url=urljoin(base, feed_path),
        description=f"Новые публикации: {site_name}",
        language="ru",
        feed_guid=urljoin(base, feed_path),
    )
    for entry in items:
        link = urljoin(base, entry.url)
        authors = [c.person.name for credits in entry.credits.values() for c in credits]
        feed.add_item(
            title=entry.title,
            link=link,
            unique_id=link,
            description=html.escape(entry.summary, quote=False) if entry.summary else entry.summary,
            pubdate=_moment(entry.date),
            updateddate=_moment(entry.date),
            author_name=", ".join(dict.fromkeys(authors)) or None,
            categories=[entry.kind.one, *entry.meta.tags],
        )
    return feed.writeString("utf-8")
