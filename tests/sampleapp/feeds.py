from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse

from parvis.core.feeds import FEED_SIZE, FeedSubject, ParvisFeed, feed_url
from parvis.spaces.selectors import published_spaces
from tests.sampleapp import selectors


class NoticeFeed(ParvisFeed):
    guid_kind = "noticeboard/notice"

    def __init__(self, *, scope: str, atom: bool = False) -> None:
        super().__init__(atom=atom)
        self.scope = scope
        self.atom = atom

    def describe(self, scope_object: Any) -> tuple[str, str, str]:
        if scope_object is not None:
            return (
                f"Notices in {scope_object.name}",
                "Pinned by residents.",
                scope_object.get_absolute_url(),
            )
        return ("Notices", "Pinned by residents.", reverse("home"))

    def subject(self, request: HttpRequest, **kwargs: Any) -> FeedSubject:
        space = None
        if self.scope == "space":
            space = published_spaces().filter(slug=kwargs.get("slug")).first()
            if space is None:
                raise Http404
        title, description, page = self.describe(space)
        return FeedSubject(
            title=title,
            description=description,
            page_url=page,
            feed_url=feed_url("notices", self.scope, space, atom=self.atom),
            scope=space,
        )

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
