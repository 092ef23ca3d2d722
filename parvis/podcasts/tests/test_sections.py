"""Podcasts on a space's page: its public shows and their latest public episodes; no
unpublished show, no episode still processing, unpublished or scheduled, nothing of another
space's, and no section at all without a show; as many queries with 20 shows and episodes
as with 2; the anonymous page comes from the page cache until a new episode is published."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parvis.podcasts.manifest import SPACE_EPISODES, SPACE_SHOWS
from parvis.podcasts.models import Episode, Processing, Show
from parvis.podcasts.tests.factories import make_episode, make_show
from parvis.spaces.tests.factories import make_space

pytestmark = pytest.mark.django_db
SPACE_URL = "/en/spaces/vieux-bourg/"


def section_of(response) -> BeautifulSoup | None:
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return page.select_one("section[aria-labelledby=space-podcasts]")


def shows(section: BeautifulSoup) -> list[str]:
    return [a.get_text() for a in section.select(".card--show h3 a")]


def episodes(section: BeautifulSoup) -> list[str]:
    return [a.get_text() for a in section.select(".card--episode h4 a")]


def test_a_space_page_shows_its_public_shows_and_their_latest_episodes(client):
    space = make_space("vieux-bourg", name="Vieux Bourg")
    voice = make_show("la-voix-du-bourg", title="La voix du bourg", space=space)
    youth = make_show("paroles-de-jeunes", title="Paroles de jeunes", space=space)
    draft = make_show("en-preparation", title="En préparation", space=space, publish=False)
    elsewhere = make_show(
        "les-rives-parlent", title="Les rives parlent", space=make_space("les-rives")
    )
    make_show("la-ville", title="La ville")
    now = timezone.now()
    make_episode(voice, "le-marche", title="Le marché", published_at=now - timedelta(days=3))
    make_episode(youth, "le-skatepark", title="Le skatepark", published_at=now - timedelta(days=1))
    make_episode(voice, "en-cours", title="En cours", process=False)
    make_episode(voice, "brouillon", title="Brouillon", publish=False)
    make_episode(voice, "demain", title="Demain", published_at=now + timedelta(days=1))
    make_episode(draft, "cache", title="Caché")
    make_episode(elsewhere, "ailleurs", title="Ailleurs")

    section = section_of(client.get(SPACE_URL))

    assert section.select_one("h2").get_text() == "Podcasts"
    assert shows(section) == ["La voix du bourg", "Paroles de jeunes"]
    assert section.select_one(".card--show a")["href"] == "/en/podcasts/la-voix-du-bourg/"
    assert section.select_one(".card--show img")["alt"] == "Cover of la-voix-du-bourg"
    assert section.find("h3", recursive=False).get_text() == "Latest episodes"
    assert episodes(section) == ["Le skatepark", "Le marché"]
    assert section.select_one(".card--episode a")["href"] == (
        "/en/podcasts/paroles-de-jeunes/le-skatepark/"
    )
    assert section.select_one("a[href='/en/podcasts/']").get_text() == "All the podcasts"


def test_a_space_without_a_public_show_has_no_podcast_section(client):
    space = make_space("vieux-bourg")
    make_episode(make_show("en-preparation", space=space, publish=False), "cache")
    make_show("ailleurs", space=make_space("les-rives"))
    make_show("la-ville")

    assert section_of(client.get(SPACE_URL)) is None


def test_a_show_without_a_public_episode_yet_shows_alone(client):
    space = make_space("vieux-bourg")
    make_episode(make_show("la-voix-du-bourg", space=space), "en-cours", process=False)

    section = section_of(client.get(SPACE_URL))

    assert shows(section) == ["La voix du bourg"]
    assert episodes(section) == []
    assert "Latest episodes" not in section.get_text()


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def grow(space, model: Episode, count: int) -> None:
    """`count` more public shows of `space`, each with one ready episode (copies of
    `model`'s audio)."""
    start = Show.objects.count()
    now = timezone.now()
    added = Show.objects.bulk_create(
        Show(
            title=f"Show {n}",
            slug=f"show-{n}",
            description="x",
            author="a",
            owner_name="o",
            owner_email="o@example.org",
            is_published=True,
            space=space,
        )
        for n in range(start, start + count)
    )
    Episode.objects.bulk_create(
        Episode(
            show=show,
            title=f"Episode {show.pk}",
            slug=f"episode-{show.pk}",
            audio=model.audio.name,
            audio_size=model.audio_size,
            audio_type=model.audio_type,
            duration=model.duration,
            processing=Processing.READY,
            is_published=True,
            published_at=now - timedelta(minutes=show.pk),
        )
        for show in added
    )


def test_the_space_page_costs_as_many_queries_with_20_shows_as_with_2(client):
    space = make_space("vieux-bourg")
    model = make_episode(make_show("la-voix-du-bourg", space=space), "episode-0")
    grow(space, model, 1)
    queries_for(client, SPACE_URL)  # warm up
    small = queries_for(client, SPACE_URL)

    grow(space, model, 18)
    large = queries_for(client, SPACE_URL)

    assert Show.objects.filter(space=space).count() == Episode.objects.count() == 20
    assert large == small
    section = section_of(client.get(SPACE_URL))
    assert (len(shows(section)), len(episodes(section))) == (SPACE_SHOWS, SPACE_EPISODES)


def test_a_new_episode_makes_the_cached_space_page_fresh(client, page_cache):
    space = make_space("vieux-bourg")
    show = make_show("la-voix-du-bourg", space=space)
    make_episode(show, "premier", title="Premier")
    assert client.get(SPACE_URL)["X-Parvis-Cache"] == "miss"
    assert client.get(SPACE_URL)["X-Parvis-Cache"] == "hit"

    make_episode(show, "second", title="Second")

    fresh = client.get(SPACE_URL)
    assert fresh["X-Parvis-Cache"] == "miss"
    assert episodes(section_of(fresh)) == ["Second", "Premier"]
    assert client.get(SPACE_URL)["X-Parvis-Cache"] == "hit"
