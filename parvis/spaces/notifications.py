"""The message a space's followers receive when a new page is published in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from parvis.core.links import absolute_url
from parvis.core.markdown import markdown_to_text
from parvis.notifications.registry import Rendered
from parvis.spaces.models import SpacePage

if TYPE_CHECKING:
    from parvis.accounts.models import User

#: Characters of the page's text quoted in the e-mail.
EXCERPT = 400


def render_page_published(page: SpacePage, recipient: User, language: str) -> Rendered:
    text = markdown_to_text(page.body)
    if len(text) > EXCERPT:
        text = text[:EXCERPT].rsplit(" ", 1)[0] + "…"
    url = absolute_url(page.get_absolute_url())
    subject = _("New page in %(space)s: %(title)s") % {
        "space": page.space.name,
        "title": page.title,
    }
    body = _("%(space)s has a new page, “%(title)s”.") % {
        "space": page.space.name,
        "title": page.title,
    }
    read = _("Read it: %(url)s") % {"url": url}
    return subject, f"{body}\n\n{text}\n\n{read}\n", None


def page_is_visible(page: SpacePage) -> bool:
    return page.is_published and page.space.is_published
