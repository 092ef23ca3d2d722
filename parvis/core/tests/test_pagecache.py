"""The anonymous page cache (parvis.core.pagecache), read as visitors read the site.

Each change goes through the service the site uses for it; the `X-Parvis-Cache` header
tells whether a page came from the cache ("hit") or was rendered again ("miss").
"""

from __future__ import annotations

import random
import string
import time
from datetime import timedelta

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import RequestFactory
from django.utils import timezone

from parvis.comments.services import comment_create
from parvis.core import pagecache
from parvis.core.models import Generation
from parvis.moderation.services import contribution_hide
from parvis.news.services import article_save, article_unpublish
from parvis.news.tests.factories import make_announcement, make_article
from parvis.notifications.services import subscription_create
from parvis.spaces.services import space_save
from parvis.spaces.tests.factories import make_page, make_space
from parvis.tags.models import Tag
from parvis.tags.services import tag_save

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def cache_state(client, path: str) -> str:
    """ "hit", "miss", or "none" for an answer that could not be cached (a 404)."""
    return client.get(path).get("X-Parvis-Cache", "none")


# --- what is stored, and for whom ----------------------------------------------------------------


def test_a_page_is_rendered_once_then_served_from_the_cache_with_its_validators(client, officer):
    make_article("library", title="The new library", actor=officer)

    first = client.get("/news/library/")
    second = client.get("/news/library/")

    assert first["X-Parvis-Cache"] == "miss"
    assert second["X-Parvis-Cache"] == "hit"
    assert second.content == first.content
    assert "The new library" in second.content.decode()
    # A strong validator made of the body, the same on every answer, and a date.
    assert first["ETag"] == second["ETag"]
    assert first["ETag"].startswith('"') and not first["ETag"].startswith("W/")
    assert second["Last-Modified"] == first["Last-Modified"]
    # The headers of the middlewares the hit skipped were kept with the page.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"
    assert not second.cookies and "Set-Cookie" not in second.headers
    head = client.head("/news/library/")
    assert head["X-Parvis-Cache"] == "hit"
    assert head.content == b""
    assert head["Content-Length"] == str(len(first.content))


def test_a_signed_in_visitor_never_gets_a_cached_page_nor_fills_the_cache(client, resident):
    assert cache_state(client, "/") == "miss"
    assert cache_state(client, "/") == "hit"

    client.force_login(resident)
    signed_in = client.get("/")
    assert "X-Parvis-Cache" not in signed_in.headers
    assert "My account" in signed_in.content.decode() or "Mon compte" in signed_in.content.decode()
    # A page they alone opened is not kept for anyone.
    assert "X-Parvis-Cache" not in client.get("/legal/notice/").headers

    client.logout()
    client.cookies.clear()
    assert cache_state(client, "/legal/notice/") == "miss"
    page = client.get("/")
    assert page["X-Parvis-Cache"] == "hit"
    assert "Mon compte" not in page.content.decode()


def test_no_cookie_is_ever_stored_nor_served_and_the_private_parts_are_never_cached(client):
    for path in ["/", "/news/", "/spaces/", "/legal/notice/", "/search/?q=parc"]:
        client.get(path)
        assert client.get(path)["X-Parvis-Cache"] == "hit"
    # The sign-in page sets the CSRF cookie: neither it nor the back office is stored.
    client.get("/accounts/login/")
    client.get("/backoffice/")

    entries = [
        entry
        for store in (pagecache.stores().pages, pagecache.stores().variants)
        for entry in store._entries.values()
    ]
    assert len(entries) == 5
    for entry in entries:
        names = {name.lower() for name, __ in entry.headers}
        assert "set-cookie" not in names
    assert not any(
        "accounts" in key or "backoffice" in key for key in pagecache.stores().pages._entries
    )
    assert "X-Parvis-Cache" not in client.get("/accounts/login/").headers


def test_a_view_that_opts_out_or_sets_a_cookie_is_not_stored(client, rf):
    from django.http import HttpResponse
    from django.views.decorators.cache import never_cache

    request = rf.get("/")
    assert pagecache.is_anonymous_request(request)
    assert pagecache.is_storable(request, HttpResponse("page"))
    assert not pagecache.is_storable(request, never_cache(lambda r: HttpResponse("x"))(request))
    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("seen", "1")
    assert not pagecache.is_storable(request, with_cookie)
    assert not pagecache.is_storable(request, HttpResponse("gone", status=404))
    signed_in = rf.get("/", HTTP_COOKIE="sessionid=abc")
    assert not pagecache.is_anonymous_request(signed_in)
    assert not pagecache.is_storable(signed_in, HttpResponse("page"))


