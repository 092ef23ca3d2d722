"""The photo pages through HTTP: lists, albums, monthly albums, a photo's page as a
slideshow (previous/next links), its ImageObject and OpenGraph image, the original offered
only where the licence allows, "processing" until ready, the feed, the page cache made fresh
by a change, and query counts that do not grow with the number of photos."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.photos import services
from parvis.photos.models import Licence, Photo, PhotoStatus
from parvis.photos.tests.factories import add_photos, make_album, make_photo

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def json_ld(response) -> list[dict]:
    return [
        json.loads(s.string) for s in soup(response).select('script[type="application/ld+json"]')
    ]


@pytest.fixture
def three_photos():
    album = make_album()
    photos = [
        make_photo(title=f"Photo {n}", taken=datetime(2026, 3, n, 10, 0), album=album)
        for n in (1, 2, 3)
    ]
    return album, photos


def test_a_photo_page_is_a_slideshow_of_its_album_with_an_image_object(client, three_photos):
    _album, (first, second, third) = three_photos

    response = client.get(f"/en/photos/albums/le-marche/{second.pk}/")

    assert response.status_code == 200
    page = soup(response)
    nav = page.select_one(".photo__slideshow")
    assert nav.select_one("a[rel=prev]")["href"] == f"/en/photos/albums/le-marche/{third.pk}/"
    assert nav.select_one("a[rel=next]")["href"] == f"/en/photos/albums/le-marche/{first.pk}/"
    img = page.select_one("picture img")
    assert img["alt"] == "Photo 2, vue depuis la mairie"
    assert img["loading"] == "lazy"
    assert (img["width"], img["height"]) == ("400", "300")
    assert page.select_one("picture source")["type"] == "image/webp"
    assert [w.split()[-1] for w in img["srcset"].split(", ")] == ["320w", "400w"]
    image = next(d for d in json_ld(response) if d.get("@type") == "ImageObject")
    assert image["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert image["creditText"] == "Mairie de Parvis"
    assert image["creator"] == {"@type": "Person", "name": "Mairie de Parvis"}
    assert image["dateCreated"] == "2026-03-02T10:00:00+01:00"
    assert image["contentUrl"].startswith("http") and image["contentUrl"].endswith("/400.jpg")
    assert image["thumbnail"]["contentUrl"].endswith("/320.jpg")
    og = page.select_one('meta[property="og:image"]')["content"]
    assert og.endswith("/400.jpg")
    download = page.find("a", attrs={"download": True})
    assert download["href"] == second.original.url


def test_all_rights_reserved_offers_no_download(client):
    photo = make_photo(title="Réservée")
    photo.licence = Licence.ALL_RIGHTS_RESERVED
    services.photo_save(photo=photo, actor=None)

    page = soup(client.get(f"/en/photos/{photo.pk}/"))

    assert page.find("a", attrs={"download": True}) is None
    assert "All rights reserved" in page.select_one(".photo__facts").get_text()


def test_a_photo_being_processed_says_so_and_a_failed_one_is_not_public(client):
    pending = make_photo(title="En cours", process=False)
    failed = make_photo(title="Ratée", process=False)
    Photo.objects.filter(pk=failed.pk).update(status=PhotoStatus.FAILED, failure="x")

    page = client.get(f"/en/photos/{pending.pk}/")
    listing = soup(client.get("/en/photos/"))

    assert "being processed" in soup(page).select_one(".photo__pending").get_text()
    assert client.get(f"/en/photos/{failed.pk}/").status_code == 404
    assert [t.get_text() for t in listing.select(".photo-grid__title")] == ["En cours"]
    assert listing.select_one(".photo-grid__pending").get_text() == "Processing…"


def test_monthly_albums_group_photos_by_the_month_taken_in_paris(client):
    # 23:30 UTC on 31 May is 1 June in Paris: the photo is June's.
    make_photo(title="Nuit", taken=datetime(2026, 6, 1, 1, 30))
    make_photo(title="Mai", taken=datetime(2026, 5, 10, 12, 0))
    make_photo(title="Hiver", taken=datetime(2025, 12, 24, 12, 0))

    months = soup(client.get("/en/photos/months/"))
    june = soup(client.get("/en/photos/months/2026/6/"))

    assert [h.get_text() for h in months.select("section[aria-labelledby^=year] h2")] == [
        "2026",
        "2025",
    ]
    assert [a["href"] for a in months.select(".photo-months a")] == [
        "/en/photos/months/2026/6/",
        "/en/photos/months/2026/5/",
        "/en/photos/months/2025/12/",
    ]
    assert [t.get_text() for t in june.select(".photo-grid__title")] == ["Nuit"]
    assert client.get("/en/photos/months/2026/7/").status_code == 404
    assert client.get("/en/photos/months/2026/13/").status_code == 404


def test_album_list_shows_published_albums_with_their_cover_and_count(client, three_photos):
    make_album(title="Brouillon", slug="brouillon", published=False)

    page = soup(client.get("/en/photos/albums/"))

    assert [t.get_text() for t in page.select(".photo-grid__title")] == ["Le marché"]
    assert "3 photos" in page.select_one(".card__meta").get_text()
    assert page.select_one("picture img")["alt"] == "Photo 3, vue depuis la mairie"
    assert client.get("/en/photos/albums/brouillon/").status_code == 404


def test_an_album_s_cover_is_the_chosen_one_else_the_last_photo_put_in_it(client):
    harbour = make_album(title="Le port", slug="le-port")
    make_photo(title="Récente", taken=datetime(2026, 5, 20, 12, 0), album=harbour)
    make_photo(title="Ancienne", taken=datetime(1998, 7, 14, 12, 0), album=harbour)
    make_photo(title="En cours", album=harbour, process=False)  # not counted, not a cover

    def card():
        page = soup(client.get("/en/photos/albums/"))
        return page.select_one(".card__meta").get_text(), page.select_one("picture img")["alt"]

    count, alt = card()
    assert "2 photos" in count
    assert alt == "Ancienne, vue depuis la mairie"
    harbour.cover = Photo.objects.get(title="Récente")
    harbour.save()
    assert card()[1] == "Récente, vue depuis la mairie"


def test_the_feed_lists_the_latest_ready_photos_with_their_picture(client, three_photos):
    make_photo(title="En cours", process=False)

    feed = feedparser.parse(client.get("/photos/feed/rss/").content)

    assert [e.title for e in feed.entries] == ["Photo 3", "Photo 2", "Photo 1"]
    assert feed.entries[0].enclosures[0]["type"] == "image/jpeg"


def test_a_change_makes_the_cached_pages_fresh(client, page_cache, three_photos):
    _album, (first, _second, _third) = three_photos
    urls = [
        "/en/photos/",
        "/en/photos/albums/",
        "/en/photos/albums/le-marche/",
        "/en/photos/months/2026/3/",
        f"/en/photos/{first.pk}/",
    ]
    for url in urls:
        assert client.get(url)["X-Parvis-Cache"] == "miss"
        assert client.get(url)["X-Parvis-Cache"] == "hit"

    first.title = "Le marché de printemps"
    services.photo_save(photo=first, actor=None)

    for url in urls:
        fresh = client.get(url)
        assert fresh["X-Parvis-Cache"] == "miss", url
        if url != "/en/photos/albums/":  # whose cover is the album's latest photo
            assert "Le marché de printemps" in fresh.content.decode(), url


def test_processing_makes_the_cached_page_fresh(client, page_cache):
    photo = make_photo(title="Lente", process=False)
    assert "being processed" in client.get(f"/en/photos/{photo.pk}/").content.decode()

    services.photo_process(photo_id=photo.pk)

    fresh = client.get(f"/en/photos/{photo.pk}/")
    assert fresh["X-Parvis-Cache"] == "miss"
    assert "<picture>" in fresh.content.decode()


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_query_counts_do_not_grow_with_the_number_of_photos(client):
    albums = [make_album(title=f"Album {n}", slug=f"album-{n}") for n in range(2)]
    add_photos(2, album=albums[0])
    add_photos(1, album=albums[1])
    middle = Photo.objects.order_by("pk")[1].pk
    urls = [
        "/en/photos/",
        "/en/photos/?page=2",
        "/en/photos/albums/",
        "/en/photos/albums/album-0/",
        "/en/photos/months/",
        "/en/photos/months/2026/3/",
        f"/en/photos/{middle}/",
        f"/en/photos/albums/album-0/{middle}/",
    ]
    urls = [u for u in urls if "page=2" not in u]
    small = {url: queries_for(client, url) for url in urls}

    for n in range(2, 24):
        make_album(title=f"Album {n}", slug=f"album-{n}").photos.add(
            *Photo.objects.order_by("pk")[:3]
        )
    add_photos(60, album=albums[0])
    large = {url: queries_for(client, url) for url in urls}

    assert large == small


def test_the_home_page_shows_the_latest_ready_photos_and_the_latest_videos(client, page_cache):
    from parvis.videos.tests.factories import make_reference

    make_reference("concert", title="Le concert", resolved=True)
    make_photo(title="Lente", process=False)  # still being processed: not on the home page
    for n in range(7):
        make_photo(title=f"Marché {n}", taken=datetime(2026, 5, 1 + n, 9, 0))

    home = soup(client.get("/en/"))

    photos = home.select_one("section[aria-labelledby=home-photos]")
    assert [t.get_text() for t in photos.select(".photo-grid__title")] == [
        f"Marché {n}" for n in (6, 5, 4, 3, 2, 1)
    ]
    assert photos.select_one("a[href='/en/photos/']").get_text() == "All the photos"
    videos = home.select_one("section[aria-labelledby=home-videos]")
    assert "Le concert" in videos.get_text()
    # A new photo makes the home page fresh, rendered again with it first.
    assert client.get("/en/")["X-Parvis-Cache"] == "hit"
    make_photo(title="Nouvelle", taken=datetime(2026, 6, 1, 9, 0))
    fresh = client.get("/en/")
    assert fresh["X-Parvis-Cache"] == "miss"
    section = soup(fresh).select_one("section[aria-labelledby=home-photos]")
    assert section.select_one(".photo-grid__title").get_text() == "Nouvelle"
