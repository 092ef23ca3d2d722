"""Paying online through eopayment: the departure to the provider, its notification, the
refund of a payment made twice.

- `payment_start`: a Payment row for something payable (the amount read from the server's
  object, never from the browser) and where to send the browser: a URL, or a form to post
  to the provider's page. The card never reaches Parvis.
- `notification_receive`: the provider's server-to-server message, read and verified by
  eopayment (signature, then: a known payment, the same amount). In one transaction under
  the payment's row lock: the first confirmation pays the thing (the payable's `paid`,
  under the thing's own lock), a replay changes nothing, a confirmation for something paid
  by another payment meanwhile (two tabs) leaves this one `to_refund` and tells the
  officers. Every refused message is in the audit trail with its reason. The receipt is
  e-mailed by a task enqueued in the transaction.
- `payment_refunded`: staff record that the provider refunded a `to_refund` payment.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

import eopayment
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from parvis.accounts.selectors import role_addresses
from parvis.core.audit import audit_record
from parvis.core.links import absolute_url
from parvis.core.mail import email_enqueue, email_template_enqueue
from parvis.payments.models import Payment, PaymentStatus
from parvis.payments.registry import payable_for, payable_of

if TYPE_CHECKING:
    from django.db import models

    from parvis.accounts.models import User

logger = logging.getLogger(__name__)


@functools.cache
def _backend(kind: str, options: str) -> eopayment.Payment:
    return eopayment.Payment(kind, json.loads(options))


def backend() -> eopayment.Payment:
    """The provider's eopayment backend from the settings, built once per configuration
    (building it reads its description: too slow to repeat for each notification)."""
    if not settings.PAYMENT_BACKEND:
        raise ValidationError(_("Online payment is not set up for this town."))
    options = {
        **settings.PAYMENT_OPTIONS,
        "normal_return_url": absolute_url(reverse("payments:return")),
        "automatic_return_url": absolute_url(reverse("payments_notify:notification")),
    }
    return _backend(settings.PAYMENT_BACKEND, json.dumps(options, sort_keys=True))


@dataclass(frozen=True)
class Departure:
    """Where the browser goes: `url` with GET, or a form of `fields` posted to `url`."""

    payment: Payment
    url: str
    method: str = "GET"
    fields: list[tuple[str, str]] = field(default_factory=list)


def payment_start(*, obj: models.Model, user: User, email: str = "") -> Departure:
    """Start paying `obj` (a declared payable) for `user`. PermissionDenied when they may
    not pay it; ValidationError when there is nothing to pay or no provider."""
    declaration = payable_for(obj)
    if not declaration.may_pay(user, obj):
        raise PermissionDenied
    amount = Decimal(declaration.amount(obj)).quantize(Decimal("0.01"))
    if amount <= 0:
        raise ValidationError(_("There is nothing to pay."))
    label = str(declaration.label(obj))[:250]
    email = email or user.email
    bank = backend()
    try:
        transaction_id, kind, data = bank.request(amount, email=email, subject=label)
    except Exception:  # the provider's web service down or refusing: said, not shown
        logger.exception("The payment provider refused to start a payment.")
        raise ValidationError(
            _("The payment service does not answer at the moment: try again later.")
        ) from None
    with transaction.atomic():
        payment = Payment.objects.create(
            order_id=str(transaction_id),
            payable_kind=declaration.kind,
            payable_id=obj.pk,
            label=label,
            amount=amount,
            backend=settings.PAYMENT_BACKEND,
            user=user,
            email=email,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        audit_record(
            actor=user,
            action="payments.start",
            target=payment,
            data={"kind": declaration.kind, "id": obj.pk, "amount": str(amount)},
        )
    if kind == eopayment.URL:
        url = str(data)
        if settings.PAYMENT_BACKEND == "dummy":
            # eopayment's test backend names a page of its authors: Parvis's own plays it.
            url = f"{reverse('payments:test_provider')}?{urlsplit(url).query}"
        return Departure(payment=payment, url=url)
    if kind == eopayment.FORM:
        return Departure(
            payment=payment,
            url=data.url,
            method=data.method.upper(),
            fields=[(item["name"], str(item["value"])) for item in data.fields],
        )
    raise ValidationError(_("This payment provider is not supported."))


@dataclass(frozen=True)
class Outcome:
    """What the notification did: `status` is the HTTP status to answer, `content` what the
    provider expects to read back (some check it), `payment` the payment concerned."""

    status: int
    content: str
    payment: Payment | None = None
    reason: str = ""


def _refuse(
    reason: str,
    data: dict[str, Any],
    payment: Payment | None = None,
    *,
    audited: Callable[[], bool],
) -> Outcome:
    # Returned, never raised: the caller's transaction commits with this entry.
    if audited():
        audit_record(
            actor=None,
            action="payments.notification_refused",
            target=payment,
            data={"reason": reason, "data": data},
        )
    logger.warning("Payment notification refused: %s", reason)
    return Outcome(status=400, content=reason, payment=payment, reason=reason)


# Where each provider's message says the amount, and in how many units a euro is. The
# others' messages carry no amount of their own: the signature (or the treasury's answer,
# for PayFiP) vouches for the payment the provider made, of the amount it was asked.
AMOUNTS = {
    "systempayv2": ("vads_amount", 100),
    "payzen": ("vads_amount", 100),
    "paybox": ("montant", 100),
    "tipi": ("montant", 100),
    "sips2": ("amount", 100),
    "ogone": ("amount", 1),
    "mollie": ("amount", 1),
    "dummy": ("amount", 1),
}


def _amount_in(bank_data: dict[str, Any]) -> Decimal | None:
    """The amount the provider's message says, in euros; None when it says none; -1 when
    it cannot be read."""
    key, per_euro = AMOUNTS.get(settings.PAYMENT_BACKEND, ("", 1))
    value = bank_data.get(key) if key else None
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):  # Mollie: {"value": "12.50", "currency": "EUR"}
        value = value.get("value")
    if value in (None, ""):
        return None
    try:
        return (Decimal(str(value)) / per_euro).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return Decimal("-1")


def _flat(bank_data: dict[str, Any]) -> dict[str, Any]:
    """The provider's data as JSON (eopayment gives lists for query-string values)."""
    flat: dict[str, Any] = {}
    for key, value in bank_data.items():
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        flat[str(key)] = (
            value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        )
    return flat


