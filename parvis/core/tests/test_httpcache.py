"""HTTP caching: what each kind of page tells browsers and front proxies, ETags and
Last-Modified, and the 304 a matching conditional request gets."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.contrib.messages import INFO
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client, RequestFactory

from conftest import PASSWORD
from parvis.core.httpcache import is_private_path
from parvis.news.models import Article
from parvis.news.tests.factories import make_article
from parvis.spaces.tests.factories import make_page, make_space
from parvis.tags.tests.factories import make_tag

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=0, s-maxage=60, stale-while-revalidate=30"
PUBLIC_FEED = "public, max-age=300, s-maxage=60, stale-while-revalidate=30"
NO_STORE = "private, no-store"
ETAG = re.compile(r'^"[0-9a-f]{32}"$')


@pytest.fixture
def town(db):
    space = make_space("centre-ville", name="Centre-ville")
    make_page(space, "history")
    works = make_tag("Travaux", "travaux")
    article = make_article("new-library", title="La nouvelle bibliothèque", tags=[works])
    make_article("river-path", title="Le chemin de la rivière")
    return article


def page_urls(article: Article) -> dict[str, str]:
    return {
        "home": "/",
        "home-en": "/en/",
        "news-list": "/news/",
        "article": article.get_absolute_url(),
        "space": "/spaces/centre-ville/",
        "space-page": "/spaces/centre-ville/pages/history/",
        "tag": "/tags/travaux/",
        "search": "/search/?q=biblioth%C3%A8que",
        "legal": "/legal/notice/",
        "legal-en": "/en/legal/notice/",
    }


PAGE_TYPES = [
    "home", "home-en", "news-list", "article", "space", "space-page", "tag", "search",
    "legal", "legal-en",
]  # fmt: skip
FEEDS = ["/news/feed/rss/", "/news/feed/atom/", "/tags/travaux/news/feed/rss/"]


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_a_page_read_without_a_session_may_be_kept_by_anyone_and_varies_on_nothing(town, kind):
    response = Client().get(page_urls(town)[kind])

    assert response.status_code == 200
    assert response["Cache-Control"] == PUBLIC
    assert ETAG.match(response["ETag"])
    # The language is in the address; without a session nothing depends on cookies.
    assert "Vary" not in response.headers
    assert dict(response.cookies) == {}


@pytest.mark.parametrize("url", FEEDS)
def test_a_feed_may_be_kept_longer_by_browsers_and_feed_readers(town, url):
    response = Client().get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == PUBLIC_FEED
    assert ETAG.match(response["ETag"])
    assert "Vary" not in response.headers


def test_a_feed_is_last_modified_when_its_newest_item_was(town):
    Article.objects.filter(slug="new-library").update(
        published_at=datetime(2026, 2, 1, 9, 0, tzinfo=UTC),
        updated_at=datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
    )
    Article.objects.filter(slug="river-path").update(
        published_at=datetime(2026, 2, 20, 8, 30, tzinfo=UTC),
        updated_at=datetime(2026, 2, 20, 8, 0, tzinfo=UTC),
    )

    response = Client().get("/news/feed/rss/")

    assert response["Last-Modified"] == "Mon, 02 Mar 2026 10:00:00 GMT"


def test_a_feed_reader_polling_with_if_modified_since_gets_304_until_a_new_item(town):
    Article.objects.update(
        published_at=datetime(2026, 2, 1, 9, 0, tzinfo=UTC),
        updated_at=datetime(2026, 2, 1, 9, 0, tzinfo=UTC),
    )
    reader = Client()

    same = reader.get("/news/feed/rss/", HTTP_IF_MODIFIED_SINCE="Sun, 01 Feb 2026 09:00:00 GMT")
    later = reader.get("/news/feed/rss/", HTTP_IF_MODIFIED_SINCE="Mon, 02 Feb 2026 00:00:00 GMT")
    earlier = reader.get("/news/feed/rss/", HTTP_IF_MODIFIED_SINCE="Sun, 01 Feb 2026 08:59:59 GMT")
    make_article("market-hall", title="La halle du marché")
    after_change = reader.get(
        "/news/feed/rss/", HTTP_IF_MODIFIED_SINCE="Sun, 01 Feb 2026 09:00:00 GMT"
    )

    assert (same.status_code, same.content) == (304, b"")
    assert same["Cache-Control"] == PUBLIC_FEED
    assert same["Last-Modified"] == "Sun, 01 Feb 2026 09:00:00 GMT"
    assert later.status_code == 304
    assert earlier.status_code == 200
    assert after_change.status_code == 200
    assert b"La halle du march" in after_change.content
    assert after_change["Last-Modified"] != "Sun, 01 Feb 2026 09:00:00 GMT"


@pytest.mark.parametrize("url", ["/news/", "/news/feed/rss/"])
def test_a_matching_if_none_match_gets_304_then_200_once_the_content_changed(town, url):
    first = Client().get(url)
    etag = first["ETag"]

    again = Client().get(url, HTTP_IF_NONE_MATCH=etag)
    head = Client().head(url, HTTP_IF_NONE_MATCH=etag)
    other = Client().get(url, HTTP_IF_NONE_MATCH='"0123456789abcdef0123456789abcdef"')
    make_article("market-hall", title="La halle du marché")
    after_change = Client().get(url, HTTP_IF_NONE_MATCH=etag)

    assert (again.status_code, again.content) == (304, b"")
    assert again["ETag"] == etag
    assert again["Cache-Control"] == first["Cache-Control"]
    assert head.status_code == 304
    assert other.status_code == 200
    assert after_change.status_code == 200
    assert b"La halle du march" in after_change.content
    assert after_change["ETag"] != etag


def test_a_head_request_gets_the_headers_of_the_get(town):
    get = Client().get("/news/")
    head = Client().head("/news/")

    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Cache-Control"] == PUBLIC


def test_a_weak_etag_from_a_compressing_proxy_still_matches(town):
    # nginx marks the ETag weak when it compresses the page; browsers send it back so.
    etag = Client().get("/news/")["ETag"]

    response = Client().get("/news/", HTTP_IF_NONE_MATCH=f"W/{etag}")

    assert response.status_code == 304


@pytest.mark.parametrize("kind", ["home", "article", "search", "legal"])
def test_a_signed_in_person_s_pages_are_private_not_stored_and_without_etag(
    client, town, resident, kind
):
    client.force_login(resident)

    response = client.get(page_urls(town)[kind])

    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE
    assert "ETag" not in response.headers


def test_a_signed_in_person_never_gets_304_for_an_anonymous_copy(client, town, resident):
    etag = Client().get("/").headers["ETag"]
    client.force_login(resident)

    response = client.get("/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


def message_cookie(text: str) -> str:
    """The cookie Django's messages leave for the next page, as a browser holds it."""
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(INFO, text)
    carrier = HttpResponse()
    storage.update(carrier)
    return carrier.cookies["messages"].value


