"""Reads about job offers: the open ones (with the list's filters), one offer's page, the
departments the filter offers, and when the lists next change by the clock alone."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from parvis.core.dates import local_midnight
from parvis.jobs.models import Offer


def today() -> datetime.date:
    return timezone.localdate()


def open_offers(day: datetime.date | None = None) -> QuerySet[Offer]:
    """The offers on the public pages: published, from their publication date up to the day
    before they close (in the town's time zone)."""
    day = day or today()
    return Offer.objects.filter(is_published=True, published_on__lte=day, closes_on__gt=day)


def offer_list(
    *, category: str = "", contract_type: str = "", working_time: str = "", department: str = ""
) -> QuerySet[Offer]:
    """The open offers matching the filters given (empty: any), newest first; one query."""
    offers = open_offers()
    if category:
        offers = offers.filter(category=category)
    if contract_type:
        offers = offers.filter(contract_type=contract_type)
    if working_time:
        offers = offers.filter(working_time=working_time)
    if department:
        offers = offers.filter(department=department)
    return offers.order_by("-published_on", "-id")


def departments() -> list[str]:
    """The departments of the open offers, for the filter; one query."""
    return list(
        open_offers().order_by("department").values_list("department", flat=True).distinct()
    )


def offer_for_page(*, slug: str) -> Offer | None:
    return open_offers().filter(slug=slug).first()


def searchable_offers() -> QuerySet[Offer]:
    """What the search indexes: the published offers (the document's window hides the
    others)."""
    return Offer.objects.filter(is_published=True)


def next_visibility_change(*, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """The next moment a published offer appears (its publication date) or leaves (its
    closing date) by the clock alone, for the page cache. Two indexed queries."""
    day = timezone.localdate(now or timezone.now())
    published = Offer.objects.filter(is_published=True)
    moments = [
        local_midnight(found)
        for found in (
            published.filter(published_on__gt=day)
            .order_by("published_on")
            .values_list("published_on", flat=True)
            .first(),
            published.filter(closes_on__gt=day)
            .order_by("closes_on")
            .values_list("closes_on", flat=True)
            .first(),
        )
        if found is not None
    ]
    return min(moments, default=None)
