from __future__ import annotations

from typing import Any

from django.urls import reverse

from parvis.core.feeds import FEED_SIZE, FeedSubject, ParvisFeed
from tests.sampleapp import selectors


class NoticeFeed(ParvisFeed):
    guid_kind = "noticeboard/notice"

    def describe(self, scope_object: Any) -> tuple[str, str, str]:
        if scope_object is not None:
            return (
                f"Notices in {scope_object.name}",
                "Pinned by residents.",
                scope_object.get_absolute_url(),
            )
        return ("Notices", "Pinned by residents.", reverse("home"))

    def items(self, subject: FeedSubject) -> list:
        notices = selectors.public_notices()
        if subject.scope is not None:
            notices = notices.filter(space=subject.scope)
        return list(notices[:FEED_SIZE])

    def item_title(self, item: Any) -> str:
        return item.title

    def item_description(self, item: Any) -> str:
        return item.body

    def item_updateddate(self, item: Any):
        return item.updated_at