def _always() -> bool:
    return True


def notification_receive(query_string: str, *, audited: Callable[[], bool] = _always) -> Outcome:
    """Handle the provider's message (the body of its POST or its query string); see the
    module for what is verified and done. `audited()` says whether a refusal goes to the
    audit trail (the view bounds how many a sender may write; every one is logged)."""
    try:
        response = backend().response(query_string)
    except Exception as error:  # eopayment raises its own errors and the parsers' ones
        return _refuse("unreadable", {"error": type(error).__name__}, audited=audited)
    return _record(response, audited)


def return_receive(query_string: str, *, audited: Callable[[], bool] = _always) -> tuple[str, bool]:
    """What the provider gave the browser coming back, read once: a signed message is
    handled as its notification would be (whichever arrives first pays). The reference of
    the payment it names ("" when none, or no provider's message) and whether it was
    signed."""
    try:
        response = backend().response(query_string)
    except Exception:  # no provider's message: the caller reads the person's last payment
        return "", False
    if not response.signed:
        return str(response.order_id or ""), False
    outcome = _record(response, audited)
    return (outcome.payment.order_id if outcome.payment is not None else ""), True


def _record(response: Any, audited: Callable[[], bool]) -> Outcome:
    """A message eopayment read: verified, then recorded under the payment's lock."""
    data = _flat(response.bank_data or {})
    if not response.signed:
        return _refuse("bad signature", data, audited=audited)
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update().filter(order_id=str(response.order_id)).first()
        )
        if payment is None:
            return _refuse("unknown transaction", data, audited=audited)
        said = _amount_in(response.bank_data or {})
        if said is not None and said != payment.amount:
            return _refuse("wrong amount", data, payment, audited=audited)
        content = response.return_content or ""
        # A refused card may be followed by an accepted one on the provider's page (the
        # same transaction): a failed payment may still be paid.
        settled = payment.status != PaymentStatus.STARTED and not (
            payment.status == PaymentStatus.FAILED and response.is_paid()
        )
        if settled:
            audit_record(
                actor=None,
                action="payments.notification_replayed",
                target=payment,
                data={"status": payment.status},
            )
            return Outcome(status=200, content=content, payment=payment)
        now = timezone.now()
        payment.notified_at = now
        payment.bank_reference = str(response.transaction_id or "")[:120]
        payment.bank_data = data
        if response.is_paid():
            declaration = payable_of(payment.payable_kind)
            if declaration.paid(payment.payable_id, payment):
                payment.status = PaymentStatus.PAID
                payment.paid_at = now
                if payment.email:
                    receipt_send.enqueue(payment.pk)
            else:
                payment.status = PaymentStatus.TO_REFUND
                payment.paid_at = now
                _tell_officers(payment, declaration.officers)
        else:
            payment.status = PaymentStatus.FAILED
        payment.save(
            update_fields=["status", "notified_at", "paid_at", "bank_reference", "bank_data"]
        )
        audit_record(
            actor=None,
            action="payments.notified",
            target=payment,
            data={"status": payment.status},
        )
    return Outcome(status=200, content=content, payment=payment)


