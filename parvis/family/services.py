"""Writes about the family space. Each service runs in one transaction with its audit entry;
e-mails are enqueued in it (`core.mail`: a rollback sends nothing).

- `household_save`: staff create or change a household (a reference is drawn once).
- `invitation_create`: a new invitation code for a household, returned once (only its
  digest is kept), valid FAMILY_INVITATION_DAYS; `household_join`: a resident enters it and
  becomes a guardian (several guardians may use the same code while it is valid).
- `quotient_proof_send`: a guardian sends the certificate of their quotient familial
  (checked document, private storage); family services are told. `quotient_set`: staff
  copy it into the household.
- `registration_request`: a guardian asks for a child's place in a season (checked: the
  child's age and school, the season open); `registration_decide`: staff validate or
  refuse it (locked, from "requested" only); the guardians are told by e-mail.
- `bookings_change`: a guardian books and cancels days of a validated registration. The
  season's row is locked, then each day is checked under the lock: the service runs that
  day, its deadline has not passed, and a day booked leaves no more children than places.
  All or nothing: one refused day refuses the change, each day with its reason.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.accounts.roles import Role
from parvis.accounts.selectors import role_addresses
from parvis.core.audit import audit_record
from parvis.core.codes import readable_code, secret_digest
from parvis.core.links import absolute_url
from parvis.core.mail import email_enqueue, email_template_enqueue
from parvis.core.storage import private_storage
from parvis.core.uploads import CheckedDocument
from parvis.family import selectors
from parvis.family.models import (
    Booking,
    Child,
    Guardian,
    Household,
    Registration,
    RegistrationStatus,
    Season,
)
from parvis.notifications.emails import recipient_language

if TYPE_CHECKING:
    from parvis.accounts.models import User


def code_digest(code: str) -> str:
    """What is kept of an invitation code: the digest of its letters, upper case, without
    spaces or dashes (as people type it back)."""
    return secret_digest("".join(ch for ch in code.upper() if ch.isalnum()))


def household_save(*, household: Household, actor: User | None) -> Household:
    created = household.pk is None
    with transaction.atomic():
        if created:
            for attempt in range(5):
                household.reference = f"F-{readable_code(6)}"
                try:
                    with transaction.atomic():
                        household.save()
                    break
                except IntegrityError:
                    if attempt == 4:
                        raise
                    household.pk = None
        else:
            household.save()
        audit_record(
            actor=actor,
            action="family.household_create" if created else "family.household_update",
            target=household,
        )
    return household


def invitation_create(*, household: Household, actor: User | None) -> str:
    """A new invitation code for `household` (the previous one stops working), formatted
    for paper: XXXX-XXXX-XX."""
    letters = readable_code(10)
    with transaction.atomic():
        locked = Household.objects.select_for_update().get(pk=household.pk)
        locked.invitation_secret_digest = code_digest(letters)
        locked.invitation_expires_at = timezone.now() + datetime.timedelta(
            days=settings.FAMILY_INVITATION_DAYS
        )
        locked.save(update_fields=["invitation_secret_digest", "invitation_expires_at"])
        audit_record(actor=actor, action="family.invitation_create", target=locked)
    return f"{letters[:4]}-{letters[4:8]}-{letters[8:]}"


def household_join(*, user: User, code: str) -> Household:
    """`user` becomes a guardian of the household whose valid code this is. ValidationError
    keyed "code" for a wrong or expired code."""
    letters = "".join(ch for ch in code if ch.isalnum())
    if len(letters) != 10:
        raise ValidationError({"code": _("An invitation code has ten letters and digits.")})
    with transaction.atomic():
        household = (
            Household.objects.select_for_update()
            .filter(
                invitation_secret_digest=code_digest(letters),
                invitation_expires_at__gt=timezone.now(),
            )
            .first()
        )
        if household is None:
            raise ValidationError(
                {"code": _("This code is wrong or no longer valid: ask the town for a new one.")}
            )
        _guardian, created = Guardian.objects.get_or_create(household=household, user=user)
        if created:
            audit_record(actor=user, action="family.household_join", target=household)
    return household


def quotient_proof_send(*, household: Household, user: User, document: CheckedDocument) -> None:
    """A guardian sends the certificate of the household's quotient familial; the previous
    one is deleted once this is saved. Family services are told."""
    with transaction.atomic():
        locked = Household.objects.select_for_update().get(pk=household.pk)
        previous = locked.quotient_proof.name
        locked.quotient_proof = document.file
        locked.quotient_proof_sent_at = timezone.now()
        locked.save(update_fields=["quotient_proof", "quotient_proof_sent_at"])
        audit_record(actor=user, action="family.quotient_proof", target=locked)
        if previous:
            transaction.on_commit(lambda: private_storage().delete(previous))
        url = absolute_url(reverse("admin:family_household_change", args=[locked.pk]))
        with translation.override(settings.LANGUAGE_CODE):
            for address in role_addresses(Role.FAMILY_SERVICES_OFFICER):
                email_enqueue(
                    EmailMessage(
                        subject=_("Quotient familial to check: %(household)s")
                        % {"household": locked},
                        body=_(
                            "The household %(household)s sent the certificate of its quotient familial:\n%(url)s\n"
                        )
                        % {"household": locked, "url": url},
                        to=[address],
                    )
                )


def quotient_set(
    *,
    household: Household,
    quotient: int | None,
    valid_until: datetime.date | None,
    actor: User | None,
) -> None:
    if (quotient is None) != (valid_until is None):
        raise ValidationError(
            {"quotient_valid_until": _("Give the quotient and the date until which it is valid.")}
        )
    with transaction.atomic():
        locked = Household.objects.select_for_update().get(pk=household.pk)
        locked.quotient, locked.quotient_valid_until = quotient, valid_until
        locked.save(update_fields=["quotient", "quotient_valid_until"])
        audit_record(
            actor=actor,
            action="family.quotient_set",
            target=locked,
            data={
                "quotient": quotient,
                "valid_until": valid_until.isoformat() if valid_until else None,
            },
        )


def registration_request(*, child: Child, season: Season, user: User) -> Registration:
    """A guardian asks for `child`'s place in `season`. ValidationError keyed "season"."""
    if not selectors.is_guardian_of(user, child.household_id):
        raise ValidationError({"season": _("You are not a guardian of this child.")})
    problem = selectors.eligibility_problem(child, season)
    if problem:
        raise ValidationError({"season": problem})
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                child=child, season=season, requested_by=user
            )
            audit_record(actor=user, action="family.registration_request", target=registration)
    except IntegrityError:
        raise ValidationError(
            {"season": _("This child is already registered to this season.")}
        ) from None
    return registration


