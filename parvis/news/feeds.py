"""RSS and Atom feeds of news and announcements: town-wide, per space and per tag.

Only public items appear (the same selectors as the pages). The feeds' addresses are
listed by `feed_links()`, which the pages use for their `<link rel="alternate">` and their
visible "subscribe to the feed" links, so every page points at the feeds that match it.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from parvis.core.feeds import FEED_SIZE, FeedLink, FeedSubject, ParvisFeed
from parvis.core.feeds import feed_links as scope_feed_links
from parvis.core.town import current_town
from parvis.news import selectors
from parvis.news.models import Announcement, Article
from parvis.spaces.models import Space
from parvis.tags.models import Tag


class _ScopedFeed(ParvisFeed):
    """News or announcements of the town, a space or a tag."""

    def describe(self, scope_object: Space | Tag | None) -> tuple[str, str, str]:
        raise NotImplementedError

    def _scope_filter(self, subject: FeedSubject) -> dict:
        if isinstance(subject.scope, Space):
            return {"space": subject.scope}
        if isinstance(subject.scope, Tag):
            return {"tag": subject.scope}
        return {}

    def item_categories(self, item: Article | Announcement) -> list[str]:
        return [tag.name for tag in item.tags.all()]


class ArticleFeed(_ScopedFeed):
    guid_kind = "news/article"

    def describe(self, scope_object: Space | Tag | None) -> tuple[str, str, str]:
        town = current_town().name
        if isinstance(scope_object, Space):
            return (
                _("News of %(space)s — %(town)s") % {"space": scope_object.name, "town": town},
                _("The latest news of %(space)s, published by %(town)s.")
                % {"space": scope_object.name, "town": town},
                reverse("news:space_articles", kwargs={"slug": scope_object.slug}),
            )
        if isinstance(scope_object, Tag):
            return (
                _("News tagged “%(tag)s” — %(town)s") % {"tag": scope_object.name, "town": town},
                _("The latest news tagged “%(tag)s”, published by %(town)s.")
                % {"tag": scope_object.name, "town": town},
                reverse("tags:detail", kwargs={"slug": scope_object.slug}),
            )
        return (
            _("News — %(town)s") % {"town": town},
            _("The latest news published by %(town)s.") % {"town": town},
            reverse("news:list"),
        )

    def items(self, subject: FeedSubject) -> list[Article]:
        return selectors.articles_for_feed(**self._scope_filter(subject), limit=FEED_SIZE)

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.lead

    def item_author_name(self, item: Article) -> str:
        return item.space.name if item.space else current_town().name


class AnnouncementFeed(_ScopedFeed):
    guid_kind = "news/announcement"

    def describe(self, scope_object: Space | Tag | None) -> tuple[str, str, str]:
        town = current_town().name
        if isinstance(scope_object, Space):
            return (
                _("Announcements of %(space)s — %(town)s")
                % {"space": scope_object.name, "town": town},
                _("The latest announcements of %(space)s.") % {"space": scope_object.name},
                reverse("news:space_announcements", kwargs={"slug": scope_object.slug}),
            )
        if isinstance(scope_object, Tag):
            return (
                _("Announcements tagged “%(tag)s” — %(town)s")
                % {"tag": scope_object.name, "town": town},
                _("The latest announcements tagged “%(tag)s”.") % {"tag": scope_object.name},
                reverse("tags:detail", kwargs={"slug": scope_object.slug}),
            )
        return (
            _("Announcements — %(town)s") % {"town": town},
            _("The latest announcements of %(town)s and its services.") % {"town": town},
            reverse("news:announcements"),
        )

    def items(self, subject: FeedSubject) -> list[Announcement]:
        return selectors.announcements_for_feed(**self._scope_filter(subject), limit=FEED_SIZE)

    def item_title(self, item: Announcement) -> str:
        return item.headline

    def item_description(self, item: Announcement) -> str:
        return item.text

    def item_author_name(self, item: Announcement) -> str:
        return item.source


#: The streams of this app, as declared in its manifest.
STREAMS = ("articles", "announcements")


def feed_links(*, space: Space | None = None, tag: Tag | None = None) -> list[FeedLink]:
    """The news and announcement feeds matching a page (town-wide, a space's or a tag's)."""
    if space is not None:
        return scope_feed_links("space", space, keys=STREAMS)
    if tag is not None:
        return scope_feed_links("tag", tag, keys=STREAMS)
    return scope_feed_links("town", keys=STREAMS)
