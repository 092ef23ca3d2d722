"""Reads about news and announcements; each function bounds its number of queries.

"Visible" is decided here and only here: an article is public when it is published and now
is inside its publication window, whether or not the periodic job has caught up yet.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from parvis.news.models import Announcement, AnnouncementStatus, Article, ArticleStatus
from parvis.spaces.models import Space
from parvis.tags.models import Tag

#: What a card shows of an article: never the body, which may be long.
_CARD_DEFER = ("body", "author", "created_at", "unpublish_at", "publish_at")


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


def _article_cards(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """For lists: the space's name in the same query, the body left unread."""
    return queryset.select_related("space").defer(*_CARD_DEFER).order_by("-published_at", "-id")


def _announcement_cards(queryset: QuerySet[Announcement]) -> QuerySet[Announcement]:
    return queryset.select_related("space").order_by("-published_at", "-id")


def article_cards() -> QuerySet[Article]:
    return _article_cards(visible_articles())


def article_cards_of_space(*, space: Space) -> QuerySet[Article]:
    return _article_cards(visible_articles().filter(space=space))


def article_cards_with_tag(*, tag: Tag) -> QuerySet[Article]:
    return _article_cards(visible_articles().filter(tags=tag))


def announcement_cards() -> QuerySet[Announcement]:
    return _announcement_cards(visible_announcements())


def announcement_cards_of_space(*, space: Space) -> QuerySet[Announcement]:
    return _announcement_cards(visible_announcements().filter(space=space))


def announcement_cards_with_tag(*, tag: Tag) -> QuerySet[Announcement]:
    return _announcement_cards(visible_announcements().filter(tags=tag))


def article_for_page(*, slug: str) -> Article | None:
    """The public article at `slug` with its space, author and tags: two queries."""
    return (
        visible_articles()
        .select_related("space", "author")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .filter(slug=slug)
        .first()
    )


def announcement_for_page(*, pk: int) -> Announcement | None:
    return (
        visible_announcements()
        .select_related("space")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .filter(pk=pk)
        .first()
    )


def articles_for_feed(*, space: Space | None = None, tag: Tag | None = None, limit: int):
    """The latest public articles with what a feed item shows: two queries."""
    queryset = visible_articles()
    if space is not None:
        queryset = queryset.filter(space=space)
    if tag is not None:
        queryset = queryset.filter(tags=tag)
    return list(
        queryset.select_related("space", "author")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .defer("body")
        .order_by("-published_at", "-id")[:limit]
    )


def announcements_for_feed(
    *, space: Space | None = None, tag: Tag | None = None, limit: int
) -> list[Announcement]:
    queryset = visible_announcements()
    if space is not None:
        queryset = queryset.filter(space=space)
    if tag is not None:
        queryset = queryset.filter(tags=tag)
    return list(
        queryset.select_related("space")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .order_by("-published_at", "-id")[:limit]
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
