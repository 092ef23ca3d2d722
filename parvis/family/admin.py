"""The back office of family services: schools, households (guardians, children, quotient
familial and its certificate, invitation codes), services (seasons, tariffs), registrations
(validated or refused through the service, the family told), booked days (the register of
a day) and the canteen's menus."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parvis.accounts.http import signed_in_user
from parvis.core.admin_inlines import TabularInline
from parvis.core.admin_naming import ModelNames
from parvis.core.audit import audit_record
from parvis.core.forms import add_service_errors
from parvis.core.storage import private_file_response
from parvis.family import invoicing, services
from parvis.family.documents import pdf_response
from parvis.family.forms import InvoiceImportForm
from parvis.family.imports import invoices_import
from parvis.family.models import (
    Booking,
    Child,
    Guardian,
    Household,
    Invoice,
    InvoiceLine,
    InvoiceRun,
    MenuDay,
    Registration,
    School,
    Season,
    Service,
    Tariff,
)
from parvis.family.pdf import invoice_pdf


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
    list_display = ["day", "child", "service", "attended", "created_at"]
    list_filter = ["season__service", "season", "attended"]
    actions = ["mark_present", "mark_absent"]
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
        # The change permission marks attendance (the actions); the form changes nothing.
        return obj is None and super().has_change_permission(request)

    def _attendance(
        self, request: HttpRequest, queryset: QuerySet[Booking], attended: bool
    ) -> None:
        marked = invoicing.attendance_record(
            bookings=queryset, attended=attended, actor=signed_in_user(request)
        )
        self.message_user(
            request, gettext("%(count)d day(s) marked.") % {"count": marked}, messages.SUCCESS
        )

    @admin.action(description=_("Mark the selected days attended"), permissions=["change"])
    def mark_present(self, request: HttpRequest, queryset: QuerySet[Booking]) -> None:
        self._attendance(request, queryset, True)

    @admin.action(
        description=_("Mark the selected days absent (not invoiced)"), permissions=["change"]
    )
    def mark_absent(self, request: HttpRequest, queryset: QuerySet[Booking]) -> None:
        self._attendance(request, queryset, False)


class InvoiceLineInline(TabularInline):
    model = InvoiceLine
    extra = 0
    fields = ["label", "quantity", "unit_price", "amount"]
    readonly_fields = ["label", "quantity", "unit_price", "amount"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class InvoiceRunForm(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"}),
        help_text=_("As 2026-11. The households invoiced for it already are left out."),
    )

    def clean_month(self) -> datetime.date:
        value = self.cleaned_data["month"].strip()
        try:
            return datetime.date.fromisoformat(f"{value}-01")
        except ValueError:
            raise ValidationError(_("Give the month as 2026-11.")) from None


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    """Invoices are issued by a run (or an import), paid online or recorded paid here,
    cancelled (then issued again by the next run); never edited."""

    names = ModelNames(a=_("an invoice"), the=_("the invoice"))
    list_display = ["number", "household", "month", "total", "status", "due_on", "paid_how"]
    list_filter = ["status", "source", "paid_how"]
    search_fields = ["number", "household__name", "household__reference"]
    list_select_related = ["household"]
    date_hierarchy = "month"
    inlines = [InvoiceLineInline]
    actions = ["settle", "cancel"]
    readonly_fields = [
        "number",
        "household",
        "month",
        "issued_on",
        "due_on",
        "total",
        "status",
        "source",
        "paid_at",
        "paid_how",
        "reminders",
        "reminded_at",
        "run",
        "documents",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a run or an import issues them

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # cancelled, never deleted: the accounts keep them

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The change permission settles and cancels (the actions); the form is read only.
        return obj is None and super().has_change_permission(request)

    def get_urls(self) -> list[Any]:
        return [
            path("run/", self.admin_site.admin_view(self.run_view), name="family_invoice_run"),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="family_invoice_import",
            ),
            path(
                "<path:object_id>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name="family_invoice_pdf",
            ),
            path(
                "<path:object_id>/receipt/",
                self.admin_site.admin_view(self.receipt_view),
                name="family_invoice_receipt",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        tools = []
        if request.user.has_perm("family.add_invoicerun"):
            tools = [
                (reverse("admin:family_invoice_run"), gettext("Compute a month's invoices")),
                (reverse("admin:family_invoice_import"), gettext("Import invoices (CSV)")),
            ]
        return super().changelist_view(request, {**(extra_context or {}), "tools": tools})

    @admin.display(description=_("documents"))
    def documents(self, obj: Invoice) -> str:
        links = [(reverse("admin:family_invoice_pdf", args=[obj.pk]), gettext("Invoice (PDF)"))]
        if obj.has_receipt:
            links.append(
                (reverse("admin:family_invoice_receipt", args=[obj.pk]), gettext("Receipt (PDF)"))
            )
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def _document(self, request: HttpRequest, object_id: str, receipt: bool) -> HttpResponse:
        invoice = self.get_object(request, unquote(object_id))
        if invoice is None or (receipt and not invoice.has_receipt):
            raise Http404
        if not self.has_view_permission(request, invoice):
            raise PermissionDenied
        return pdf_response(invoice_pdf(invoice, receipt=receipt), invoice, receipt=receipt)

    def pdf_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return self._document(request, object_id, False)

    def receipt_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return self._document(request, object_id, True)

    def _page(self, request: HttpRequest, **context: Any) -> TemplateResponse:
        form = context["form"]
        return TemplateResponse(
            request,
            "admin/form_page.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "media": self.media + form.media,
                **context,
            },
            status=400 if form.is_bound else 200,
        )

    def run_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("family.add_invoicerun"):
            raise PermissionDenied
        form = InvoiceRunForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                run = invoicing.invoices_run(
                    month=form.cleaned_data["month"], actor=signed_in_user(request)
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(
                    request,
                    gettext("%(count)d invoice(s) issued for a total of %(total)s €.")
                    % {"count": run.invoices, "total": run.total},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:family_invoice_changelist"))
        return self._page(
            request,
            form=form,
            title=gettext("Compute a month's invoices"),
            intro=gettext(
                "Each household with days booked in the month gets its invoice: the days "
                "booked, less those marked absent, at the tariff of its quotient familial. "
                "Guardians are told by e-mail."
            ),
            submit=gettext("Issue the invoices"),
        )

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("family.add_invoicerun"):
            raise PermissionDenied
        form = InvoiceImportForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
        )
        if form.is_bound and form.is_valid():
            try:
                result = invoices_import(
                    data=form.cleaned_data["file"], actor=signed_in_user(request)
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                self.message_user(request, str(result), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:family_invoice_changelist"))
        return self._page(
            request,
            form=form,
            title=gettext("Import invoices (CSV)"),
            intro=gettext(
                "For towns whose family software computes the invoices: one line per line of "
                "invoice (see the documentation for the columns). All or nothing: a file with "
                "a mistake imports nothing and says where it is."
            ),
            submit=gettext("Import"),
            multipart=True,
        )

    @admin.action(
        description=_("Record the selected invoices paid at the town hall"), permissions=["change"]
    )
    def settle(self, request: HttpRequest, queryset: QuerySet[Invoice]) -> None:
        self._each(request, queryset, invoicing.invoice_settle)

    @admin.action(description=_("Cancel the selected invoices"), permissions=["change"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[Invoice]) -> None:
        self._each(request, queryset, invoicing.invoice_cancel)

    def _each(self, request: HttpRequest, queryset: QuerySet[Invoice], service: Any) -> None:
        done = 0
        for invoice in queryset:
            try:
                service(invoice=invoice, actor=signed_in_user(request))
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, gettext("%(count)d invoice(s) changed.") % {"count": done})


@admin.register(InvoiceRun)
class InvoiceRunAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("an invoice run"), the=_("the invoice run"))
    list_display = ["month", "started_at", "started_by", "invoices", "total"]
    readonly_fields = ["month", "started_at", "started_by", "invoices", "total"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # from the invoices' page

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MenuDay)
class MenuDayAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a canteen menu"), the=_("the canteen menu"))
    list_display = ["day", "main_course", "is_published"]
    list_filter = ["is_published"]
    date_hierarchy = "day"
