"""The feeds of new public suggestions: the town's and each space's (RSS and Atom)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from parvis.core.feeds import FEED_SIZE, FeedSubject, ParvisFeed
from parvis.core.town import current_town
from parvis.suggestions.models import Suggestion
from parvis.suggestions.selectors import suggestion_list


class SuggestionFeed(ParvisFeed):
    guid_kind = "suggestions/suggestion"

    def describe(self, scope_object: Any) -> tuple[str, str, str]:
        if scope_object is not None:
            return (
                _("Suggestions — %(space)s") % {"space": scope_object.name},
                _("The latest suggestions residents made in %(space)s.")
                % {"space": scope_object.name},
                reverse("suggestions:space", args=[scope_object.slug]),
            )
        town = current_town().name
        return (
            _("Suggestions — %(town)s") % {"town": town},
            _("The latest suggestions residents made to %(town)s.") % {"town": town},
            reverse("suggestions:list"),
        )

    def items(self, subject: FeedSubject) -> list[Suggestion]:
        return list(suggestion_list(space=subject.scope)[:FEED_SIZE])

    def item_title(self, item: Suggestion) -> str:
        return item.title

    def item_description(self, item: Suggestion) -> str:
        return item.text

    def item_pubdate(self, item: Suggestion) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Suggestion) -> datetime:
        return item.updated_at
