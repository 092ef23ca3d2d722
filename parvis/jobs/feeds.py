"""The job offers feed (RSS and Atom): the open offers, as the list shows them."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parvis.core.feeds import FEED_SIZE, FeedSubject, ParvisFeed
from parvis.core.town import current_town
from parvis.jobs import selectors
from parvis.jobs.models import Offer


class OffersFeed(ParvisFeed):
    guid_kind = "jobs/offer"

    def describe(self, scope_object: object) -> tuple[str, str, str]:
        town = current_town().name
        return (
            _("Jobs — %(town)s") % {"town": town},
            _("The posts %(town)s is recruiting for.") % {"town": town},
            reverse("jobs:list"),
        )

    def items(self, subject: FeedSubject) -> list[Offer]:
        return list(selectors.offer_list()[:FEED_SIZE])

    def item_pubdate(self, item: Offer) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Offer) -> datetime:
        return item.updated_at

    def item_title(self, item: Offer) -> str:
        return item.title

    def item_description(self, item: Offer) -> str:
        return _("%(department)s, %(contract)s, %(place)s. Apply before %(date)s.") % {
            "department": item.department,
            "contract": item.get_contract_type_display(),
            "place": item.place,
            "date": date_format(item.closes_on, "DATE_FORMAT"),
        }
