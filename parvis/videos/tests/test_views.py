"""The public pages of the video library: the list, a category, a playlist, an uploaded video
(a <video> with its captions track, no preloading) and a video on another site (its poster
stored here, a button and a link: no third-party iframe in the page); their schema.org
VideoObject and OpenGraph video tags; the feed with the uploaded file as enclosure; the
search; the page cache and its invalidation; a bounded number of queries at 2 and 30 videos."""

from __future__ import annotations

import json
from datetime import timedelta

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parvis.core.links import absolute_url
from parvis.search.engine import search
from parvis.videos.models import Video, VideoKind, VideoStatus
from parvis.videos.services import video_unpublish
from parvis.videos.tests.factories import (
    make_category,
    make_playlist,
    make_reference,
    make_upload,
    mp4_bytes,
)

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def video_object(response) -> dict:
    for script in soup(response).select('script[type="application/ld+json"]'):
        data = json.loads(script.string)
        if data.get("@type") == "VideoObject":
            return data
    raise AssertionError("no VideoObject")


def test_an_uploaded_video_plays_with_its_captions_and_nothing_preloaded(client):
    video = make_upload("seance-du-12-mars", title="Séance du 12 mars", description="Le budget.")

    response = client.get("/en/videos/seance-du-12-mars/")

    assert response.status_code == 200
    page = soup(response)
    player = page.select_one("video")
    assert (player["preload"], player.has_attr("controls")) == ("none", True)
    assert player.select_one("source")["src"] == video.file.url
    assert player.select_one("source")["type"] == "video/mp4"
    track = player.select_one("track")
    assert (track["kind"], track["srclang"], track["label"]) == ("captions", "fr", "Français")
    assert track["src"].startswith("/media/videos/captions/") and track["src"].endswith(".vtt")
    assert page.select_one('meta[property="og:video:type"]')["content"] == "video/mp4"
    assert page.select_one('meta[property="og:type"]')["content"] == "video.other"
    data = video_object(response)
    assert data["name"] == "Séance du 12 mars"
    assert data["description"] == "Le budget."
    assert data["contentUrl"] == absolute_url(video.file.url)
    assert data["caption"][0]["encodingFormat"] == "text/vtt"
    assert data["caption"][0]["inLanguage"] == "fr"
    assert data["uploadDate"] == video.published_at.isoformat()


def test_the_worker_reads_the_duration_then_the_page_shows_it(client, run_tasks):
    make_upload("seance", data=mp4_bytes(seconds=3725))
    assert "being processed" in client.get("/en/videos/seance/").content.decode()

    run_tasks()

    video = Video.objects.get()
    assert (video.processing, video.duration) == ("ready", 3725)
    response = client.get("/en/videos/seance/")
    assert "being processed" not in response.content.decode()
    assert video_object(response)["duration"] == "PT1H2M5S"
    assert "duration 1:02:05" in response.content.decode()


