"""Every feed of news and announcements, read by feedparser as feed readers read them."""

from __future__ import annotations

import calendar
from datetime import UTC, timedelta

import feedparser
import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from parvis.core.feeds import FEED_SIZE
from parvis.news.models import Article
from parvis.news.services import (
    announcement_unpublish,
    article_save,
    article_schedule,
    article_submit,
    article_unpublish,
    articles_publish_due,
)
from parvis.news.tests.factories import make_announcement, make_article, png_bytes
from parvis.spaces.tests.factories import make_space
from parvis.tags.models import Tag

pytestmark = pytest.mark.django_db

SITE = "https://www.villeneuve.example"
FEED_PATHS = {
    # (stream, scope): path without the "rss/" or "atom/" ending
    ("articles", "town"): "/news/feed/",
    ("articles", "space"): "/spaces/vieux-bourg/news/feed/",
    ("articles", "tag"): "/tags/travaux/news/feed/",
    ("announcements", "town"): "/announcements/feed/",
    ("announcements", "space"): "/spaces/vieux-bourg/announcements/feed/",
    ("announcements", "tag"): "/tags/travaux/announcements/feed/",
}
ALL_FEEDS = [
    pytest.param(stream, scope, flavour, id=f"{stream}-{scope}-{flavour}")
    for (stream, scope) in FEED_PATHS
    for flavour in ("rss", "atom")
]


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def news(officer):
    """Published, draft, scheduled and unpublished items in a space, with a tag or not."""
    space = make_space("vieux-bourg", name="Vieux-Bourg")
    other = make_space("les-rives", name="Les Rives")
    works = Tag.objects.create(name="Travaux", slug="travaux")
    culture = Tag.objects.create(name="Culture", slug="culture")
    now = timezone.now()
    items = {
        "article_space_tag": make_article(
            "bridge", title="The bridge reopens", space=space, tags=[works], actor=officer,
            image=png_bytes(), now=now - timedelta(days=2),
        ),
        "article_town": make_article("budget", title="The budget", tags=[culture],
                                     actor=officer, now=now - timedelta(days=1)),
        "article_other_space": make_article("rives", title="Along the river", space=other,
                                            tags=[works], actor=officer, now=now),
        "draft": make_article("draft", title="Draft", space=space, tags=[works], publish=False,
                              actor=officer),
        "announcement_space_tag": make_announcement(
            "Road closed on Monday.", space=space, tags=[works], actor=officer,
            image=png_bytes((60, 60)), now=now - timedelta(hours=5),
        ),
        "announcement_service": make_announcement(
            "A new holiday cottage opened.", service="Office de tourisme", actor=officer,
            now=now - timedelta(hours=2),
        ),
        "announcement_draft": make_announcement("Not yet.", space=space, tags=[works],
                                                publish=False, actor=officer),
    }  # fmt: skip
    scheduled = make_article(
        "later", title="Later", space=space, tags=[works], publish=False, actor=officer
    )
    article_submit(article=scheduled, actor=officer)
    article_schedule(article=scheduled, actor=officer, publish_at=now + timedelta(hours=1))
    gone = make_article("gone", title="Gone", space=space, tags=[works], actor=officer)
    article_unpublish(article=gone, actor=officer)
    withdrawn = make_announcement("Withdrawn.", space=space, tags=[works], actor=officer)
    announcement_unpublish(announcement=withdrawn, actor=officer)
    return items


def fetch(client, path: str, **headers) -> tuple:
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    return response, feedparser.parse(response.content)


def expected_titles(stream: str, scope: str) -> list[str]:
    """What each feed must list, newest first: only public items of its scope."""
    return {
        ("articles", "town"): ["Along the river", "The budget", "The bridge reopens"],
        ("articles", "space"): ["The bridge reopens"],
        ("articles", "tag"): ["Along the river", "The bridge reopens"],
        ("announcements", "town"): ["A new holiday cottage opened.", "Road closed on Monday."],
        ("announcements", "space"): ["Road closed on Monday."],
        ("announcements", "tag"): ["Road closed on Monday."],
    }[(stream, scope)]


@pytest.mark.parametrize(("stream", "scope", "flavour"), ALL_FEEDS)
def test_every_feed_parses_without_error_and_lists_only_public_items(
    client, news, stream, scope, flavour
):
    response, feed = fetch(client, f"{FEED_PATHS[(stream, scope)]}{flavour}/")

    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == ("rss20" if flavour == "rss" else "atom10")
    assert response["Content-Type"].startswith(
        "application/rss+xml" if flavour == "rss" else "application/atom+xml"
    )
    assert [entry.title for entry in feed.entries] == expected_titles(stream, scope)
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(("stream", "scope", "flavour"), ALL_FEEDS)
def test_every_item_has_an_absolute_link_a_stable_guid_and_aware_dates(
    client, news, stream, scope, flavour
):
    _response, feed = fetch(client, f"{FEED_PATHS[(stream, scope)]}{flavour}/")

    assert feed.feed.link.startswith(f"{SITE}/")
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [f"{SITE}{FEED_PATHS[(stream, scope)]}{flavour}/"]
    kind = "article" if stream == "articles" else "announcement"
    objects = {obj.pk: obj for obj in news.values() if type(obj).__name__.lower() == kind}
    for entry in feed.entries:
        pk = int(entry.id.rsplit("/", 1)[1])
        obj = objects[pk]
        assert entry.link == f"{SITE}{obj.get_absolute_url()}"
        assert entry.id == (
            f"tag:www.villeneuve.example,{obj.created_at:%Y-%m-%d}:news/{kind}/{obj.pk}"
        )
        assert entry.get("guidislink", False) is False
        published = calendar.timegm(entry.published_parsed)
        assert published == int(obj.published_at.timestamp())


