"""Who may do what with news and announcements; the only access rules of this app.

Communication officers write, submit for review, publish and unpublish; administrators hold
every permission anyway; no other role reaches news in the back office.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from parvis.news import selectors
from parvis.news.models import Announcement, Article

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from parvis.accounts.models import User


def can_publish_articles(user: User | AnonymousUser) -> bool:
    return bool(user.has_perm("news.publish_article"))


def can_publish_announcements(user: User | AnonymousUser) -> bool:
    return bool(user.has_perm("news.publish_announcement"))


def get_article_for_visitor(*, slug: str) -> Article:
    """The public article at `slug`, or 404: drafts, scheduled and expired ones are not."""
    article = selectors.article_for_page(slug=slug)
    if article is None:
        raise Http404
    return article


def get_announcement_for_visitor(*, pk: int) -> Announcement:
    announcement = selectors.announcement_for_page(pk=pk)
    if announcement is None:
        raise Http404
    return announcement
