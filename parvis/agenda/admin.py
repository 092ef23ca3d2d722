"""The agenda's back office."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from parvis.accounts.http import signed_in_user
from parvis.agenda import registrations
from parvis.agenda.models import Registration
from parvis.core.admin_naming import ModelNames
from parvis.core.audit import audit_record
from parvis.core.spreadsheets import csv_download


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Registrations by event and status: read-only (registrants write them); cancelled
    through the service, so that the waiting list moves and the registrant is told; the
    registrants of the selected rows exported as CSV (filter by event, select all)."""

    names = ModelNames(a=_("a registration"), the=_("the registration"))
    list_display = ["name", "email", "event", "places", "status", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["name", "email", "event__title"]
    list_select_related = ["event"]
    date_hierarchy = "created_at"
    ordering = ["event__starts_at", "event", "created_at", "id"]
    readonly_fields = [
        "event",
        "name",
        "email",
        "places",
        "status",
        "user",
        "created_at",
        "cancelled_at",
    ]
    fields = (*readonly_fields,)
    actions = ["cancel", "export_csv"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # registrants send them

    @admin.action(
        description=_("Cancel the selected registrations (the waiting list moves)"),
        permissions=["change"],
    )
    def cancel(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        actor = signed_in_user(request)
        done = sum(
            registrations.registration_cancel_by_staff(registration=registration, actor=actor)
            for registration in queryset.order_by("id")
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d registration cancelled; its registrant is told by e-mail.",
                "%(count)d registrations cancelled; their registrants are told by e-mail.",
                done,
            )
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Export the selected registrants (CSV)"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Registration]) -> HttpResponse:
        rows = list(
            queryset.select_related("event").order_by("event__starts_at", "created_at", "id")
        )
        response = csv_download(
            f"registrations-{timezone.localdate():%Y-%m-%d}.csv",
            [
                gettext("Event"),
                gettext("Start"),
                gettext("Name"),
                gettext("E-mail address"),
                gettext("Places"),
                gettext("Status"),
                gettext("Registered"),
            ],
            (
                (
                    registration.event.title,
                    timezone.localtime(registration.event.starts_at).strftime("%Y-%m-%d %H:%M"),
                    registration.name,
                    registration.email,
                    registration.places,
                    registration.get_status_display(),
                    timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
                )
                for registration in rows
            ),
        )
        audit_record(
            actor=signed_in_user(request),
            action="agenda.registrations_exported",
            data={"count": len(rows)},
        )
        return response
