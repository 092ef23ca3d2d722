"""The podcast pages: the shows, a show with its episodes, an episode with its player and
transcript; only public episodes; PodcastSeries and PodcastEpisode data; the page cache made
fresh by a new episode; search; followers told of a new episode."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from parvis.notifications.models import Notification
from parvis.notifications.services import subscription_create
from parvis.podcasts import services
from parvis.podcasts.models import Episode
from parvis.podcasts.tests.factories import make_episode, make_show
from parvis.search.engine import search

pytestmark = pytest.mark.django_db

SITE = "https://www.villeneuve.example"
VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nBonjour à tous.\n\n00:01:05.500 --> 00:01:09.000\n<v Maire>Merci d'être venus.\n"


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def json_ld(page: BeautifulSoup, kind: str) -> dict:
    for script in page.select('script[type="application/ld+json"]'):
        data = json.loads(script.string)
        if data.get("@type") == kind:
            return data
    raise AssertionError(f"no {kind}")


def test_the_episode_page_has_a_player_and_the_transcript(client, settings):
    settings.SITE_URL = SITE
    show = make_show()
    episode = make_episode(
        show, "le-marche", seconds=65, number=3, season=1, transcript=VTT, transcript_format="vtt"
    )

    page = soup(client.get("/en/podcasts/la-voix-du-bourg/le-marche/"))

    player = page.select_one("audio")
    assert player["src"] == episode.audio.url
    assert player.has_attr("controls")
    assert player["preload"] == "none"
    assert page.select_one("h1").get_text() == "Le marche"
    assert [dt.get_text() for dt in page.select(".transcript dt")] == ["00:00:00", "00:01:05"]
    assert [dd.get_text() for dd in page.select(".transcript dd")] == [
        "Bonjour à tous.",
        "Merci d'être venus.",
    ]
    assert "Season 1, episode 3" in page.get_text()
    data = json_ld(page, "PodcastEpisode")
    assert data["partOfSeries"] == {
        "@type": "PodcastSeries",
        "name": "La voix du bourg",
        "url": f"{SITE}/en/podcasts/la-voix-du-bourg/",
    }
    assert data["associatedMedia"] == {
        "@type": "MediaObject",
        "contentUrl": f"{SITE}{episode.audio.url}",
        "encodingFormat": "audio/mpeg",
        "duration": "PT1M5S",
        "contentSize": str(2708 * 96),  # 65 s: 2708 frames of 24 ms, 96 bytes each
    }
    assert data["datePublished"] == episode.published_at.isoformat()
    assert data["transcript"] == "Bonjour à tous.\nMerci d'être venus."
    assert data["episodeNumber"] == 3
    # The file itself, served with its type, never sniffed as anything else.
    served = client.get(episode.audio.url)
    assert served["Content-Type"] == "audio/mpeg"
    assert served["X-Content-Type-Options"] == "nosniff"


def test_a_plain_text_transcript_is_shown_as_paragraphs(client):
    make_episode(make_show(), "le-marche", transcript="Bonjour.\n\nAu revoir.")
    page = soup(client.get("/en/podcasts/la-voix-du-bourg/le-marche/"))
    assert [p.get_text() for p in page.select(".transcript p")] == ["Bonjour.", "Au revoir."]
    served = client.get("/en/podcasts/la-voix-du-bourg/le-marche/transcript/")
    assert served["Content-Type"] == "text/plain; charset=utf-8"


def test_the_show_page_lists_its_public_episodes_with_its_series_data(client, settings):
    settings.SITE_URL = SITE
    show = make_show()
    now = timezone.now()
    make_episode(show, "premier", published_at=now - timedelta(days=2))
    make_episode(show, "second", published_at=now - timedelta(days=1))
    make_episode(show, "en-traitement", process=False)
    make_episode(show, "brouillon", publish=False)
    make_episode(show, "demain", published_at=now + timedelta(days=1))

    page = soup(client.get("/en/podcasts/la-voix-du-bourg/"))

    assert [a.get_text() for a in page.select(".card--episode h3 a")] == ["Second", "Premier"]
    data = json_ld(page, "PodcastSeries")
    assert data["name"] == "La voix du bourg"
    assert data["webFeed"] == f"{SITE}/podcasts/la-voix-du-bourg/feed/rss/"
    assert page.select_one('a[type="application/rss+xml"]')["href"] == (
        "/podcasts/la-voix-du-bourg/feed/rss/"
    )
    for slug in ("en-traitement", "brouillon", "demain"):
        assert client.get(f"/en/podcasts/la-voix-du-bourg/{slug}/").status_code == 404


def test_the_list_of_shows_shows_the_public_ones(client):
    make_episode(make_show("la-voix-du-bourg"), "le-marche")
    make_show("en-preparation", publish=False)

    page = soup(client.get("/en/podcasts/"))

    assert [a.get_text() for a in page.select(".card--show h2 a")] == ["La voix du bourg"]
    assert [a.get_text() for a in page.select(".card--episode a")] == ["Le marche"]
    assert client.get("/en/podcasts/en-preparation/").status_code == 404


def test_a_new_episode_makes_the_cached_pages_fresh(client, page_cache):
    show = make_show()
    make_episode(show, "premier")
    urls = [
        "/en/podcasts/",
        "/en/podcasts/la-voix-du-bourg/",
        "/en/podcasts/la-voix-du-bourg/premier/",
    ]
    for url in urls:
        assert client.get(url)["X-Parvis-Cache"] == "miss"
        assert client.get(url)["X-Parvis-Cache"] == "hit"

    make_episode(show, "second")

    show_page = client.get("/en/podcasts/la-voix-du-bourg/")
    assert show_page["X-Parvis-Cache"] == "miss"
    assert "Second" in show_page.content.decode()
    assert client.get("/en/podcasts/")["X-Parvis-Cache"] == "miss"
    # The first episode's own page did not change.
    assert client.get("/en/podcasts/la-voix-du-bourg/premier/")["X-Parvis-Cache"] == "hit"


def test_an_episode_becoming_ready_makes_the_show_page_fresh(client, page_cache):
    show = make_show()
    make_episode(show, "premier")
    waiting = make_episode(show, "second", process=False)
    client.get("/en/podcasts/la-voix-du-bourg/")
    assert client.get("/en/podcasts/la-voix-du-bourg/")["X-Parvis-Cache"] == "hit"

    services.episode_process(episode_id=waiting.pk)

    page = client.get("/en/podcasts/la-voix-du-bourg/")
    assert page["X-Parvis-Cache"] == "miss"
    assert "Second" in page.content.decode()


def test_shows_and_episodes_are_found_by_the_search():
    show = make_show(description="Les nouvelles du **lavoir**.")
    make_episode(show, "le-marche", transcript="Les fromages de chèvre du marché.")
    make_episode(show, "en-attente", process=False, transcript="Les fromages de brebis.")

    assert [r.title for r in search("lavoir", kinds=["podcast_show"]).results] == [
        "La voix du bourg"
    ]
    assert [r.title for r in search("fromages", kinds=["podcast_episode"]).results] == [
        "La voix du bourg — Le marche"
    ]


def test_followers_of_a_show_are_told_of_a_new_episode_once(resident):
    show = make_show()
    subscription_create(user=resident, target=show)
    episode = make_episode(show, "le-marche", process=False)
    assert Notification.objects.count() == 0

    services.episode_process(episode_id=episode.pk)
    episode.title = "Le marché (modifié)"
    services.episode_save(episode=episode, actor=None)

    assert list(Notification.objects.values_list("kind", flat=True)) == [
        "podcasts.episode_published"
    ]


def test_a_scheduled_episode_is_announced_when_its_time_comes():
    show = make_show()
    episode = make_episode(show, "demain", published_at=timezone.now() + timedelta(minutes=5))
    assert services.episodes_announce_due() == 0
    Episode.objects.filter(pk=episode.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert services.episodes_announce_due() == 1
    assert services.episodes_announce_due() == 0
    assert Notification.objects.count() == 1
