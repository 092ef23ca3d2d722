"""A show's podcast feed, read by feedparser as podcast apps read it: every iTunes and
Podcasting 2.0 tag they expect, every episode with its enclosure and duration, only public
episodes; the transcript at its own address with its type; the town's latest episodes."""

from __future__ import annotations

import uuid
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from parvis.podcasts.audio import silent_mp3
from parvis.podcasts.models import Episode
from parvis.podcasts.tests.factories import make_episode, make_show, ogg_opus

pytestmark = pytest.mark.django_db

SITE = "https://www.villeneuve.example"
FEED = "/podcasts/la-voix-du-bourg/feed/rss/"
VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nBonjour à tous.\n\n00:01:05.500 --> 00:01:09.000\n<v Maire>Merci.\n"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def parsed(client, url: str = FEED):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed, response.content.decode()


def test_the_show_feed_has_every_tag_podcast_apps_read(client):
    show = make_show(category="Government", explicit=False, language="fr")
    first = make_episode(
        show,
        "le-marche",
        seconds=65,
        season=1,
        number=1,
        transcript=VTT,
        transcript_format="vtt",
        published_at=timezone.now() - timedelta(days=2),
    )
    second = make_episode(
        show,
        "la-fete",
        audio=ogg_opus(4),
        name="fete.opus",
        season=1,
        number=2,
        explicit=True,
        published_at=timezone.now() - timedelta(days=1),
    )

    feed, xml = parsed(client)

    assert 'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"' in xml
    assert 'xmlns:podcast="https://podcastindex.org/namespace/1.0"' in xml
    channel = feed.feed
    assert channel.title == "La voix du bourg"
    assert channel.language == "fr"
    assert channel.image.href == f"{SITE}{show.cover.url}"
    # feedparser reads itunes:author and itunes:owner's name into one field: the XML has both.
    assert "<itunes:author>Mairie de Villeneuve</itunes:author>" in xml
    assert channel.publisher_detail == {
        "name": "Service communication",
        "email": "podcast@mairie.example",
    }
    assert [tag.term for tag in channel.tags] == ["Government"]
    # Apple's values are "true" and "false" (feedparser knows only "true" and "clean").
    channel_xml = xml.split("<item>")[0]
    assert "<itunes:explicit>false</itunes:explicit>" in channel_xml
    assert channel.itunes_type == "episodic"
    assert channel.podcast_locked == {"owner": "podcast@mairie.example"}
    assert '<podcast:locked owner="podcast@mairie.example">yes</podcast:locked>' in channel_xml
    # podcast:guid is UUIDv5 (namespace ead4c236-…) of the feed's address without scheme.
    expected = uuid.uuid5(
        uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"),
        "www.villeneuve.example/podcasts/la-voix-du-bourg/feed/rss",
    )
    assert channel.podcast_guid == str(expected)
    assert "<podcast:guid>" + str(expected) + "</podcast:guid>" in xml

    assert [entry.title for entry in feed.entries] == ["La fete", "Le marche"]
    newest, oldest = feed.entries
    # Every episode: its enclosure (absolute, length in bytes, type), duration, image, GUID.
    assert oldest.enclosures == [
        {
            "href": f"{SITE}{first.audio.url}",
            "length": str(len(silent_mp3(65))),
            "type": "audio/mpeg",
        }
    ]
    assert newest.enclosures[0]["type"] == "audio/ogg"
    assert newest.enclosures[0]["length"] == str(len(ogg_opus(4)))
    assert [entry.itunes_duration for entry in feed.entries] == [
        "4",
        "65",
    ]  # seconds, as Apple recommends
    assert oldest.id == f"urn:uuid:{first.guid}"
    assert oldest.guidislink is False
    assert newest.image.href == f"{SITE}{show.cover.url}"
    assert "<itunes:explicit>true</itunes:explicit>" in xml.split("<item>")[1]
    assert "<itunes:explicit>false</itunes:explicit>" in xml.split("<item>")[2]
    assert [(entry.itunes_season, entry.itunes_episode) for entry in feed.entries] == [
        ("1", "2"),
        ("1", "1"),
    ]
    assert oldest.published_parsed is not None
    assert oldest.link == f"{SITE}/podcasts/la-voix-du-bourg/le-marche/"
    # The transcript: at its own address, with its type, where the feed says.
    transcript_url = f"{SITE}/podcasts/la-voix-du-bourg/le-marche/transcript/"
    assert f'<podcast:transcript type="text/vtt" url="{transcript_url}"/>' in xml
    assert "podcast:transcript" not in xml.split("<item>")[1]  # the newest has none
    served = client.get(transcript_url.removeprefix(SITE))
    assert served["Content-Type"] == "text/vtt; charset=utf-8"
    assert served.content.decode() == VTT
    assert second.guid != first.guid


def test_the_guid_of_an_episode_never_changes(client):
    show = make_show()
    episode = make_episode(show, "le-marche")
    before = parsed(client)[0].entries[0].id
    episode.title = "Le grand marché"
    episode.slug = "le-grand-marche"
    episode.save()
    after = parsed(client)[0].entries[0]
    assert after.title == "Le grand marché"
    assert after.id == before


def test_only_public_episodes_are_listed(client):
    show = make_show()
    make_episode(show, "public")
    make_episode(show, "waiting", process=False)
    make_episode(show, "draft", publish=False)
    make_episode(show, "tomorrow", published_at=timezone.now() + timedelta(days=1))
    failed = make_episode(show, "failed", process=False)
    Episode.objects.filter(pk=failed.pk).update(processing="failed", processing_error="x")

    feed, _xml = parsed(client)

    assert [entry.title for entry in feed.entries] == ["Public"]
    assert all(entry.itunes_duration for entry in feed.entries)


def test_an_unpublished_show_has_no_feed(client):
    make_show(publish=False)
    assert client.get(FEED).status_code == 404


def test_the_towns_latest_episodes(client):
    make_episode(make_show("la-voix-du-bourg"), "le-marche")
    make_episode(make_show("sport-local", title="Sport local"), "le-match")

    feed, _xml = parsed(client, "/podcasts/feed/rss/")

    assert sorted(entry.title for entry in feed.entries) == [
        "La voix du bourg — Le marche",
        "Sport local — Le match",
    ]
    assert all(entry.enclosures[0]["type"] == "audio/mpeg" for entry in feed.entries)
    atom = client.get("/podcasts/feed/atom/")
    assert atom.status_code == 200
    assert not feedparser.parse(atom.content).bozo


def test_durations_read_as_podcast_apps_and_schema_org_want_them():
    episode = Episode(duration=3725)
    assert (episode.duration_clock, episode.duration_iso) == ("01:02:05", "PT1H2M5S")
    episode.duration = 59
    assert (episode.duration_clock, episode.duration_iso) == ("00:00:59", "PT59S")
