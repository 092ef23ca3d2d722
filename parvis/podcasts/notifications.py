"""The message a show's followers receive when a new episode is out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from parvis.core.links import absolute_url
from parvis.core.town import current_town
from parvis.notifications.registry import Rendered
from parvis.podcasts.models import Episode

if TYPE_CHECKING:
    from parvis.accounts.models import User

KIND = "podcasts.episode_published"


def render_episode_published(episode: Episode, recipient: User, language: str) -> Rendered:
    context = {
        "episode": episode,
        "url": absolute_url(episode.get_absolute_url()),
        "town": current_town(),
    }
    subject = _("New episode of %(show)s: %(title)s") % {
        "show": episode.show.title,
        "title": episode.title,
    }
    return (
        subject,
        render_to_string("podcasts/email/episode_published.txt", context),
        render_to_string("podcasts/email/episode_published.html", context),
    )
