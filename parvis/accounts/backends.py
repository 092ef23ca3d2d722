"""Authentication backends: allauth's checks who you are, the role backend what you may do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.auth_backends import AuthenticationBackend
from django.utils import timezone

from parvis.accounts.roles import Role, permissions_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from parvis.accounts.models import User


class AccountBackend(AuthenticationBackend):
    """allauth's backend (sign-in by e-mail and password), answering no permission question.

    It inherits Django's ModelBackend, which would read permissions from tables that Parvis
    does not use (groups, per-user permissions); permissions come from roles only.
    """

    def get_user_permissions(self, user_obj: User | AnonymousUser, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: User | AnonymousUser, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: User | AnonymousUser, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: User | AnonymousUser, perm: str, obj: Any = None) -> bool:
        return False

    def has_module_perms(self, user_obj: User | AnonymousUser, app_label: str) -> bool:
        return False

    def with_perm(self, *args: Any, **kwargs: Any) -> Any:
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager.none()


class RolePermissionBackend:
    """Permissions come from the user's roles, declared in code (see `roles.py`).

    It authenticates nobody: allauth's backend does that. An administrator holds every
    permission; a suspended or inactive account holds none: a suspension (a moderator's or an
    administrator's decision, `moderation.services`) stops a member of staff's back-office
    work as it stops anyone's writing, until it ends.
    """

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def get_user(self, user_id: Any) -> None:
        return None

    @staticmethod
    def _powerless(user: User | AnonymousUser) -> bool:
        if not getattr(user, "is_active", False) or getattr(user, "is_anonymous", True):
            return True
        until = getattr(user, "suspended_until", None)
        return until is not None and until > timezone.now()

    def _permissions(self, user: User | AnonymousUser) -> frozenset[str]:
        if not user.is_authenticated or self._powerless(user):
            return frozenset()
        cached = getattr(user, "_role_permissions", None)
        if cached is None:
            cached = permissions_of(user.roles)
            user._role_permissions = cached
        return cached

    def get_all_permissions(self, user: User | AnonymousUser, obj: Any = None) -> frozenset[str]:
        return self._permissions(user)

    def has_perm(self, user: User | AnonymousUser, perm: str, obj: Any = None) -> bool:
        if not user.is_authenticated or self._powerless(user):
            return False
        if Role.ADMINISTRATOR in user.roles:
            return True
        return perm in self._permissions(user)

    def has_module_perms(self, user: User | AnonymousUser, app_label: str) -> bool:
        if not user.is_authenticated or self._powerless(user):
            return False
        if Role.ADMINISTRATOR in user.roles:
            return True
        prefix = f"{app_label}."
        return any(p.startswith(prefix) for p in self._permissions(user))