def test_rss_dates_are_rfc_822_and_atom_dates_rfc_3339(client, news):
    article = news["article_town"]
    rss = client.get("/news/feed/rss/").content.decode()
    atom = client.get("/news/feed/atom/").content.decode()

    # Aware datetimes, written in UTC in both formats.
    published = article.published_at.astimezone(UTC)
    assert f"<pubDate>{published:%a, %d %b %Y %H:%M:%S} +0000</pubDate>" in rss
    assert f"<published>{published.isoformat()}</published>" in atom


def test_items_carry_their_image_as_an_enclosure_with_length_and_type(client, news):
    article = news["article_space_tag"]
    announcement = news["announcement_space_tag"]

    for path, obj in (
        ("/spaces/vieux-bourg/news/feed/", article),
        ("/spaces/vieux-bourg/announcements/feed/", announcement),
    ):
        for flavour in ("rss", "atom"):
            _response, feed = fetch(client, f"{path}{flavour}/")
            (entry,) = feed.entries
            assert [(e.href, int(e.length), e.type) for e in entry.enclosures] == [
                (f"{SITE}{obj.image.url}", obj.image.size, "image/png")
            ]
    _response, feed = fetch(client, "/news/feed/rss/")
    assert [len(entry.enclosures) for entry in feed.entries] == [0, 0, 1]


def test_editing_an_article_changes_its_updated_date_but_never_its_guid(client, news, officer):
    article = news["article_town"]
    # Written yesterday: an edit now is later by far more than a feed's one-second precision.
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - timedelta(days=1))
    _response, before = fetch(client, "/news/feed/atom/")
    (entry_before,) = [e for e in before.entries if e.title == "The budget"]

    article.title = "The budget, voted"
    article.slug = "budget-voted"
    article_save(article=article, actor=officer)

    _response, after = fetch(client, "/news/feed/atom/")
    (entry_after,) = [e for e in after.entries if e.title == "The budget, voted"]
    assert entry_after.id == entry_before.id
    assert entry_after.link == f"{SITE}/news/budget-voted/"
    assert entry_after.published == entry_before.published
    assert entry_after.updated_parsed > entry_before.updated_parsed


def test_feeds_speak_the_sites_default_language_whatever_the_reader_asks(client, news):
    response, feed = fetch(client, "/news/feed/rss/", HTTP_ACCEPT_LANGUAGE="en")

    with translation.override("fr"):
        title = gettext("News — %(town)s") % {"town": "Villeneuve-du-Parvis"}
    assert feed.feed.title == title
    assert feed.feed.language == "fr"
    assert response["Content-Language"] == "fr"
    assert all(entry.link.startswith(f"{SITE}/news/") for entry in feed.entries)


def test_items_carry_their_tags_and_who_speaks(client, news):
    _response, feed = fetch(client, "/news/feed/rss/")
    _response, announcements = fetch(client, "/announcements/feed/atom/")

    assert [[tag.term for tag in entry.tags] for entry in feed.entries] == [
        ["Travaux"],
        ["Culture"],
        ["Travaux"],
    ]
    assert [entry.author for entry in announcements.entries] == [
        "Office de tourisme",
        "Vieux-Bourg",
    ]


def test_a_scheduled_article_enters_the_feed_only_once_published(client, news):
    _response, feed = fetch(client, "/spaces/vieux-bourg/news/feed/rss/")
    assert [entry.title for entry in feed.entries] == ["The bridge reopens"]

    # Its time comes (the test moves it rather than the clock), and the job runs.
    Article.objects.filter(slug="later").update(publish_at=timezone.now() - timedelta(minutes=1))
    assert articles_publish_due() == 1

    _response, feed = fetch(client, "/spaces/vieux-bourg/news/feed/rss/")
    assert [entry.title for entry in feed.entries] == ["Later", "The bridge reopens"]


def test_a_feed_lists_the_latest_items_only(client, officer):
    now = timezone.now()
    for number in range(FEED_SIZE + 5):
        make_article(f"item-{number:02d}", actor=officer, now=now - timedelta(minutes=number))

    _response, feed = fetch(client, "/news/feed/atom/")

    assert [entry.title for entry in feed.entries] == [
        f"Item {number:02d}" for number in range(FEED_SIZE)
    ]
    assert Article.objects.count() == FEED_SIZE + 5


@pytest.mark.parametrize(
    "path",
    [
        "/spaces/nowhere/news/feed/rss/",
        "/tags/nothing/announcements/feed/atom/",
        "/en/news/feed/rss/",
    ],
)
def test_a_feed_of_something_that_does_not_exist_is_not_found(client, news, path):
    assert client.get(path).status_code == 404
