"""The family space's invoices: computed each month, paid, reminded, cancelled.

- `invoices_run`: a month's invoices from its bookings, for every household that has some
  and no invoice of that month yet. One transaction, all or nothing: two runs of a month
  at once cannot both invoice a household (the constraint `family_invoice_month_once`,
  and unique numbers), the second is refused and issues nothing. Households are read by
  batches of `BATCH`, a constant number of queries per batch, so memory and queries stay
  flat whatever the town's size. Guardians are told by a task per batch, enqueued in the
  transaction.
- `last_month_run`: the daily job that runs last month from `FAMILY_INVOICE_DAY` when staff
  have not.
- `invoice_paid`: the payment service's call when a payment of the invoice is confirmed;
  True when this call paid it (False: it was paid or cancelled already, under the lock).
- `invoice_settle`, `invoice_cancel`: staff record a payment at the counter, or cancel.
- `invoices_remind`: the daily job: issued invoices past their due date become overdue and
  their guardians get a reminder, then one every `FAMILY_REMINDER_DAYS`, three at most.
- `attendance_record`: staff mark booked days attended or absent (an absent day is not
  charged by the runs after it).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from parvis.core.audit import audit_record
from parvis.core.links import absolute_url
from parvis.core.mail import email_template_enqueue
from parvis.family.models import (
    Booking,
    Guardian,
    Household,
    Invoice,
    InvoiceLine,
    InvoiceRun,
    InvoiceSource,
    InvoiceStatus,
    PaidHow,
    Tariff,
)
from parvis.notifications.emails import recipient_language

if TYPE_CHECKING:
    from parvis.accounts.models import User

BATCH = 500
#: How many invoices the family space's home page lists.
RECENT = 6
MAX_REMINDERS = 3
CENT = Decimal("0.01")


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def _prices(service_ids: Iterable[int]) -> dict[int, list[Tariff]]:
    tariffs: dict[int, list[Tariff]] = defaultdict(list)
    for tariff in Tariff.objects.filter(service_id__in=set(service_ids)).order_by(
        "quotient_min", "id"
    ):
        tariffs[tariff.service_id].append(tariff)
    return tariffs


def _price(tariffs: list[Tariff], quotient: int | None) -> Decimal:
    """The day's price for `quotient` (None: the open-ended bracket); 0 without a tariff."""
    for tariff in tariffs:
        if quotient is None:
            if tariff.quotient_max is None:
                return tariff.price
        elif tariff.quotient_min <= quotient and (
            tariff.quotient_max is None or quotient <= tariff.quotient_max
        ):
            return tariff.price
    return Decimal("0.00")


def invoices_run(
    *,
    month: datetime.date,
    actor: User | None,
    today: datetime.date | None = None,
    tell: bool = True,
) -> InvoiceRun:
    """Issue `month`'s invoices (see the module). Days marked absent are not charged; a
    household already invoiced for the month (not cancelled) is left as it is. `tell`:
    e-mail the guardians (the demo town's past months were told in their time)."""
    first, last = month_bounds(month)
    today = today or timezone.localdate()
    if first > today:
        raise ValidationError({"month": _("A month is invoiced once it has begun.")})
    due_on = today + datetime.timedelta(days=settings.FAMILY_INVOICE_DUE_DAYS)
    try:
        return _run(first, last, today, due_on, actor, tell)
    except IntegrityError:
        raise ValidationError(
            {"month": _("This month is being invoiced by someone else: try again in a minute.")}
        ) from None


