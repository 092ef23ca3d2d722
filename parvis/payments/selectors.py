"""Reads about online payments: the day's reconciliation for the treasury."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core.dates import local_midnight
from parvis.core.spreadsheets import csv_text
from parvis.payments.models import Payment, PaymentStatus


def paid_on(day: datetime.date) -> QuerySet[Payment]:
    """The payments confirmed on `day` (town time), those to refund and refunded included:
    the provider credited each one."""
    start = local_midnight(day)
    return Payment.objects.filter(
        paid_at__gte=start,
        paid_at__lt=local_midnight(day + datetime.timedelta(days=1)),
        status__in=[PaymentStatus.PAID, PaymentStatus.TO_REFUND, PaymentStatus.REFUNDED],
    ).order_by("paid_at", "id")


def reconciliation_csv(day: datetime.date) -> str:
    """The day's payments as a spreadsheet: one row each, then the total."""
    header = [
        _("Paid at"),
        _("Reference"),
        _("Provider's reference"),
        _("Provider"),
        _("Kind"),
        _("Object"),
        _("Label"),
        _("Amount (euros)"),
        _("Status"),
    ]
    rows: list[list[Any]] = []
    total = Decimal("0.00")
    for payment in paid_on(day).iterator():
        rows.append(
            [
                timezone.localtime(payment.paid_at).strftime("%Y-%m-%d %H:%M:%S"),
                payment.order_id,
                payment.bank_reference,
                payment.backend,
                payment.payable_kind,
                payment.payable_id,
                payment.label,
                f"{payment.amount:.2f}",
                payment.get_status_display(),
            ]
        )
        total += payment.amount
    rows.append(["", "", "", "", "", "", _("Total"), f"{total:.2f}", ""])
    return csv_text(header, rows)
