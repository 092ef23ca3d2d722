"""The feed of the council's deliberations (RSS and Atom), latest first."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parvis.core.dates import local_midnight
from parvis.core.feeds import FEED_SIZE, FeedSubject, ParvisFeed
from parvis.core.town import current_town
from parvis.council import selectors
from parvis.council.models import Deliberation


class DeliberationFeed(ParvisFeed):
    guid_kind = "council/deliberation"

    def describe(self, scope_object: object) -> tuple[str, str, str]:
        town = current_town().name
        return (
            _("Deliberations of the town council — %(town)s") % {"town": town},
            _("The decisions of the town council of %(town)s.") % {"town": town},
            reverse("council:home"),
        )

    def items(self, subject: FeedSubject) -> list[Deliberation]:
        return list(selectors.public_deliberations().order_by("-created_at", "-id")[:FEED_SIZE])

    def item_pubdate(self, item: Deliberation) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Deliberation) -> datetime:
        return max(item.created_at, local_midnight(item.date))

    def item_title(self, item: Deliberation) -> str:
        return _("Deliberation %(number)s: %(subject)s") % {
            "number": item.number,
            "subject": item.subject,
        }

    def item_description(self, item: Deliberation) -> str:
        when = date_format(item.date, "DATE_FORMAT")
        if item.was_voted:
            return _(
                "%(outcome)s on %(date)s: %(for)s for, %(against)s against, %(abstentions)s abstentions."
            ) % {
                "outcome": item.get_outcome_display(),
                "date": when,
                "for": item.votes_for,
                "against": item.votes_against,
                "abstentions": item.abstentions,
            }
        return _("%(outcome)s on %(date)s.") % {"outcome": item.get_outcome_display(), "date": when}