def _run(
    first: datetime.date,
    last: datetime.date,
    today: datetime.date,
    due_on: datetime.date,
    actor: User | None,
    tell: bool,
) -> InvoiceRun:
    with transaction.atomic():
        run = InvoiceRun.objects.create(month=first, started_by=_account(actor))
        charged = Booking.objects.filter(day__range=(first, last)).exclude(attended=False)
        households = (
            Household.objects.filter(pk__in=charged.values("registration__child__household_id"))
            .exclude(
                pk__in=Invoice.objects.filter(month=first)
                .exclude(status=InvoiceStatus.CANCELLED)
                .values("household_id")
            )
            .order_by("pk")
            .values_list("pk", "quotient", "quotient_valid_until")
        )
        sequence = Invoice.objects.filter(month=first).count()
        tariffs: dict[int, list[Tariff]] | None = None
        count, total = 0, Decimal("0.00")
        last_pk = 0
        while True:
            batch = list(households.filter(pk__gt=last_pk)[:BATCH])
            if not batch:
                break
            last_pk = batch[-1][0]
            quotients = {
                pk: (quotient if quotient is not None and valid and last <= valid else None)
                for pk, quotient, valid in batch
            }
            found = (
                charged.filter(registration__child__household_id__in=list(quotients))
                .values(
                    "registration__child__household_id",
                    "registration__child_id",
                    "registration__child__first_name",
                    "season__service_id",
                    "season__service__name",
                )
                .annotate(days=Count("id"))
                .order_by(
                    "registration__child__household_id",
                    "registration__child__birth_date",
                    "registration__child_id",
                    "season__service__name",
                )
            )
            lines: dict[int, list[InvoiceLine]] = defaultdict(list)
            rows = list(found)
            if tariffs is None:
                tariffs = _prices(Tariff.objects.values_list("service_id", flat=True).distinct())
            for row in rows:
                household_id = row["registration__child__household_id"]
                unit = _price(tariffs[row["season__service_id"]], quotients[household_id])
                lines[household_id].append(
                    InvoiceLine(
                        child_id=row["registration__child_id"],
                        label=f"{row['registration__child__first_name']} — "
                        f"{row['season__service__name']}",
                        quantity=row["days"],
                        unit_price=unit,
                        amount=(unit * row["days"]).quantize(CENT),
                    )
                )
            invoices = []
            for household_id, household_lines in lines.items():
                sequence += 1
                due = any(line.amount for line in household_lines)
                invoices.append(
                    Invoice(
                        household_id=household_id,
                        number=f"FAC-{first:%Y-%m}-{sequence:05d}",
                        month=first,
                        issued_on=today,
                        due_on=due_on,
                        total=sum((line.amount for line in household_lines), Decimal("0.00")),
                        # Nothing to pay (free days): paid from the start.
                        status=InvoiceStatus.ISSUED if due else InvoiceStatus.PAID,
                        paid_at=None if due else timezone.now(),
                        source=InvoiceSource.COMPUTED,
                        run=run,
                    )
                )
            Invoice.objects.bulk_create(invoices)
            by_household = {invoice.household_id: invoice for invoice in invoices}
            every_line = []
            for household_id, household_lines in lines.items():
                for line in household_lines:
                    line.invoice = by_household[household_id]
                    every_line.append(line)
            InvoiceLine.objects.bulk_create(every_line)
            count += len(invoices)
            total += sum((invoice.total for invoice in invoices), Decimal("0.00"))
            issued = [invoice.pk for invoice in invoices if invoice.status == InvoiceStatus.ISSUED]
            if issued and tell:
                invoices_tell.enqueue(issued, "issued")
        run.invoices, run.total = count, total
        run.save(update_fields=["invoices", "total"])
        audit_record(
            actor=actor,
            action="family.invoices_run",
            target=run,
            data={"month": f"{first:%Y-%m}", "invoices": count, "total": str(total)},
        )
    return run


def last_month_run(*, today: datetime.date | None = None) -> InvoiceRun | None:
    """The daily job: from the `FAMILY_INVOICE_DAY` of the month, last month is invoiced
    if no run of it was made (by staff, or by this job); the run, or None."""
    today = today or timezone.localdate()
    if not settings.FAMILY_INVOICE_DAY or today.day < settings.FAMILY_INVOICE_DAY:
        return None
    month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    if InvoiceRun.objects.filter(month=month).exists():
        return None
    return invoices_run(month=month, actor=None, today=today)


def _account(actor: User | None) -> User | None:
    return actor if getattr(actor, "pk", None) else None


@task(queue_name="mail")
def invoices_tell(invoice_ids: list[int], what: str) -> int:
    """E-mail the active guardians of these invoices' households, each in their language:
    `what` is "issued" (the month's invoice is there) or "reminder"."""
    invoices = {
        invoice.household_id: invoice
        for invoice in Invoice.objects.filter(pk__in=invoice_ids).select_related("household")
    }
    guardians = Guardian.objects.filter(
        household_id__in=list(invoices), user__is_active=True
    ).select_related("user", "user__email_preference")
    sent = 0
    for guardian in guardians:
        invoice = invoices[guardian.household_id]
        with translation.override(recipient_language(guardian.user)):
            if what == "issued":
                subject = _("Your invoice of %(month)s: %(number)s")
            else:
                subject = _("Reminder: invoice %(number)s is due")
            email_template_enqueue(
                to=guardian.user.email,
                subject=subject
                % {
                    "month": _month_name(invoice.month),
                    "number": invoice.number,
                },
                template=f"family/email/invoice_{what}.txt",
                context={
                    "invoice": invoice,
                    "url": absolute_url(reverse("family:invoice", args=[invoice.pk])),
                },
            )
        sent += 1
    return sent


