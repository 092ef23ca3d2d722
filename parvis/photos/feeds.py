"""RSS and Atom feed of the latest photos (town-wide), each with its picture."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _

from parvis.core.feeds import FEED_SIZE, FeedSubject, ParvisFeed
from parvis.core.renditions import default_width
from parvis.core.town import current_town
from parvis.photos import selectors
from parvis.photos.models import Photo


class PhotoFeed(ParvisFeed):
    guid_kind = "photos/photo"

    def describe(self, scope_object: Any) -> tuple[str, str, str]:
        town = current_town().name
        return (
            _("Photos — %(town)s") % {"town": town},
            _("The latest photos published by %(town)s.") % {"town": town},
            reverse("photos:list"),
        )

    def items(self, subject: FeedSubject) -> list[Photo]:
        return selectors.photos_for_feed(limit=FEED_SIZE)

    def item_title(self, item: Photo) -> str:
        return item.title

    def item_description(self, item: Photo) -> str:
        return item.alt_text

    def item_pubdate(self, item: Photo) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Photo) -> datetime:
        return item.updated_at

    def item_categories(self, item: Photo) -> list[str]:
        return [tag.name for tag in item.tags.all()]

    def item_image(self, item: Photo) -> tuple[str, int, str] | None:
        stored = item.stored
        if stored is None:
            return None
        name = stored.name(default_width(stored, 1024), "jpg")
        # The size of each file would cost a storage round trip per item: an estimate of 0
        # is what RSS allows when the length is unknown.
        return default_storage.url(name), 0, "image/jpeg"


def describe_media_feed(scope_object: Any) -> tuple[str, str, str]:
    """The merged feed of the latest photos and videos (`merged_feed("media")`), which the
    video library joins when it is installed: its title, description and page."""
    town = current_town().name
    return (
        _("Photos and videos — %(town)s") % {"town": town},
        _("The latest photos and videos published by %(town)s.") % {"town": town},
        reverse("photos:list"),
    )
