"""Reads of the wiki, each page's in a number of queries independent of the data: the
public articles, one article with its current text, its history (paged), the recent
changes (paged, filtered), categories, the watch list, and what waits for patrol."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from parvis.wiki.models import (
    Article,
    Redirect,
    Revision,
    RevisionKind,
    RevisionStatus,
    WikiCategory,
)

if TYPE_CHECKING:
    from parvis.accounts.models import User

#: The filters of the recent changes (`?kind=`).
CHANGE_FILTERS = ("new", "edit", "revert", "rename")


def public_articles() -> QuerySet[Article]:
    """Articles with a published text."""
    return Article.objects.filter(current__isnull=False)


def article_for_page(slug: str) -> Article | None:
    return (
        public_articles()
        .select_related("current", "current__author", "space")
        .filter(slug=slug)
        .first()
    )


def article_any(slug: str) -> Article | None:
    """An article public or not (a first version waiting for patrol), for its author and
    patrollers."""
    return Article.objects.select_related("current", "space").filter(slug=slug).first()


def redirect_target(slug: str) -> Article | None:
    redirect = (
        Redirect.objects.select_related("article")
        .filter(old_slug=slug, article__current__isnull=False)
        .first()
    )
    return redirect.article if redirect is not None else None


def article_categories(article: Article) -> list[WikiCategory]:
    return list(article.categories.order_by("name", "id"))


def article_index() -> QuerySet[Article]:
    return public_articles().only("title", "slug", "modified_at").order_by("title", "id")


def history(article: Article, *, with_pending: bool = False) -> QuerySet[Revision]:
    """The article's revisions, newest first: published ones, and for patrollers and
    authors the others too (pending, rejected)."""
    revisions = Revision.objects.filter(article=article)
    if not with_pending:
        revisions = revisions.filter(status=RevisionStatus.PUBLISHED)
    return revisions.select_related("author").defer("body").order_by("-created_at", "-id")


def revision_of(article: Article, pk: int | str) -> Revision | None:
    try:
        number = int(pk)
    except (TypeError, ValueError):
        return None
    return Revision.objects.select_related("author").filter(article=article, pk=number).first()


def recent_changes(*, kind: str = "", category: WikiCategory | None = None) -> QuerySet[Revision]:
    """Published revisions of every public article, newest first, of one kind if given
    ("new" pages, edits, reverts, renames), of one category's articles if given."""
    changes = Revision.objects.filter(
        status=RevisionStatus.PUBLISHED, article__current__isnull=False
    )
    if kind == "new":
        changes = changes.filter(kind=RevisionKind.CREATE)
    elif kind in CHANGE_FILTERS:
        changes = changes.filter(kind=kind)
    if category is not None:
        changes = changes.filter(article__categories=category)
    return (
        changes.select_related("article", "author")
        .defer("body", "article__title")
        .order_by("-created_at", "-id")
    )


def category_by_slug(slug: str) -> WikiCategory | None:
    return WikiCategory.objects.filter(slug=slug).first()


def category_articles(category: WikiCategory) -> QuerySet[Article]:
    return article_index().filter(categories=category)


def categories() -> QuerySet[WikiCategory]:
    return WikiCategory.objects.filter(articles__current__isnull=False).distinct().order_by("name")


def watched_changes(user: User) -> QuerySet[Revision]:
    """The published changes of the articles `user` follows, newest first."""
    from django.contrib.contenttypes.models import ContentType

    from parvis.notifications.models import Subscription

    watched = Subscription.objects.filter(
        user=user, target_type=ContentType.objects.get_for_model(Article)
    ).values("target_id")
    return recent_changes().filter(article_id__in=watched)


def pending_revisions() -> QuerySet[Revision]:
    """Edits waiting for a patroller, with their article and author (the moderation
    queue's "Waiting for review" tab)."""
    return (
        Revision.objects.filter(status=RevisionStatus.PENDING)
        .select_related("article", "author")
        .defer("body")
        .order_by("created_at", "id")
    )


def pending_summary(revision: Revision) -> str:
    summary = revision.summary or gettext("No summary given.")
    return gettext("Edit of %(size)s characters (%(delta)+d): %(summary)s") % {
        "size": revision.size,
        "delta": revision.delta,
        "summary": summary,
    }


def pending_context(revision: Revision) -> str:
    return gettext("An edit of the wiki page “%(title)s”") % {"title": revision.article.title}


def pending_for_article(article: Article, user: User | None) -> QuerySet[Revision]:
    """Pending revisions of `article` a patroller (all) or an author (theirs) sees."""
    revisions = Revision.objects.filter(article=article, status=RevisionStatus.PENDING)
    if user is None:
        return revisions
    return revisions.filter(Q(author=user))
