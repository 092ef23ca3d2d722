"""The daily reconciliation: yesterday's online payments, kept in the private storage and
e-mailed to the treasury (PAYMENT_TREASURY_EMAIL) as a spreadsheet."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from parvis.core.mail import email_enqueue
from parvis.core.storage import private_storage
from parvis.payments.selectors import paid_on, reconciliation_csv


def reconciliation_name(day: datetime.date) -> str:
    return f"payments/reconciliation/{day:%Y-%m-%d}.csv"


def reconciliation_write(day: datetime.date) -> str:
    """Write `day`'s reconciliation to the private storage (again if it is there); its name."""
    name = reconciliation_name(day)
    storage = private_storage()
    with translation.override(settings.LANGUAGE_CODE):
        content = reconciliation_csv(day)
    if storage.exists(name):
        storage.delete(name)
    storage.save(name, ContentFile(content.encode("utf-8")))
    return name


@task(queue_name="maintenance")
def reconciliation_send() -> str:
    """Yesterday's reconciliation, written and e-mailed; its name in the private storage."""
    day = timezone.localdate() - datetime.timedelta(days=1)
    name = reconciliation_write(day)
    if settings.PAYMENT_TREASURY_EMAIL:
        with translation.override(settings.LANGUAGE_CODE):
            count = paid_on(day).count()
            email_enqueue(
                EmailMessage(
                    subject=_("Online payments of %(day)s") % {"day": f"{day:%Y-%m-%d}"},
                    body=_(
                        "%(count)d online payment(s) on %(day)s: the file attached lists them.\n"
                    )
                    % {"count": count, "day": f"{day:%Y-%m-%d}"},
                    to=[settings.PAYMENT_TREASURY_EMAIL],
                ),
                private_attachments=[(name, f"payments-{day:%Y-%m-%d}.csv")],
            )
    return name
