"""The comment feeds' addresses. Outside the language prefixes: a feed speaks the site's
default language at one address (see `parvis.core.feeds`)."""

from django.urls import path

from parvis.comments.feeds import CommentFeed

app_name = "comments_feeds"
urlpatterns = [
    path("comments/feed/rss/", CommentFeed(scope="town"), name="town_rss"),
    path("comments/feed/atom/", CommentFeed(scope="town", atom=True), name="town_atom"),
    path("spaces/<slug:slug>/comments/feed/rss/", CommentFeed(scope="space"), name="space_rss"),
    path(
        "spaces/<slug:slug>/comments/feed/atom/",
        CommentFeed(scope="space", atom=True),
        name="space_atom",
    ),
]
