from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.spaces.forms import SpaceMembershipForm
from parvis.spaces.models import Space, SpaceMembership, SpacePage
from parvis.spaces.services import space_page_save, space_save


class SpaceMembershipInline(admin.TabularInline):
    model = SpaceMembership
    form = SpaceMembershipForm
    extra = 0
    fields = ["email", "role", "title", "public_name", "position", "since"]


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_published", "moderation_policy", "updated_at"]
    list_filter = ["kind", "is_published", "moderation_policy"]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpaceMembershipInline]
    fieldsets = [
        (None, {"fields": ["kind", "name", "slug", "summary", "description", "is_published"]}),
        (_("Image"), {"fields": ["cover", "cover_alt"]}),
        (_("Map"), {"fields": ["boundary"]}),
        (_("Moderation"), {"fields": ["moderation_policy"]}),
    ]

    def save_model(self, request: HttpRequest, obj: Space, form: Any, change: bool) -> None:
        space_save(space=obj, actor=request.user)


@admin.register(SpacePage)
class SpacePageAdmin(admin.ModelAdmin):
    list_display = ["title", "space", "position", "is_published", "updated_at"]
    list_filter = ["is_published", "space__kind"]
    list_select_related = ["space"]
    search_fields = ["title", "body", "space__name"]
    autocomplete_fields = ["space"]

    def save_model(self, request: HttpRequest, obj: SpacePage, form: Any, change: bool) -> None:
        space_page_save(page=obj, actor=request.user)


@admin.register(SpaceMembership)
class SpaceMembershipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "space", "role", "since"]
    list_filter = ["role", "space__kind"]
    list_select_related = ["space", "user"]
    form = SpaceMembershipForm
    fields = ["space", "email", "role", "title", "public_name", "position", "since"]
    autocomplete_fields = ["space"]
    search_fields = ["space__name", "public_name", "title"]