# --- what a change makes fresh, and what it leaves cached ------------------------------------------

PAGES = {
    "home": "/",
    "news": "/news/",
    "article A": "/news/article-a/",
    "article B": "/news/article-b/",
    "announcements": "/announcements/",
    "space": "/spaces/centre/",
    "space page": "/spaces/centre/pages/history/",
    "tag": "/tags/parks/",
    "legal": "/legal/notice/",
    "news feed": "/news/feed/rss/",
}


@pytest.fixture
def town(officer, moderator, resident):
    space = make_space("centre", name="Centre")
    make_page(space, "history", title="History")
    tag = tag_save(tag=Tag(slug="parks", name="Parks"), actor=officer)
    article_a = make_article("article-a", title="Article A", actor=officer, space=space, tags=[tag])
    article_b = make_article("article-b", title="Article B", actor=officer)
    announcement = make_announcement("Market on Sunday", actor=officer)
    return {
        "space": space,
        "tag": tag,
        "a": article_a,
        "b": article_b,
        "announcement": announcement,
        "officer": officer,
        "moderator": moderator,
        "resident": resident,
    }


def _warm(client) -> None:
    for path in PAGES.values():
        client.get(path)
        assert cache_state(client, path) == "hit", path


def _rendered_again(client) -> set[str]:
    return {name for name, path in PAGES.items() if cache_state(client, path) != "hit"}


def _edit_article_b(town):
    town["b"].title = "Article B, corrected"
    article_save(article=town["b"], actor=town["officer"])


def _comment_on_a(town):
    town["comment"] = comment_create(target=town["a"], author=town["resident"], body="Great!")


def _rename_tag(town):
    town["tag"].name = "Parks and gardens"
    tag_save(tag=town["tag"], actor=town["officer"])


def _edit_space(town):
    town["space"].summary = "The old town"
    space_save(space=town["space"], actor=town["officer"])


def _follow_space(town):
    subscription_create(user=town["resident"], target=town["space"])


def _unpublish_a(town):
    article_unpublish(article=town["a"], actor=town["officer"])


def _new_announcement(town):
    make_announcement("Roadworks on Monday", actor=town["officer"])


# For each change, written by hand: the pages rendered again. Every other page stays cached.
# An article's page reads the tags and spaces tables (for its own tag and space), so any tag
# or space change renders it again, article B's too; other articles never do.
MATRIX = [
    (_edit_article_b, {"home", "news", "article B", "space", "tag", "news feed"}),
    (_comment_on_a, {"article A"}),
    (_rename_tag, {"article A", "article B", "tag", "news feed"}),
    (
        _edit_space,
        {
            "home",
            "news",
            "article A",
            "article B",
            "announcements",
            "space",
            "space page",
            "tag",
            "news feed",
        },
    ),
    (_follow_space, {"space"}),
    (_unpublish_a, {"home", "news", "article A", "space", "tag", "news feed"}),
    (_new_announcement, {"home", "announcements", "space", "tag"}),
]


@pytest.mark.parametrize(("change", "fresh"), MATRIX, ids=[c.__name__[1:] for c, __ in MATRIX])
def test_a_change_renders_again_exactly_the_pages_that_show_it(client, town, change, fresh):
    _warm(client)

    change(town)

    assert _rendered_again(client) == fresh


def test_hiding_a_comment_renders_its_page_again_without_it(client, town):
    _comment_on_a(town)
    assert "Great!" in client.get("/news/article-a/").content.decode()
    _warm(client)

    contribution_hide(obj=town["comment"], moderator=town["moderator"], reason="Off topic")

    assert _rendered_again(client) == {"article A"}
    assert "Great!" not in client.get("/news/article-a/").content.decode()


def test_an_edited_article_is_shown_edited(client, town):
    _warm(client)
    _edit_article_b(town)
    assert "Article B, corrected" in client.get("/news/article-b/").content.decode()
    assert "Article B, corrected" in client.get("/news/").content.decode()


