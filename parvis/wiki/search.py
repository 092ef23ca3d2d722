"""The wiki's search documents: the title and the plain text of the current version."""

from __future__ import annotations

from django.db.models import QuerySet

from parvis.core.markdown import markdown_to_text
from parvis.search.registry import Document
from parvis.wiki.links import plain_links
from parvis.wiki.models import Article


def article_document(article: Article) -> Document | None:
    if article.current is None:
        return None
    return Document(
        title=article.title,
        text=markdown_to_text(plain_links(article.current.body)),
        space=article.space_id,
        date=article.modified_at,
    )


def searchable_articles() -> QuerySet[Article]:
    return Article.objects.filter(current__isnull=False).select_related("current")
