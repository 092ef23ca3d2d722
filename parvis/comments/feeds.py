"""RSS and Atom feeds of published comments: town-wide and per space.

A comment is in a feed while it is published (visible, not deleted) and what it comments is
public: a hidden, waiting or deleted comment, or one on an unpublished article, is in none.
`feed_links()` gives the addresses a page offers (`<link rel="alternate">` and visible links).
"""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from parvis.comments import selectors
from parvis.comments.models import Comment
from parvis.core.feeds import FEED_SIZE, FeedLink, FeedSubject, ParvisFeed
from parvis.core.feeds import feed_links as scope_feed_links
from parvis.core.markdown import render_markdown
from parvis.core.town import current_town
from parvis.spaces.models import Space


def _describe(space: Space | None) -> tuple[str, str, str]:
    """Title, description and page of the feed of `space`'s comments (or the town's)."""
    town = current_town().name
    if space is not None:
        return (
            _("Comments in %(space)s — %(town)s") % {"space": space.name, "town": town},
            _("The latest comments of residents in %(space)s.") % {"space": space.name},
            space.get_absolute_url(),
        )
    return (
        _("Comments — %(town)s") % {"town": town},
        _("The latest comments of residents of %(town)s.") % {"town": town},
        reverse("home"),
    )


def _author_name(comment: Comment) -> str:
    return comment.author.public_name if comment.author is not None else _("A former resident")


class CommentFeed(ParvisFeed):
    guid_kind = "comments/comment"

    def describe(self, scope_object: Space | None) -> tuple[str, str, str]:
        return _describe(scope_object)

    def items(self, subject: FeedSubject) -> list[Comment]:
        return selectors.comments_for_feed(space=subject.scope, limit=FEED_SIZE)

    def item_title(self, item: Comment) -> str:
        return _("%(name)s on “%(title)s”") % {"name": _author_name(item), "title": item.target}

    def item_description(self, item: Comment) -> str:
        # Sanitised HTML, as on the page: feed readers read the description as HTML.
        return str(render_markdown(item.body))

    def item_author_name(self, item: Comment) -> str:
        return _author_name(item)

    def item_pubdate(self, item: Comment) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Comment) -> datetime:
        return item.edited_at or item.created_at


def feed_links(*, space: Space | None = None) -> list[FeedLink]:
    """The comments feed matching a page: its space's, or the town's."""
    if space is not None:
        return scope_feed_links("space", space, keys=("comments",))
    return scope_feed_links("town", keys=("comments",))
