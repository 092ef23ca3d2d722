"""Writes about accounts and roles. Each civic act leaves an audit row."""

from __future__ import annotations

from django.db import transaction

from parvis.accounts.models import RoleAssignment, User
from parvis.accounts.roles import Role
from parvis.core.audit import audit_record


class LastAdministratorError(Exception):
    """Removing this would leave the town without any administrator."""


def role_grant(*, user: User, role: Role, granted_by: User | None) -> bool:
    """Give `role` to `user`; returns False when it was already held. Audited."""
    with transaction.atomic():
        _, created = RoleAssignment.objects.get_or_create(
            user=user, role=role, defaults={"granted_by": granted_by}
        )
        if created:
            audit_record(actor=granted_by, action="role.grant", target=user, data={"role": role})
    user.forget_roles()
    return created


def identity_verified(*, user: User) -> None:
    """The person proved who they are at an identity provider (eIDAS substantial or more)."""
    role_grant(user=user, role=Role.VERIFIED_RESIDENT, granted_by=None)


def role_revoke(*, user: User, role: Role, revoked_by: User | None) -> bool:
    """Take `role` from `user`; returns False when it was not held. Audited.

    Raises LastAdministratorError rather than leave no active administrator.
    """
    with transaction.atomic():
        if role == Role.ADMINISTRATOR:
            _lock_administrators()
            if _other_active_administrators(user).count() == 0:
                raise LastAdministratorError
        deleted, _ = RoleAssignment.objects.filter(user=user, role=role).delete()
        if deleted:
            audit_record(actor=revoked_by, action="role.revoke", target=user, data={"role": role})
    user.forget_roles()
    return bool(deleted)


def user_delete(*, user: User) -> None:
    """Erase an account and what hangs on it (subscriptions, memberships, roles, sessions).

    Public contributions written later by other features are detached or anonymised by
    their own services, registered in `parvis.accounts.erasure`.
    """
    from parvis.accounts import erasure

    with transaction.atomic():
        if Role.ADMINISTRATOR in user.roles:
            _lock_administrators()
            if _other_active_administrators(user).count() == 0:
                raise LastAdministratorError
        erasure.before_user_deleted(user)
        audit_record(actor=None, action="account.delete", data={"user_id": user.pk})
        user.delete()


def _lock_administrators() -> None:
    # Two administrators removing each other at once must not both succeed.
    list(
        RoleAssignment.objects.select_for_update()
        .filter(role=Role.ADMINISTRATOR)
        .values_list("pk", flat=True)
    )


def _other_active_administrators(user: User):
    return RoleAssignment.objects.filter(role=Role.ADMINISTRATOR, user__is_active=True).exclude(
        user=user
    )
