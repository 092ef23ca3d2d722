"""Moderation in the back office: the queue and dashboard (views.py), the trail of
decisions (read-only) and the word list (moderators keep it)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import path
from django.utils.translation import gettext_lazy as _

from parvis.accounts.http import signed_in_user
from parvis.backoffice.admin import ReadOnlyAdminMixin
from parvis.core.admin_naming import ModelNames
from parvis.moderation import views
from parvis.moderation.forms import WordListEntryForm
from parvis.moderation.models import Decision, WordListEntry
from parvis.moderation.permissions import can_moderate
from parvis.moderation.services import word_list_entry_delete, word_list_entry_save


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who decided what, when and why: never written here, only by the queue's services."""

    names = ModelNames(a=_("a moderation decision"), the=_("the moderation decision"))

    list_display = ["created_at", "action", "target_repr", "subject", "moderator"]
    list_filter = ["action"]
    list_select_related = ["subject", "moderator"]
    search_fields = ["target_repr", "reason", "subject__email", "moderator__email"]
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "action",
        "target_repr",
        "subject",
        "moderator",
        "reason",
        "suspended_until",
    ]

    def get_urls(self) -> list[Any]:
        site = self.admin_site

        def page(view: Any) -> Any:
            return site.admin_view(partial(view, site=site))

        return [
            path("queue/", page(views.queue), name="moderation_queue"),
            path("queue/decide/", page(views.decide), name="moderation_decide"),
            path("dashboard/", page(views.dashboard), name="moderation_dashboard"),
            path(
                "reinstate/<int:user_id>/",
                page(views.reinstate),
                name="moderation_reinstate",
            ),
            *super().get_urls(),
        ]


@admin.register(WordListEntry)
class WordListEntryAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a word list entry"), the=_("the word list entry"))
    form = WordListEntryForm
    list_display = ["expression", "note", "created_at"]
    search_fields = ["expression", "note"]

    # Keeping the word list is moderating: not while suspended (`can_moderate`).
    def has_add_permission(self, request: HttpRequest) -> bool:
        return can_moderate(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_moderate(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_moderate(request.user) and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: WordListEntry, form: Any, change: bool) -> None:
        word_list_entry_save(entry=obj, actor=signed_in_user(request))

    def delete_model(self, request: HttpRequest, obj: WordListEntry) -> None:
        word_list_entry_delete(entry=obj, actor=signed_in_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[WordListEntry]) -> None:
        for entry in queryset:
            word_list_entry_delete(entry=entry, actor=signed_in_user(request))
