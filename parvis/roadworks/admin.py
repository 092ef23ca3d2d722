"""The back office of roadworks: works with their impacts (a table under each works). The
place is GeoJSON (a Point or a LineString), checked as the services check it, its error
shown next to the field; saving goes through `services.works_save` (anchor, box, audit)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.core.admin_inlines import TabularInline
from parvis.core.admin_naming import ModelNames
from parvis.roadworks import services
from parvis.roadworks.models import Impact, Works


class ImpactInline(TabularInline):
    model = Impact
    extra = 1
    fields = ["kind", "text", "position"]


class WorksAdminForm(forms.ModelForm):
    class Meta:
        model = Works
        fields = [
            "title",
            "slug",
            "description",
            "starts_on",
            "ends_on",
            "geometry",
            "location_text",
            "owner",
            "contractor",
            "space",
            "is_published",
        ]

    def clean_geometry(self) -> Any:
        geometry = self.cleaned_data.get("geometry")
        if geometry is None:
            return geometry
        return services.check_place(geometry)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", ValidationError(_("The end cannot come before the start.")))
        return data


@admin.register(Works)
class WorksAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a works"), the=_("the works"))
    form = WorksAdminForm
    list_display = ["title", "starts_on", "ends_on", "space", "is_published"]
    list_filter = ["is_published", "space"]
    search_fields = ["title", "location_text", "contractor", "owner"]
    list_select_related = ["space"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_on"
    inlines = [ImpactInline]

    def save_model(self, request: HttpRequest, obj: Works, form: Any, change: bool) -> None:
        services.works_save(works=obj, actor=request.user)  # type: ignore[arg-type]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.works_index(form.instance)  # its impacts are in its document

    def delete_model(self, request: HttpRequest, obj: Works) -> None:
        services.works_delete(works=obj, actor=request.user)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Works]) -> None:
        for works in queryset:
            services.works_delete(works=works, actor=request.user)  # type: ignore[arg-type]
