"""The back office of the agenda: events and their categories. The event's form checks what
the services check (`services.event_check`: dates, rule, dates left out, place, price,
registration), each error next to its field; saving goes through `services.event_save`
(slug, occurrences, sequence, search, audit)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.agenda import services
from parvis.agenda.models import Category, Event
from parvis.core.admin_naming import ModelNames


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
