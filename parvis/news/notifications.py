"""The messages followers receive when news or an announcement is published.

`render` is called by the notification worker with the recipient's language active, so
the texts and the links (with their language prefix) are the recipient's. The outbox adds
why the person receives the message and how to stop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from parvis.core.links import absolute_url
from parvis.core.town import current_town
from parvis.news.models import Announcement, Article
from parvis.notifications.registry import Rendered

if TYPE_CHECKING:
    from parvis.accounts.models import User


def render_article_published(article: Article, recipient: User, language: str) -> Rendered:
    context = {
        "article": article,
        "url": absolute_url(article.get_absolute_url()),
        "town": current_town(),
    }
    subject = _("News from %(town)s: %(title)s") % {
        "town": current_town().name,
        "title": article.title,
    }
    return (
        subject,
        render_to_string("news/email/article_published.txt", context),
        render_to_string("news/email/article_published.html", context),
    )


def render_announcement_published(
    announcement: Announcement, recipient: User, language: str
) -> Rendered:
    context = {
        "announcement": announcement,
        "url": absolute_url(announcement.get_absolute_url()),
        "town": current_town(),
    }
    subject = _("Announcement from %(source)s: %(headline)s") % {
        "source": announcement.source,
        "headline": announcement.headline,
    }
    return (
        subject,
        render_to_string("news/email/announcement_published.txt", context),
        render_to_string("news/email/announcement_published.html", context),
    )
