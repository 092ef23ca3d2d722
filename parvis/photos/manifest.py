"""Everything the photo library brings to the shared mechanisms, in one place: its pages,
who keeps it in the back office, search, the feed of the latest photos (and the merged one of
photos and videos), the sections of the shared pages (the home page's latest photos, a
space's albums, a tag's photos), and which cached pages a change makes fresh."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.feeds import feed, merged_feed
from parvis.core.pagecache import invalidates
from parvis.core.routes import pages
from parvis.core.sections import section
from parvis.photos import selectors
from parvis.photos.feeds import PhotoFeed, describe_media_feed
from parvis.photos.models import Album, Photo
from parvis.photos.search import (
    album_document,
    photo_document,
    searchable_albums,
    searchable_photos,
)
from parvis.search.registry import searchable

# /photos/… in French and /en/photos/… in English.
pages("parvis.photos.urls")

# Communication officers keep the photo library: upload, describe, arrange in albums.
grant(
    Role.COMMUNICATION_OFFICER,
    model_permissions("photos", "photo", ["view", "add", "change", "delete"])
    + model_permissions("photos", "album", ["view", "add", "change", "delete"]),
)

searchable(
    Album,
    key="photo_album",
    label=_("Photo albums"),
    document=album_document,
    queryset=searchable_albums,
    space_field="space",
    weight=0.7,
)
searchable(
    Photo,
    key="photo",
    label=_("Photos"),
    document=photo_document,
    queryset=searchable_photos,
    # Many photos look alike in words: below the town's pages and news.
    weight=0.4,
)

# After the news and the events: what the town shows rather than says.
feed("photos", view=PhotoFeed, paths={"town": "photos/"}, order=45, joins=("media",))
# The latest photos and videos in one feed: the video library joins it, when installed.
merged_feed("media", describe=describe_media_feed, paths={"town": "media/"}, order=46)

# Every photo list reads the photo and album tables (and their relation): a change of one
# makes those lists fresh; a photo's page depends on its own photo (`depends_on_object`).
invalidates(Photo)
invalidates(Album)

#: How many of the latest photos the home page shows.
HOME_PHOTOS = 6


def _home(request: HttpRequest | None, obj: Any) -> dict[str, Any]:
    return {"photos": list(selectors.photo_cards(ready=True)[:HOME_PHOTOS])}


# The latest photos on the home page, after the news and the agenda: the same for every
# visitor, kept rendered until a photo changes.
section("photos.home", page="home", template="photos/_home_photos.html", context=_home,
        order=45, cache=True)  # fmt: skip

#: How many of its latest albums a space's page shows, and of its latest photos a tag's page.
SPACE_ALBUMS = 4
TAG_PHOTOS = 8


def _space(request: HttpRequest | None, space: Any) -> dict[str, Any] | None:
    """The space's latest published albums, with their covers; None when it has none."""
    albums = selectors.album_cards(space=space, limit=SPACE_ALBUMS)
    return {"space": space, "albums": albums} if albums else None


def _tag(request: HttpRequest | None, tag: Any) -> dict[str, Any] | None:
    """The latest ready photos carrying the tag; None when there is none."""
    photos = list(selectors.photo_cards(tag=tag, ready=True)[:TAG_PHOTOS])
    return {"tag": tag, "photos": photos} if photos else None


# After what the space says and does (news, events, votes, works, suggestions, reports) and
# its videos: the same markup for every visitor, kept rendered until an album or a photo
# changes.
section(
    "photos.space",
    page="space",
    template="photos/_space_albums.html",
    context=_space,
    order=70,
    cache=True,
)
# After the tag's news and its videos.
section(
    "photos.tag",
    page="tag",
    template="photos/_tag_photos.html",
    context=_tag,
    order=45,
    cache=True,
)
