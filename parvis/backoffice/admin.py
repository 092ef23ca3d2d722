"""What the back office shows of the libraries' models, and the audit trail.

Libraries register their models with Django's admin as they see fit; a town's back office
must not offer what would bypass Parvis (OpenID Connect is configured by environment, not
in a `SocialApp`; tokens are not stored) nor show secrets (TOTP seeds, one-time links inside
queued e-mails). `curate()` runs once every app's `admin.py` was imported (see `apps.py`)
and replaces those registrations with the read-only ones below. Administrators hold every
permission, so read-only here means read-only for everyone. Whatever an admin declares, the
site's guard (`guard.py`) refuses lookups, searches and sorting through secret fields and
never shows one (`secret_fields.py`).
"""

from __future__ import annotations

from typing import Any

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.admin import SocialAccountAdmin
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from parvis.core.admin_naming import ModelNames
from parvis.core.models import AuditEntry


class ReadOnlyAdminMixin:
    """Shown, never written from the back office: changes go through the services."""

    actions: Any = None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail: who did which civic act, for administrators (view permission)."""

    names = ModelNames(a=_("an audit entry"), the=_("the audit entry"))

    list_display = ["at", "actor", "action", "target_repr"]
    list_filter = ["action"]
    list_select_related = ["actor"]
    search_fields = ["action", "target_repr", "actor__email"]
    date_hierarchy = "at"
    fields = ["at", "actor", "action", "target_type", "target_id", "target_repr", "data"]


class ParvisEmailAddressAdmin(ReadOnlyAdminMixin, EmailAddressAdmin):
    names = ModelNames(a=_("an e-mail address"), the=_("the e-mail address"))
    # An address is verified by its owner following the link, not ticked by staff.
    list_select_related = ["user"]
    fields = ["user", "email", "verified", "primary"]


class ParvisSocialAccountAdmin(ReadOnlyAdminMixin, SocialAccountAdmin):
    names = ModelNames(a=_("a connected identity"), the=_("the connected identity"))
    # Which accounts came through an identity provider; the claims received stay private.
    list_select_related = ["user"]
    fields = ["user", "provider", "uid", "date_joined", "last_login"]


class ParvisAuthenticatorAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    names = ModelNames(a=_("an authenticator"), the=_("the authenticator"))
    # Who has two-factor authentication; never the secrets (`data`). Resetting someone's
    # authenticators is done on their account page (`accounts.admin.UserAdmin`).
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    fields = ["user", "type", "created_at", "last_used_at"]


class ParvisTaskResultAdmin(DBTaskResultAdmin):
    names = ModelNames(a=_("a task result"), the=_("the task result"))
    # Queued e-mails carry one-time links (password reset, verification) in their
    # arguments: administrators follow the queue's health, not its payloads.
    hidden_fields = ("args_kwargs", "return_value")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [
            name
            for name in super().get_readonly_fields(request, obj)
            if name not in self.hidden_fields
        ]


def curate(site: admin.AdminSite) -> None:
    """Replace the libraries' registrations on `site` with Parvis's; idempotent."""
    for model in (Group, SocialApp, SocialToken):
        if site.is_registered(model):
            site.unregister(model)
    for model, model_admin in (
        (EmailAddress, ParvisEmailAddressAdmin),
        (SocialAccount, ParvisSocialAccountAdmin),
        (Authenticator, ParvisAuthenticatorAdmin),
        (DBTaskResult, ParvisTaskResultAdmin),
        (AuditEntry, AuditEntryAdmin),
    ):
        if site.is_registered(model):
            site.unregister(model)
        site.register(model, model_admin)
