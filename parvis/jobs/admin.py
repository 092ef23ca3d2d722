"""The back office of human resources: job offers, applications and reply templates.

- Offers: saving goes through `services.offer_save` (search document, audit); the dates' and
  salaries' errors are shown next to their fields. An offer names its hiring managers
  (staff members).
- Applications: read-only but for three fields of the change page, each a service: a new
  status, an internal note, a reply template to e-mail. The history (notes, statuses,
  replies) is below. The CV and letter are downloaded through this admin only
  (`document_view`: access checked, each download in the audit trail). The list exports
  the selected applications as CSV.
- Who sees which application: human resources and administrators (the "view application"
  permission) see them all; a hiring manager sees, notes and moves along those of the
  offers they manage, and no other.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parvis.accounts.http import signed_in_user
from parvis.accounts.roles import STAFF_ROLES
from parvis.core.admin_inlines import TabularInline
from parvis.core.admin_naming import ModelNames
from parvis.core.audit import audit_record
from parvis.core.spreadsheets import csv_download
from parvis.core.storage import private_file_response
from parvis.jobs import services
from parvis.jobs.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Offer,
    ReplyTemplate,
)


class OfferAdminForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = [
            "title",
            "slug",
            "reference",
            "department",
            "category",
            "framework",
            "contract_type",
            "working_time",
            "place",
            "salary_min",
            "salary_max",
            "description",
            "profile",
            "published_on",
            "closes_on",
            "is_published",
            "hiring_managers",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            services.offer_check(
                salary_min=data.get("salary_min"),
                salary_max=data.get("salary_max"),
                published_on=data.get("published_on"),
                closes_on=data.get("closes_on"),
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field, messages)
        return data


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a job offer"), the=_("the job offer"))
    form = OfferAdminForm
    list_display = ["title", "reference", "department", "published_on", "closes_on", "is_published"]
    list_filter = ["is_published", "contract_type", "category"]
    search_fields = ["title", "reference", "department"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "closes_on"
    filter_horizontal = ["hiring_managers"]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "hiring_managers":
            from parvis.accounts.models import User

            # Staff only: they read applications in the back office, behind two-factor
            # authentication.
            kwargs["queryset"] = (
                User.objects.filter(is_active=True, role_assignments__role__in=STAFF_ROLES)
                .distinct()
                .order_by("display_name", "email")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Offer, form: Any, change: bool) -> None:
        services.offer_save(offer=obj, actor=request.user)  # type: ignore[arg-type]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        audit_record(
            actor=signed_in_user(request),
            action="jobs.hiring_managers",
            target=form.instance,
            data={"users": sorted(form.instance.hiring_managers.values_list("pk", flat=True))},
        )

    def delete_model(self, request: HttpRequest, obj: Offer) -> None:
        services.offer_delete(offer=obj, actor=request.user)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Offer]) -> None:
        for offer in queryset:
            services.offer_delete(offer=offer, actor=request.user)  # type: ignore[arg-type]


def _manages(request: HttpRequest, application: Application | None = None) -> bool:
    """Whether the signed-in person is a hiring manager of `application`'s offer (of any
    offer, without one)."""
    user = request.user
    if not (user.is_authenticated and user.is_staff):
        return False
    offers = Offer.objects.filter(hiring_managers=user)
    if application is None:
        return offers.exists()
    return application.offer_id is not None and offers.filter(pk=application.offer_id).exists()


class ApplicationEventInline(TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "status", "text", "author"]
    readonly_fields = ["created_at", "kind", "status", "text", "author"]
    verbose_name_plural = _("History")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True  # whoever sees the application (checked by its admin) sees its history


class ApplicationAdminForm(forms.ModelForm):
    new_status = forms.ChoiceField(label=_("new status"), required=False, choices=[])
    note = forms.CharField(
        label=_("internal note"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Seen by human resources and the offer's hiring managers; never by the applicant."
        ),
    )
    reply = forms.ModelChoiceField(
        label=_("e-mail a reply"),
        required=False,
        queryset=ReplyTemplate.objects.all(),
        help_text=_(
            "The template is filled in with the application's names and sent to the applicant; the status follows the template's."
        ),
    )

    class Meta:
        model = Application
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_status"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (status.value, status.label)
            for status in ApplicationStatus
            if status not in (ApplicationStatus.WITHDRAWN, self.instance.status)
        ]


class ApplicationAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("an application"), the=_("the application"))
    form = ApplicationAdminForm
    list_display = ["reference", "full_name", "offer", "status", "created_at", "last_contact_at"]
    list_filter = ["status", "offer"]
    search_fields = ["reference", "last_name", "first_name", "email"]
    list_select_related = ["offer"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "reference",
        "offer",
        "status",
        "first_name",
        "last_name",
        "email",
        "phone",
        "documents",
        "letter_text",
        "created_at",
        "consent_at",
        "last_contact_at",
    ]
    fieldsets = [
        (None, {"fields": ["reference", "offer", "status", "created_at", "last_contact_at"]}),
        (
            _("The applicant"),
            {"fields": ["first_name", "last_name", "email", "phone", "consent_at"]},
        ),
        (_("CV and letter"), {"fields": ["documents", "letter_text"]}),
        (_("Act on it"), {"fields": ["new_status", "note", "reply"]}),
    ]
    inlines = [ApplicationEventInline]
    actions = ["export_csv"]

    # --- who sees what ---------------------------------------------------------------------------
    def get_queryset(self, request: HttpRequest) -> QuerySet[Application]:
        applications = super().get_queryset(request)
        if request.user.has_perm("jobs.view_application"):
            return applications
        return applications.filter(offer__hiring_managers=request.user).distinct()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) or _manages(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) or _manages(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) or _manages(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # applicants send them

    # --- the files -------------------------------------------------------------------------------
    @admin.display(description=_("documents"))
    def documents(self, obj: Application) -> str:
        links = [
            (reverse("admin:jobs_application_document", args=[obj.pk, which]), label)
            for which, label, file in (
                ("cv", gettext("CV"), obj.cv),
                ("letter", gettext("Cover letter"), obj.cover_letter),
            )
            if file
        ]
        html = format_html_join(" · ", '<a href="{}">{}</a>', links)
        if obj.file_flags:
            html = format_html(
                "{}<br><strong>{}</strong>",
                html,
                gettext("Open with care: the check found active content (%(what)s).")
                % {"what": ", ".join(obj.file_flags)},
            )
        return html

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<path:object_id>/document/<str:which>/",
                self.admin_site.admin_view(self.document_view),
                name="jobs_application_document",
            ),
            *super().get_urls(),
        ]

    def document_view(self, request: HttpRequest, object_id: str, which: str) -> HttpResponseBase:
        if not self.has_view_permission(request):
            raise PermissionDenied
        # Among those this person may see (a hiring manager's: their offers'), else 404.
        application = self.get_object(request, unquote(object_id))
        if application is None or not self.has_view_permission(request, application):
            raise Http404
        file = {"cv": application.cv, "letter": application.cover_letter}.get(which)
        if not file:
            raise Http404
        audit_record(
            actor=signed_in_user(request),
            action="jobs.application_document_read",
            target=application,
            data={"document": which},
        )
        extension = file.name.rsplit(".", 1)[-1]
        return private_file_response(file, filename=f"{application.reference}-{which}.{extension}")

    # --- acting on it ----------------------------------------------------------------------------
    def save_model(self, request: HttpRequest, obj: Application, form: Any, change: bool) -> None:
        actor = signed_in_user(request)
        data = form.cleaned_data
        try:
            if data.get("note"):
                services.application_note(application=obj, text=data["note"], actor=actor)
            if data.get("new_status"):
                services.application_change_status(
                    application=obj, to_status=data["new_status"], actor=actor
                )
            if data.get("reply"):
                services.application_reply(application=obj, template=data["reply"], actor=actor)
                self.message_user(
                    request,
                    gettext("The reply “%(name)s” is sent to %(email)s.")
                    % {"name": data["reply"].name, "email": obj.email},
                    messages.SUCCESS,
                )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            request._application_refused = True  # type: ignore[attr-defined]

    def response_change(self, request: HttpRequest, obj: Application) -> HttpResponse:
        if getattr(request, "_application_refused", False):
            # The refusal is the message: not Django's "changed successfully" after it.
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def delete_model(self, request: HttpRequest, obj: Application) -> None:
        services.application_delete(application=obj, actor=signed_in_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Application]) -> None:
        for application in queryset:
            services.application_delete(application=application, actor=signed_in_user(request))

    @admin.action(description=_("Export the selected applications (CSV)"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Application]) -> HttpResponse:
        rows = list(queryset.select_related("offer").order_by("created_at", "id"))
        response = csv_download(
            f"applications-{timezone.localdate():%Y-%m-%d}.csv",
            [
                gettext("Reference"),
                gettext("Offer reference"),
                gettext("Offer"),
                gettext("Last name"),
                gettext("First name"),
                gettext("E-mail address"),
                gettext("Telephone"),
                gettext("Status"),
                gettext("Received"),
                gettext("Last contact"),
            ],
            (
                (
                    application.reference,
                    application.offer.reference if application.offer else "",
                    application.offer.title if application.offer else gettext("Spontaneous"),
                    application.last_name,
                    application.first_name,
                    application.email,
                    application.phone,
                    application.get_status_display(),
                    timezone.localtime(application.created_at).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(application.last_contact_at).strftime("%Y-%m-%d %H:%M"),
                )
                for application in rows
            ),
        )
        audit_record(
            actor=signed_in_user(request),
            action="jobs.applications_exported",
            data={"count": len(rows)},
        )
        return response


admin.site.register(Application, ApplicationAdmin)


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a reply template"), the=_("the reply template"))
    list_display = ["name", "subject", "sets_status"]
    search_fields = ["name", "subject"]
    fieldsets = [
        (
            None,
            {
                "fields": ["name", "subject", "body", "sets_status"],
                "description": _(
                    "{first_name}, {last_name}, {reference} and {offer} in the subject and the "
                    "message are replaced by the application's."
                ),
            },
        )
    ]
