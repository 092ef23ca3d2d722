"""Reads of the directory: the public entries, one entry's page and history, the entries
near a point, what the map, the search and the open data show. Bounded query counts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from parvis.core.geo import box_around, distance_m
from parvis.directory import hours
from parvis.directory.models import (
    ChangeProposal,
    DirectoryCategory,
    Entry,
    ProposalStatus,
    Revision,
    field_label,
)

#: The radii a resident may choose for "near me", in metres.
NEAR_RADII = (500, 1000, 2000, 5000)


def categories() -> QuerySet[DirectoryCategory]:
    return DirectoryCategory.objects.all()


def public_entries() -> QuerySet[Entry]:
    return Entry.objects.filter(published=True).select_related("category")


def entry_list(
    *, category: DirectoryCategory | None = None, open_at: datetime | None = None
) -> QuerySet[Entry]:
    """The published entries by name, of `category` if given, open at `open_at` if given
    (the hours are evaluated here, one query for them whatever their number)."""
    entries = public_entries()
    if category is not None:
        entries = entries.filter(category=category)
    if open_at is not None:
        open_ids = [
            pk
            for pk, text in entries.values_list("pk", "opening_hours")
            if hours.is_open(text, open_at)
        ]
        entries = entries.filter(pk__in=open_ids)
    return entries.order_by("name", "id")


def entry_for_page(slug: str) -> Entry | None:
    return public_entries().select_related("space").filter(slug=slug).first()


def entry_history(entry: Entry) -> QuerySet[Revision]:
    return (
        Revision.objects.filter(entry=entry).select_related("actor").order_by("-created_at", "-id")
    )


def entries_near(*, lat: float, lon: float, radius_m: float) -> list[tuple[float, Entry]]:
    """The published entries within `radius_m` metres of the point, nearest first, with
    their distance: one query on the position's index (a box a little larger than the
    circle), then the exact distance on those few."""
    box = box_around(lat=lat, lon=lon, radius_m=radius_m)
    candidates = public_entries().filter(
        lat__gte=box.min_lat, lat__lte=box.max_lat, lon__gte=box.min_lon, lon__lte=box.max_lon
    )
    near = [(distance_m(lat, lon, e.lat, e.lon), e.name, e.pk, e) for e in candidates]
    return [(d, e) for d, _name, _pk, e in sorted(near) if d <= radius_m]


def pending_proposals() -> QuerySet[ChangeProposal]:
    """The proposals waiting for a moderator, with their entry and proposer (what the
    moderation queue shows of them)."""
    return ChangeProposal.objects.filter(status=ProposalStatus.PENDING).select_related(
        "entry", "proposer"
    )


def proposal_summary(proposal: ChangeProposal) -> str:
    """The proposed values and the resident's comment, in Markdown, for the moderators."""
    lines = [
        "- " + gettext("%(field)s: %(value)s") % {"field": field_label(field), "value": value}
        for field, value in proposal.values.items()
    ]
    if proposal.comment:
        lines += ["", gettext("Comment: %(comment)s") % {"comment": proposal.comment}]
    return "\n".join(lines)


def proposal_context(proposal: ChangeProposal) -> str:
    """What the proposal is about, in words."""
    if proposal.entry is None:
        return gettext("A new directory entry")
    return gettext("A change to “%(name)s”") % {"name": proposal.entry.name}


def field_value(entry: Entry, field: str) -> str:
    """An entry's field as a proposal and a revision keep it: text."""
    if field == "category":
        return entry.category.slug if entry.category_id else ""
    value: Any = getattr(entry, field)
    if isinstance(value, float):
        return repr(value)
    return "" if value is None else str(value)


def current_values(entry: Entry | None, fields: list[str]) -> dict[str, str]:
    if entry is None:
        return {field: "" for field in fields}
    return {field: field_value(entry, field) for field in fields}