def _tell_officers(payment: Payment, officers: Any) -> None:
    if officers is None:
        return
    url = absolute_url(reverse("admin:payments_payment_change", args=[payment.pk]))
    with translation.override(settings.LANGUAGE_CODE):
        for address in role_addresses(officers):
            email_enqueue(
                EmailMessage(
                    subject=_("Online payment to refund: %(payment)s") % {"payment": payment},
                    body=_(
                        "%(label)s was paid a second time online (%(amount)s €, reference "
                        "%(reference)s). Refund this payment through the provider, then "
                        "mark it refunded:\n%(url)s\n"
                    )
                    % {
                        "label": payment.label,
                        "amount": payment.amount,
                        "reference": payment.order_id,
                        "url": url,
                    },
                    to=[address],
                )
            )


@task(queue_name="mail")
def receipt_send(payment_id: int) -> bool:
    """E-mail the receipt of a paid payment, in the payer's language."""
    payment = Payment.objects.filter(pk=payment_id, status=PaymentStatus.PAID).first()
    if payment is None or not payment.email:
        return False
    declaration = payable_of(payment.payable_kind)
    obj = declaration.model._default_manager.filter(pk=payment.payable_id).first()
    with translation.override(payment.language):
        email_template_enqueue(
            to=payment.email,
            subject=_("Receipt of your payment: %(label)s") % {"label": payment.label},
            template="payments/email/receipt.txt",
            context={
                "payment": payment,
                "url": absolute_url(declaration.return_url(obj)) if obj is not None else "",
            },
        )
    return True


def payment_refunded(*, payment: Payment, actor: User | None) -> None:
    """Staff record that the provider refunded this payment (made twice). ValidationError
    unless it is to refund."""
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status != PaymentStatus.TO_REFUND:
            raise ValidationError(
                _("Payment %(reference)s is not one to refund.") % {"reference": locked.order_id}
            )
        locked.status = PaymentStatus.REFUNDED
        locked.save(update_fields=["status"])
        audit_record(actor=actor, action="payments.refunded", target=locked)


def dummy_provider_answer(*, order_id: str, paid: bool) -> tuple[Outcome, str]:
    """The test backend's page: what the provider would notify (the payment accepted or
    refused), handled as the notification is, and where the browser returns. Only with
    PAYMENT_BACKEND=dummy."""
    if settings.PAYMENT_BACKEND != "dummy":
        raise PermissionDenied
    payment = Payment.objects.filter(order_id=order_id).first()
    query = {"transaction_id": order_id, "signed": "1"}
    if payment is not None:
        query["amount"] = str(payment.amount)
    if paid:
        query["ok"] = "1"
    else:
        query["reason"] = "refused"
    outcome = notification_receive(urlencode(query))
    return outcome, f"{reverse('payments:return')}?{urlencode({'transaction_id': order_id})}"
