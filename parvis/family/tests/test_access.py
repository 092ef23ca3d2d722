"""No address of the family space reaches another family's household, child, registration,
booked days or invoices by changing the number in it: every address with a number is
listed here (a new one fails the test until it is), asked for with another family's
objects, in GET and POST, and answers 404 (or 405 for a method it never takes) with
nothing changed."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.family import urls
from parvis.family.models import Booking, Household, Invoice, Registration
from parvis.family.tests.factories import (
    make_canteen,
    make_child,
    make_household,
    make_invoice,
    make_registration,
)
from parvis.payments.models import Payment

pytestmark = pytest.mark.django_db

# Which object each numbered address names, and the methods it never takes.
NUMBERED = {
    "register": ("child", set()),
    "bookings": ("registration", set()),
    "quotient": ("household", set()),
    "invoice": ("invoice", {"POST"}),
    "invoice_pdf": ("invoice", {"POST"}),
    "invoice_receipt": ("invoice", {"POST"}),
    "invoice_pay": ("invoice", {"GET"}),
}


def test_every_numbered_address_is_checked_here():
    numbered = {entry.name for entry in urls.urlpatterns if "<int:pk>" in str(entry.pattern)}
    assert numbered == set(NUMBERED)


def test_no_address_reaches_another_family_s_things(client, resident, other_resident):
    canteen = make_canteen()
    make_registration(make_child(make_household("Famille Martin", resident), "Lou"), canteen)
    theirs = make_household("Famille Benali", other_resident)
    child = make_child(theirs, "Yanis")
    registration = make_registration(child, canteen)
    day = timezone.localdate() + datetime.timedelta(days=20)
    Booking.objects.create(registration=registration, season=canteen, day=day)
    objects = {
        "household": theirs,
        "child": child,
        "registration": registration,
        "invoice": make_invoice(theirs, child=child, status="paid", paid_at=timezone.now()),
    }
    before = (
        Registration.objects.count(),
        Booking.objects.count(),
        Payment.objects.count(),
        list(Household.objects.values_list("quotient_proof", flat=True)),
        list(Invoice.objects.values_list("status", flat=True)),
    )
    client.force_login(resident)

    for name, (kind, never) in NUMBERED.items():
        url = reverse(f"family:{name}", args=[objects[kind].pk])
        got = client.get(url).status_code
        posted = client.post(
            url,
            {"season": canteen.pk, "day": [day.isoformat()], "month": f"{day:%Y-%m}"},
        ).status_code
        assert (got, posted) == (
            405 if "GET" in never else 404,
            405 if "POST" in never else 404,
        ), name

    assert before == (
        Registration.objects.count(),
        Booking.objects.count(),
        Payment.objects.count(),
        list(Household.objects.values_list("quotient_proof", flat=True)),
        list(Invoice.objects.values_list("status", flat=True)),
    )
