"""Accounts in the back office: administrators change them, moderators read them.

Every write goes through `accounts.services` (audited); the permissions come from the roles
(`accounts.permissions`): an administrator holds all of them, a moderator `view_user` only,
so Django's admin shows the moderator read-only pages by itself.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from parvis.accounts.http import signed_in_user
from parvis.accounts.models import RoleAssignment, User
from parvis.accounts.names import display_name_clean
from parvis.accounts.roles import Role
from parvis.accounts.selectors import is_last_active_administrator
from parvis.accounts.services import (
    LastAdministratorError,
    role_grant,
    role_revoke,
    user_mfa_reset,
    user_update,
)
from parvis.core.admin_inlines import TabularInline
from parvis.core.admin_naming import ModelNames

LAST_ADMINISTRATOR_MESSAGE = _(
    "This is the last active administrator: give the role to someone else first."
)


class HeldRolesFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        for form in self.deleted_forms:
            revokes_administrator = form.instance.pk and form.instance.role == Role.ADMINISTRATOR
            if revokes_administrator and is_last_active_administrator(self.instance):
                raise ValidationError(LAST_ADMINISTRATOR_MESSAGE)


class HeldRolesInline(TabularInline):
    """The roles held: shown, and revoked by ticking "delete"; never edited into another."""

    model = RoleAssignment
    formset = HeldRolesFormSet
    fk_name = "user"
    extra = 0
    fields = ["role", "granted_at", "granted_by"]
    readonly_fields = ["role", "granted_at", "granted_by"]
    verbose_name_plural = _("Roles held")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RoleGrantFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        held = set(RoleAssignment.objects.filter(user=self.instance).values_list("role", flat=True))
        for form in self.forms:
            role = form.cleaned_data.get("role") if hasattr(form, "cleaned_data") else None
            if role in held:
                form.add_error("role", _("This role is already held."))


class RoleGrantInline(TabularInline):
    """Empty rows to grant a role."""

    model = RoleAssignment
    formset = RoleGrantFormSet
    fk_name = "user"
    extra = 1
    fields = ["role"]
    verbose_name = _("role to grant")
    verbose_name_plural = _("Grant a role")

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleAssignment]:
        return super().get_queryset(request).none()

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class UserAdminForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "first_name", "last_name", "is_active"]

    def clean_display_name(self) -> str:
        return display_name_clean(self.cleaned_data["display_name"])

    def clean_is_active(self) -> bool:
        is_active = self.cleaned_data["is_active"]
        if not is_active and is_last_active_administrator(self.instance):
            raise ValidationError(LAST_ADMINISTRATOR_MESSAGE)
        return is_active


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a user"), the=_("the user"))
    form = UserAdminForm
    list_display = ["email", "display_name", "is_active", "date_joined", "last_login"]
    list_filter = ["is_active", "role_assignments__role"]
    search_fields = ["email", "display_name", "first_name", "last_name"]
    ordering = ["email"]
    inlines = [HeldRolesInline, RoleGrantInline]
    fields = [
        "email",
        "display_name",
        "first_name",
        "last_name",
        "is_active",
        "two_factor",
        "date_joined",
        "last_login",
    ]
    # An account's address is changed by its owner, with verification.
    readonly_fields = ["email", "two_factor", "date_joined", "last_login"]
    actions = ["reset_two_factor"]

    @admin.display(description=_("two-factor authentication"), boolean=True)
    def two_factor(self, user: User) -> bool:
        return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Accounts are created by signing up, or with `parvis createadmin` for the first one.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Erasing an account is the person's own act (or the data-protection procedure);
        # staff deactivate instead.
        return False

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        try:
            user_update(user=obj, fields=form.changed_data, actor=signed_in_user(request))
        except LastAdministratorError:
            # Another administrator was deactivated at the same moment (the form checked).
            messages.error(request, LAST_ADMINISTRATOR_MESSAGE)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        user = form.instance
        granted: list[RoleAssignment] = []
        revoked: list[RoleAssignment] = []
        for inline_form in formset.forms:
            assignment = inline_form.instance
            if inline_form in formset.deleted_forms:
                if assignment.pk is None:
                    continue
                try:
                    if role_revoke(
                        user=user, role=Role(assignment.role), revoked_by=signed_in_user(request)
                    ):
                        revoked.append(assignment)
                except LastAdministratorError:
                    messages.error(request, LAST_ADMINISTRATOR_MESSAGE)
            elif assignment.pk is None and inline_form.has_changed():
                role = inline_form.cleaned_data.get("role")
                if role and role_grant(
                    user=user, role=Role(role), granted_by=signed_in_user(request)
                ):
                    granted.append(assignment)
        # What the admin's history message is built from (the formset itself saved nothing).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = (
            granted,
            [],
            revoked,
        )

    @admin.action(description=_("Reset two-factor authentication"), permissions=["change"])
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        reset = sum(
            1 for user in queryset if user_mfa_reset(user=user, actor=signed_in_user(request)) > 0
        )
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication was reset for %(count)d account; it will be set up "
                "again at the next visit to the back office.",
                "Two-factor authentication was reset for %(count)d accounts; it will be set "
                "up again at the next visit to the back office.",
                reset,
            )
            % {"count": reset},
            messages.SUCCESS,
        )
