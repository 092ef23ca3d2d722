"""Households, services and registrations for the tests of the family space."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from parvis.family.models import (
    Child,
    Guardian,
    Household,
    Invoice,
    InvoiceLine,
    Registration,
    RegistrationStatus,
    School,
    Season,
    Service,
    ServiceKind,
    Tariff,
)
from parvis.family.services import household_save


def make_household(name: str = "Famille Martin", *guardians: Any, **fields: Any) -> Household:
    household = household_save(
        household=Household(name=name, address="3 rue des Lilas", **fields), actor=None
    )
    for user in guardians:
        Guardian.objects.create(household=household, user=user)
    return household


def make_child(
    household: Household, first_name: str = "Lou", *, age: int = 7, **fields: Any
) -> Child:
    today = timezone.localdate()
    fields.setdefault("school", School.objects.get_or_create(name="École Jules-Ferry")[0])
    return Child.objects.create(
        household=household,
        first_name=first_name,
        last_name=household.name.split()[-1],
        birth_date=today.replace(year=today.year - age) - datetime.timedelta(days=30),
        **fields,
    )


def make_canteen(*, capacity: int = 100, **fields: Any) -> Season:
    """The canteen (Monday, Tuesday, Thursday, Friday; deadline two days before, 10:00),
    three tariffs, and a season from a month ago to ten months on."""
    service = Service.objects.create(
        name=fields.pop("name", "Restauration scolaire"),
        slug=fields.pop("slug", "cantine"),
        kind=ServiceKind.CANTEEN,
        capacity=capacity,
        **fields,
    )
    Tariff.objects.create(service=service, quotient_min=0, quotient_max=600, price=Decimal("1.00"))
    Tariff.objects.create(
        service=service, quotient_min=601, quotient_max=1200, price=Decimal("2.90")
    )
    Tariff.objects.create(
        service=service, quotient_min=1201, quotient_max=None, price=Decimal("4.60")
    )
    today = timezone.localdate()
    return Season.objects.create(
        service=service,
        name="Année scolaire",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=300),
    )


def make_registration(child: Child, season: Season, *, validated: bool = True) -> Registration:
    return Registration.objects.create(
        child=child,
        season=season,
        status=RegistrationStatus.VALIDATED if validated else RegistrationStatus.REQUESTED,
    )


def make_invoice(
    household: Household,
    number: str = "FAC-2026-11-00001",
    *,
    lines: tuple[tuple[str, int, str], ...] = (("Lou — Restauration scolaire", 3, "2.90"),),
    child: Child | None = None,
    month: datetime.date | None = None,
    **fields: Any,
) -> Invoice:
    """An issued invoice of `household` with `lines` (label, days, price of a day), due in
    thirty days; its total is the lines' unless given."""
    today = timezone.localdate()
    month = month or today.replace(day=1)
    amounts = [(label, days, Decimal(price), days * Decimal(price)) for label, days, price in lines]
    fields.setdefault("total", sum((amount for *_rest, amount in amounts), Decimal("0.00")))
    fields.setdefault("issued_on", today)
    fields.setdefault("due_on", fields["issued_on"] + datetime.timedelta(days=30))
    invoice = Invoice.objects.create(household=household, number=number, month=month, **fields)
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            child=child,
            label=label,
            quantity=days,
            unit_price=price,
            amount=amount,
        )
        for label, days, price, amount in amounts
    )
    return invoice
