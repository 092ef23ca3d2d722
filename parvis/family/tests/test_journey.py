"""The family space from end to end, as the issue's "done" says it: a parent joins the
household with the town's code, asks for a canteen place that family services validate,
books days, receives the month's invoice by e-mail, pays it through the test backend and
receives the receipt. Only the pages, the back office and the worker are used."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.family.invoicing import invoices_run
from parvis.family.models import Invoice, InvoiceStatus, Registration
from parvis.family.services import invitation_create
from parvis.family.tests.factories import make_canteen, make_child, make_household
from parvis.payments.models import Payment, PaymentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def test_a_parent_joins_books_is_invoiced_pays_and_gets_the_receipt(
    client, resident, staff_member, mailbox, run_tasks
):
    canteen = make_canteen()
    household = make_household("Famille Martin")
    child = make_child(household, "Lou", age=8)
    code = invitation_create(household=household, actor=None)
    officer = staff_member(Role.FAMILY_SERVICES_OFFICER)

    # The parent joins with the code and asks for the canteen.
    client.force_login(resident)
    assert client.post("/en/family/join/", {"code": code}).status_code == 302
    client.post(f"/en/family/children/{child.pk}/register/", {"season": str(canteen.pk)})
    registration = Registration.objects.get()

    # Family services validate the place.
    staff = client.__class__()
    sign_in(staff, officer)
    staff.post(
        "/backoffice/family/registration/",
        {"action": "validate", "_selected_action": [registration.pk]},
    )
    run_tasks()
    assert len(mailbox.to(resident.email)) == 1  # the place is validated
    mailbox.clear()

    # The parent books two canteen days of a month ahead (no quotient: 4.60 € a day).
    today = timezone.localdate()
    month = (today.replace(day=1) + datetime.timedelta(days=45)).replace(day=1)
    days = [month + datetime.timedelta(days=n) for n in range(14)]
    days = [day for day in days if canteen.runs_on(day)][:2]
    response = client.post(
        f"/en/family/registrations/{registration.pk}/days/",
        {"month": f"{month:%Y-%m}", "day": [day.isoformat() for day in days]},
    )
    assert response.status_code == 302

    # The month over, family services issue its invoices; the parent is told.
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    run = invoices_run(month=month, actor=officer, today=following)
    assert run.invoices == 1
    run_tasks()
    (told,) = mailbox.to(resident.email)
    invoice = Invoice.objects.get()
    assert invoice.number in told["Subject"] and invoice.total == Decimal("9.20")
    mailbox.clear()

    # The parent pays it through the test backend and receives the receipt.
    departure = client.post(f"/en/family/invoices/{invoice.pk}/pay/")
    provider = departure["Location"]
    payment = Payment.objects.get()
    back = client.post(
        provider.split("?")[0], {"transaction_id": payment.order_id, "answer": "pay"}
    )
    assert "Payment received" in client.get(back["Location"]).content.decode()
    run_tasks()
    (receipt,) = mailbox.to(resident.email)
    assert payment.order_id in mailbox.text(receipt)
    invoice.refresh_from_db()
    payment.refresh_from_db()
    assert (invoice.status, payment.status) == (InvoiceStatus.PAID, PaymentStatus.PAID)
    assert client.get(f"/en/family/invoices/{invoice.pk}/").status_code == 200
