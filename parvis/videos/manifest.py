"""Everything the video library brings to the shared mechanisms, in one place: its pages,
who manages it, search, its feed, the page cache's invalidation and the sections of the shared
pages (the home page's latest videos, a space's, a tag's)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.feeds import feed
from parvis.core.pagecache import invalidates
from parvis.core.routes import pages
from parvis.core.sections import section
from parvis.search.registry import searchable
from parvis.videos import selectors
from parvis.videos.feeds import VideoFeed
from parvis.videos.models import CaptionTrack, Category, Playlist, PlaylistEntry, Video
from parvis.videos.search import searchable_videos, video_document

# /videos/, /videos/categories/<slug>/, /videos/playlists/<slug>/, /videos/<slug>/.
pages("parvis.videos.urls")

grant(
    Role.COMMUNICATION_OFFICER,
    model_permissions("videos", "video", ["view", "add", "change", "delete"])
    + model_permissions("videos", "captiontrack", ["view", "add", "change", "delete"])
    + model_permissions("videos", "category", ["view", "add", "change", "delete"])
    + model_permissions("videos", "playlist", ["view", "add", "change", "delete"])
    + model_permissions("videos", "playlistentry", ["view", "add", "change", "delete"]),
)


def _space_of(video: Video) -> list[str]:
    return [f"space:{video.space_id}"] if video.space_id else []


# A video's page, the lists and the feed are rendered again when a video, its captions, a
# category or a playlist changes.
invalidates(Video, keys=_space_of)
invalidates(CaptionTrack, keys=lambda track: [f"videos.video:{track.video_id}"])
invalidates(Category)
invalidates(Playlist)
invalidates(PlaylistEntry)

searchable(
    Video,
    key="video",
    label=_("Videos"),
    document=video_document,
    queryset=searchable_videos,
    space_field="space",
    # A channel's archive holds hundreds of videos alike in words ("Exposition à la
    # médiathèque", each month): below the town's pages and news, and ageing in a year.
    weight=0.5,
    freshness=timedelta(days=365),
)

# Its items also go to the feed of the latest photos and videos, when the photo library
# (which declares it) is installed.
feed("videos", view=VideoFeed, paths={"town": "videos/"}, order=45, joins=("media",))

HOME_VIDEOS = 4


def _home(request: HttpRequest | None, obj: Any) -> dict[str, Any]:
    return {"videos": list(selectors.video_cards()[:HOME_VIDEOS])}


section(
    "videos.home",
    page="home",
    template="videos/_home_videos.html",
    context=_home,
    order=40,
    cache=True,
)

#: How many of their latest videos a space's page and a tag's page show.
SPACE_VIDEOS = 4
TAG_VIDEOS = 4


def _space(request: HttpRequest | None, space: Any) -> dict[str, Any] | None:
    """The space's latest public videos; None when it has none."""
    videos = list(selectors.video_cards(space=space)[:SPACE_VIDEOS])
    return {"space": space, "videos": videos} if videos else None


def _tag(request: HttpRequest | None, tag: Any) -> dict[str, Any] | None:
    """The latest public videos carrying the tag; None when there is none."""
    videos = list(selectors.video_cards(tag=tag)[:TAG_VIDEOS])
    return {"tag": tag, "videos": videos} if videos else None


# After what the space says and does (news, events, votes, works, suggestions, reports),
# before its photo albums and podcasts; the same markup for every visitor, kept rendered
# until a video changes (a video's save moves its space's key, `_space_of` above).
section(
    "videos.space",
    page="space",
    template="videos/_space_videos.html",
    context=_space,
    order=65,
    cache=True,
)
# After the tag's news, before its photos.
section(
    "videos.tag",
    page="tag",
    template="videos/_tag_videos.html",
    context=_tag,
    order=40,
    cache=True,
)
