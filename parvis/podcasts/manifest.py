"""Everything podcasts bring to the shared mechanisms and pages, in one place: who manages
them, the announcement job, the page cache, search, follows and e-mails, the feeds (a
show's, the one podcast apps subscribe to, and the town's latest episodes), and the section
of a space's page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.feeds import feed, feed_scope
from parvis.core.pagecache import invalidates
from parvis.core.routes import pages
from parvis.core.schedule import every
from parvis.core.sections import section
from parvis.notifications.registry import followable, notification_kind
from parvis.podcasts import selectors
from parvis.podcasts.feeds import LatestEpisodesFeed, ShowFeed
from parvis.podcasts.models import Episode, Show
from parvis.podcasts.notifications import KIND, render_episode_published
from parvis.podcasts.search import (
    episode_document,
    searchable_episodes,
    searchable_shows,
    show_document,
)
from parvis.podcasts.tasks import announce_due_episodes
from parvis.search.registry import searchable

# /podcasts/, /podcasts/<show>/, /podcasts/<show>/<episode>/ (and its transcript).
pages("parvis.podcasts.urls")

grant(
    Role.COMMUNICATION_OFFICER,
    model_permissions("podcasts", "show", ["view", "add", "change", "delete"])
    + model_permissions("podcasts", "episode", ["view", "add", "change", "delete"]),
)

# A scheduled episode goes public by the clock; its followers hear of it within a minute.
every(timedelta(minutes=1), announce_due_episodes)


def _show_keys(show: Show) -> list[str]:
    return [f"space:{show.space_id}"] if show.space_id else []


invalidates(Show, keys=_show_keys)
# Its show's page lists it; a scheduled one appears at its time (`due`). Telling followers
# changes nothing on a page.
invalidates(
    Episode,
    keys=lambda episode: [f"podcasts.show:{episode.show_id}"],
    due=selectors.next_episode_due,
    ignore_fields=["announced_at"],
)

searchable(
    Show,
    key="podcast_show",
    label=_("Podcasts"),
    document=show_document,
    queryset=searchable_shows,
    space_field="space",
)
searchable(
    Episode,
    key="podcast_episode",
    label=_("Podcast episodes"),
    document=episode_document,
    queryset=searchable_episodes,
    space_field="show__space",
)

# People follow a show, and hear of each new episode.
followable(Show, queryset=selectors.public_shows)
notification_kind(KIND, render=render_episode_published, is_visible=lambda e: e.is_public())

# A show's feed at /podcasts/<slug>/feed/rss/; the town's latest episodes at /podcasts/feed/rss/.
feed_scope("show", lookup=lambda slug: selectors.public_shows().filter(slug=slug).first())
feed("podcast", view=ShowFeed, paths={"show": "podcasts/<slug:slug>/"}, order=60)
feed("episodes", view=LatestEpisodesFeed, paths={"town": "podcasts/"}, order=45)

#: How many of its shows, and of their latest episodes, a space's page shows.
SPACE_SHOWS = 4
SPACE_EPISODES = 3


def _space(request: HttpRequest | None, space: Any) -> dict[str, Any] | None:
    """The space's public shows and their latest public episodes; None when it has no
    show (then it has no episode either)."""
    shows = list(selectors.public_shows().filter(space=space)[:SPACE_SHOWS])
    if not shows:
        return None
    episodes = list(selectors.public_episodes(space=space)[:SPACE_EPISODES])
    return {"space": space, "shows": shows, "episodes": episodes}


# After the space's videos and photo albums: the same markup for every visitor, kept
# rendered until a show or an episode changes.
section(
    "podcasts.space",
    page="space",
    template="podcasts/_space_podcasts.html",
    context=_space,
    order=75,
    cache=True,
)
