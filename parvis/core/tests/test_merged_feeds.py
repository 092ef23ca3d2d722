"""A feed may join a merged feed only if some app declares it: a misspelt name stops the
start-up (the URL configuration) with an error naming both, rather than a feed that stays
silently empty. (The merge itself is shown by the photos and videos feeds.)"""

import pytest

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


def test_a_feed_joining_an_undeclared_merged_feed_stops_the_start_up(declared):
    feed("test-lonely", view=_Nothing, paths={"town": "test-lonely/"}, joins=("test-misspelt",))
    declared.append("test-lonely")

    with pytest.raises(ValueError, match="'test-lonely' joins 'test-misspelt'"):
        feed_urlpatterns()


def test_a_feed_may_join_only_a_merged_feed_not_a_plain_one(declared):
    feed("test-plain", view=_Nothing, paths={"town": "test-plain/"})
    feed("test-member", view=_Nothing, paths={"town": "test-member/"}, joins=("test-plain",))
    declared.extend(["test-plain", "test-member"])

    with pytest.raises(ValueError, match="'test-member' joins 'test-plain'"):
        feed_urlpatterns()


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
