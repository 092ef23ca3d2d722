"""Registration to events: places, the waiting list, the e-mails, the link to cancel.

Every write that counts places locks the event's row first (`select_for_update`), then
rechecks everything under the lock, so that people registering and cancelling at the same
instant never confirm more places than the event has. The lock order is always the event,
then its registrations.

- `registration_create`: confirmed while the places fit and nobody waits, else on the
  waiting list; the e-mail (confirmation or waiting-list notice) is queued in the same
  transaction. Returns the secret of the link to cancel (e-mailed, only its digest kept).
- `registration_cancel` (the registrant, by the link) and `registration_cancel_by_staff`
  (the back office): cancelled, then the waiting list promoted.
- `registrations_promote`: the waiting list moves **in order of arrival, skipping none**
  (first come, first served): the first waiting registration is confirmed if its places fit,
  and the next one only after it. A group of three first in line while two places are free
  waits, and so does everyone behind it, until a place more frees up (or the capacity is
  raised: whoever saves an event calls this too).
- `registrations_remind`: the periodic job e-mailing confirmed registrants of events that
  start within a day, once each.
- `registrations_purge`: the retention purge, AGENDA_REGISTRATION_RETENTION_DAYS after the
  event ended (the rows are deleted: nothing of the registrants is kept).

The e-mails go through `parvis.core.mail.email_template_enqueue`, not the notifications'
outbox: the outbox delivers to accounts that follow something (one delivery per user, their
language and their unsubscribe link), while a registrant is a bare e-mail address, often
without an account. Each e-mail is written in the language the registrant used.
"""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from parvis.agenda.models import Event, EventStatus, Registration, RegistrationStatus
from parvis.core.audit import audit_record
from parvis.core.codes import secret_digest
from parvis.core.links import absolute_url
from parvis.core.mail import email_template_enqueue
from parvis.core.town import current_town

if TYPE_CHECKING:
    from parvis.accounts.models import User

#: The places one registration may ask for.
MIN_PLACES = 1
MAX_PLACES = 10
#: How long before an event its confirmed registrants are reminded of it.
REMIND_BEFORE = datetime.timedelta(hours=24)


# --- reading ------------------------------------------------------------------------------------


def places_taken(event: Event) -> int:
    """The places confirmed at `event`."""
    taken = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).aggregate(
        total=Sum("places")
    )["total"]
    return int(taken or 0)


def places_left(event: Event) -> int | None:
    """The places still free at `event`; None when it has no limit."""
    if event.capacity is None:
        return None
    return max(0, event.capacity - places_taken(event))


def registration_closed_reason(event: Event, *, now: datetime.datetime | None = None) -> str:
    """Why `event` takes no registration now, in the words shown to residents; "" when it
    takes them."""
    now = now or timezone.now()
    if not event.registration_required or event.is_recurring or not event.is_published:
        return _("This event takes no registration.")
    if event.status == EventStatus.CANCELLED:
        return _("This event is cancelled: it takes no registration.")
    if now >= event.starts_at:
        return _("This event has started: registration is closed.")
    if event.registration_closes_at is not None and now >= event.registration_closes_at:
        return _("Registration to this event is closed.")
    return ""


def registration_for_token(token: str) -> Registration | None:
    """The registration of a cancellation link, with its event; None for a wrong link."""
    if not token:
        return None
    return (
        Registration.objects.select_related("event")
        .filter(token_digest=secret_digest(token))
        .first()
    )


def _someone_waits(event: Event) -> bool:
    return Registration.objects.filter(event=event, status=RegistrationStatus.WAITING).exists()


# --- e-mails ------------------------------------------------------------------------------------


def _cancel_url(token: str) -> str:
    return absolute_url(reverse("agenda:registration", kwargs={"token": token}))


