"""The back office of live sessions: sessions (their space, times, officials and moderators;
the state moves on the session's moderation page, through the services, which broadcast it)
and the questions asked, read-only (decided on that page too)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from parvis.core.admin_naming import ModelNames
from parvis.live.models import LiveSession, Question
from parvis.search.indexing import index_object, unindex_object


class LiveSessionForm(forms.ModelForm):
    class Meta:
        model = LiveSession
        fields = [
            "space",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "officials",
            "moderators",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        space, officials = data.get("space"), data.get("officials")
        if space is not None and officials:
            others = [m for m in officials if m.space_id != space.pk]
            if others:
                self.add_error(
                    "officials", _("Choose officials among the members of the session's space.")
                )
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", ValidationError(_("The end comes after the start.")))
        return data


@admin.register(LiveSession)
class LiveSessionAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a live session"), the=_("the live session"))
    form = LiveSessionForm
    list_display = ["title", "space", "starts_at", "state", "moderation_link"]
    list_filter = ["state"]
    search_fields = ["title"]
    list_select_related = ["space"]
    filter_horizontal = ["officials", "moderators"]
    readonly_fields = ["state"]

    @admin.display(description=_("moderation"))
    def moderation_link(self, obj: LiveSession) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("live:queue", kwargs={"pk": obj.pk}), _("Questions")
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        index_object(form.instance)

    def delete_model(self, request: HttpRequest, obj: LiveSession) -> None:
        unindex_object(obj)
        super().delete_model(request, obj)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a question"), the=_("the question"))
    list_display = ["text", "session", "author_name", "status", "votes", "created_at"]
    list_filter = ["status"]
    search_fields = ["text", "session__title"]
    list_select_related = ["session"]
    readonly_fields = ("session", "author", "author_name", "text", "status", "votes", "created_at")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
