from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.accounts.http import signed_in_user
from parvis.core.admin_inlines import TabularInline
from parvis.core.admin_naming import ModelNames
from parvis.spaces.forms import SpaceForm, SpaceMembershipForm, SpaceMembershipFormSet
from parvis.spaces.models import Space, SpaceMembership, SpacePage
from parvis.spaces.services import (
    membership_remove,
    membership_save,
    space_delete,
    space_page_delete,
    space_page_save,
    space_save,
)

# Every write of the back office goes through the services, so that each one leaves its
# audit entry and keeps derived columns (the boundary's box) in step, as any other caller.


class SpaceMembershipInline(TabularInline):
    model = SpaceMembership
    form = SpaceMembershipForm
    formset = SpaceMembershipFormSet
    extra = 0
    fields = ["email", "role", "title", "public_name", "position", "since"]


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a space"), the=_("the space"))
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

    form = SpaceForm

    def save_model(self, request: HttpRequest, obj: Space, form: Any, change: bool) -> None:
        space_save(space=obj, actor=signed_in_user(request))

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for membership in formset.save(commit=False):
            membership_save(membership=membership, actor=signed_in_user(request))
        for membership in formset.deleted_objects:
            membership_remove(membership=membership, actor=signed_in_user(request))
        formset.save_m2m()

    def delete_model(self, request: HttpRequest, obj: Space) -> None:
        space_delete(space=obj, actor=signed_in_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for space in queryset:
            space_delete(space=space, actor=signed_in_user(request))


@admin.register(SpacePage)
class SpacePageAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a page"), the=_("the page"))
    list_display = ["title", "space", "position", "is_published", "updated_at"]
    list_filter = ["is_published", "space__kind"]
    list_select_related = ["space"]
    search_fields = ["title", "body", "space__name"]
    autocomplete_fields = ["space"]

    def save_model(self, request: HttpRequest, obj: SpacePage, form: Any, change: bool) -> None:
        space_page_save(page=obj, actor=signed_in_user(request))

    def delete_model(self, request: HttpRequest, obj: SpacePage) -> None:
        space_page_delete(page=obj, actor=signed_in_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for page in queryset:
            space_page_delete(page=page, actor=signed_in_user(request))


@admin.register(SpaceMembership)
class SpaceMembershipAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a member"), the=_("the member"))
    list_display = ["__str__", "space", "role", "since"]
    list_filter = ["role", "space__kind"]
    list_select_related = ["space", "user"]
    form = SpaceMembershipForm
    fields = ["space", "email", "role", "title", "public_name", "position", "since"]
    autocomplete_fields = ["space"]
    search_fields = ["space__name", "public_name", "title"]

    def save_model(
        self, request: HttpRequest, obj: SpaceMembership, form: Any, change: bool
    ) -> None:
        membership_save(membership=obj, actor=signed_in_user(request))

    def delete_model(self, request: HttpRequest, obj: SpaceMembership) -> None:
        membership_remove(membership=obj, actor=signed_in_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for membership in queryset.select_related("space"):
            membership_remove(membership=membership, actor=signed_in_user(request))