def test_bumps_roll_back_with_a_failed_change(client, town):
    _warm(client)
    before = dict(Generation.objects.values_list("key", "value"))

    with pytest.raises(RuntimeError), transaction.atomic():
        _edit_article_b(town)
        raise RuntimeError("the change fails after the article was saved")

    assert dict(Generation.objects.values_list("key", "value")) == before
    assert _rendered_again(client) == set()
    assert "Article B, corrected" not in client.get("/news/article-b/").content.decode()


def test_a_page_is_not_kept_past_the_end_of_an_articles_publication(client, officer):
    end = timezone.now() + timedelta(seconds=1.5)
    make_article("ending", title="Ending soon", actor=officer, unpublish_at=end)
    assert "Ending soon" in client.get("/news/").content.decode()
    assert cache_state(client, "/news/") == "hit"
    entry = pagecache.stores().pages.get(
        next(k for k in pagecache.stores().pages._entries if k.endswith(":/news/"))
    )
    assert entry is not None and entry.expires == end.timestamp()

    while timezone.now() <= end:
        time.sleep(0.1)

    response = client.get("/news/")
    assert response["X-Parvis-Cache"] == "miss"
    assert "Ending soon" not in response.content.decode()


# --- bad input: cache keys -----------------------------------------------------------------------


def test_cache_keys_keep_only_the_declared_parameters_within_their_bounds(rf):
    def key(url: str):
        found = pagecache.cache_key(rf.get(url))
        return None if found is None else (found.key, found.variant, found.trimmed)

    assert key("/news/") == ("/news/", False, False)
    assert key("/news/?utm_source=x&fbclid=y") == ("/news/", False, True)
    assert key("/news/?page=2&utm_medium=mail") == ("/news/?page=2", True, True)
    assert key("/search/?type=news&q=parc&type=article") == (
        "/search/?q=parc&type=article&type=news",
        True,
        False,
    )
    assert key("/news/?page=10000") is None  # beyond page 9999
    assert key("/news/?page=two") is None
    assert key("/news/?page=2&page=3") is None
    assert key("/news/?colour=red") is None  # a parameter no page reads
    assert key("/search/?q=" + "a" * 101) is None


def test_a_flood_of_random_query_strings_neither_evicts_the_plain_pages_nor_grows_the_cache(
    client, settings
):
    """10,000 requests as a crawler or an attacker sends them. Through Django's own WSGI
    handler, as a server calls it (the test client records every template rendered, which
    would make this test ten times longer)."""
    settings.PAGE_CACHE_VARIANT_BYTES = 300 * 1024
    handler = WSGIHandler()
    # As the test client does: the test's transaction holds its connection open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _flood(handler)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _flood(handler: WSGIHandler) -> None:

    def get(path: str, query: str = "") -> tuple[str, dict[str, str]]:
        environ = RequestFactory().get(path).environ
        environ["QUERY_STRING"] = query
        answered: list = []
        body = handler(environ, lambda status, headers: answered.append((status, dict(headers))))
        b"".join(body)
        body.close()
        return answered[0]

    get("/")
    get("/legal/notice/")
    rng = random.Random(9)

    def word(size: int) -> str:
        return "".join(rng.choices(string.ascii_lowercase, k=size))

    # Half of them links shared with tracking parameters, the rest pages of lists (some far
    # beyond the last), searches (some too long) and parameters no page reads.
    for number in range(10_000):
        shape = number % 8
        if shape < 4:
            url, query = "/", f"utm_source={word(8)}&utm_campaign={word(12)}"
        elif shape < 6:
            url, query = "/legal/notice/", f"page={rng.randint(1, 20_000)}"
        elif shape == 6:
            url, query = "/legal/notice/", f"q={word(rng.randint(1, 150))}"
        else:
            url, query = "/legal/notice/", f"{word(5)}={word(5)}"
        status, headers = get(url, query)
        assert status == "200 OK"
        if shape < 4:
            assert headers["X-Parvis-Cache"] == "hit"

    stores = pagecache.stores()
    assert {key.split(":", 1)[1] for key in stores.pages._entries} == {"/", "/legal/notice/"}
    assert stores.variants.bytes <= 300 * 1024
    assert 0 < len(stores.variants) < 2_500
    assert get("/")[1]["X-Parvis-Cache"] == "hit"


