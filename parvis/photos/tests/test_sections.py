"""The photo library on the shared pages: a space's page shows its latest published albums
(their cover, their count, a link to every album), a tag's page its latest ready photos;
neither shows what readers may not see, nor anything when there is nothing to show; both
cost as many queries with 20 albums or photos as with 2; the anonymous space page comes
from the page cache until a photo or an album of it changes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.photos import services
from parvis.photos.manifest import SPACE_ALBUMS, TAG_PHOTOS
from parvis.photos.models import Album, Photo, PhotoStatus
from parvis.photos.tests.factories import add_photos, make_album, make_photo
from parvis.spaces.tests.factories import make_space
from parvis.tags.tests.factories import make_tag

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
SPACE_URL = "/en/spaces/vieux-bourg/"
TAG_URL = "/en/tags/marche/"


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def albums_section(client) -> BeautifulSoup | None:
    return soup(client.get(SPACE_URL)).select_one("section[aria-labelledby=space-albums]")


def photos_section(client) -> BeautifulSoup | None:
    return soup(client.get(TAG_URL)).select_one("section[aria-labelledby=tag-photos]")


def test_a_space_page_shows_its_latest_published_albums_with_their_cover(client):
    space = make_space("vieux-bourg", name="Vieux Bourg")
    other = make_space("les-rives", name="Les Rives")
    market = make_album(title="Le marché", slug="le-marche", space=space)
    make_photo(title="Les étals", taken=datetime(2026, 5, 2, 9, 0), album=market)
    make_photo(title="La halle", taken=datetime(2026, 5, 1, 9, 0), album=market)
    make_photo(title="En cours", album=market, process=False)  # neither counted nor a cover
    make_album(title="La fête", slug="la-fete", space=space)  # empty: no cover, 0 photos
    make_album(title="Brouillon", slug="brouillon", space=space, published=False)
    make_album(title="Les berges", slug="les-berges", space=other)
    make_album(title="Toute la ville", slug="toute-la-ville")

    section = albums_section(client)

    assert section.select_one("h2").get_text() == "Photo albums"
    assert [t.get_text() for t in section.select(".photo-grid__title")] == [
        "La fête",
        "Le marché",
    ]
    assert [a["href"] for a in section.select(".photo-grid__item > a")] == [
        "/en/photos/albums/la-fete/",
        "/en/photos/albums/le-marche/",
    ]
    assert [m.get_text() for m in section.select(".card__meta")] == ["0 photos", "2 photos"]
    # The cover is the latest photo put in the album.
    assert [img["alt"] for img in section.select("picture img")] == [
        "La halle, vue depuis la mairie"
    ]
    assert section.select_one("a[href='/en/photos/albums/']").get_text() == "All the photo albums"


def test_a_space_page_shows_only_its_latest_albums(client):
    space = make_space("vieux-bourg")
    for n in range(SPACE_ALBUMS + 2):
        make_album(title=f"Album {n}", slug=f"album-{n}", space=space)

    section = albums_section(client)

    assert [t.get_text() for t in section.select(".photo-grid__title")] == [
        f"Album {n}" for n in range(SPACE_ALBUMS + 1, 1, -1)
    ]


def test_a_space_without_a_published_album_has_no_album_section(client):
    space = make_space("vieux-bourg")
    make_album(title="Brouillon", slug="brouillon", space=space, published=False)
    make_album(title="Ailleurs", slug="ailleurs", space=make_space("les-rives"))

    assert albums_section(client) is None


def test_a_tag_page_shows_the_latest_ready_photos_carrying_the_tag(client):
    tag = make_tag("Marché", "marche")
    other = make_tag("Travaux", "travaux")
    for n in range(TAG_PHOTOS + 1):
        make_photo(title=f"Marché {n}", taken=datetime(2026, 5, 1 + n, 9, 0)).tags.add(tag)
    make_photo(title="En cours", taken=datetime(2026, 6, 1, 9, 0), process=False).tags.add(tag)
    failed = make_photo(title="Ratée", taken=datetime(2026, 6, 2, 9, 0), process=False)
    failed.tags.add(tag)
    Photo.objects.filter(pk=failed.pk).update(status=PhotoStatus.FAILED, failure="x")
    make_photo(title="Chantier", taken=datetime(2026, 6, 3, 9, 0)).tags.add(other)
    make_photo(title="Sans étiquette", taken=datetime(2026, 6, 4, 9, 0))

    section = photos_section(client)

    assert section.select_one("h2").get_text() == "Photos"
    assert [t.get_text() for t in section.select(".photo-grid__title")] == [
        f"Marché {n}" for n in range(TAG_PHOTOS, 0, -1)
    ]
    latest = Photo.objects.get(title=f"Marché {TAG_PHOTOS}")
    assert section.select_one("a")["href"] == f"/en/photos/{latest.pk}/"
    assert section.select_one("picture img")["alt"] == f"Marché {TAG_PHOTOS}, vue depuis la mairie"


def test_a_tag_without_a_ready_photo_has_no_photo_section(client):
    tag = make_tag("Marché", "marche")
    make_photo(title="En cours", process=False).tags.add(tag)
    make_photo(title="Sans étiquette")

    assert photos_section(client) is None


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def add_albums(count: int, space) -> None:
    """`count` more published albums of `space`, each with two photos."""
    start = Album.objects.count()
    for n in range(start, start + count):
        add_photos(2, album=make_album(title=f"Album {n}", slug=f"album-{n}", space=space))


def test_the_space_and_tag_pages_cost_as_many_queries_with_20_items_as_with_2(client):
    space = make_space("vieux-bourg")
    tag = make_tag("Marché", "marche")
    add_albums(2, space)
    add_photos(2, tag=tag)
    for url in (SPACE_URL, TAG_URL):
        queries_for(client, url)  # warm up
    small = {url: queries_for(client, url) for url in (SPACE_URL, TAG_URL)}

    add_albums(18, space)
    add_photos(18, tag=tag)
    large = {url: queries_for(client, url) for url in (SPACE_URL, TAG_URL)}

    assert Album.objects.filter(space=space).count() == 20
    assert tag.photos.count() == 20
    assert large == small
    assert len(albums_section(client).select(".photo-grid__item")) == SPACE_ALBUMS
    assert len(photos_section(client).select(".photo-grid__item")) == TAG_PHOTOS


def test_the_cached_space_page_is_fresh_after_a_new_photo_or_album(client, page_cache):
    space = make_space("vieux-bourg")
    market = make_album(title="Le marché", slug="le-marche", space=space)
    make_photo(title="Les étals", taken=datetime(2026, 5, 1, 9, 0), album=market)
    assert client.get(SPACE_URL)["X-Parvis-Cache"] == "miss"
    assert client.get(SPACE_URL)["X-Parvis-Cache"] == "hit"

    make_photo(title="La halle", taken=datetime(2026, 5, 2, 9, 0), album=market)

    fresh = client.get(SPACE_URL)
    assert fresh["X-Parvis-Cache"] == "miss"
    section = soup(fresh).select_one("section[aria-labelledby=space-albums]")
    assert section.select_one(".card__meta").get_text() == "2 photos"
    assert section.select_one("picture img")["alt"] == "La halle, vue depuis la mairie"
    assert client.get(SPACE_URL)["X-Parvis-Cache"] == "hit"

    services.album_save(
        album=Album(title="La fête", slug="la-fete", space=space, published=True), actor=None
    )

    fresh = client.get(SPACE_URL)
    assert fresh["X-Parvis-Cache"] == "miss"
    section = soup(fresh).select_one("section[aria-labelledby=space-albums]")
    assert [t.get_text() for t in section.select(".photo-grid__title")] == [
        "La fête",
        "Le marché",
    ]
