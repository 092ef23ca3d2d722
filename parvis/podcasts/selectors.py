"""What the podcast pages and feeds read: public shows and episodes, each list in a bounded
number of queries (the show and its space are joined, never fetched one episode at a time)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from parvis.podcasts.models import Episode, Processing, Show
from parvis.spaces.models import Space


def _public_show() -> Q:
    return Q(is_published=True) & (Q(space__isnull=True) | Q(space__is_published=True))


def public_shows() -> QuerySet[Show]:
    return Show.objects.filter(_public_show()).select_related("space").order_by("title", "id")


def public_episodes(
    *, show: Show | None = None, space: Space | None = None, now: datetime | None = None
) -> QuerySet[Episode]:
    """Ready, published, dated now or before, in a public show (`show`, or a show of
    `space`, when given): newest first."""
    episodes = Episode.objects.filter(
        processing=Processing.READY,
        is_published=True,
        published_at__lte=now or timezone.now(),
        show__is_published=True,
    ).filter(Q(show__space__isnull=True) | Q(show__space__is_published=True))
    if show is not None:
        episodes = episodes.filter(show=show)
    if space is not None:
        episodes = episodes.filter(show__space=space)
    return episodes.select_related("show", "show__space").order_by("-published_at", "-id")


def next_episode_due(now: datetime | None = None) -> datetime | None:
    """The next moment a scheduled episode goes public by the clock alone (for the cache)."""
    return (
        Episode.objects.filter(
            processing=Processing.READY,
            is_published=True,
            published_at__gt=now or timezone.now(),
        )
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def due_unannounced(now: datetime | None = None) -> QuerySet[Episode]:
    """Public episodes whose followers have not been told yet."""
    return public_episodes(now=now).filter(announced_at__isnull=True)