# --- generations committed late ------------------------------------------------------------------


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_bump_committed_after_a_later_one_is_still_seen():
    """On PostgreSQL transactions commit in any order: the one that bumped first may commit
    last. A reader that already saw the later one must still see it."""
    import threading

    from django.db import connection as main_connection

    from parvis.core import generations

    bumped, release = threading.Event(), threading.Event()

    def slow_writer() -> None:
        from django.db import connection

        try:
            with transaction.atomic():
                generations.bump("late")
                bumped.set()
                release.wait(timeout=60)
        finally:
            connection.close()

    def quick_writer() -> None:
        from django.db import connection

        try:
            generations.bump("early")
        finally:
            connection.close()

    slow = threading.Thread(target=slow_writer)
    slow.start()
    assert bumped.wait(timeout=60)
    quick = threading.Thread(target=quick_writer)
    quick.start()
    quick.join()

    reader = generations.Snapshot()
    generations.refresh(reader)
    assert (reader.values.get("early"), reader.values.get("late")) == (1, None)

    release.set()
    slow.join()
    generations.refresh(reader)
    assert (reader.values.get("early"), reader.values.get("late")) == (1, 1)
    assert reader.values["*"] == 2
    assert main_connection.vendor == "postgresql"


def test_the_publication_job_renders_the_lists_again_and_a_dated_article_ends_them(client, officer):
    from parvis.news.models import Article
    from parvis.news.services import article_schedule, article_submit, articles_publish_due

    now = timezone.now()
    later = now + timedelta(days=1)
    article = article_save(
        article=Article(slug="fair", title="Autumn fair", lead="Lead.", body="Body."),
        actor=officer,
    )
    article_submit(article=article, actor=officer)
    article_schedule(article=article, actor=officer, publish_at=later, now=now)
    client.get("/news/")
    assert cache_state(client, "/news/") == "hit"

    # The job, run as if the day had passed: the article is published, dated tomorrow.
    assert articles_publish_due(now=later) == 1

    response = client.get("/news/")
    assert response["X-Parvis-Cache"] == "miss"
    assert "Autumn fair" not in response.content.decode()
    # Kept no longer than the moment it appears.
    entry = pagecache.stores().pages.get(
        next(key for key in pagecache.stores().pages._entries if key.endswith(":/news/"))
    )
    assert entry is not None and entry.expires == later.timestamp()


@pytest.fixture
def pages_shown_once_published():
    """Space pages declared, for one test, as on no page until published (`shown=`)."""
    from parvis.spaces.models import SpacePage

    former = pagecache._invalidations.get(SpacePage)
    pagecache._invalidations.remove(SpacePage)
    pagecache.invalidates(
        SpacePage,
        keys=lambda page: [f"space:{page.space_id}"],
        shown=lambda page: page.is_published,
    )
    yield SpacePage
    pagecache._invalidations.remove(SpacePage)
    pagecache._invalidations.add(SpacePage, former)


def test_an_object_on_no_page_bumps_nothing_until_the_save_that_shows_it(
    pages_shown_once_published,
):
    space = make_space()
    SpacePage = pages_shown_once_published

    def generations(page):
        keys = ["spaces.spacepage", f"spaces.spacepage:{page.pk}", f"space:{space.pk}"]
        found = dict(Generation.objects.filter(key__in=keys).values_list("key", "value"))
        return [found.get(key, 0) for key in keys]

    draft = SpacePage.objects.create(
        space=space, slug="brouillon", title="B", body="b.", is_published=False
    )
    start = generations(draft)
    draft.title = "Brouillon revu"
    draft.save()
    assert generations(draft) == start  # saved, still on no page

    draft.is_published = True
    draft.save()
    shown = [start[0] + 1, start[1] + 1, start[2] + 1]
    assert generations(draft) == shown  # the save that shows it

    draft.is_published = False
    draft.save()  # hidden again: the writer bumps that itself (`keys_of`), as documented
    assert generations(draft) == shown

    other = SpacePage.objects.create(
        space=space, slug="autre", title="A", body="a.", is_published=False
    )
    other_start = generations(other)
    other.delete()
    assert generations(other) == other_start  # deleted before it was ever shown

    published = SpacePage.objects.create(space=space, slug="publiee", title="P", body="p.")
    after_create = generations(published)
    assert after_create[0] == other_start[0] + 1 and after_create[2] == other_start[2] + 1
    published.delete()
    assert generations(published)[0] == after_create[0] + 1  # a shown one deleted bumps
