"""The back office of job offers (human resources): saving goes through `services.offer_save`
(search document, audit); the dates' and salaries' errors are shown next to their fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.core.admin_naming import ModelNames
from parvis.jobs import services
from parvis.jobs.models import Offer


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

    def save_model(self, request: HttpRequest, obj: Offer, form: Any, change: bool) -> None:
        services.offer_save(offer=obj, actor=request.user)  # type: ignore[arg-type]

    def delete_model(self, request: HttpRequest, obj: Offer) -> None:
        services.offer_delete(offer=obj, actor=request.user)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Offer]) -> None:
        for offer in queryset:
            services.offer_delete(offer=offer, actor=request.user)  # type: ignore[arg-type]
