"""The back office of reports: categories (with their extra fields) and reports. A report's
status changes only through `services.report_change_status`: the change page has a "new
status" and a "public message" field, and the list has one action per status."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.core.admin_naming import ModelNames
from parvis.reports import services
from parvis.reports.models import Category, Report, ReportStatus, StatusChange


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a report category"), the=_("the report category"))
    list_display = ["name", "slug", "department_email", "is_active"]
    list_filter = ["is_active"]
    prepopulated_fields = {"slug": ["name"]}


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "message", "actor"]
    readonly_fields = ["created_at", "from_status", "to_status", "message", "actor"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReportAdminForm(forms.ModelForm):
    new_status = forms.ChoiceField(label=_("new status"), required=False, choices=[])
    message = forms.CharField(
        label=_("public message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the report's page and sent to its followers."),
    )

    class Meta:
        model = Report
        fields = ["duplicate_of"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = services.TRANSITIONS.get(self.instance.status, set())
        self.fields["new_status"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (s.value, s.label) for s in ReportStatus if s.value in allowed
        ]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a report"), the=_("the report"))
    form = ReportAdminForm
    list_display = ["reference", "category", "status", "address_text", "created_at"]
    list_filter = ["status", "category"]
    search_fields = ["reference", "address_text", "description"]
    list_select_related = ["category"]
    readonly_fields = [
        "reference",
        "category",
        "status",
        "lat",
        "lon",
        "address_text",
        "description",
        "extra",
        "author",
        "email",
        "hide_author",
        "created_at",
    ]
    raw_id_fields = ["duplicate_of"]
    inlines = [StatusChangeInline]
    actions = ["mark_acknowledged", "mark_in_progress", "mark_fixed", "mark_closed"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Report, form: Any, change: bool) -> None:
        to_status = form.cleaned_data.get("new_status")
        if not to_status:
            return
        try:
            services.report_change_status(
                report=obj,
                to_status=to_status,
                actor=request.user,  # type: ignore[arg-type]
                message=form.cleaned_data.get("message", ""),
                duplicate_of=form.cleaned_data.get("duplicate_of"),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))

    def _mark(self, request: HttpRequest, queryset: QuerySet[Report], to_status: str) -> None:
        done = refused = 0
        for report in queryset:
            try:
                services.report_change_status(
                    report=report,
                    to_status=to_status,
                    actor=request.user,  # type: ignore[arg-type]
                )
                done += 1
            except ValidationError:
                refused += 1
        self.message_user(
            request,
            _("%(done)d report(s) changed, %(refused)d refused by their current status.")
            % {"done": done, "refused": refused},
            messages.SUCCESS if not refused else messages.WARNING,
        )

    @admin.action(description=_("Mark as acknowledged"), permissions=["change_status"])
    def mark_acknowledged(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        self._mark(request, queryset, ReportStatus.ACKNOWLEDGED)

    @admin.action(description=_("Mark as in progress"), permissions=["change_status"])
    def mark_in_progress(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        self._mark(request, queryset, ReportStatus.IN_PROGRESS)

    @admin.action(description=_("Mark as fixed"), permissions=["change_status"])
    def mark_fixed(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        self._mark(request, queryset, ReportStatus.FIXED)

    @admin.action(description=_("Mark as closed"), permissions=["change_status"])
    def mark_closed(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        self._mark(request, queryset, ReportStatus.CLOSED)

    def has_change_status_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("reports.change_report_status")