def test_a_page_that_sets_a_cookie_is_never_public(town):
    reader = Client()
    reader.cookies["messages"] = message_cookie("Votre demande est enregistrée.")

    response = reader.get("/news/")

    assert response.status_code == 200
    assert "Votre demande est enregistrée." in response.content.decode()
    # The page takes the message away: it sets (deletes) the cookie, so it is no one else's.
    assert "messages" in response.cookies
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/en/accounts/login/", "/accounts/password/reset/", "/health/"]
)
def test_private_parts_of_the_site_are_never_public(db, url):
    response = Client().get(url)

    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")


def test_an_answer_to_a_form_is_never_public(db):
    response = Client().post("/accounts/login/", {"login": "nobody@example.org", "password": "x"})

    assert response.status_code == 400
    assert "public" not in response.get("Cache-Control", "")


def test_error_pages_are_not_kept(db):
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers


def test_a_reader_with_a_session_cookie_is_not_given_a_public_page(town):
    reader = Client()
    reader.cookies["sessionid"] = "an-expired-session"

    response = reader.get("/news/")

    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")


def test_signing_in_and_out_clears_what_the_browser_kept(settings, town, resident):
    settings.HTTP_CACHE_MAX_AGE = 60  # browsers keep pages a minute without asking
    reader = Client()
    reader.get("/news/")

    signed_in = reader.post("/accounts/login/", {"login": resident.email, "password": PASSWORD})
    page = reader.get("/news/")
    signed_out = reader.post("/accounts/logout/")

    assert signed_in.status_code == 302
    assert signed_in["Clear-Site-Data"] == '"cache"'
    assert "Clear-Site-Data" not in page.headers
    assert signed_out.status_code == 302
    assert signed_out["Clear-Site-Data"] == '"cache"'


def test_nothing_to_clear_when_browsers_ask_each_time(town, resident):
    reader = Client()

    signed_in = reader.post("/accounts/login/", {"login": resident.email, "password": PASSWORD})
    signed_out = reader.post("/accounts/logout/")

    assert (signed_in.status_code, signed_out.status_code) == (302, 302)
    assert "Clear-Site-Data" not in signed_in.headers
    assert "Clear-Site-Data" not in signed_out.headers


@pytest.mark.parametrize(
    ("path", "private"),
    [
        ("/backoffice/", True),
        ("/en/backoffice/news/article/", True),
        ("/accounts/profile/", True),
        ("/en/accounts/login/", True),
        ("/comments/12/edit/", True),
        ("/unsubscribe/abc123/", True),
        ("/health/", True),
        ("/", False),
        ("/en/", False),
        ("/news/", False),
        ("/spaces/accounts-office/", False),
        ("/accountsx/", False),
        ("/de/accounts/", False),
        ("/news/feed/rss/", False),
    ],
)
def test_private_paths_in_every_language(path, private):
    assert is_private_path(path) is private


def test_the_back_office_is_private_wherever_it_is_moved(settings):
    settings.ADMIN_PATH = "gestion"

    assert is_private_path("/gestion/") is True
    assert is_private_path("/en/gestion/news/") is True
    assert is_private_path("/backoffice/") is False
