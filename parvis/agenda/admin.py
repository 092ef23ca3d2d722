"""The back office of the agenda: events and their categories. The event's form checks what
the services check (`services.event_check`: dates, rule, dates left out, place, price,
registration), each error next to its field; saving goes through `services.event_save`
(slug, occurrences, sequence, search, audit)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from parvis.accounts.http import signed_in_user
from parvis.agenda import registrations, services
from parvis.agenda.imports import calendar_import
from parvis.agenda.models import CalendarSource, Category, Event, Registration
from parvis.core.admin_naming import ModelNames
from parvis.core.audit import audit_record
from parvis.core.spreadsheets import csv_download


class EventAdminForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "summary",
            "description",
            "category",
            "image",
            "image_alt",
            "starts_at",
            "ends_at",
            "all_day",
            "rrule",
            "exdates",
            "place_name",
            "address",
            "lat",
            "lon",
            "online_url",
            "online_label",
            "organiser",
            "organiser_url",
            "is_free",
            "price",
            "price_text",
            "accessibility",
            "registration_required",
            "capacity",
            "registration_closes_at",
            "space",
            "status",
            "is_published",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Left empty, the services make one from the title.
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Left empty, it is made from the title.")

    def _post_clean(self) -> None:
        # After the instance took the form's values (Django's own _post_clean): the services'
        # check reads the whole event.
        super()._post_clean()  # type: ignore[misc]  # django-stubs omit it
        if self.errors:
            return  # the fields' own errors first: the services need whole values
        try:
            services.event_check(self.instance)
        except ValidationError as error:
            self.add_error(None, error)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("an event"), the=_("the event"))
    form = EventAdminForm
    fieldsets = [
        (_("What"), {"fields": ["title", "slug", "summary", "description", "category"]}),
        (_("Image"), {"fields": ["image", "image_alt"]}),
        (_("When"), {"fields": ["starts_at", "ends_at", "all_day", "rrule", "exdates"]}),
        (
            _("Where"),
            {"fields": ["place_name", "address", "lat", "lon", "online_url", "online_label"]},
        ),
        (
            _("Price and access"),
            {
                "fields": [
                    "organiser",
                    "organiser_url",
                    "is_free",
                    "price",
                    "price_text",
                    "accessibility",
                ]
            },
        ),
        (
            _("Registration"),
            {"fields": ["registration_required", "capacity", "registration_closes_at"]},
        ),
        (_("Publication"), {"fields": ["space", "status", "is_published"]}),
    ]
    list_display = ["title", "starts_at", "category", "space", "status", "is_published"]
    list_filter = ["is_published", "status", "category", "space"]
    search_fields = ["title", "place_name", "organiser"]
    list_select_related = ["category", "space"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_at"

    def save_model(self, request: HttpRequest, obj: Event, form: Any, change: bool) -> None:
        services.event_save(event=obj, actor=request.user)  # type: ignore[arg-type]

    def delete_model(self, request: HttpRequest, obj: Event) -> None:
        services.event_delete(event=obj, actor=request.user)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        for event in queryset:
            services.event_delete(event=event, actor=request.user)  # type: ignore[arg-type]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("an event category"), the=_("the event category"))
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


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


# --- Imported calendars ------------------------------------------------------------------------
class CalendarSourceForm(forms.ModelForm):
    url = forms.URLField(label=_("address of the .ics file"), max_length=500, assume_scheme="https")

    class Meta:
        model = CalendarSource
        fields = ["name", "url", "category", "space", "publish", "is_active"]

    def clean_url(self) -> str:
        url = (self.cleaned_data.get("url") or "").strip()
        if not url.lower().startswith(("http://", "https://")):
            raise ValidationError(
                _("Give the address of the .ics file, starting with https:// or http://."),
                code="scheme",
            )
        return url


@admin.register(CalendarSource)
class CalendarSourceAdmin(admin.ModelAdmin):
    """The calendars the agenda imports on a schedule: when each was last fetched and what
    went wrong; "Import now" runs the import at once and says what it did."""

    names = ModelNames(a=_("an imported calendar"), the=_("the imported calendar"))
    form = CalendarSourceForm
    list_display = ["name", "url", "is_active", "publish", "last_fetched_at", "last_error_short"]
    list_filter = ["is_active", "publish"]
    search_fields = ["name", "url"]
    readonly_fields = ["last_fetched_at", "last_error"]
    actions = ["import_now"]

    @admin.display(description=_("last error"))
    def last_error_short(self, source: CalendarSource) -> str:
        first = source.last_error.splitlines()[0] if source.last_error else ""
        return first[:120]

    @admin.action(description=_("Import now"), permissions=["change"])
    def import_now(self, request: HttpRequest, queryset: QuerySet[CalendarSource]) -> None:
        for source in queryset:
            result = calendar_import(source, actor=signed_in_user(request))
            if result.error:
                self.message_user(
                    request,
                    gettext("%(source)s was not imported: %(error)s")
                    % {"source": source, "error": result.error},
                    messages.ERROR,
                )
                continue
            if result.not_modified:
                message = gettext("%(source)s has not changed since the last import.") % {
                    "source": source
                }
            else:
                message = gettext(
                    "%(source)s imported: %(created)s new, %(updated)s updated, "
                    "%(unchanged)s unchanged, %(withdrawn)s withdrawn, %(skipped)s skipped."
                ) % {
                    "source": source,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "withdrawn": result.withdrawn,
                    "skipped": len(result.skipped),
                }
            self.message_user(
                request, message, messages.WARNING if result.skipped else messages.SUCCESS
            )
            for label, reason in result.skipped[:20]:
                self.message_user(
                    request,
                    gettext("“%(event)s” was skipped: %(reason)s")
                    % {"event": label, "reason": reason},
                    messages.WARNING,
                )

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"is_active": True}
