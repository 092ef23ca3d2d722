"""Writes about reports. The form, the confirmation link and the back office go through these.

Each service runs in one transaction that also writes its audit entry and, when the public
should hear of it, records the notification (`notify`, enqueued in that same transaction: a
rollback sends nothing). Status changes lock the row first and check the status again under
the lock, so two officers never move the same report twice from the same status.

- `report_submit`: a signed-in author's report is public at once (status open) and its author
  follows it; without an account it waits (unconfirmed, invisible) until the link e-mailed to
  `email` is followed (`report_confirm`). The e-mail is enqueued in the transaction.
- `report_change_status`: staff only (the caller checks the permission), from the statuses
  `TRANSITIONS` allows; writes a `StatusChange` with its public message; notifies the report's
  followers (its author among them) and e-mails a reporter without an account.
- `report_me_too`: one per person and report; True when it was new. Without an account,
  `report_me_too_by_email` (one per address and report) waits, uncounted, until the link
  e-mailed is followed (`report_me_too_confirm`); the address then hears of the report's
  status changes, until it follows the stop link (`report_me_too_stop`).
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parvis.core.audit import audit_record
from parvis.core.links import absolute_url
from parvis.core.mail import email_enqueue, email_template_enqueue
from parvis.core.town import current_town
from parvis.notifications.services import notify, subscription_create
from parvis.reports import extra_fields, selectors
from parvis.reports.models import (
    MAX_PHOTOS,
    STILL_OPEN,
    Category,
    MeToo,
    Report,
    ReportPhoto,
    ReportStatus,
    StatusChange,
)
from parvis.search.indexing import index_object, unindex_objects

if TYPE_CHECKING:
    from parvis.accounts.models import User


class TransitionRefused(ValidationError):
    """The change of status asked for is not allowed from the current one; nothing changed."""


_S = ReportStatus
#: For each status, those a report may be moved to by staff.
TRANSITIONS: dict[str, set[str]] = {
    _S.OPEN: {_S.ACKNOWLEDGED, _S.IN_PROGRESS, _S.FIXED, _S.CLOSED, _S.DUPLICATE},
    _S.ACKNOWLEDGED: {_S.IN_PROGRESS, _S.FIXED, _S.CLOSED, _S.DUPLICATE},
    _S.IN_PROGRESS: {_S.ACKNOWLEDGED, _S.FIXED, _S.CLOSED},
    _S.FIXED: {_S.OPEN, _S.CLOSED},
    _S.CLOSED: {_S.OPEN},
    _S.DUPLICATE: {_S.OPEN},
    _S.UNCONFIRMED: set(),
}


def check_position(*, lat: Any, lon: Any) -> tuple[float, float]:
    """(lat, lon) as finite numbers inside the town; ValidationError keyed "position"."""
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ValidationError(
            {"position": _("Give the position as a latitude and a longitude in degrees.")}
        ) from None
    if not (math.isfinite(lat_f) and math.isfinite(lon_f)) or abs(lat_f) > 90 or abs(lon_f) > 180:
        raise ValidationError(
            {"position": _("Give the position as a latitude and a longitude in degrees.")}
        )
    if not selectors.in_town(lat=lat_f, lon=lon_f):
        raise ValidationError({"position": _("This place is outside the town.")})
    return lat_f, lon_f


def report_submit(
    *,
    category: Category,
    lat: Any,
    lon: Any,
    description: str,
    extra: dict[str, Any] | None = None,
    address_text: str = "",
    hide_author: bool = False,
    author: User | None = None,
    email: str = "",
    photos: Sequence[ContentFile] = (),
) -> Report:
    """A new report. `photos` are already checked and re-encoded (`core.uploads`).

    Raises ValidationError (keyed by field: "category", "position", "description", "email",
    "photos", or an extra field's key) and saves nothing when the input is wrong.
    """
    if not category.is_active:
        raise ValidationError({"category": _("This category is no longer offered.")})
    lat_f, lon_f = check_position(lat=lat, lon=lon)
    values = extra_fields.clean_values(category.extra_fields, extra or {})
    if not description.strip():
        raise ValidationError({"description": _("Describe what you see.")})
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(count)d photos.") % {"count": MAX_PHOTOS}})
    signed_in = author is not None and author.is_authenticated
    if not signed_in and not email:
        raise ValidationError({"email": _("Give your e-mail address to confirm the report.")})
    report = Report(
        category=category,
        lat=lat_f,
        lon=lon_f,
        description=description.strip(),
        extra=values,
        address_text=address_text.strip(),
        hide_author=hide_author,
        author=author if signed_in else None,
        email="" if signed_in else email,
        status=ReportStatus.OPEN if signed_in else ReportStatus.UNCONFIRMED,
        confirmation_token="" if signed_in else secrets.token_urlsafe(32),
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    with transaction.atomic():
        report.save()
        for position, photo in enumerate(photos):
            ReportPhoto.objects.create(report=report, image=photo, position=position)
        audit_record(
            actor=report.author,
            action="report.submit",
            target=report,
            data={"status": report.status},
        )
        if signed_in:
            assert author is not None
            subscription_create(user=author, target=report)
            index_object(report)
            _tell_department(report)
        else:
            _send_confirmation(report)
    return report


def _tell_department(report: Report) -> None:
    """E-mail the category's department (if it has an address) that `report` is published,
    with a link to it in the back office; in the town's language. Enqueued in the caller's
    transaction."""
    address = report.category.department_email
    if not address:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "report": report,
            "town": current_town(),
            "url": absolute_url(reverse("admin:reports_report_change", args=[report.pk])),
            "public_url": absolute_url(report.get_absolute_url()),
        }
        email_enqueue(
            EmailMessage(
                subject=_("New report %(reference)s: %(category)s")
                % {"reference": report.reference, "category": report.category.name},
                body=render_to_string("reports/email/department.txt", context),
                to=[address],
            )
        )


def _send_link(*, to: str, subject: str, template: str, context: dict[str, Any]) -> None:
    """Enqueue (in the caller's transaction) an e-mail to `to` rendered from `template` with
    `context`, the town added; the confirmation links of reports and me-toos go this way."""
    email_template_enqueue(to=to, subject=subject, template=template, context=context)


def _confirm_url(name: str, token: str) -> str:
    return absolute_url(reverse(name, kwargs={"token": token}))


def _send_confirmation(report: Report) -> None:
    _send_link(
        to=report.email,
        subject=_("Confirm your report to %(town)s") % {"town": current_town().name},
        template="reports/email/confirm.txt",
        context={
            "report": report,
            "url": _confirm_url("reports:confirm", report.confirmation_token),
        },
    )


def _confirm_by_token(queryset: Any, token: str, confirm: Any) -> Any:
    """The row of `queryset` (filtered on the unconfirmed ones with `token`), locked, passed
    to `confirm` in a transaction; None when there is none (a wrong token, or already
    confirmed: the link works once)."""
    if not token:
        return None
    with transaction.atomic():
        row = queryset.select_for_update().first()
        if row is not None:
            confirm(row)
    return row


def report_confirm(*, token: str) -> Report | None:
    """Publish the unconfirmed report whose link this is; None if there is none (already
    confirmed, or a wrong token). Locked and checked again under the lock."""

    def publish(report: Report) -> None:
        report.status = ReportStatus.OPEN
        report.confirmation_token = ""
        report.save(update_fields=["status", "confirmation_token", "updated_at"])
        audit_record(actor=None, action="report.confirm", target=report)
        index_object(report)
        _tell_department(report)

    return _confirm_by_token(selectors.unconfirmed_with_token(token), token, publish)


def report_change_status(
    *,
    report: Report,
    to_status: str,
    actor: User,
    message: str = "",
    duplicate_of: Report | None = None,
) -> StatusChange:
    """Move `report` to `to_status` with a public `message`. Raises TransitionRefused when
    `TRANSITIONS` does not allow it from the status found under the row lock."""
    if to_status == ReportStatus.DUPLICATE and (
        duplicate_of is None or duplicate_of.pk == report.pk
    ):
        raise ValidationError({"duplicate_of": _("Say which report this one duplicates.")})
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if to_status not in TRANSITIONS.get(locked.status, set()):
            raise TransitionRefused(
                _("A report cannot go from “%(from)s” to “%(to)s”.")
                % {
                    "from": ReportStatus(locked.status).label,
                    "to": ReportStatus(to_status).label
                    if to_status in ReportStatus.values
                    else to_status,
                },
                code="transition_refused",
            )
        change = StatusChange.objects.create(
            report=locked,
            from_status=locked.status,
            to_status=to_status,
            message=message.strip(),
            actor=actor,
        )
        locked.status = to_status
        locked.duplicate_of = duplicate_of if to_status == ReportStatus.DUPLICATE else None
        locked.save(update_fields=["status", "duplicate_of", "updated_at"])
        index_object(locked)
        audit_record(
            actor=actor,
            action="report.status",
            target=locked,
            data={"from": change.from_status, "to": to_status},
        )
        notify(
            kind="reports.status_changed",
            obj=change,
            targets=[locked],
            key=f"reports.status:{change.pk}",
            actor=actor,
        )
        _send_status_emails(locked, change)
    report.status = locked.status
    report.duplicate_of = locked.duplicate_of
    return change


def _send_status_emails(report: Report, change: StatusChange) -> None:
    """To the people without an account who follow `report`, each in their language, one
    e-mail per address: its reporter, and the confirmed me-toos who did not stop them (with
    the link that stops them)."""
    recipients: dict[str, tuple[str, str, str]] = {}  # lower address: (address, language, stop)
    if report.email and report.author_id is None:
        recipients[report.email.lower()] = (report.email, report.language, "")
    for me_too in selectors.me_toos_to_email(report):
        stop = _confirm_url("reports:me_too_stop", me_too.token)
        recipients.setdefault(me_too.email.lower(), (me_too.email, me_too.language, stop))
    for address, language, stop_url in recipients.values():
        with translation.override(language or settings.LANGUAGE_CODE):
            _send_link(
                to=address,
                subject=_("Report %(reference)s to %(town)s: %(status)s")
                % {
                    "reference": report.reference,
                    "town": current_town().name,
                    "status": ReportStatus(change.to_status).label,
                },
                template="reports/email/status_changed.txt",
                context={
                    "report": report,
                    "change": change,
                    "url": absolute_url(report.get_absolute_url()),
                    "stop_url": stop_url,
                },
            )


def _check_me_too(report: Report) -> None:
    if report.status not in STILL_OPEN:
        raise ValidationError(_("This report is not open any more."), code="not_open")


def report_me_too(*, report: Report, user: User) -> bool:
    """`user` sees it too: True when this is new, False when they had said so already.
    Refused (ValidationError) on a report that is not open any more, or on their own."""
    _check_me_too(report)
    if report.author_id == user.pk:
        raise ValidationError(_("This is your own report."), code="own_report")
    try:
        with transaction.atomic():
            MeToo.objects.create(report=report, user=user, confirmed_at=timezone.now())
            subscription_create(user=user, target=report)
    except IntegrityError:
        return False
    return True


def report_me_too_by_email(*, report: Report, email: str) -> bool:
    """A resident without an account sees `report` too: their "me too" waits (not counted)
    until they follow the link e-mailed to `email` (`report_me_too_confirm`). True when the
    request is new, False when this address had asked already (nothing sent again).
    ValidationError keyed "email" for a bad address; the report must still be open."""
    _check_me_too(report)
    email = email.strip()
    try:
        if len(email) > MeToo._meta.get_field("email").max_length:  # type: ignore[operator]
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    me_too = MeToo(
        report=report,
        email=email,
        token=secrets.token_urlsafe(32),
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    try:
        with transaction.atomic():
            me_too.save()
            _send_link(
                to=email,
                subject=_("Confirm that you see report %(reference)s too")
                % {"reference": report.reference},
                template="reports/email/me_too_confirm.txt",
                context={
                    "report": report,
                    "url": _confirm_url("reports:me_too_confirm", me_too.token),
                },
            )
    except IntegrityError:
        return False
    return True


def report_me_too_confirm(*, token: str) -> MeToo | None:
    """Count the "me too" whose link this is; None when there is none (a wrong token, or
    already confirmed). The report's page changes (its count) through the page cache."""

    def confirm(me_too: MeToo) -> None:
        me_too.confirmed_at = timezone.now()
        me_too.save(update_fields=["confirmed_at"])
        audit_record(actor=None, action="report.me_too_confirm", target=me_too.report)

    return _confirm_by_token(selectors.unconfirmed_me_too(token), token, confirm)


def report_me_too_stop(*, token: str) -> MeToo | None:
    """The confirmed "me too" whose link this is hears no more of its report's status."""
    me_too = selectors.confirmed_me_too(token).first() if token else None
    if me_too is not None and me_too.wants_emails:
        MeToo.objects.filter(pk=me_too.pk).update(wants_emails=False)
    return me_too


def report_visibility_changed(report: Report, old: str, new: str) -> None:
    """A moderator hid or restored `report` (inside the decision's transaction): its search
    document follows. Its pages follow through the page cache (`invalidates(Report)`)."""
    index_object(report)


def reports_purge_unconfirmed(*, now: Any = None) -> int:
    """Delete the reports sent without an account whose link was not followed within
    REPORT_UNCONFIRMED_DAYS, with their photos' files (how many), and the me-toos asked by
    e-mail and never confirmed."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.REPORT_UNCONFIRMED_DAYS)
    with transaction.atomic():
        MeToo.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
        stale = list(
            Report.objects.select_for_update()
            .filter(status=ReportStatus.UNCONFIRMED, created_at__lt=cutoff)
            .values_list("pk", flat=True)
        )
        if not stale:
            return 0
        files = list(ReportPhoto.objects.filter(report__in=stale).values_list("image", flat=True))
        Report.objects.filter(pk__in=stale).delete()
        audit_record(actor=None, action="report.purge", target=None, data={"count": len(stale)})
        transaction.on_commit(lambda: _delete_files(files))
    return len(stale)


def _delete_files(names: list[str]) -> None:
    storage = ReportPhoto._meta.get_field("image").storage
    for name in names:
        if name:
            storage.delete(name)


def reports_erased(user: User, *, erase_contributions: bool) -> None:
    """When `user` erases their account (inside its transaction): their reports are deleted
    if they chose so, else kept without their name (the report's history is the town's).
    Their me-toos go, those of their account and those given with their address."""
    MeToo.objects.filter(user=user).delete()
    if user.email:
        MeToo.objects.filter(email__iexact=user.email).delete()
    mine = Report.objects.filter(author=user)
    if erase_contributions:
        ids = list(mine.values_list("pk", flat=True))
        files = list(ReportPhoto.objects.filter(report__in=ids).values_list("image", flat=True))
        unindex_objects(Report, ids)
        Report.objects.filter(pk__in=ids).delete()
        transaction.on_commit(lambda: _delete_files(files))
    else:
        for report in mine.select_for_update():
            report.author = None
            report.hide_author = True
            report.save(update_fields=["author", "hide_author", "updated_at"])