def _email(registration: Registration, *, kind: str, token: str | None = None) -> None:
    """Queue the e-mail `kind` ("confirmed", "waiting", "promoted", "reminder", "cancelled",
    "event_cancelled") to the registrant, in the language they registered in (its subject
    too, whatever language the caller, a worker or an officer, has active)."""
    subjects = {
        "confirmed": gettext_lazy("Your registration is confirmed: %(event)s"),
        "waiting": gettext_lazy("You are on the waiting list: %(event)s"),
        "promoted": gettext_lazy("A place freed up, your registration is confirmed: %(event)s"),
        "reminder": gettext_lazy("Reminder: %(event)s starts soon"),
        "cancelled": gettext_lazy("Your registration is cancelled: %(event)s"),
        "event_cancelled": gettext_lazy("Cancelled: %(event)s"),
    }
    with translation.override(registration.language):
        email_template_enqueue(
            to=registration.email,
            subject=str(subjects[kind]) % {"event": registration.event.title},
            template=f"agenda/email/registration_{kind}.txt",
            context={
                "registration": registration,
                "event": registration.event,
                # The link needs the secret, which only the registrant has: the e-mails sent
                # later (promotion, reminder) point to the first one's link.
                "cancel_url": _cancel_url(token) if token else "",
                "town_name": current_town().name,
            },
        )


# --- writing ------------------------------------------------------------------------------------


def _locked_event(event_pk: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_pk)


def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    places: int = 1,
    user: User | None = None,
    now: datetime.datetime | None = None,
) -> tuple[Registration, str]:
    """Register `name` <`email`> for `places` at `event`: confirmed if the places fit and
    nobody waits before them, else on the waiting list. Returns the registration and the
    secret of its cancellation link (e-mailed; only its digest is kept).

    Locks the event's row and rechecks under the lock that it takes registrations
    (published, registration required, held once, not cancelled, neither started nor past
    `registration_closes_at`), that the address is not registered already and that the
    places are within 1 to 10 and the capacity. Raises ValidationError keyed by field ("name",
    "email", "places", or "__all__" for the event's state) and writes nothing then. The
    e-mail is queued in the same transaction, in the active language.
    """
    name = name.strip()
    email = email.strip().lower()
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not name:
        error("name", _("Give your name."))
    try:
        validate_email(email)
    except ValidationError:
        error("email", _("Give a valid e-mail address, such as camille@example.org."))
    if not MIN_PLACES <= places <= MAX_PLACES:
        error(
            "places",
            _("Ask for %(min)d to %(max)d places.") % {"min": MIN_PLACES, "max": MAX_PLACES},
        )
    if errors:
        raise ValidationError(errors)

    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        locked = _locked_event(event.pk)
        closed = registration_closed_reason(locked, now=now)
        if closed:
            raise ValidationError({"__all__": [closed]})
        if locked.capacity is not None and places > locked.capacity:
            error(
                "places",
                ngettext(
                    "This event has %(capacity)d place in all.",
                    "This event has %(capacity)d places in all: ask for %(capacity)d at most.",
                    locked.capacity,
                )
                % {"capacity": locked.capacity},
            )
        already = Registration.objects.filter(event=locked, email=email).exclude(
            status=RegistrationStatus.CANCELLED
        )
        if already.exists():
            error(
                "email",
                _(
                    "This address is registered already. The e-mail we sent it holds the "
                    "link to see or cancel that registration."
                ),
            )
        if errors:
            raise ValidationError(errors)
        fits = locked.capacity is None or places_taken(locked) + places <= locked.capacity
        confirmed = fits and not _someone_waits(locked)
        registration = Registration.objects.create(
            event=locked,
            user=user if user is not None and user.is_authenticated else None,
            name=name,
            email=email,
            places=places,
            status=RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITING,
            token_digest=secret_digest(secret),
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        _email(registration, kind="confirmed" if confirmed else "waiting", token=secret)
    return registration, secret


def registrations_promote(*, event: Event) -> list[Registration]:
    """Confirm the waiting registrations of `event` in order of arrival while their places
    fit, skipping none (see the module's docstring); each promoted registrant is e-mailed.
    Call it inside a transaction holding the event's lock (`_locked_event`); returns those
    promoted."""
    waiting = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=RegistrationStatus.WAITING)
        .order_by("created_at", "id")
    )
    free = None if event.capacity is None else event.capacity - places_taken(event)
    promoted = []
    for registration in waiting:
        if free is not None and registration.places > free:
            break  # first come, first served: nobody passes the one first in line
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status"])
        registration.event = event
        _email(registration, kind="promoted")
        promoted.append(registration)
        if free is not None:
            free -= registration.places
    return promoted


