"""The roadworks feed (RSS and Atom): the works going on and to come, as the list shows them."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parvis.core.feeds import FEED_SIZE, FeedSubject, ParvisFeed
from parvis.core.town import current_town
from parvis.roadworks import selectors
from parvis.roadworks.models import Works


class WorksFeed(ParvisFeed):
    guid_kind = "roadworks/works"

    def describe(self, scope_object: object) -> tuple[str, str, str]:
        town = current_town().name
        return (
            _("Roadworks — %(town)s") % {"town": town},
            _("The works going on and to come in the streets of %(town)s.") % {"town": town},
            reverse("roadworks:list"),
        )

    def items(self, subject: FeedSubject) -> list[Works]:
        return list(selectors.works_list()[:FEED_SIZE])

    def item_pubdate(self, item: Works) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Works) -> datetime:
        return item.updated_at

    def item_title(self, item: Works) -> str:
        return item.title

    def item_description(self, item: Works) -> str:
        start = date_format(item.starts_on, "DATE_FORMAT")
        if item.ends_on:
            end = date_format(item.ends_on, "DATE_FORMAT")
            when = _("From %(start)s to %(end)s") % {"start": start, "end": end}
        else:
            when = _("From %(start)s, end not known yet") % {"start": start}
        impacts = "; ".join(
            _("%(impact)s: %(details)s")
            % {"impact": impact.get_kind_display(), "details": impact.text}
            if impact.text
            else impact.get_kind_display()
            for impact in item.impacts.all()
        )
        return f"{when}. {impacts}" if impacts else f"{when}."
