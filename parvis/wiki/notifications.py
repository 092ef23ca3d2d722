"""The message a watcher receives when a page they follow changes (immediately or in their
daily digest, as they chose). Rendered by the notification worker in the recipient's
language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from parvis.core.links import absolute_url
from parvis.core.paths import object_path
from parvis.core.town import current_town
from parvis.notifications.registry import Rendered
from parvis.wiki.models import Revision

if TYPE_CHECKING:
    from parvis.accounts.models import User


def render_article_edited(revision: Revision, recipient: User, language: str) -> Rendered:
    article = revision.article
    diff = object_path("wiki:diff", slug=article.slug)
    context = {
        "town": current_town(),
        "title": article.title,
        "author": revision.author.public_name if revision.author else _("an erased account"),
        "summary": revision.summary,
        "url": absolute_url(article.get_absolute_url()),
        "diff_url": absolute_url(f"{diff}?to={revision.pk}"),
    }
    return (
        _("The wiki page “%(title)s” changed") % {"title": article.title},
        render_to_string("wiki/email/article_edited.txt", context),
        None,
    )
