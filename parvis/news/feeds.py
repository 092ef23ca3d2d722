"""RSS and Atom feeds of news and announcements: town-wide, per space and per tag.

Only public items appear (the same selectors as the pages). The feeds' addresses are
listed by `feed_links()`, which the pages use for their `<link rel="alternate">` and their
visible "subscribe to the feed" links, so every page points at the feeds that match it.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from parvis.core.feeds import FEED_SIZE, FeedLink, FeedSubject, ParvisFeed
from parvis.core.feeds import feed_links as scope_feed_links
from parvis.core.town import current_town
from parvis.news import selectors
from parvis.news.models import Announcement, Article
from parvis.spaces.models import Space
from parvis.tags.models import Tag


class _ScopedFeed(ParvisFeed):
    """News or announcements of the town, a space or a tag.

    Each stream says, for each scope, its feed's title and description (lazy, with the
    placeholders `town`, `space`, `tag`) and the page a reader opens to see the same items.
    """

    town_words: tuple[Promise, Promise]
    space_words: tuple[Promise, Promise]
    tag_words: tuple[Promise, Promise]
    #: The URL name of the town's list, and of a space's (which takes the space's slug).
    town_page: str
    space_page: str

    def describe(self, scope_object: Space | Tag | None) -> tuple[str, str, str]:
        town = current_town().name
        if isinstance(scope_object, Space):
            words, values = self.space_words, {"space": scope_object.name, "town": town}
            page = reverse(self.space_page, kwargs={"slug": scope_object.slug})
        elif isinstance(scope_object, Tag):
            words, values = self.tag_words, {"tag": scope_object.name, "town": town}
            page = reverse("tags:detail", kwargs={"slug": scope_object.slug})
        else:
            words, values = self.town_words, {"town": town}
            page = reverse(self.town_page)
        title, description = words
        return str(title) % values, str(description) % values, page

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
    town_words = (
        _("News — %(town)s"),
        _("The latest news published by %(town)s."),
    )
    space_words = (
        _("News of %(space)s — %(town)s"),
        _("The latest news of %(space)s, published by %(town)s."),
    )
    tag_words = (
        _("News tagged “%(tag)s” — %(town)s"),
        _("The latest news tagged “%(tag)s”, published by %(town)s."),
    )
    town_page = "news:list"
    space_page = "news:space_articles"

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
    town_words = (
        _("Announcements — %(town)s"),
        _("The latest announcements of %(town)s and its services."),
    )
    space_words = (
        _("Announcements of %(space)s — %(town)s"),
        _("The latest announcements of %(space)s."),
    )
    tag_words = (
        _("Announcements tagged “%(tag)s” — %(town)s"),
        _("The latest announcements tagged “%(tag)s”."),
    )
    town_page = "news:announcements"
    space_page = "news:space_announcements"

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
