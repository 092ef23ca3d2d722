"""Writes about job offers and applications. Each service runs in one transaction with its
audit entry; e-mails are enqueued in it (`core.mail`: a rollback sends nothing).

Offers: saved and deleted with their search document. The model's checks (salary range,
closing after publication) are raised keyed by field, before anything is written.

Applications:
- `application_submit`: checked (an open offer or none, consent, a letter one way or the
  other), saved with its files in the private storage; the applicant receives an
  acknowledgement with the reference and the link to withdraw or erase it (its secret is
  returned once and only its digest kept); human resources and the offer's hiring managers
  receive a link into the back office (the files attached only with JOBS_EMAIL_ATTACHMENTS).
- `application_change_status`, `application_note`, `application_reply`: the back office's
  (the caller checks who may). Each locks the row and checks again under the lock that the
  applicant has not withdrawn meanwhile; each writes a line of the history. A reply is
  e-mailed to the applicant in full and counts as a contact (the retention period starts
  again).
- `application_withdraw` and `application_erase`: the applicant's, by the link's secret.
- `applications_purge`: deletes those past the retention period, files included; logged.
Files are deleted from the storage once the deletion of their rows has committed.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parvis.accounts.roles import Role
from parvis.accounts.selectors import role_addresses
from parvis.core.audit import audit_record
from parvis.core.codes import readable_code, secret_digest
from parvis.core.links import absolute_url
from parvis.core.mail import email_enqueue, email_template_enqueue
from parvis.core.storage import private_storage
from parvis.core.town import current_town
from parvis.core.uploads import CheckedDocument
from parvis.jobs import selectors
from parvis.jobs.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    EventKind,
    Offer,
    ReplyTemplate,
)
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


# --- Applications --------------------------------------------------------------------------------


def _new_reference(day: date) -> str:
    return f"CAND-{day:%Y}-{readable_code(6)}"


def _delete_files_after_commit(names: Iterable[str]) -> None:
    kept = [name for name in names if name]
    if not kept:
        return

    def delete() -> None:
        storage = private_storage()
        for name in kept:
            storage.delete(name)

    transaction.on_commit(delete)


def _files(application: Application) -> list[str]:
    return [application.cv.name or "", application.cover_letter.name or ""]


def application_submit(
    *,
    offer: Offer | None,
    first_name: str,
    last_name: str,
    email: str,
    phone: str = "",
    cv: CheckedDocument,
    cover_letter: CheckedDocument | None = None,
    letter_text: str = "",
    consent: bool,
) -> tuple[Application, str]:
    """A new application, and the secret of the applicant's link (e-mailed, kept nowhere).

    Raises ValidationError keyed by field ("offer", "consent", "cover_letter", "first_name",
    "last_name", "email") and saves nothing when the input is wrong.
    """
    errors: dict[str, str] = {}
    if offer is not None and not selectors.open_offers().filter(pk=offer.pk).exists():
        errors["offer"] = _("This offer is closed: it no longer takes applications.")
    if not consent:
        errors["consent"] = _("Your consent is needed for the town to keep your application.")
    if cover_letter is None and not letter_text.strip():
        errors["cover_letter"] = _("Attach a cover letter, or type it in the form.")
    for field, value in (("first_name", first_name), ("last_name", last_name), ("email", email)):
        if not value.strip():
            errors[field] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    application = Application(
        offer=offer,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        letter_text=letter_text.strip(),
        file_flags=sorted({*cv.flags, *(cover_letter.flags if cover_letter else ())}),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        secret_digest=secret_digest(secret),
        consent_at=now,
        created_at=now,
        last_contact_at=now,
    )
    # The files are written when the row is saved: removed again if it is not.
    application.cv = cv.file
    if cover_letter is not None:
        application.cover_letter = cover_letter.file
    try:
        for attempt in range(5):
            application.reference = _new_reference(timezone.localdate(now))
            try:
                with transaction.atomic():
                    application.save()
                    audit_record(
                        actor=None,
                        action="jobs.application_received",
                        target=application,
                        data={"offer": offer.reference if offer else None},
                    )
                    _acknowledge(application, secret)
                    _tell_human_resources(application)
                break
            except IntegrityError:  # the same reference drawn twice: draw again
                if attempt == 4:
                    raise
                application.pk = None
    except BaseException:
        _delete_files_after_commit(_files(application))
        raise
    return application, secret


def _acknowledge(application: Application, secret: str) -> None:
    with translation.override(application.language):
        email_template_enqueue(
            to=application.email,
            subject=_("Your application to %(town)s: %(reference)s")
            % {"town": current_town().name, "reference": application.reference},
            template="jobs/email/acknowledgement.txt",
            context={
                "application": application,
                "url": absolute_url(reverse("jobs:application", kwargs={"secret": secret})),
                "retention_days": settings.JOBS_APPLICATION_RETENTION_DAYS,
            },
        )


def human_resources_addresses(offer: Offer | None) -> list[str]:
    """Who is told of an application: the active HR officers and, for an offer, its active
    hiring managers; each address once."""
    addresses = set(role_addresses(Role.HR_OFFICER))
    if offer is not None:
        addresses |= set(
            offer.hiring_managers.filter(is_active=True).values_list("email", flat=True)
        )
    return sorted(address for address in addresses if address)


def _tell_human_resources(application: Application) -> None:
    attachments = []
    if settings.JOBS_EMAIL_ATTACHMENTS:
        for file, label in ((application.cv, "cv"), (application.cover_letter, "letter")):
            if file.name:
                extension = file.name.rsplit(".", 1)[-1]
                attachments.append((file.name, f"{application.reference}-{label}.{extension}"))
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "application": application,
            "url": absolute_url(reverse("admin:jobs_application_change", args=[application.pk])),
        }
        subject = (
            _("New application %(reference)s: %(offer)s")
            % {"reference": application.reference, "offer": application.offer.title}
            if application.offer
            else _("New spontaneous application %(reference)s")
            % {"reference": application.reference}
        )
        for address in human_resources_addresses(application.offer):
            email_template_enqueue(
                to=address,
                subject=subject,
                template="jobs/email/human_resources.txt",
                context=context,
                private_attachments=attachments,
            )


class ApplicationWithdrawn(ValidationError):
    """The applicant withdrew the application: the back office no longer acts on it."""


def _locked(application: Application) -> Application:
    """`application`'s row, locked, checked again: not withdrawn."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status == ApplicationStatus.WITHDRAWN:
        raise ApplicationWithdrawn(_("The applicant withdrew this application."))
    return locked


