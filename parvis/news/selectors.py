"""Reads about news and announcements; each function bounds its number of queries.

"Visible" is decided here and only here: an article is public when it is published and now
is inside its publication window, whether or not the periodic job has caught up yet.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from parvis.news.models import Announcement, AnnouncementStatus, Article, ArticleStatus
from parvis.spaces.models import Space
from parvis.tags.models import Tag

T = TypeVar("T", Article, Announcement)

#: What a card shows of an article: never the body, which may be long.
_CARD_DEFER = ("body", "author", "created_at", "unpublish_at", "publish_at")
#: What a card, a feed item or an article's page shows of its space: its name and address,
#: never its description nor its boundary, which may be long (and a boundary is parsed as
#: it is read).
_SPACE_DEFER = ("space__description", "space__boundary")


#: Content of a space that is unpublished is not public either (town-wide content has none).
_IN_PUBLIC_SPACE = Q(space__isnull=True) | Q(space__is_published=True)


def visible_articles(*, now: datetime | None = None) -> QuerySet[Article]:
    now = now or timezone.now()
    return Article.objects.filter(
        _IN_PUBLIC_SPACE,
        Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now),
        status=ArticleStatus.PUBLISHED,
        published_at__lte=now,
    )


def visible_announcements(*, now: datetime | None = None) -> QuerySet[Announcement]:
    now = now or timezone.now()
    return Announcement.objects.filter(
        _IN_PUBLIC_SPACE, status=AnnouncementStatus.PUBLISHED, published_at__lte=now
    )


#: Lists and feeds show the newest first; `id` breaks ties between equal dates.
_NEWEST_FIRST = ("-published_at", "-id")


def _scoped(queryset: QuerySet[T], *, space: Space | None, tag: Tag | None) -> QuerySet[T]:
    """`queryset` narrowed to what `space` published and to what carries `tag`, when given."""
    if space is not None:
        queryset = queryset.filter(space=space)
    if tag is not None:
        queryset = queryset.filter(tags=tag)
    return queryset


def _tags_by_name() -> Prefetch:
    return Prefetch("tags", queryset=Tag.objects.order_by("name"))


def article_cards(*, space: Space | None = None, tag: Tag | None = None) -> QuerySet[Article]:
    """Public articles for lists (of `space`, carrying `tag`), newest first: the space's name
    in the same query, the body left unread."""
    return (
        _scoped(visible_articles(), space=space, tag=tag)
        .select_related("space")
        .defer(*_CARD_DEFER, *_SPACE_DEFER)
        .order_by(*_NEWEST_FIRST)
    )


def announcement_cards(
    *, space: Space | None = None, tag: Tag | None = None
) -> QuerySet[Announcement]:
    """Public announcements for lists (of `space`, carrying `tag`), newest first."""
    return (
        _scoped(visible_announcements(), space=space, tag=tag)
        .select_related("space")
        .defer(*_SPACE_DEFER)
        .order_by(*_NEWEST_FIRST)
    )


def article_for_page(*, slug: str) -> Article | None:
    """The public article at `slug` with its space and tags: two queries (its author, whom
    the page does not name, is left unread)."""
    articles = (
        visible_articles()
        .select_related("space")
        .defer(*_SPACE_DEFER)
        .prefetch_related(_tags_by_name())
        .filter(slug=slug)
    )
    return next(iter(articles[:1]), None)


def announcement_for_page(*, pk: int) -> Announcement | None:
    return (
        visible_announcements()
        .select_related("space")
        .prefetch_related(_tags_by_name())
        .filter(pk=pk)
        .first()
    )


def articles_for_feed(*, space: Space | None = None, tag: Tag | None = None, limit: int):
    """The latest public articles with what a feed item shows: two queries."""
    return list(
        _scoped(visible_articles(), space=space, tag=tag)
        .select_related("space")
        .prefetch_related(_tags_by_name())
        .defer("body", *_SPACE_DEFER)
        .order_by(*_NEWEST_FIRST)[:limit]
    )


def announcements_for_feed(
    *, space: Space | None = None, tag: Tag | None = None, limit: int
) -> list[Announcement]:
    return list(
        _scoped(visible_announcements(), space=space, tag=tag)
        .select_related("space")
        .defer(*_SPACE_DEFER)
        .prefetch_related(_tags_by_name())
        .order_by(*_NEWEST_FIRST)[:limit]
    )


def due_article_ids(*, now: datetime) -> list[int]:
    """Scheduled articles whose time has come, oldest first (the job publishes them)."""
    return list(
        Article.objects.filter(status=ArticleStatus.SCHEDULED, publish_at__lte=now)
        .order_by("publish_at", "id")
        .values_list("pk", flat=True)
    )


def expired_article_ids(*, now: datetime) -> list[int]:
    """Published articles whose window has closed (the job unpublishes them)."""
    return list(
        Article.objects.filter(status=ArticleStatus.PUBLISHED, unpublish_at__lte=now)
        .order_by("unpublish_at", "id")
        .values_list("pk", flat=True)
    )


def next_visibility_change(*, now: datetime | None = None) -> datetime | None:
    """The next moment an article or an announcement appears or goes by the clock alone
    (a publication dated ahead, an article's end of publication), or None: the page cache
    keeps no page past it (`parvis.core.pagecache`). Three indexed queries at most."""
    now = now or timezone.now()
    moments = [
        Article.objects.filter(status=ArticleStatus.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first(),
        Article.objects.filter(status=ArticleStatus.PUBLISHED, unpublish_at__gt=now)
        .order_by("unpublish_at")
        .values_list("unpublish_at", flat=True)
        .first(),
        Announcement.objects.filter(status=AnnouncementStatus.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first(),
    ]
    return min((moment for moment in moments if moment is not None), default=None)
