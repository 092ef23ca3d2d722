"""Consultations, options and voters for the tests of votes."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from parvis.spaces.models import Space
from parvis.spaces.tests.factories import CENTRE_BOUNDARY, make_space
from parvis.votes.models import Consultation, Method, Option

HOUR = datetime.timedelta(hours=1)


def the_space() -> Space:
    found = Space.objects.filter(slug="centre-ville").first()
    return found or make_space("centre-ville", name="Centre-ville", boundary=CENTRE_BOUNDARY)


def make_consultation(
    slug: str = "place-du-marche",
    *,
    method: str = Method.SINGLE,
    options: list[str] | tuple[str, ...] = ("Arbres", "Fontaine", "Bancs"),
    costs: list[int] | None = None,
    state: str = "open",
    **fields: Any,
) -> Consultation:
    """A published consultation `state` "open" (since an hour, for a day), "upcoming" or
    "closed", with its options in order."""
    now = timezone.now()
    opens, closes = {
        "open": (now - HOUR, now + 24 * HOUR),
        "upcoming": (now + HOUR, now + 48 * HOUR),
        "closed": (now - 48 * HOUR, now - HOUR),
    }[state]
    values: dict[str, Any] = {
        "space": the_space(),
        "title": "La place du marché",
        "summary": "Que faire de la place ?",
        "description": "Choisissez *l’aménagement* de la place.",
        "method": method,
        "opens_at": opens,
        "closes_at": closes,
        "is_published": True,
    }
    if method == Method.APPROVAL:
        values["max_choices"] = 2
    if method == Method.BUDGET:
        values["budget"] = 100
    values.update(fields)
    consultation = Consultation.objects.create(slug=slug, **values)
    for position, title in enumerate(options):
        Option.objects.create(
            consultation=consultation,
            title=title,
            description=f"Le projet {title}.",
            position=position,
            cost=costs[position] if costs else None,
        )
    return consultation


def option_ids(consultation: Consultation) -> dict[str, int]:
    return {o.title: o.pk for o in consultation.options.order_by("position")}


def make_town_consultations(space: Space) -> tuple[Consultation, Consultation]:
    """The shared tests' town: a participatory budget open now ("budget-du-bourg"), and a
    ranked vote closed an hour ago ("nom-de-la-halle") with three ballots."""
    from parvis.votes.models import Ballot

    budget = make_consultation(
        "budget-du-bourg",
        method=Method.BUDGET,
        options=("Jardin partagé", "Abri vélos"),
        costs=[8000, 3000],
        budget=10000,
        space=space,
        title="Budget participatif du bourg",
    )
    closed = make_consultation(
        "nom-de-la-halle",
        method=Method.RANKED,
        options=("Halle Marie-Curie", "Halle du marché"),
        state="closed",
        space=space,
        title="Le nom de la halle",
    )
    first, second = option_ids(closed).values()
    Ballot.objects.bulk_create(
        [
            Ballot(consultation=closed, choices=[first, second]),
            Ballot(consultation=closed, choices=[second]),
            Ballot(consultation=closed, choices=[first]),
        ]
    )
    return budget, closed
