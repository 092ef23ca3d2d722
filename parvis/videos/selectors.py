"""Reads about videos; each function bounds its number of queries, whatever the data's size.

"Public" is decided here and only here: published, and not in an unpublished space. Lists
are ordered by (published_at, id), newest first, which the index `videos_video_public`
serves: a page of the list reads a page of the index, even with thousands of videos.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from parvis.spaces.models import Space
from parvis.tags.models import Tag
from parvis.videos.models import CaptionTrack, Category, Playlist, PlaylistEntry, Video, VideoStatus

_IN_PUBLIC_SPACE = Q(space__isnull=True) | Q(space__is_published=True)
_NEWEST_FIRST = ("-published_at", "-id")
#: What a card shows: never the description, which may be long, nor processing details.
_CARD_ONLY = (
    "id",
    "kind",
    "title",
    "slug",
    "published_at",
    "duration",
    "poster",
    "poster_alt",
    "processing",
    "provider",
    "space_id",
    "status",
)


def public_videos() -> QuerySet[Video]:
    return Video.objects.filter(_IN_PUBLIC_SPACE, status=VideoStatus.PUBLISHED)


def video_cards(
    *, category: Category | None = None, space: Space | None = None, tag: Tag | None = None
) -> QuerySet[Video]:
    """The public videos as cards, newest first (only those of `category`, of `space`, with
    `tag`, when given); one query per page."""
    videos = public_videos()
    if category is not None:
        # The category's videos as an IN list (its rows of the link table, by their index),
        # rather than a join probed for each video: half the time on SQLite at 5,000 videos.
        in_category = Video.categories.through.objects.filter(category=category)
        videos = videos.filter(pk__in=in_category.values("video_id"))
    if space is not None:
        # By the index `videos_video_space` (space, status, published_at).
        videos = videos.filter(space=space)
    if tag is not None:
        # As for a category: the tag's rows of the link table, by their index.
        videos = videos.filter(pk__in=Video.tags.through.objects.filter(tag=tag).values("video_id"))
    return videos.only(*_CARD_ONLY).order_by(*_NEWEST_FIRST)


def video_for_page(*, slug: str) -> Video | None:
    """The public video at `slug`, its space, categories, tags and captions read with it."""
    return (
        public_videos()
        .select_related("space")
        .prefetch_related(
            "categories",
            "tags",
            Prefetch("captions", queryset=CaptionTrack.objects.order_by("id")),
        )
        .filter(slug=slug)
        .first()
    )


def categories() -> QuerySet[Category]:
    return Category.objects.order_by("position", "name")


def category_for_page(*, slug: str) -> Category | None:
    return Category.objects.filter(slug=slug).first()


def playlists() -> QuerySet[Playlist]:
    return Playlist.objects.order_by("-created_at", "-id")


def playlist_for_page(*, slug: str) -> Playlist | None:
    return Playlist.objects.filter(slug=slug).first()


def playlist_videos(playlist: Playlist) -> list[Video]:
    """The public videos of a playlist in its order; one query."""
    entries = (
        PlaylistEntry.objects.filter(playlist=playlist, video__in=public_videos())
        .select_related("video")
        .order_by("position", "id")
    )
    return [entry.video for entry in entries]


def videos_for_feed(*, limit: int) -> list[Video]:
    return list(
        public_videos()
        .select_related("space")
        .prefetch_related("tags")
        .order_by(*_NEWEST_FIRST)[:limit]
    )