def _change_status(locked: Application, to_status: str, actor: User | None) -> bool:
    if to_status == locked.status:
        return False
    locked.status = to_status
    locked.save(update_fields=["status"])
    ApplicationEvent.objects.create(
        application=locked, kind=EventKind.STATUS, author=actor, status=to_status
    )
    audit_record(
        actor=actor, action="jobs.application_status", target=locked, data={"to": to_status}
    )
    return True


def application_change_status(
    *, application: Application, to_status: str, actor: User | None
) -> bool:
    """Move `application` to `to_status` (any status but "withdrawn", which is the
    applicant's); False when it was already there. ApplicationWithdrawn when the applicant
    withdrew."""
    if to_status == ApplicationStatus.WITHDRAWN or to_status not in ApplicationStatus.values:
        raise ValidationError({"status": _("Only the applicant can withdraw an application.")})
    with transaction.atomic():
        return _change_status(_locked(application), to_status, actor)


def application_note(
    *, application: Application, text: str, actor: User | None
) -> ApplicationEvent:
    """An internal note on `application` (never shown to the applicant)."""
    if not text.strip():
        raise ValidationError({"note": _("Write the note.")})
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        event = ApplicationEvent.objects.create(
            application=locked, kind=EventKind.NOTE, author=actor, text=text.strip()
        )
        audit_record(actor=actor, action="jobs.application_note", target=locked)
    return event


