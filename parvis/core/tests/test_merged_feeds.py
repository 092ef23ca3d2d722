"""Merged feeds: the latest photos and videos in one feed, each item written by its own
feed; and a feed joining a merged feed that no installed app declares is said by a system
check (an app left out, or a misspelt key), not left quietly out of it."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from parvis.core.checks import parvis_merged_feeds
from parvis.core.feeds import ParvisFeed, _feed_types, feed, feed_urlpatterns, merged_feed


class _Nothing(ParvisFeed):
    def describe(self, scope_object):
        return ("Nothing", "Nothing at all.", "/")

    def items(self, subject):
        return []


@pytest.fixture
def declared():
    keys = []
    yield keys
    for key in keys:
        _feed_types.remove(key)


def test_a_feed_joining_an_undeclared_merged_feed_is_said_by_a_system_check(declared):
    assert parvis_merged_feeds() == []  # Parvis's own apps declare what they join
    feed("test-lonely", view=_Nothing, paths={"town": "test-lonely/"}, joins=("test-misspelt",))
    feed("test-plain", view=_Nothing, paths={"town": "test-plain/"})
    feed("test-member", view=_Nothing, paths={"town": "test-member/"}, joins=("test-plain",))
    declared.extend(["test-lonely", "test-plain", "test-member"])

    warnings = parvis_merged_feeds()

    assert [(w.id, w.msg.split(",")[0]) for w in warnings] == [
        ("parvis.W006", "The feed 'test-lonely' joins the merged feed 'test-misspelt'"),
        ("parvis.W006", "The feed 'test-member' joins the merged feed 'test-plain'"),
    ]


def test_a_declared_merged_feed_is_routed_like_any_other(declared):
    merged_feed(
        "test-merged",
        describe=lambda scope: ("Merged", "Everything.", "/"),
        paths={"town": "test-merged/"},
    )
    feed("test-member", view=_Nothing, paths={"town": "test-member/"}, joins=("test-merged",))
    declared.extend(["test-merged", "test-member"])

    routes = {str(pattern.pattern) for pattern in feed_urlpatterns()}

    assert {"test-merged/feed/rss/", "test-merged/feed/atom/"} <= routes


@pytest.mark.django_db
def test_the_latest_photos_and_videos_in_one_feed_each_as_its_own_feed_writes_it(client):
    from parvis.photos.tests.factories import make_album, make_photo
    from parvis.videos.tests.factories import make_reference

    now = timezone.now()
    photo = make_photo(title="La halle", album=make_album())
    video = make_reference("le-conseil")
    # The photo came in two days ago, the video was published yesterday.
    type(photo).objects.filter(pk=photo.pk).update(created_at=now - timedelta(days=2))
    type(video).objects.filter(pk=video.pk).update(published_at=now - timedelta(days=1))

    merged = feedparser.parse(client.get("/media/feed/rss/").content)
    photos = feedparser.parse(client.get("/photos/feed/rss/").content)
    videos = feedparser.parse(client.get("/videos/feed/rss/").content)

    assert merged.feed.title.startswith("Photos et vidéos")
    assert [entry.id for entry in merged.entries] == [videos.entries[0].id, photos.entries[0].id]
    assert merged.entries[1] == photos.entries[0]  # written by the photos' feed, unchanged
    atom = feedparser.parse(client.get("/media/feed/atom/").content)
    assert [entry.link for entry in atom.entries] == [e.link for e in merged.entries]
