"""The e-mail the council's followers receive when minutes are published, rendered by the
notification worker in the recipient's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from parvis.core.links import absolute_url
from parvis.core.town import current_town
from parvis.council.models import Document
from parvis.notifications.registry import Rendered

if TYPE_CHECKING:
    from parvis.accounts.models import User


def render_minutes_published(document: Document, recipient: User, language: str) -> Rendered:
    context = {
        "document": document,
        "meeting": document.meeting,
        "town": current_town(),
        "url": absolute_url(document.meeting.get_absolute_url()),
        "file_url": absolute_url(document.file.url),
    }
    subject = _("Minutes of the town council: %(meeting)s") % {"meeting": document.meeting.title}
    return subject, render_to_string("council/email/minutes_published.txt", context), None


def is_visible(document: Document) -> bool:
    return document.is_public()
