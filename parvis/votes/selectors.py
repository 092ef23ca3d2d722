"""Reads of votes: the consultations people may see, a voter's state, the published ids."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from parvis.votes.models import (
    Ballot,
    Candidacy,
    CandidacyStatus,
    Consultation,
    Option,
    VoterRecord,
)

if TYPE_CHECKING:
    from parvis.accounts.models import User
    from parvis.spaces.models import Space


def public_consultations() -> QuerySet[Consultation]:
    """Published consultations of published spaces, with their space."""
    return Consultation.objects.filter(is_published=True, space__is_published=True).select_related(
        "space"
    )


def consultation_for_page(slug: str) -> Consultation | None:
    return public_consultations().filter(slug=slug).first()


def open_consultations(
    *, space: Space | None = None, now: datetime.datetime | None = None
) -> QuerySet[Consultation]:
    """Open now (or opening later), closing first first."""
    moment = now or timezone.now()
    found = public_consultations().filter(closes_at__gt=moment)
    if space is not None:
        found = found.filter(space=space)
    return found.order_by("closes_at", "id")


def closed_consultations(
    *, space: Space | None = None, now: datetime.datetime | None = None
) -> QuerySet[Consultation]:
    """Closed, the latest closed first."""
    moment = now or timezone.now()
    found = public_consultations().filter(closes_at__lte=moment)
    if space is not None:
        found = found.filter(space=space)
    return found.order_by("-closes_at", "-id")


def options_of(consultation: Consultation) -> list[Option]:
    return list(Option.objects.filter(consultation=consultation).order_by("position", "id"))


def has_voted(consultation: Consultation, user: User) -> bool:
    if not user.is_authenticated:
        return False
    return VoterRecord.objects.filter(consultation=consultation, voter=user).exists()


def ballot_ids(consultation: Consultation) -> QuerySet[Ballot]:
    """The ids of the ballots (published once closed), in the order of their ids: nothing
    of when each was cast."""
    return Ballot.objects.filter(consultation=consultation).order_by("id").only("id")


def register_count(consultation: Consultation) -> int:
    return VoterRecord.objects.filter(consultation=consultation).count()


def next_change(now: datetime.datetime | None = None) -> datetime.datetime | None:
    """The next moment a published consultation opens or closes: its pages change then by
    the clock alone (the page cache's `due`)."""
    moment = now or timezone.now()
    found = Consultation.objects.filter(is_published=True).aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=moment)),
        closes=Min("closes_at", filter=Q(closes_at__gt=moment)),
    )
    moments = [m for m in (found["opens"], found["closes"]) if m is not None]
    return min(moments) if moments else None


def candidates_by_option(consultation: Consultation) -> dict[int, Candidacy]:
    """The validated candidacies of an election, by the option each became (one query)."""
    found = Candidacy.objects.filter(
        consultation=consultation, status=CandidacyStatus.VALIDATED, option__isnull=False
    ).select_related("consultation")
    return {c.option_id: c for c in found if c.option_id is not None}
