"""The RSS and Atom feed of the latest videos; an uploaded video comes with its file as the
item's enclosure (URL, length, type), which podcast and video apps download."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parvis.core.feeds import FEED_SIZE, FeedSubject, ParvisFeed
from parvis.core.town import current_town
from parvis.videos import selectors
from parvis.videos.models import Video


class VideoFeed(ParvisFeed):
    guid_kind = "videos/video"

    def describe(self, scope_object: Any) -> tuple[str, str, str]:
        town = current_town().name
        return (
            str(_("Videos — %(town)s")) % {"town": town},
            str(_("The latest videos published by %(town)s.")) % {"town": town},
            reverse("videos:list"),
        )

    def items(self, subject: FeedSubject) -> list[Video]:
        return selectors.videos_for_feed(limit=FEED_SIZE)

    def item_title(self, item: Video) -> str:
        return item.title

    def item_description(self, item: Video) -> str:
        return item.description

    def item_author_name(self, item: Video) -> str:
        return item.author_name or current_town().name

    def item_categories(self, item: Video) -> list[str]:
        return [tag.name for tag in item.tags.all()]

    def item_image(self, item: Video) -> tuple[str, int, str] | None:
        # The enclosure of an uploaded video is the video; a referenced one has none (its
        # file is the provider's).
        if not item.is_upload or item.file_size is None:
            return None
        return item.file.url, item.file_size, item.mime_type