def test_a_video_on_another_site_shows_a_stored_poster_and_no_player_before_a_click(client):
    video = make_reference("fete", title="La fête", url="https://youtu.be/dQw4w9WgXcQ")

    response = client.get("/en/videos/fete/")

    page = soup(response)
    assert page.select("iframe") == []
    figure = page.select_one("[data-video-embed]")
    assert figure.select_one("img")["src"] == video.poster.url
    button = figure.select_one("button")
    assert button.has_attr("hidden")  # shown by the script; without it, the link
    assert button["data-embed-src"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    link = figure.select_one("a")
    assert link["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    # Nothing on the page is fetched from the provider.
    sources = [tag.get("src", "") for tag in page.select("[src]")]
    assert [src for src in sources if "youtube" in src] == []
    data = video_object(response)
    assert data["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert data["thumbnailUrl"] == [absolute_url(video.poster.url)]
    assert "contentUrl" not in data


def test_the_content_security_policy_frames_only_the_allowed_players(client, page_cache):
    make_reference("fete")
    first = client.get("/en/videos/fete/")
    policy = first["Content-Security-Policy"]
    frame_src = next(part for part in policy.split(";") if part.strip().startswith("frame-src"))
    assert frame_src.split()[1:] == ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
    # Served again from the page cache, with the same policy; and no other page frames.
    again = client.get("/en/videos/fete/")
    assert (first["X-Parvis-Cache"], again["X-Parvis-Cache"]) == ("miss", "hit")
    assert again["Content-Security-Policy"] == policy
    assert "frame-src" not in client.get("/en/videos/")["Content-Security-Policy"]


def test_drafts_and_unpublished_videos_are_not_shown(client):
    make_upload("brouillon", publish=False)
    video = make_reference("retire")
    video_unpublish(video=video, actor=None)

    assert client.get("/en/videos/brouillon/").status_code == 404
    assert client.get("/en/videos/retire/").status_code == 404
    assert "No video has been published yet." in client.get("/en/videos/").content.decode()


def test_the_list_category_and_playlist_pages(client):
    council = make_category("conseil", "Conseil municipal")
    culture = make_category("culture", "Culture")
    first = make_upload("seance-1", title="Séance 1", categories=[council])
    second = make_reference("concert", title="Concert", categories=[culture])
    third = make_upload("seance-2", title="Séance 2", categories=[council])
    make_playlist("mandat", [third, first, second], title="Le mandat")

    listing = soup(client.get("/en/videos/"))
    assert [a.get_text() for a in listing.select(".card--video h3 a")] == [
        "Séance 2",
        "Concert",
        "Séance 1",
    ]
    category = soup(client.get("/en/videos/categories/conseil/"))
    assert [a.get_text() for a in category.select(".card--video h2 a")] == ["Séance 2", "Séance 1"]
    playlist = soup(client.get("/en/videos/playlists/mandat/"))
    assert [a.get_text() for a in playlist.select(".card--video h2 a")] == [
        "Séance 2",
        "Séance 1",
        "Concert",
    ]
    assert client.get("/en/videos/categories/nothing/").status_code == 404


def test_the_feed_carries_the_uploaded_file_as_enclosure(client):
    upload = make_upload("seance", title="Séance")
    make_reference("concert", title="Concert")

    feed = feedparser.parse(client.get("/videos/feed/rss/").content)

    assert [entry.title for entry in feed.entries] == ["Concert", "Séance"]
    assert feed.entries[0].enclosures == []
    enclosure = feed.entries[1].enclosures[0]
    assert enclosure.href == absolute_url(upload.file.url)
    assert (enclosure.type, enclosure.length) == ("video/mp4", str(len(mp4_bytes())))


def test_a_published_video_is_found_by_the_search():
    make_upload("seance", title="Séance sur le lavoir", description="La réfection du lavoir.")
    make_upload("brouillon", title="Lavoir en brouillon", publish=False)

    assert [result.title for result in search("lavoir", kinds=["video"]).results] == [
        "Séance sur le lavoir"
    ]


def test_the_pages_come_from_the_cache_until_a_video_changes(client, page_cache):
    video = make_reference("fete", title="La fête")
    urls = ("/en/videos/", "/en/videos/fete/")
    for url in urls:
        assert client.get(url)["X-Parvis-Cache"] == "miss"
        assert client.get(url)["X-Parvis-Cache"] == "hit"

    video.title = "La grande fête"
    video.save()

    for url in urls:
        response = client.get(url)
        assert response["X-Parvis-Cache"] == "miss"
        assert "La grande fête" in response.content.decode()


def test_a_failed_processing_makes_the_page_fresh(client, page_cache):
    from parvis.videos.services import video_process

    make_reference("fete", url="https://youtu.be/dQw4w9WgXcQ")
    client.get("/en/videos/fete/")
    assert client.get("/en/videos/fete/")["X-Parvis-Cache"] == "hit"
    # Tests reach no network: the provider's name leads nowhere, and the worker says so.
    Video.objects.filter(slug="fete").update(source_url="https://peertube.invalid/w/x")
    video_process(video_id=Video.objects.get().pk)

    assert Video.objects.get().processing == "failed"
    assert client.get("/en/videos/fete/")["X-Parvis-Cache"] == "miss"


def add_videos(count: int, category) -> None:
    now = timezone.now()
    start = Video.objects.count()
    videos = Video.objects.bulk_create(
        Video(
            kind=VideoKind.REFERENCE if i % 2 else VideoKind.UPLOAD,
            slug=f"video-{i:05d}",
            title=f"Video {i}",
            status=VideoStatus.PUBLISHED,
            published_at=now - timedelta(minutes=i),
            source_url="https://youtu.be/dQw4w9WgXcQ" if i % 2 else "",
            file="" if i % 2 else f"videos/files/{i}.mp4",
            poster=f"videos/posters/{i}.png",
            poster_alt=f"Image {i}",
            duration=60 + i,
            processing="ready",
        )
        for i in range(start, start + count)
    )
    category.videos.add(*videos)


def test_the_pages_cost_as_many_queries_with_30_videos_as_with_2(client):
    category = make_category()
    add_videos(2, category)
    playlist = make_playlist("tout", list(Video.objects.all()))
    urls = (
        "/en/videos/",
        "/en/videos/categories/conseil/",
        "/en/videos/playlists/tout/",
        "/en/videos/video-00000/",
    )

    def counts() -> list[int]:
        found = []
        for url in urls:
            client.get(url)  # warm
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            found.append(len(queries))
        return found

    small = counts()
    add_videos(28, category)
    for position, video in enumerate(Video.objects.exclude(pk__in=[2]), start=10):
        playlist.entries.get_or_create(video=video, defaults={"position": position})

    assert counts() == small
