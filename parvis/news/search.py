"""News articles and announcements in the site search.

The publication window goes with each document, so search stops showing an article when
its unpublication time passes, even before the periodic job unpublishes it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet

from parvis.core.markdown import markdown_to_text
from parvis.news.models import Announcement, AnnouncementStatus, Article, ArticleStatus
from parvis.search.registry import Document
from parvis.tags.models import Tag


def _tag_names(obj: Article | Announcement) -> str:
    """The names of its tags, in its document: found by them (and by a renamed tag's new
    name once re-indexed, see `carrying_tags`)."""
    return " ".join(tag.name for tag in obj.tags.all())


def _space_is_public(obj: Article | Announcement) -> bool:
    return obj.space is None or obj.space.is_published


def article_document(article: Article) -> Document:
    tags = _tag_names(article)
    return Document(
        title=article.title,
        text=f"{article.lead}\n{markdown_to_text(article.body)}\n{tags}",
        space=article.space_id,
        date=article.published_at,
        visible_from=article.published_at,
        visible_until=article.unpublish_at,
        public=article.status == ArticleStatus.PUBLISHED and _space_is_public(article),
    )


def announcement_document(announcement: Announcement) -> Document:
    tags = _tag_names(announcement)
    return Document(
        title=f"{announcement.source} — {announcement.headline}",
        text=f"{announcement.text}\n{tags}",
        space=announcement.space_id,
        date=announcement.published_at,
        visible_from=announcement.published_at,
        public=announcement.status == AnnouncementStatus.PUBLISHED
        and _space_is_public(announcement),
    )


def carrying_tags(
    queryset: Callable[[], QuerySet],
) -> Callable[[type[Model], list[Any]], QuerySet | None]:
    """The `dependents` of a type whose documents hold the names of its tags: when a tag is
    renamed or deleted, what carries it is indexed again and found by the new name only
    (`parvis.tags.services`). A tag has no document of its own and is never unindexed, so
    the other use of `dependents` (dropping them with what they follow) does not apply."""

    def dependents(model: type[Model], ids: list[Any]) -> QuerySet | None:
        if not issubclass(model, Tag):
            return None
        return queryset().filter(tags__in=ids).distinct()

    return dependents


def searchable_articles() -> QuerySet[Article]:
    return (
        Article.objects.filter(status=ArticleStatus.PUBLISHED)
        .select_related("space")
        .prefetch_related("tags")
    )


def searchable_announcements() -> QuerySet[Announcement]:
    return (
        Announcement.objects.filter(status=AnnouncementStatus.PUBLISHED)
        .select_related("space")
        .prefetch_related("tags")
    )
