"""Everything the family space brings to the shared mechanisms: its pages, who runs it in
the back office (family services), a section on the resident's profile, and which cached
page a change makes fresh (the canteen's menus: the guardians' pages are never cached)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.pagecache import invalidates, query_parameter
from parvis.core.routes import pages
from parvis.core.schedule import every
from parvis.core.sections import section
from parvis.family import invoicing, selectors
from parvis.family.models import Guardian, Invoice, MenuDay, PaidHow
from parvis.family.tasks import invoice_last_month, remind_invoices
from parvis.payments.registry import payable

# /family/… in French and /en/family/… in English.
pages("parvis.family.urls")

# Family services (and administrators) keep the schools, households, services and menus,
# decide on registrations and read the days booked (which only guardians change).
_RUN = [
    *model_permissions("family", "school", ["view", "add", "change", "delete"]),
    *model_permissions("family", "household", ["view", "add", "change", "delete"]),
    *model_permissions("family", "child", ["view", "add", "change", "delete"]),
    *model_permissions("family", "guardian", ["view", "delete"]),
    *model_permissions("family", "service", ["view", "add", "change", "delete"]),
    *model_permissions("family", "season", ["view", "add", "change", "delete"]),
    *model_permissions("family", "tariff", ["view", "add", "change", "delete"]),
    *model_permissions("family", "registration", ["view", "change"]),
    *model_permissions("family", "booking", ["view", "change"]),
    *model_permissions("family", "invoice", ["view", "change"]),
    *model_permissions("family", "invoicerun", ["view", "add"]),
    *model_permissions("family", "menuday", ["view", "add", "change", "delete"]),
]
grant(Role.FAMILY_SERVICES_OFFICER, _RUN)
grant(Role.ADMINISTRATOR, _RUN)
# Family services read the online payments of invoices and record their refunds.
grant(Role.FAMILY_SERVICES_OFFICER, model_permissions("payments", "payment", ["view", "change"]))

# Invoices are paid online (`parvis.payments`): the amount is the invoice's, a guardian of
# its household pays it while it is due, and the confirmed payment marks it paid once.
payable(
    "family.invoice",
    model=Invoice,
    amount=lambda invoice: invoice.total,
    label=lambda invoice: _("Invoice %(number)s") % {"number": invoice.number},
    may_pay=lambda user, invoice: (
        invoice.payable and selectors.is_guardian_of(user, invoice.household_id)
    ),
    paid=lambda invoice_id, payment: invoicing.invoice_paid(
        invoice_id=invoice_id, how=PaidHow.ONLINE, at=payment.notified_at
    ),
    return_url=lambda invoice: reverse("family:invoice", args=[invoice.pk]),
    officers=Role.FAMILY_SERVICES_OFFICER,
)

# Last month invoiced from FAMILY_INVOICE_DAY if staff have not; issued invoices past their
# due date overdue, with a reminder (three at most).
every(timedelta(hours=6), invoice_last_month)
every(timedelta(days=1), remind_invoices)

invalidates(MenuDay)
query_parameter("week", pattern=r"\d{4}-W\d{2}")


def _profile(request: HttpRequest | None, user: Any) -> dict[str, Any] | None:
    if user is None or not user.is_authenticated:
        return None
    return {"households": Guardian.objects.filter(user=user).count()}


section(
    "family.profile", page="profile", template="family/_profile.html", context=_profile, order=20
)