def _cancel(registration_pk: int, event_pk: int) -> tuple[Registration, bool]:
    """Cancel under the event's lock and promote the waiting list; whether it changed
    anything (cancelling twice does not)."""
    locked_event = _locked_event(event_pk)
    registration = Registration.objects.select_for_update().get(pk=registration_pk)
    registration.event = locked_event
    if registration.status == RegistrationStatus.CANCELLED:
        return registration, False
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    registrations_promote(event=locked_event)
    return registration, True


def registration_cancel(*, token: str) -> Registration | None:
    """The registrant cancels by their link: cancelled, then the waiting list promoted
    (see `registrations_promote`). None for a wrong link; cancelling twice changes nothing."""
    found = registration_for_token(token)
    if found is None:
        return None
    with transaction.atomic():
        registration, changed = _cancel(found.pk, found.event_id)
        if changed:
            audit_record(actor=None, action="agenda.registration_cancelled", target=registration)
    return registration


def registrations_event_changed(*, event: Event, cancelled: bool) -> None:
    """Called by `services.event_save` once it saved `event`, in its transaction and under
    the event's lock: the event just `cancelled` tells each registrant (confirmed or
    waiting) by e-mail; otherwise the waiting list is promoted, in case places were added."""
    if cancelled:
        for registration in Registration.objects.filter(event=event).exclude(
            status=RegistrationStatus.CANCELLED
        ):
            registration.event = event
            _email(registration, kind="event_cancelled")
        return
    registrations_promote(event=event)


def registration_cancel_by_staff(*, registration: Registration, actor: User | None) -> bool:
    """The back office cancels `registration` (the registrant is told by e-mail), then the
    waiting list is promoted; False if it was cancelled already."""
    with transaction.atomic():
        cancelled, changed = _cancel(registration.pk, registration.event_id)
        if changed:
            audit_record(actor=actor, action="agenda.registration_cancelled", target=cancelled)
            _email(cancelled, kind="cancelled")
    return changed


def registrations_remind(*, now: datetime.datetime | None = None) -> int:
    """The periodic job: each confirmed registration to an event starting within
    REMIND_BEFORE and not reminded yet is e-mailed a reminder, once (marked under the
    registration's lock in the transaction that queues the e-mail). Returns how many."""
    now = now or timezone.now()
    reminded = 0
    while True:
        with transaction.atomic():
            due = list(
                Registration.objects.select_for_update(of=("self",))
                .select_related("event")
                .filter(
                    status=RegistrationStatus.CONFIRMED,
                    reminded_at__isnull=True,
                    event__starts_at__gt=now,
                    event__starts_at__lte=now + REMIND_BEFORE,
                )
                .exclude(event__status=EventStatus.CANCELLED)
                .order_by("id")[:200]
            )
            if not due:
                return reminded
            for registration in due:
                _email(registration, kind="reminder")
            Registration.objects.filter(pk__in=[r.pk for r in due]).update(reminded_at=now)
        reminded += len(due)


def registrations_purge(*, now: datetime.datetime | None = None) -> int:
    """The retention purge: the registrations of events that ended more than
    AGENDA_REGISTRATION_RETENTION_DAYS ago are deleted (names and addresses with them), one
    audit entry per event with the count only. Returns how many."""
    days = settings.AGENDA_REGISTRATION_RETENTION_DAYS
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    purged = 0
    old = Registration.objects.filter(event__ends_at__lt=cutoff)
    for event_id in old.values_list("event_id", flat=True).distinct().order_by("event_id"):
        with transaction.atomic():
            count, _detail = Registration.objects.filter(event_id=event_id).delete()
            audit_record(
                actor=None,
                action="agenda.registrations_purged",
                data={"event": event_id, "count": count, "retention_days": days},
            )
        purged += count
    return purged


def next_registration_change(*, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """The next moment an event's registration closes by the clock alone (its closing time,
    or its start): its page then says so. None when none is due."""
    now = now or timezone.now()
    events = Event.objects.filter(is_published=True, registration_required=True)
    closes = (
        events.filter(registration_closes_at__gt=now)
        .order_by("registration_closes_at")
        .values_list("registration_closes_at", flat=True)
        .first()
    )
    starts = (
        events.filter(starts_at__gt=now)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return min((moment for moment in (closes, starts) if moment is not None), default=None)