_PLACEHOLDER = re.compile(r"\{(first_name|last_name|reference|offer)\}")


def fill_template(text: str, application: Application) -> str:
    """`text` with the placeholders of a reply template replaced by `application`'s values
    (other braces are left as they are)."""
    values = {
        "first_name": application.first_name,
        "last_name": application.last_name,
        "reference": application.reference,
        "offer": application.offer.title if application.offer else _("spontaneous application"),
    }
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def application_reply(
    *, application: Application, template: ReplyTemplate, actor: User | None
) -> ApplicationEvent:
    """E-mail `template`, filled in, to the applicant; its status follows the template's.
    The reply is written in the history in full and counts as a contact."""
    with transaction.atomic():
        locked = _locked(application)
        subject = fill_template(template.subject, locked)
        body = fill_template(template.body, locked)
        email_enqueue(EmailMessage(subject=subject, body=body, to=[locked.email]))
        event = ApplicationEvent.objects.create(
            application=locked,
            kind=EventKind.REPLY,
            author=actor,
            text=f"{subject}\n\n{body}",
        )
        locked.last_contact_at = timezone.now()
        locked.save(update_fields=["last_contact_at"])
        audit_record(
            actor=actor,
            action="jobs.application_reply",
            target=locked,
            data={"template": template.name},
        )
        if template.sets_status:
            _change_status(locked, template.sets_status, actor)
    return event


def application_for_secret(secret: str) -> Application | None:
    if not secret:
        return None
    return (
        Application.objects.select_related("offer")
        .filter(secret_digest=secret_digest(secret))
        .first()
    )


def application_withdraw(*, secret: str) -> Application | None:
    """The applicant withdraws (human resources see it, nothing is deleted yet); None for a
    wrong link. Withdrawing twice changes nothing."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .filter(secret_digest=secret_digest(secret))
            .first()
        )
        if application is None or application.status == ApplicationStatus.WITHDRAWN:
            return application
        application.status = ApplicationStatus.WITHDRAWN
        application.save(update_fields=["status"])
        ApplicationEvent.objects.create(
            application=application, kind=EventKind.STATUS, status=ApplicationStatus.WITHDRAWN
        )
        audit_record(actor=None, action="jobs.application_withdrawn", target=application)
    return application


def _delete(applications: list[Application]) -> None:
    names = [name for application in applications for name in _files(application)]
    Application.objects.filter(pk__in=[a.pk for a in applications]).delete()
    _delete_files_after_commit(names)


def application_erase(*, secret: str) -> str | None:
    """The applicant erases the application: the row, its history and its files; the
    reference it had, or None for a wrong link."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .filter(secret_digest=secret_digest(secret))
            .first()
        )
        if application is None:
            return None
        audit_record(actor=None, action="jobs.application_erased", target=application)
        _delete([application])
    return application.reference


def application_delete(*, application: Application, actor: User | None) -> None:
    """Human resources delete an application (the applicant asked them to, for example)."""
    with transaction.atomic():
        audit_record(actor=actor, action="jobs.application_deleted", target=application)
        _delete([application])


PURGE_CHUNK = 500


def applications_purge(*, now: datetime | None = None) -> int:
    """Delete the applications whose last contact is older than the retention period, with
    their files, one audit entry per chunk (the references only); how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.JOBS_APPLICATION_RETENTION_DAYS)
    purged = 0
    while True:
        with transaction.atomic():
            chunk = list(
                Application.objects.select_for_update()
                .filter(last_contact_at__lt=cutoff)
                .order_by("id")[:PURGE_CHUNK]
            )
            if not chunk:
                return purged
            audit_record(
                actor=None,
                action="jobs.applications_purged",
                data={
                    "count": len(chunk),
                    "references": [a.reference for a in chunk],
                    "retention_days": settings.JOBS_APPLICATION_RETENTION_DAYS,
                },
            )
            _delete(chunk)
        purged += len(chunk)
