"""What can be paid online. An app declares each kind in its manifest:

    payable(
        "family.invoice",
        model=Invoice,
        amount=lambda invoice: invoice.total,      # read by the server, never the browser
        label=lambda invoice: f"Facture {invoice.number}",
        may_pay=lambda user, invoice: …,           # this person may pay it, now
        paid=lambda invoice_id, payment: …,        # confirmed: True when this paid it
        return_url=lambda invoice: "/family/invoices/12/",
        officers=Role.FAMILY_SERVICES_OFFICER,     # told when a payment must be refunded
    )

`paid` runs inside the transaction that records the payment, under its lock: it marks the
thing paid (and returns True) or finds it paid already (False: the payment is to refund).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models

from parvis.accounts.roles import Role
from parvis.core.registry import Registry


@dataclass(frozen=True)
class Payable:
    kind: str
    model: type[models.Model]
    amount: Callable[[Any], Decimal]
    label: Callable[[Any], str]
    may_pay: Callable[[Any, Any], bool]
    paid: Callable[[int, Any], bool]
    return_url: Callable[[Any], str]
    officers: Role | None = None


_payables: Registry[Payable] = Registry("payable kind")


def payable(
    kind: str,
    *,
    model: type[models.Model],
    amount: Callable[[Any], Decimal],
    label: Callable[[Any], str],
    may_pay: Callable[[Any, Any], bool],
    paid: Callable[[int, Any], bool],
    return_url: Callable[[Any], str],
    officers: Role | None = None,
) -> Payable:
    return _payables.add(
        kind,
        Payable(
            kind=kind,
            model=model,
            amount=amount,
            label=label,
            may_pay=may_pay,
            paid=paid,
            return_url=return_url,
            officers=officers,
        ),
    )


def payable_of(kind: str) -> Payable:
    """The declaration of `kind`; KeyError when none."""
    return _payables[kind]


def payable_for(obj: models.Model) -> Payable:
    """The declaration of `obj`'s model; KeyError when none."""
    entry = _payables.filter(lambda entry: isinstance(obj, entry.model))
    if not entry:
        raise KeyError(type(obj).__name__)
    return entry[0]
