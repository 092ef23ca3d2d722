"""Who sees what: the public sees public shows and public episodes only; anything else is
a 404, as if it did not exist."""

from __future__ import annotations

from django.http import Http404

from parvis.podcasts import selectors
from parvis.podcasts.models import Episode, Show


def get_show_for_visitor(*, slug: str) -> Show:
    show = selectors.public_shows().filter(slug=slug).first()
    if show is None:
        raise Http404
    return show


def get_episode_for_visitor(*, show: str, slug: str) -> Episode:
    episode = selectors.public_episodes().filter(show__slug=show, slug=slug).first()
    if episode is None:
        raise Http404
    return episode
