from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.accounts.models import RoleAssignment, User
from parvis.accounts.roles import Role
from parvis.accounts.services import LastAdministratorError, role_grant, role_revoke


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = ["role", "granted_at", "granted_by"]
    readonly_fields = ["granted_at", "granted_by"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A role is granted or revoked, never edited into another one.
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "display_name", "is_active", "date_joined", "last_login"]
    list_filter = ["is_active", "role_assignments__role"]
    search_fields = ["email", "display_name", "first_name", "last_name"]
    ordering = ["email"]
    inlines = [RoleAssignmentInline]
    fields = [
        "email",
        "display_name",
        "first_name",
        "last_name",
        "is_active",
        "date_joined",
        "last_login",
    ]
    readonly_fields = ["date_joined", "last_login"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # An existing account's address is changed by its owner, with verification.
        if obj is not None:
            return [*self.readonly_fields, "email"]
        return list(self.readonly_fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Accounts are created by signing up, or with `parvis createadmin` for the first one.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Erasing an account is the person's own act (or the data-protection procedure);
        # staff deactivate instead.
        return False

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not RoleAssignment:
            super().save_formset(request, form, formset, change)
            return
        user = form.instance
        for inline_form in formset.forms:
            if not inline_form.has_changed() and inline_form not in formset.deleted_forms:
                continue
            role = inline_form.cleaned_data.get("role")
            if not role:
                continue
            if inline_form in formset.deleted_forms:
                try:
                    role_revoke(user=user, role=Role(role), revoked_by=request.user)
                except LastAdministratorError:
                    messages.error(
                        request,
                        _("The last administrator keeps the role: name another one first."),
                    )
            elif inline_form.instance.pk is None:
                role_grant(user=user, role=Role(role), granted_by=request.user)
