"""The back office of online payments: read-only (the provider's notifications write them),
with the action recording a refund and the reconciliation of a day as a spreadsheet."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parvis.accounts.http import signed_in_user
from parvis.core.admin_naming import ModelNames
from parvis.core.audit import audit_record
from parvis.core.spreadsheets import csv_response
from parvis.payments import services
from parvis.payments.forms import ReconciliationForm
from parvis.payments.models import Payment
from parvis.payments.selectors import reconciliation_csv


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("an online payment"), the=_("the online payment"))
    list_display = ["order_id", "label", "amount", "status", "created_at", "paid_at", "backend"]
    list_filter = ["status", "payable_kind", "backend"]
    search_fields = ["order_id", "bank_reference", "label", "email"]
    date_hierarchy = "created_at"
    actions = ["mark_refunded"]
    readonly_fields = [
        "order_id",
        "payable_kind",
        "payable_id",
        "label",
        "amount",
        "backend",
        "status",
        "user",
        "email",
        "language",
        "bank_reference",
        "bank_data",
        "created_at",
        "notified_at",
        "paid_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The change permission records refunds (the action); a payment's form is read only.
        return obj is None and super().has_change_permission(request)

    def get_urls(self) -> list[Any]:
        return [
            path(
                "reconciliation/",
                self.admin_site.admin_view(self.reconciliation_view),
                name="payments_payment_reconciliation",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        tools = [
            (
                reverse("admin:payments_payment_reconciliation"),
                gettext("Payments of a day (spreadsheet)"),
            )
        ]
        return super().changelist_view(request, {**(extra_context or {}), "tools": tools})

    @admin.action(description=_("Record the selected payments refunded"), permissions=["change"])
    def mark_refunded(self, request: HttpRequest, queryset: QuerySet[Payment]) -> None:
        done = 0
        for payment in queryset:
            try:
                services.payment_refunded(payment=payment, actor=signed_in_user(request))
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request, gettext("%(count)d payment(s) recorded refunded.") % {"count": done}
            )

    def reconciliation_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = ReconciliationForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            day = form.cleaned_data["day"]
            audit_record(
                actor=signed_in_user(request),
                action="payments.reconciliation_download",
                data={"day": day.isoformat()},
            )
            return csv_response(f"payments-{day:%Y-%m-%d}.csv", reconciliation_csv(day))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Online payments of a day"),
            "intro": gettext(
                "A spreadsheet of the payments the provider confirmed on that day, with "
                "their references, for the treasury's reconciliation. It is also made every "
                "night for the day before, and e-mailed to the treasury when set."
            ),
            "form": form,
            "submit": gettext("Download"),
            "media": self.media + form.media,
        }
        return TemplateResponse(
            request, "admin/form_page.html", context, status=400 if form.is_bound else 200
        )
