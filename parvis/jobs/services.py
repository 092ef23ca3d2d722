"""Writing job offers: saved and deleted with their search document and an audit entry, in
one transaction. The model's checks (salary range, closing after publication) are raised
keyed by field, before anything is written."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parvis.core.audit import audit_record
from parvis.jobs.models import Offer
from parvis.search.indexing import index_object, unindex_object

if TYPE_CHECKING:
    from parvis.accounts.models import User


def offer_check(
    *,
    salary_min: int | None,
    salary_max: int | None,
    published_on: date | None,
    closes_on: date | None,
) -> None:
    """ValidationError keyed by field when an offer's salaries or dates contradict (a value
    not given yet is not checked)."""
    errors = {}
    if salary_min is not None and salary_max is not None and salary_max < salary_min:
        errors["salary_max"] = _("The highest salary cannot be below the lowest.")
    if published_on is not None and closes_on is not None and closes_on <= published_on:
        errors["closes_on"] = _("The closing date must come after the publication date.")
    if errors:
        raise ValidationError(errors)


def offer_save(*, offer: Offer, actor: User | None) -> Offer:
    """Create or update `offer`, and its search document. Raises ValidationError keyed by
    field and saves nothing."""
    offer_check(
        salary_min=offer.salary_min,
        salary_max=offer.salary_max,
        published_on=offer.published_on,
        closes_on=offer.closes_on,
    )
    created = offer.pk is None
    with transaction.atomic():
        offer.save()
        index_object(offer)
        audit_record(
            actor=actor,
            action="jobs.create" if created else "jobs.update",
            target=offer,
            data={"published": offer.is_published},
        )
    return offer


def offer_delete(*, offer: Offer, actor: User | None) -> None:
    """Delete `offer` and its search document, with an audit entry."""
    with transaction.atomic():
        audit_record(actor=actor, action="jobs.delete", target=offer, data={})
        unindex_object(offer)
        offer.delete()