def _month_name(month: datetime.date) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


def invoice_paid(
    *, invoice_id: int, how: str, actor: User | None = None, at: datetime.datetime | None = None
) -> bool:
    """Mark the invoice paid; True when this call did, False when it was paid or cancelled
    already (checked under the row's lock, so that two confirmations pay it once). Runs in
    the caller's transaction when there is one."""
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice_id)
        if invoice.status not in (InvoiceStatus.ISSUED, InvoiceStatus.OVERDUE):
            return False
        invoice.status = InvoiceStatus.PAID
        invoice.paid_at = at or timezone.now()
        invoice.paid_how = how
        invoice.save(update_fields=["status", "paid_at", "paid_how"])
        audit_record(actor=actor, action="family.invoice_paid", target=invoice, data={"how": how})
    return True


def invoice_settle(*, invoice: Invoice, actor: User | None) -> None:
    """Staff record the invoice paid at the town hall. ValidationError when it is not due."""
    if not invoice_paid(invoice_id=invoice.pk, how=PaidHow.COUNTER, actor=actor):
        raise ValidationError(_("Invoice %(number)s is not due.") % {"number": invoice.number})


def invoice_cancel(*, invoice: Invoice, actor: User | None) -> None:
    """Cancel an unpaid invoice (the month may then be invoiced again). ValidationError when
    it is paid or cancelled already, or a payment of it is under way."""
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.status not in (InvoiceStatus.ISSUED, InvoiceStatus.OVERDUE):
            raise ValidationError(
                _("Invoice %(number)s is paid or cancelled already.") % {"number": locked.number}
            )
        locked.status = InvoiceStatus.CANCELLED
        locked.save(update_fields=["status"])
        audit_record(actor=actor, action="family.invoice_cancel", target=locked)


def invoices_remind(*, today: datetime.date | None = None) -> int:
    """Overdue invoices, and a reminder to their guardians (see the module); how many
    reminders were sent. One transaction per batch of invoices."""
    today = today or timezone.localdate()
    now = timezone.now()
    every = datetime.timedelta(days=settings.FAMILY_REMINDER_DAYS)
    due = (
        Invoice.objects.filter(
            status__in=[InvoiceStatus.ISSUED, InvoiceStatus.OVERDUE],
            due_on__lt=today,
            reminders__lt=MAX_REMINDERS,
            total__gt=0,
        )
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - every))
        .order_by("pk")
    )
    sent = 0
    while True:
        with transaction.atomic():
            ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:BATCH])
            if not ids:
                break
            Invoice.objects.filter(pk__in=ids).update(
                status=InvoiceStatus.OVERDUE, reminders=F("reminders") + 1, reminded_at=now
            )
            invoices_tell.enqueue(ids, "reminder")
            sent += len(ids)
    return sent


def attendance_record(*, bookings: QuerySet[Booking], attended: bool, actor: User | None) -> int:
    """Mark these booked days attended (or absent); how many were marked."""
    with transaction.atomic():
        ids = list(bookings.values_list("pk", flat=True))
        marked = Booking.objects.filter(pk__in=ids).update(attended=attended)
        audit_record(
            actor=actor,
            action="family.attendance_record",
            data={"bookings": len(ids), "attended": attended},
        )
    return marked


# --- Reads ----------------------------------------------------------------------------------------


def invoices_of(user: Any) -> QuerySet[Invoice]:
    """The invoices of the households `user` is a guardian of, newest first."""
    return (
        Invoice.objects.filter(household__guardians__user=user)
        .exclude(status=InvoiceStatus.CANCELLED)
        .select_related("household")
        .order_by("-month", "-id")
    )


def invoice_for(user: Any, pk: int) -> Invoice | None:
    """An invoice of a household `user` is a guardian of (a cancelled one too), with its
    lines; None otherwise."""
    return (
        Invoice.objects.filter(pk=pk, household__guardians__user=user)
        .select_related("household")
        .prefetch_related("lines")
        .first()
    )
