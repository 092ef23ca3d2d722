from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.accounts.http import signed_in_user
from parvis.core.admin_naming import ModelNames
from parvis.tags.models import Tag
from parvis.tags.services import tag_delete, tag_save

# Every write of the back office goes through the services, so that each one leaves its
# audit entry and keeps search in step (content is found by the names of its tags).


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a tag"), the=_("the tag"))
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request: HttpRequest, obj: Tag, form: Any, change: bool) -> None:
        tag_save(tag=obj, actor=signed_in_user(request))

    def delete_model(self, request: HttpRequest, obj: Tag) -> None:
        tag_delete(tag=obj, actor=signed_in_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for tag in queryset:
            tag_delete(tag=tag, actor=signed_in_user(request))
