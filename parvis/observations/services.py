"""Writes of campaigns: joining with the invitation code, recording an observation. Each in one
transaction, with its audit row; the campaign's pages are made fresh by the page cache's
declarations (manifest)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.accounts.models import User
from parvis.core.audit import audit_record
from parvis.observations.models import Campaign, Member, Observation
from parvis.reports import extra_fields
from parvis.reports.services import check_position


def member_join(*, campaign: Campaign, user: User, code: str) -> Member:
    """`user` joins `campaign` with its invitation code (ValidationError if wrong); joining
    twice gives the same membership."""
    if code.strip().upper() != campaign.invitation_code.upper():
        raise ValidationError({"code": _("This is not the campaign's invitation code.")})
    with transaction.atomic():
        try:
            with transaction.atomic():
                member = Member.objects.create(campaign=campaign, user=user)
        except IntegrityError:
            return Member.objects.get(campaign=campaign, user=user)
        audit_record(actor=user, action="observations.join", target=campaign)
    return member


def observation_record(
    *,
    member: Member,
    observed_at: datetime,
    lat: Any,
    lon: Any,
    values: dict[str, Any],
    nothing_noticed: bool = False,
    note: str = "",
) -> Observation:
    """Record what `member` noticed (or that nothing was), checked: the moment not in the
    future and within the campaign's days, the position in the town, the values those of the
    campaign's category. ValidationError keyed by field; nothing is saved then."""
    campaign = member.campaign
    errors: dict[str, Any] = {}
    if observed_at > timezone.now():
        errors["observed_at"] = _(
            "An observation is of something already noticed: not later than now."
        )
    else:
        day = timezone.localdate(observed_at)
        if day < campaign.starts_on or (campaign.ends_on and day > campaign.ends_on):
            errors["observed_at"] = _("This day is outside the campaign.")
    try:
        lat, lon = check_position(lat=lat, lon=lon)  # in one of the town's neighbourhoods
    except ValidationError as error:
        errors.update(error.message_dict)
    cleaned: dict[str, Any] = {}
    if not nothing_noticed:
        try:
            cleaned = extra_fields.clean_values(campaign.category.extra_fields, values)
        except ValidationError as error:
            errors.update({f"x_{key}": messages for key, messages in error.message_dict.items()})
        if not cleaned and "x_" not in "".join(errors):
            errors["nothing_noticed"] = _("Say what you noticed, or tick “nothing noticed”.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        observation = Observation.objects.create(
            campaign=campaign,
            member=member,
            observed_at=observed_at,
            lat=lat,
            lon=lon,
            values=cleaned,
            note=note.strip(),
        )
        audit_record(actor=member.user, action="observations.record", target=campaign)
    return observation
