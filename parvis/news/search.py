"""News articles and announcements in the site search.

The publication window goes with each document, so search stops showing an article when
its unpublication time passes, even before the periodic job unpublishes it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from parvis.core.markdown import markdown_to_text
from parvis.news.models import Announcement, AnnouncementStatus, Article, ArticleStatus
from parvis.search.registry import Document, searchable


def _space_is_public(obj: Article | Announcement) -> bool:
    return obj.space is None or obj.space.is_published


def article_document(article: Article) -> Document:
    tags = " ".join(tag.name for tag in article.tags.all())
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
    tags = " ".join(tag.name for tag in announcement.tags.all())
    return Document(
        title=f"{announcement.source} — {announcement.headline}",
        text=f"{announcement.text}\n{tags}",
        space=announcement.space_id,
        date=announcement.published_at,
        visible_from=announcement.published_at,
        public=announcement.status == AnnouncementStatus.PUBLISHED
        and _space_is_public(announcement),
    )


searchable(
    Article,
    key="article",
    label=_("News"),
    document=article_document,
    queryset=lambda: (
        Article.objects.filter(status=ArticleStatus.PUBLISHED)
        .select_related("space")
        .prefetch_related("tags")
    ),
    space_field="space",
)
searchable(
    Announcement,
    key="announcement",
    label=_("Announcements"),
    document=announcement_document,
    queryset=lambda: (
        Announcement.objects.filter(status=AnnouncementStatus.PUBLISHED)
        .select_related("space")
        .prefetch_related("tags")
    ),
    space_field="space",
)
