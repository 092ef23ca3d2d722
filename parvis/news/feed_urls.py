"""The feeds' addresses. Outside the language prefixes: a feed speaks the site's default
language at one address (see `parvis.core.feeds`)."""

from django.urls import path

from parvis.news.feeds import AnnouncementFeed, ArticleFeed

app_name = "news_feeds"
urlpatterns = []
for _stream, _feed, _prefixes in (
    ("articles", ArticleFeed, {"town": "news/", "space": "spaces/<slug:slug>/news/",
                               "tag": "tags/<slug:slug>/news/"}),
    ("announcements", AnnouncementFeed, {"town": "announcements/",
                                         "space": "spaces/<slug:slug>/announcements/",
                                         "tag": "tags/<slug:slug>/announcements/"}),
):  # fmt: skip
    for _scope, _prefix in _prefixes.items():
        urlpatterns += [
            path(f"{_prefix}feed/rss/", _feed(scope=_scope), name=f"{_stream}_{_scope}_rss"),
            path(
                f"{_prefix}feed/atom/",
                _feed(scope=_scope, atom=True),
                name=f"{_stream}_{_scope}_atom",
            ),
        ]
