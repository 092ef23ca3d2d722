"""Writes about accounts and roles. Each civic act leaves an audit row."""

from __future__ import annotations

from django.db import transaction

from parvis.accounts.models import RoleAssignment, User
from parvis.accounts.roles import Role
from parvis.accounts.selectors import administrators_other_than
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
            if not administrators_other_than(user).exists():
                raise LastAdministratorError
        deleted, _ = RoleAssignment.objects.filter(user=user, role=role).delete()
        if deleted:
            audit_record(actor=revoked_by, action="role.revoke", target=user, data={"role": role})
    user.forget_roles()
    return bool(deleted)


#: The fields staff may change on someone's account in the back office.
STAFF_EDITABLE_FIELDS = frozenset({"display_name", "first_name", "last_name", "is_active"})


def user_update(*, user: User, fields: list[str], actor: User) -> None:
    """Save the changes staff made to `fields` of `user`. Audited (field names, not values).

    Only STAFF_EDITABLE_FIELDS may be given (ValueError otherwise). Raises
    LastAdministratorError rather than deactivate the last active administrator.
    """
    changed = sorted(set(fields))
    unknown = set(changed) - STAFF_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Staff cannot change {sorted(unknown)} of an account.")
    if not changed:
        return
    with transaction.atomic():
        if "is_active" in changed and not user.is_active and Role.ADMINISTRATOR in user.roles:
            _lock_administrators()
            if not administrators_other_than(user).exists():
                raise LastAdministratorError
        user.save(update_fields=changed)
        audit_record(actor=actor, action="account.update", target=user, data={"fields": changed})
    user.forget_roles()


def user_mfa_reset(*, user: User, actor: User) -> int:
    """Remove every two-factor authenticator of `user` (a lost phone); returns how many.

    The person must set up TOTP again before reaching the back office. Audited.
    """
    from allauth.mfa.models import Authenticator

    with transaction.atomic():
        deleted, _ = Authenticator.objects.filter(user=user).delete()
        if deleted:
            audit_record(actor=actor, action="account.mfa_reset", target=user)
    return deleted


def user_delete(*, user: User) -> None:
    """Erase an account and what hangs on it (subscriptions, memberships, roles, sessions).

    Public contributions written later by other features are detached or anonymised by
    their own services, registered in `parvis.accounts.erasure`.
    """
    from parvis.accounts import erasure

    with transaction.atomic():
        if Role.ADMINISTRATOR in user.roles:
            _lock_administrators()
            if not administrators_other_than(user).exists():
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