def _tell_guardians(registration: Registration, *, subject: Promise, template: str) -> None:
    """E-mail each active guardian of `registration`'s household, in their language."""
    guardians = registration.child.household.guardians.select_related(
        "user", "user__email_preference"
    ).filter(user__is_active=True)
    for guardian in guardians:
        with translation.override(recipient_language(guardian.user)):
            email_template_enqueue(
                to=guardian.user.email,
                subject=str(subject)
                % {"child": registration.child.first_name, "season": registration.season},
                template=template,
                context={
                    "registration": registration,
                    "url": absolute_url(reverse("family:home")),
                },
            )


def registration_decide(
    *, registration: Registration, validate: bool, actor: User | None, reason: str = ""
) -> Registration:
    """Validate or refuse a requested registration; the household's guardians are told.
    ValidationError when it was decided already (checked under the row's lock)."""
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status != RegistrationStatus.REQUESTED:
            raise ValidationError(_("This registration was decided already."))
        locked.status = RegistrationStatus.VALIDATED if validate else RegistrationStatus.REFUSED
        locked.decided_by = actor if getattr(actor, "pk", None) else None
        locked.decided_at = timezone.now()
        locked.reason = reason.strip()
        locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        audit_record(
            actor=actor,
            action="family.registration_decide",
            target=locked,
            data={"status": locked.status},
        )
        full = Registration.objects.select_related("child__household", "season__service").get(
            pk=locked.pk
        )
        _tell_guardians(
            full,
            subject=gettext_lazy("Place validated: %(child)s, %(season)s")
            if validate
            else gettext_lazy("Place refused: %(child)s, %(season)s"),
            template="family/email/registration_decided.txt",
        )
    return locked


def bookings_change(
    *,
    registration: Registration,
    user: User,
    book: Iterable[datetime.date] = (),
    cancel: Iterable[datetime.date] = (),
    now: datetime.datetime | None = None,
) -> tuple[int, int]:
    """Book the days `book` and cancel the days `cancel` of a validated registration, all or
    nothing; (booked, cancelled). ValidationError keyed "days" with one message per refused
    day, nothing changed."""
    now = now or timezone.now()
    book, cancel = sorted(set(book)), sorted(set(cancel))
    if not selectors.is_guardian_of(user, registration.child.household_id):
        raise ValidationError({"days": _("You are not a guardian of this child.")})
    with transaction.atomic():
        season = (
            Season.objects.select_for_update()
            .select_related("service")
            .get(pk=registration.season_id)
        )
        current = Registration.objects.get(pk=registration.pk)
        if current.status != RegistrationStatus.VALIDATED:
            raise ValidationError({"days": _("This registration is not validated yet.")})
        service = season.service
        mine = set(current.bookings.filter(day__in=[*book, *cancel]).values_list("day", flat=True))
        taken = Counter(
            dict(
                Booking.objects.filter(season=season, day__in=book)
                .values_list("day")
                .annotate(n=Count("id"))
                .values_list("day", "n")
            )
        )
        problems = []
        for day in [*book, *cancel]:
            shown = formats.date_format(day, "DATE_FORMAT")
            if not season.runs_on(day):
                problems.append(_("%(day)s: the service does not run that day.") % {"day": shown})
            elif now >= service.deadline_for(day):
                problems.append(
                    _("%(day)s: too late, changes were taken until %(deadline)s.")
                    % {
                        "day": shown,
                        "deadline": formats.date_format(
                            timezone.localtime(service.deadline_for(day)), "DATETIME_FORMAT"
                        ),
                    }
                )
        for day in book:
            if day not in mine and taken[day] >= service.capacity:
                problems.append(
                    _("%(day)s: no place left.") % {"day": formats.date_format(day, "DATE_FORMAT")}
                )
        if problems:
            raise ValidationError({"days": problems})
        new_days = [day for day in book if day not in mine]
        Booking.objects.bulk_create(
            [
                Booking(registration=current, season=season, day=day, created_at=now)
                for day in new_days
            ]
        )
        cancelled, _deleted = current.bookings.filter(
            day__in=[d for d in cancel if d in mine]
        ).delete()
        if new_days or cancelled:
            audit_record(
                actor=user,
                action="family.bookings_change",
                target=current,
                data={
                    "booked": [d.isoformat() for d in new_days],
                    "cancelled": [d.isoformat() for d in cancel if d in mine],
                },
            )
    return len(new_days), cancelled
