"""Online payments: one row per attempt to pay something payable (an invoice of the family
space, declared in `registry.py`), from the departure to the provider's page until the
provider's server-to-server notification says how it ended.

The amount is the server's, read from the thing paid when the attempt starts; the card
never reaches Parvis. A thing is paid by one payment at most (`payments_paid_once`): a
second payment confirmed for it (two tabs) is recorded `to_refund`, and the finance
department refunds it through the provider.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    STARTED = "started", _("Started")
    PAID = "paid", _("Paid (confirmed)")
    FAILED = "failed", _("Failed or cancelled")
    TO_REFUND = "to_refund", _("Paid twice: to refund")
    REFUNDED = "refunded", _("Refunded")


class Payment(models.Model):
    #: The reference given to the provider (its transaction or order id), unique.
    order_id = models.CharField(_("reference"), max_length=120, unique=True)
    #: What is paid: a kind declared with `payable()` and the primary key of the thing.
    payable_kind = models.CharField(_("kind"), max_length=40)
    payable_id = models.PositiveBigIntegerField(_("paid object"))
    label = models.CharField(_("label"), max_length=250)
    amount = models.DecimalField(_("amount (euros)"), max_digits=10, decimal_places=2)
    backend = models.CharField(_("provider"), max_length=30)
    status = models.CharField(
        _("status"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.STARTED
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paid by"),
    )
    email = models.EmailField(_("e-mail for the receipt"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="fr")
    #: The provider's own reference of the transaction, and what it sent (for the treasury).
    bank_reference = models.CharField(_("provider's reference"), max_length=120, blank=True)
    bank_data = models.JSONField(_("provider's data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("started"), default=timezone.now, editable=False)
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("online payment")
        verbose_name_plural = _("online payments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["payable_kind", "payable_id"],
                condition=Q(status="paid"),
                name="payments_paid_once",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_amount_positive"),
        ]
        indexes = [
            models.Index(fields=["payable_kind", "payable_id"], name="payments_payable_idx"),
            models.Index(fields=["paid_at"], name="payments_paid_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} ({self.amount} €)"
