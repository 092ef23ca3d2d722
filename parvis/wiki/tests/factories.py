"""Wiki articles for the tests: a page with a history written straight to the database
(bulk), and residents the patrol rule trusts."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from parvis.accounts.models import User
from parvis.wiki.models import Article, Revision, RevisionKind, RevisionStatus


def trust(user: User) -> User:
    """Make `user` someone whose edits are published at once: an account older than the
    rule's days, with enough published edits (on a sandbox page of their own)."""
    user.date_joined = timezone.now() - timedelta(days=30)
    user.save(update_fields=["date_joined"])
    make_article(f"Brouillon {user.pk}", revisions=3, author=user)
    return user


def make_article(
    title: str = "Place de la Mairie",
    *,
    body: str = "La place de la mairie.",
    revisions: int = 1,
    author: User | None = None,
    slug: str = "",
) -> Article:
    """A public article with `revisions` published revisions (the last one is `body`)."""
    from parvis.wiki.links import title_slug

    start = timezone.now() - timedelta(days=revisions)
    article = Article.objects.create(title=title, slug=slug or title_slug(title))
    rows = []
    for number in range(revisions):
        text = body if number == revisions - 1 else f"{body}\n\nVersion {number}."
        rows.append(
            Revision(
                article=article,
                author=author,
                title=title,
                body=text,
                summary=f"Version {number}",
                kind=RevisionKind.CREATE if number == 0 else RevisionKind.EDIT,
                status=RevisionStatus.PUBLISHED,
                size=len(text),
                created_at=start + timedelta(hours=number),
            )
        )
    Revision.objects.bulk_create(rows)
    last = Revision.objects.filter(article=article).order_by("-created_at", "-id").first()
    article.current = last
    article.modified_at = last.created_at if last else article.modified_at
    article.save(update_fields=["current", "modified_at"])
    return article
