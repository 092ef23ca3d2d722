"""The back office of family services: schools, households (guardians, children, quotient
familial and its certificate, invitation codes), services (seasons, tariffs), registrations
(validated or refused through the service, the family told), booked days (the register of
a day) and the canteen's menus."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parvis.accounts.http import signed_in_user
from parvis.core.admin_inlines import TabularInline
from parvis.core.admin_naming import ModelNames
from parvis.core.audit import audit_record
from parvis.core.storage import private_file_response
from parvis.family import services
from parvis.family.models import (
    Booking,
    Child,
    Guardian,
    Household,
    MenuDay,
    Registration,
    School,
    Season,
    Service,
    Tariff,
)


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a school"), the=_("the school"))
    search_fields = ["name"]


class GuardianInline(TabularInline):
    model = Guardian
    extra = 0
    fields = ["user", "joined_at"]
    readonly_fields = ["user", "joined_at"]
    verbose_name_plural = _("Guardians (they joined with the invitation code)")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ChildInline(TabularInline):
    model = Child
    extra = 1
    fields = ["first_name", "last_name", "birth_date", "school", "class_name"]


class HouseholdAdminForm(forms.ModelForm):
    class Meta:
        model = Household
        fields = ["name", "address", "quotient", "quotient_valid_until"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("quotient") is None) != (data.get("quotient_valid_until") is None):
            self.add_error(
                "quotient_valid_until",
                _("Give the quotient and the date until which it is valid, or neither."),
            )
        return data


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a household"), the=_("the household"))
    form = HouseholdAdminForm
    list_display = [
        "name",
        "reference",
        "quotient",
        "quotient_valid_until",
        "quotient_proof_sent_at",
    ]
    search_fields = ["name", "reference", "address", "children__last_name"]
    readonly_fields = [
        "reference",
        "certificate",
        "quotient_proof_sent_at",
        "invitation_expires_at",
    ]
    fields = [
        "reference",
        "name",
        "address",
        "quotient",
        "quotient_valid_until",
        "certificate",
        "quotient_proof_sent_at",
        "invitation_expires_at",
    ]
    inlines = [GuardianInline, ChildInline]
    actions = ["new_invitation_code"]

    @admin.display(description=_("quotient certificate"))
    def certificate(self, obj: Household) -> str:
        if not obj.quotient_proof:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:family_household_certificate", args=[obj.pk]),
            gettext("Download the certificate"),
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<path:object_id>/certificate/",
                self.admin_site.admin_view(self.certificate_view),
                name="family_household_certificate",
            ),
            *super().get_urls(),
        ]

    def certificate_view(self, request: HttpRequest, object_id: str) -> HttpResponseBase:
        household = self.get_object(request, unquote(object_id))
        if household is None or not household.quotient_proof:
            raise Http404
        if not self.has_view_permission(request, household):
            raise PermissionDenied
        audit_record(
            actor=signed_in_user(request), action="family.quotient_proof_read", target=household
        )
        extension = household.quotient_proof.name.rsplit(".", 1)[-1]
        return private_file_response(
            household.quotient_proof, filename=f"{household.reference}-quotient.{extension}"
        )

    def save_model(self, request: HttpRequest, obj: Household, form: Any, change: bool) -> None:
        services.household_save(household=obj, actor=signed_in_user(request))

    @admin.action(description=_("Give a new invitation code"), permissions=["change"])
    def new_invitation_code(self, request: HttpRequest, queryset: QuerySet[Household]) -> None:
        for household in queryset:
            code = services.invitation_create(household=household, actor=signed_in_user(request))
            self.message_user(
                request,
                gettext(
                    "Invitation code of %(household)s: %(code)s. Give it to the family now: "
                    "it is shown only once."
                )
                % {"household": household, "code": code},
                messages.SUCCESS,
            )


class SeasonInline(TabularInline):
    model = Season
    extra = 0
    fields = ["name", "starts_on", "ends_on", "closed_days", "registrations_open"]


class TariffInline(TabularInline):
    model = Tariff
    extra = 0
    fields = ["quotient_min", "quotient_max", "price"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a service"), the=_("the service"))
    list_display = ["name", "kind", "capacity", "is_active"]
    list_filter = ["kind", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["schools"]
    inlines = [SeasonInline, TariffInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a registration"), the=_("the registration"))
    list_display = ["child", "season", "status", "requested_at", "decided_at"]
    list_filter = ["status", "season__service", "season"]
    search_fields = ["child__last_name", "child__first_name", "child__household__reference"]
    list_select_related = ["child", "season__service"]
    readonly_fields = [
        "child",
        "season",
        "status",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
    ]
    fields = [*readonly_fields, "reason"]
    actions = ["validate", "refuse"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # guardians ask for places

    def save_model(self, request: HttpRequest, obj: Registration, form: Any, change: bool) -> None:
        Registration.objects.filter(pk=obj.pk).update(reason=obj.reason)

    def _decide(
        self, request: HttpRequest, queryset: QuerySet[Registration], validate: bool
    ) -> None:
        done = refused = 0
        for registration in queryset:
            try:
                services.registration_decide(
                    registration=registration,
                    validate=validate,
                    actor=signed_in_user(request),
                    reason=registration.reason,
                )
                done += 1
            except ValidationError:
                refused += 1
        self.message_user(
            request,
            gettext("%(done)d registration(s) decided, %(refused)d already decided before.")
            % {"done": done, "refused": refused},
            messages.SUCCESS if not refused else messages.WARNING,
        )

    @admin.action(description=_("Validate the selected registrations"), permissions=["change"])
    def validate(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        self._decide(request, queryset, True)

    @admin.action(description=_("Refuse the selected registrations"), permissions=["change"])
    def refuse(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        self._decide(request, queryset, False)


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """The register of a day: who comes (filter by day and service)."""

    names = ModelNames(a=_("a booked day"), the=_("the booked day"))
    list_display = ["day", "child", "service", "created_at"]
    list_filter = ["season__service", "season"]
    date_hierarchy = "day"
    search_fields = ["registration__child__last_name", "registration__child__first_name"]
    list_select_related = ["registration__child", "season__service"]

    @admin.display(description=_("child"))
    def child(self, obj: Booking) -> str:
        return str(obj.registration.child)

    @admin.display(description=_("service"))
    def service(self, obj: Booking) -> str:
        return obj.season.service.name

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # guardians book, before the deadline

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MenuDay)
class MenuDayAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a canteen menu"), the=_("the canteen menu"))
    list_display = ["day", "main_course", "is_published"]
    list_filter = ["is_published"]
    date_hierarchy = "day"
