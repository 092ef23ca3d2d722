"""The e-mail residents watching an area receive when works start there, rendered by the
notification worker in the recipient's language (the outbox adds why they receive it and
the one-click link that stops it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from parvis.core.links import absolute_url
from parvis.core.town import current_town
from parvis.notifications.registry import Rendered
from parvis.roadworks.models import Works

if TYPE_CHECKING:
    from parvis.accounts.models import User


def render_works_started(works: Works, recipient: User, language: str) -> Rendered:
    context = {
        "works": works,
        "impacts": list(works.impacts.all()),
        "town": current_town(),
        "url": absolute_url(works.get_absolute_url()),
    }
    subject = _("Works start: %(title)s") % {"title": works.title}
    return subject, render_to_string("roadworks/email/started.txt", context), None


def is_visible(works: Works) -> bool:
    return works.is_published
