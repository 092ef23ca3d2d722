"""A month's invoices: computed from the bookings at each household's tariff (absent days
left out), issued once per household and month, reminded when overdue, settled or
cancelled by staff; the guardians' pages show only their own. Expected amounts are worked
out by hand from the factories' tariffs (1.00 € up to 600, 2.90 € up to 1,200, 4.60 €
beyond or without a valid quotient)."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from conftest import make_user
from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.core.models import AuditEntry
from parvis.family.invoicing import invoice_cancel, invoices_remind, invoices_run, last_month_run
from parvis.family.models import Booking, Invoice, InvoiceStatus
from parvis.family.tests.factories import (
    make_canteen,
    make_child,
    make_household,
    make_registration,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def last_month() -> datetime.date:
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def book(registration, days: list[int], *, month: datetime.date | None = None, **fields) -> None:
    month = month or last_month()
    Booking.objects.bulk_create(
        Booking(
            registration=registration,
            season=registration.season,
            day=month.replace(day=d),
            **fields,
        )
        for d in days
    )


@pytest.fixture
def town(resident, other_resident):
    """Three households with days booked last month, a fourth without any."""
    canteen = make_canteen()
    month_end = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    martin = make_household(
        "Famille Martin",
        resident,
        quotient=780,
        quotient_valid_until=month_end + datetime.timedelta(days=100),
    )
    lou = make_registration(make_child(martin, "Lou", age=8), canteen)
    sam = make_registration(make_child(martin, "Sam", age=5), canteen)
    book(lou, [5, 6, 8])
    book(lou, [9], attended=False)  # absent: not charged
    book(sam, [12, 13], attended=True)
    benali = make_household("Famille Benali", other_resident)  # no quotient
    book(make_registration(make_child(benali, "Yanis"), canteen), [5, 6])
    petit = make_household(
        "Famille Petit",
        quotient=400,
        quotient_valid_until=month_end - datetime.timedelta(days=3),  # expired in the month
    )
    book(make_registration(make_child(petit, "Arthur"), canteen), [20])
    make_household("Famille Roux")
    return {"martin": martin, "benali": benali, "petit": petit, "canteen": canteen}


def test_a_month_s_invoices_charge_the_days_booked_at_each_household_s_tariff(town):
    month = last_month()
    run = invoices_run(month=month, actor=None)

    invoices = {i.household.name: i for i in Invoice.objects.select_related("household")}
    assert sorted(invoices) == ["Famille Benali", "Famille Martin", "Famille Petit"]
    martin = invoices["Famille Martin"]
    assert [
        (line.label, line.quantity, line.unit_price, line.amount) for line in martin.lines.all()
    ] == [
        ("Lou — Restauration scolaire", 3, Decimal("2.90"), Decimal("8.70")),
        ("Sam — Restauration scolaire", 2, Decimal("2.90"), Decimal("5.80")),
    ]
    assert martin.total == Decimal("14.50")
    assert invoices["Famille Benali"].total == Decimal("9.20")
    assert invoices["Famille Petit"].total == Decimal("4.60")
    assert {i.status for i in invoices.values()} == {InvoiceStatus.ISSUED}
    assert martin.due_on == timezone.localdate() + datetime.timedelta(days=30)
    assert sorted(i.number for i in invoices.values()) == [
        f"FAC-{month:%Y-%m}-00001",
        f"FAC-{month:%Y-%m}-00002",
        f"FAC-{month:%Y-%m}-00003",
    ]
    assert (run.invoices, run.total) == (3, Decimal("28.30"))
    assert AuditEntry.objects.filter(action="family.invoices_run").count() == 1


def test_a_household_is_invoiced_once_a_month_until_its_invoice_is_cancelled(town):
    month = last_month()
    invoices_run(month=month, actor=None)
    again = invoices_run(month=month, actor=None)
    assert again.invoices == 0 and Invoice.objects.count() == 3

    martin = Invoice.objects.get(household=town["martin"])
    invoice_cancel(invoice=martin, actor=None)
    with pytest.raises(ValidationError):
        invoice_cancel(invoice=martin, actor=None)
    third = invoices_run(month=month, actor=None)
    assert third.invoices == 1
    reissued = Invoice.objects.get(household=town["martin"], status=InvoiceStatus.ISSUED)
    assert reissued.number == f"FAC-{month:%Y-%m}-00004"
    assert reissued.total == Decimal("14.50")


def test_a_month_not_begun_is_not_invoiced(town):
    next_month = (timezone.localdate().replace(day=28) + datetime.timedelta(days=5)).replace(day=1)
    with pytest.raises(ValidationError) as refused:
        invoices_run(month=next_month, actor=None)
    assert "once it has begun" in str(refused.value)
    assert Invoice.objects.count() == 0


def test_guardians_are_told_of_their_invoice_in_their_language(town, resident, mailbox, run_tasks):
    invoices_run(month=last_month(), actor=None)
    run_tasks()
    (told,) = mailbox.to(resident.email)
    number = Invoice.objects.get(household=town["martin"]).number
    assert number in told["Subject"]
    text = mailbox.text(told)
    # Camille reads French (the site's language, no preference set).
    assert "14,50 €" in text
    assert f"/family/invoices/{Invoice.objects.get(household=town['martin']).pk}/" in text


def test_overdue_invoices_are_reminded_every_fifteen_days_three_times_at_most(
    town, resident, mailbox, run_tasks
):
    invoices_run(month=last_month(), actor=None)
    martin = Invoice.objects.get(household=town["martin"])
    Invoice.objects.update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    Invoice.objects.exclude(pk=martin.pk).update(status=InvoiceStatus.PAID)
    run_tasks()
    mailbox.clear()

    assert invoices_remind() == 1
    assert invoices_remind() == 0  # not again the same day
    martin.refresh_from_db()
    assert (martin.status, martin.reminders) == (InvoiceStatus.OVERDUE, 1)
    run_tasks()
    (reminder,) = mailbox.to(resident.email)
    assert reminder["Subject"].startswith("Rappel")  # Camille reads French

    for sent in (2, 3):
        Invoice.objects.filter(pk=martin.pk).update(
            reminded_at=timezone.now() - datetime.timedelta(days=15)
        )
        assert invoices_remind() == 1
        martin.refresh_from_db()
        assert martin.reminders == sent
    Invoice.objects.filter(pk=martin.pk).update(
        reminded_at=timezone.now() - datetime.timedelta(days=15)
    )
    assert invoices_remind() == 0
    martin.refresh_from_db()
    assert martin.reminders == 3


def test_a_guardian_sees_their_invoices_and_no_one_else_s_by_any_address(
    client, town, resident, other_resident
):
    invoices_run(month=last_month(), actor=None)
    mine = Invoice.objects.get(household=town["martin"])
    theirs = Invoice.objects.get(household=town["benali"])
    client.force_login(resident)

    listing = client.get("/en/family/invoices/").content.decode()
    assert mine.number in listing and theirs.number not in listing
    page = client.get(f"/en/family/invoices/{mine.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Lou — Restauration scolaire" in text and "14.50" in text
    (data,) = [
        json.loads(block.string)
        for block in BeautifulSoup(text, "html.parser").select('script[type="application/ld+json"]')
        if '"Invoice"' in block.string
    ]
    assert (data["identifier"], data["accountId"], data["billingPeriod"]) == (
        mine.number,
        town["martin"].reference,
        f"{last_month():%Y-%m}",
    )
    assert data["totalPaymentDue"] == {
        "@type": "MonetaryAmount",
        "value": "14.50",
        "currency": "EUR",
    }
    assert data["paymentStatus"] == "https://schema.org/PaymentDue"
    assert page["Cache-Control"].startswith("max-age=0")
    assert mine.number in client.get("/en/family/").content.decode()

    for url in (
        f"/en/family/invoices/{theirs.pk}/",
        f"/en/family/invoices/{theirs.pk}/invoice.pdf",
        f"/en/family/invoices/{theirs.pk}/receipt.pdf",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/en/family/invoices/{theirs.pk}/pay/").status_code == 404
    assert client.get(f"/en/family/invoices/{mine.pk}/pay/").status_code == 405
    # Not paid: no receipt yet.
    assert client.get(f"/en/family/invoices/{mine.pk}/receipt.pdf").status_code == 404
    printed = client.get(f"/en/family/invoices/{mine.pk}/invoice.pdf")
    assert (printed.status_code, printed["Content-Type"]) == (200, "application/pdf")
    assert printed.content.startswith(b"%PDF-")
    assert "private, no-store" in printed["Cache-Control"]
    assert printed["Content-Disposition"] == f'inline; filename="facture-{mine.number}.pdf"'
    # An imported invoice's number is the family software's own: a safe file name anyway.
    Invoice.objects.filter(pk=mine.pk).update(number='FS "2027"/01')
    renamed = client.get(f"/en/family/invoices/{mine.pk}/invoice.pdf")
    assert renamed["Content-Disposition"] == 'inline; filename="facture-FS--2027--01.pdf"'
    Invoice.objects.filter(pk=mine.pk).update(
        status=InvoiceStatus.PAID, paid_at=timezone.now(), paid_how="counter"
    )
    receipt = client.get(f"/en/family/invoices/{mine.pk}/receipt.pdf")
    assert (receipt.status_code, receipt["Content-Type"]) == (200, "application/pdf")
    # Nothing to pay, paid from the start: no receipt, a 404 (not an error).
    Invoice.objects.filter(pk=mine.pk).update(paid_at=None)
    assert client.get(f"/en/family/invoices/{mine.pk}/receipt.pdf").status_code == 404
    client.logout()
    assert client.get(f"/en/family/invoices/{mine.pk}/").status_code == 302


def test_family_services_compute_a_month_record_payments_at_the_counter_and_cancel(
    client, town, staff_member
):
    officer = staff_member(Role.FAMILY_SERVICES_OFFICER)
    sign_in(client, officer)
    page = client.get("/backoffice/family/invoice/")
    assert "/backoffice/family/invoice/run/" in page.content.decode()

    response = client.post("/backoffice/family/invoice/run/", {"month": "2019-13"})
    assert (
        response.status_code == 400
        and "Indiquez le mois sous la forme" in response.content.decode()
    )
    response = client.post("/backoffice/family/invoice/run/", {"month": f"{last_month():%Y-%m}"})
    assert response.status_code == 302
    assert Invoice.objects.count() == 3
    martin, benali = (Invoice.objects.get(household=town[name]) for name in ("martin", "benali"))

    client.post(
        "/backoffice/family/invoice/",
        {"action": "settle", "_selected_action": [martin.pk]},
    )
    client.post(
        "/backoffice/family/invoice/",
        {"action": "cancel", "_selected_action": [benali.pk, martin.pk]},
    )
    martin.refresh_from_db()
    benali.refresh_from_db()
    assert (martin.status, martin.paid_how) == (InvoiceStatus.PAID, "counter")
    assert benali.status == InvoiceStatus.CANCELLED
    assert AuditEntry.objects.filter(action="family.invoice_paid", actor=officer).count() == 1


def test_staff_mark_days_absent_and_the_next_run_does_not_charge_them(client, town, staff_member):
    officer = staff_member(Role.FAMILY_SERVICES_OFFICER)
    sign_in(client, officer)
    benali_days = Booking.objects.filter(registration__child__household=town["benali"])
    response = client.post(
        "/backoffice/family/booking/",
        {"action": "mark_absent", "_selected_action": [benali_days.first().pk]},
    )
    assert response.status_code == 302
    assert list(benali_days.values_list("attended", flat=True)) == [False, None]
    invoices_run(month=last_month(), actor=officer)
    assert Invoice.objects.get(household=town["benali"]).total == Decimal("4.60")


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_the_invoice_pages_do_not_grow_with_the_invoices(client, resident):
    canteen = make_canteen(capacity=10_000)
    household = make_household("Famille Martin", resident)
    month = last_month()

    def add(children: int) -> None:
        for n in range(children):
            registration = make_registration(make_child(household, f"E{n}"), canteen)
            book(registration, [3, 4, 5])
        Invoice.objects.filter(household=household).update(status=InvoiceStatus.CANCELLED)
        invoices_run(month=month, actor=None)

    client.force_login(resident)
    add(2)
    invoice = Invoice.objects.get(household=household, status=InvoiceStatus.ISSUED)
    few = [
        queries_for(client, url)
        for url in ("/en/family/invoices/", f"/en/family/invoices/{invoice.pk}/", "/en/family/")
    ]
    add(30)
    invoice = Invoice.objects.get(household=household, status=InvoiceStatus.ISSUED)
    assert invoice.lines.count() == 32
    assert Invoice.objects.count() == 2
    many = [
        queries_for(client, url)
        for url in ("/en/family/invoices/", f"/en/family/invoices/{invoice.pk}/", "/en/family/")
    ]
    assert few == many


def test_many_households_are_invoiced_with_the_same_queries_as_few():
    canteen = make_canteen(capacity=10_000)

    def households(count: int, start: int) -> None:
        for n in range(start, start + count):
            household = make_household(f"Famille {n}", make_user(f"p{n}@example.org"))
            book(make_registration(make_child(household, f"E{n}"), canteen), [3, 4])

    households(3, 0)
    # The audit trail's content type is read once per process: read it before counting.
    invoices_run(month=(last_month() - datetime.timedelta(days=1)).replace(day=1), actor=None)
    with CaptureQueriesContext(connection) as few:
        invoices_run(month=last_month(), actor=None)
    Invoice.objects.update(status=InvoiceStatus.CANCELLED)
    households(60, 3)
    with CaptureQueriesContext(connection) as many:
        invoices_run(month=last_month(), actor=None)
    assert Invoice.objects.filter(status=InvoiceStatus.ISSUED).count() == 63
    assert len(few) == len(many)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_runs_of_a_month_at_once_invoice_each_household_once():
    from parvis.core.tests.concurrency import run_at_once

    canteen = make_canteen(capacity=10_000)
    for n in range(40):
        household = make_household(f"Famille {n}", make_user(f"p{n}@example.org"))
        book(make_registration(make_child(household, f"E{n}"), canteen), [3, 4])

    def run() -> int:
        try:
            return invoices_run(month=last_month(), actor=None).invoices
        except ValidationError:
            return -1

    results = run_at_once(3, run)

    assert 40 in results and sorted(results)[:2] in ([-1, -1], [-1, 0], [0, 0])
    assert Invoice.objects.count() == 40
    assert Invoice.objects.values("household").distinct().count() == 40


def test_last_month_is_invoiced_by_itself_from_the_day_set_unless_staff_ran_it(town, settings):
    first = timezone.localdate().replace(day=1)
    settings.FAMILY_INVOICE_DAY = 5
    assert last_month_run(today=first + datetime.timedelta(days=3)) is None  # the 4th
    run = last_month_run(today=first + datetime.timedelta(days=4))  # the 5th
    assert run is not None and run.invoices == 3 and run.started_by is None
    assert last_month_run(today=first + datetime.timedelta(days=9)) is None  # run already
    assert Invoice.objects.count() == 3


def test_a_run_by_staff_or_no_day_set_leaves_the_job_nothing_to_do(town, settings, staff_member):
    fifth = timezone.localdate().replace(day=5)
    settings.FAMILY_INVOICE_DAY = 0
    assert last_month_run(today=fifth) is None
    settings.FAMILY_INVOICE_DAY = 5
    invoices_run(month=last_month(), actor=staff_member(Role.FAMILY_SERVICES_OFFICER))
    Invoice.objects.update(status=InvoiceStatus.CANCELLED)  # even with its invoices cancelled
    assert last_month_run(today=fifth) is None
    assert Invoice.objects.exclude(status=InvoiceStatus.CANCELLED).count() == 0
