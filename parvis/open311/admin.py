"""The back office of Open311's API keys: administrators make one per third-party
application (the key is shown once, then only its first characters), and turn it off."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.core.admin_naming import ModelNames
from parvis.open311 import services
from parvis.open311.models import ApiKey


class ApiKeyForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ["name", "is_active"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("an Open311 API key"), the=_("the Open311 API key"))
    form = ApiKeyForm
    list_display = ["name", "prefix", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["name"]
        return ["name", "is_active", "prefix", "created_at", "last_used_at"]

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        key, raw = services.api_key_create(name=obj.name, actor=request.user)  # type: ignore[arg-type]
        obj.pk = key.pk
        obj.__dict__.update(
            {f.attname: getattr(key, f.attname) for f in ApiKey._meta.concrete_fields}
        )
        obj._state.adding = False
        messages.warning(
            request,
            _("The key of %(name)s is %(key)s — copy it now: it will not be shown again.")
            % {"name": key.name, "key": raw},
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
