"""The back office of observation campaigns: the campaign, its members (coordinators among
them), and its observations to read."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.core.admin_inlines import TabularInline
from parvis.core.admin_naming import ModelNames
from parvis.observations.models import Campaign, Member, Observation


class MemberInline(TabularInline):
    model = Member
    extra = 0
    fields = ["user", "is_coordinator", "joined_at"]
    readonly_fields = ["joined_at"]
    raw_id_fields = ["user"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("an observation campaign"), the=_("the observation campaign"))
    list_display = [
        "name",
        "category",
        "starts_on",
        "ends_on",
        "is_published",
        "results_for_members",
    ]
    list_filter = ["is_published", "results_for_members"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MemberInline]


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("an observation"), the=_("the observation"))
    list_display = ["campaign", "observed_at", "values", "lat", "lon"]
    list_filter = ["campaign"]
    list_select_related = ["campaign"]
    date_hierarchy = "observed_at"
    readonly_fields = ["campaign", "member", "observed_at", "lat", "lon", "values", "note"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
