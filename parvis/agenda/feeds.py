"""The agenda's feed (RSS and Atom): the events not over yet, by their first start."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from parvis.agenda import selectors
from parvis.agenda.models import Event
from parvis.agenda.templatetags.agenda_display import when_text
from parvis.core.feeds import FEED_SIZE, FeedSubject, ParvisFeed
from parvis.core.markdown import markdown_to_text
from parvis.core.town import current_town


class EventFeed(ParvisFeed):
    guid_kind = "agenda/event"

    def describe(self, scope_object: object) -> tuple[str, str, str]:
        town = current_town().name
        return (
            _("Agenda — %(town)s") % {"town": town},
            _("The events to come in %(town)s.") % {"town": town},
            reverse("agenda:list"),
        )

    def items(self, subject: FeedSubject) -> list[Event]:
        return list(selectors.feed_events()[:FEED_SIZE])

    def item_pubdate(self, item: Event) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Event) -> datetime:
        return item.updated_at

    def item_title(self, item: Event) -> str:
        return item.title

    def item_description(self, item: Event) -> str:
        when = when_text(item.starts_at, item.ends_at, item.all_day)
        text = item.summary or markdown_to_text(item.description)
        return f"{when}. {text}" if text else f"{when}."
