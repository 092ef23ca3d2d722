"""Reads of the council: what the public pages, the feed, the search and the open data show.
Each selector selects what its pages read, so a page's queries do not grow with its rows."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from parvis.council.models import AgendaItem, Deliberation, Document, Meeting

#: A meeting stays among the "next meetings" this long after it started (it is going on).
UPCOMING_GRACE = timedelta(hours=4)


def public_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(is_published=True).select_related("space")


def upcoming_meetings(*, now: datetime | None = None, limit: int = 3) -> list[Meeting]:
    since = (now or timezone.now()) - UPCOMING_GRACE
    return list(public_meetings().filter(starts_at__gte=since).order_by("starts_at", "id")[:limit])


def past_meetings(*, now: datetime | None = None, limit: int = 6) -> list[Meeting]:
    since = (now or timezone.now()) - UPCOMING_GRACE
    return list(public_meetings().filter(starts_at__lt=since).order_by("-starts_at", "-id")[:limit])


def next_meeting_change() -> datetime | None:
    """When a meeting next leaves the "next meetings" (the home page changes by the clock)."""
    since = timezone.now() - UPCOMING_GRACE
    first = public_meetings().filter(starts_at__gte=since).order_by("starts_at").first()
    return first.starts_at + UPCOMING_GRACE if first else None


def public_documents() -> QuerySet[Document]:
    return Document.objects.filter(is_published=True, meeting__is_published=True)


def meeting_for_page(pk: int) -> Meeting | None:
    """A published meeting with its agenda (each item's deliberation) and public documents."""
    return (
        public_meetings()
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("deliberation__meeting"),
            ),
            Prefetch(
                "documents",
                queryset=Document.objects.filter(is_published=True).order_by("kind", "id"),
                to_attr="public_documents",
            ),
            Prefetch(
                "deliberations",
                queryset=Deliberation.objects.filter(is_published=True).order_by("number"),
                to_attr="public_deliberations",
            ),
        )
        .filter(pk=pk)
        .first()
    )


def public_deliberations() -> QuerySet[Deliberation]:
    """Published deliberations of published meetings, latest first, with their document."""
    return (
        Deliberation.objects.filter(is_published=True, meeting__is_published=True)
        .select_related("meeting", "document")
        .order_by("-date", "-number")
    )


def latest_deliberations(limit: int = 5) -> list[Deliberation]:
    return list(public_deliberations()[:limit])


def deliberation_years() -> list[int]:
    """The years that have public deliberations, latest first."""
    return [
        day.year for day in public_deliberations().order_by().dates("date", "year", order="DESC")
    ]


def deliberations_of_year(year: int) -> QuerySet[Deliberation]:
    return public_deliberations().filter(date__year=year)


def deliberation_for_page(number: str) -> Deliberation | None:
    found = public_deliberations().filter(number=number).first()
    if found is not None and found.document is not None and not found.document.is_published:
        found.document = None  # an unpublished document is not shown (nor linked)
    return found


def searchable_documents() -> QuerySet[Document]:
    return Document.objects.select_related("meeting")


def searchable_deliberations() -> QuerySet[Deliberation]:
    return Deliberation.objects.select_related("meeting", "document")
