"""Every podcast page and feed issues as many SQL queries with 30 episodes (and 30 shows) as
with 2: measured once warm, then after growing the data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parvis.podcasts.models import Episode, Processing, Show
from parvis.podcasts.tests.factories import make_episode, make_show

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 30

PAGES = [
    "/en/podcasts/",
    "/en/podcasts/la-voix-du-bourg/",
    "/en/podcasts/la-voix-du-bourg/episode-0/",
    "/podcasts/la-voix-du-bourg/feed/rss/",
    "/podcasts/feed/rss/",
    "/podcasts/feed/atom/",
]


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def grow(show: Show, model: Episode, count: int) -> None:
    """`count` more ready episodes in `show` (copies of `model`'s audio), and as many shows."""
    start = Episode.objects.count()
    now = timezone.now()
    Episode.objects.bulk_create(
        Episode(
            show=show,
            title=f"Episode {n}",
            slug=f"episode-{n}",
            audio=model.audio.name,
            audio_size=model.audio_size,
            audio_type=model.audio_type,
            duration=model.duration,
            processing=Processing.READY,
            is_published=True,
            published_at=now - timedelta(minutes=n),
            number=n,
        )
        for n in range(start, start + count)
    )
    Show.objects.bulk_create(
        Show(
            title=f"Show {n}",
            slug=f"show-{n}",
            description="x",
            author="a",
            owner_name="o",
            owner_email="o@example.org",
            is_published=True,
        )
        for n in range(start, start + count)
    )


def test_query_counts_do_not_grow_with_the_episodes(client):
    show = make_show()
    model = make_episode(show, "episode-0")
    grow(show, model, SMALL - 1)
    before = {url: queries_for(client, url) for url in PAGES}

    grow(show, model, LARGE - SMALL)

    assert Episode.objects.count() == LARGE
    after = {url: queries_for(client, url) for url in PAGES}
    assert after == before


def test_a_later_page_of_episodes_costs_the_same_with_more_of_them(client):
    show = make_show()
    model = make_episode(show, "episode-0")
    grow(show, model, 21)  # two pages of 20
    before = queries_for(client, "/en/podcasts/la-voix-du-bourg/?page=2")

    grow(show, model, LARGE)

    assert queries_for(client, "/en/podcasts/la-voix-du-bourg/?page=2") == before
