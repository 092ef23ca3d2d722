"""The video library on the shared pages: a space's page and a tag's page show their latest
public videos as the video list's cards; neither shows a draft, an unpublished video nor
another space's (or tag's), nor anything when there is nothing to show; both cost as many
queries with 20 videos as with 2; the anonymous space page comes from the page cache (and
the section from the fragment cache) until a video of the space is published."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parvis.spaces.tests.factories import make_space
from parvis.tags.tests.factories import make_tag
from parvis.videos.manifest import SPACE_VIDEOS, TAG_VIDEOS
from parvis.videos.models import Processing, Provider, Video, VideoKind, VideoStatus
from parvis.videos.services import video_publish, video_unpublish
from parvis.videos.tests.factories import make_reference, make_upload

pytestmark = pytest.mark.django_db
SPACE_URL = "/en/spaces/vieux-bourg/"
TAG_URL = "/en/tags/concerts/"


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def space_section(client) -> BeautifulSoup | None:
    return soup(client.get(SPACE_URL)).select_one("section[aria-labelledby=space-videos]")


def tag_section(client) -> BeautifulSoup | None:
    return soup(client.get(TAG_URL)).select_one("section[aria-labelledby=tag-videos]")


def titles(section: BeautifulSoup) -> list[str]:
    return [a.get_text() for a in section.select(".card--video h3 a")]


def test_a_space_page_shows_its_latest_public_videos_as_cards(client):
    space = make_space("vieux-bourg", name="Vieux Bourg")
    other = make_space("les-rives")
    make_upload("seance", title="Séance de quartier", space=space)
    make_reference("fete", title="La fête", space=space, resolved=True)
    make_reference("brouillon", title="Brouillon", space=space, publish=False)
    withdrawn = make_reference("retiree", title="Retirée", space=space)
    video_unpublish(video=withdrawn, actor=None)
    make_reference("ailleurs", title="Ailleurs", space=other)
    make_reference("en-ville", title="Toute la ville")

    section = space_section(client)

    assert section.select_one("h2").get_text() == "Videos"
    assert titles(section) == ["La fête", "Séance de quartier"]
    assert [a["href"] for a in section.select(".card--video h3 a")] == [
        "/en/videos/fete/",
        "/en/videos/seance/",
    ]
    assert section.select_one(".card--video img")["src"].startswith("/media/videos/posters/")
    assert section.select_one("a[href='/en/videos/']").get_text() == "All the videos"


def test_a_space_page_shows_only_its_latest_videos(client):
    space = make_space("vieux-bourg")
    for n in range(SPACE_VIDEOS + 2):
        make_reference(f"video-{n}", title=f"Vidéo {n}", space=space, poster=False)

    assert titles(space_section(client)) == [f"Vidéo {n}" for n in range(SPACE_VIDEOS + 1, 1, -1)]


def test_a_space_without_a_public_video_has_no_video_section(client):
    space = make_space("vieux-bourg")
    make_reference("brouillon", space=space, publish=False)
    make_reference("ailleurs", space=make_space("les-rives"))

    assert space_section(client) is None


def test_a_tag_page_shows_the_latest_public_videos_carrying_the_tag(client):
    tag = make_tag("Concerts", "concerts")
    make_reference("concert-d-ete", title="Concert d'été", resolved=True).tags.add(tag)
    make_upload("harmonie", title="L'harmonie").tags.add(tag)
    make_reference("brouillon", title="Brouillon", publish=False).tags.add(tag)
    hidden = make_reference("cache", title="Dans un espace caché", space=make_space("secret"))
    hidden.tags.add(tag)
    hidden.space.is_published = False
    hidden.space.save()
    make_reference("travaux", title="Travaux").tags.add(make_tag("Travaux", "travaux"))

    section = tag_section(client)

    assert section.select_one("h2").get_text() == "Videos"
    assert titles(section) == ["L'harmonie", "Concert d'été"]


def test_a_tag_without_a_public_video_has_no_video_section(client):
    tag = make_tag("Concerts", "concerts")
    make_reference("brouillon", publish=False).tags.add(tag)
    make_reference("sans-etiquette")

    assert tag_section(client) is None


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def add_videos(count: int, *, space, tag) -> None:
    """`count` more public videos on another site (rows only), in `space`, with `tag`."""
    now = timezone.now()
    start = Video.objects.count()
    videos = Video.objects.bulk_create(
        Video(
            kind=VideoKind.REFERENCE,
            title=f"Vidéo {n}",
            slug=f"video-{n}",
            status=VideoStatus.PUBLISHED,
            published_at=now - timedelta(minutes=n),
            duration=60 + n,
            poster=f"videos/posters/{n}.png",
            poster_alt=f"Poster {n}",
            source_url=f"https://vimeo.com/{1000 + n}",
            provider=Provider.VIMEO,
            provider_id=str(1000 + n),
            processing=Processing.READY,
            space=space,
        )
        for n in range(start, start + count)
    )
    tag.videos.add(*videos)


def test_the_space_and_tag_pages_cost_as_many_queries_with_20_videos_as_with_2(client):
    space = make_space("vieux-bourg")
    tag = make_tag("Concerts", "concerts")
    add_videos(2, space=space, tag=tag)
    urls = (SPACE_URL, TAG_URL)
    for url in urls:
        queries_for(client, url)  # warm up
    small = {url: queries_for(client, url) for url in urls}

    add_videos(18, space=space, tag=tag)
    large = {url: queries_for(client, url) for url in urls}

    assert Video.objects.filter(space=space).count() == tag.videos.count() == 20
    assert large == small
    assert len(titles(space_section(client))) == SPACE_VIDEOS
    assert len(titles(tag_section(client))) == TAG_VIDEOS


def test_publishing_a_video_of_the_space_makes_the_cached_page_fresh(
    client, page_cache, fragment_cache
):
    space = make_space("vieux-bourg")
    make_reference("fete", title="La fête", space=space)
    waiting = make_reference("concert", title="Le concert", space=space, publish=False)
    assert client.get(SPACE_URL)["X-Parvis-Cache"] == "miss"
    assert client.get(SPACE_URL)["X-Parvis-Cache"] == "hit"

    video_publish(video=waiting, actor=None)

    fresh = client.get(SPACE_URL)
    assert fresh["X-Parvis-Cache"] == "miss"
    assert titles(soup(fresh).select_one("section[aria-labelledby=space-videos]")) == [
        "Le concert",
        "La fête",
    ]
    assert client.get(SPACE_URL)["X-Parvis-Cache"] == "hit"
