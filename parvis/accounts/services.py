"""Writes about accounts and roles. Each civic act leaves an audit row."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from parvis.accounts.models import RoleAssignment, User
from parvis.accounts.names import display_name_clean
from parvis.accounts.roles import Role
from parvis.accounts.selectors import (
    accounts_signing_in_with,
    administrators_other_than,
    pending_signups,
)
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


def birth_date_from_claims(claims: dict[str, Any]) -> datetime.date | None:
    """The OpenID Connect `birthdate` claim ("YYYY-MM-DD") as a date; None when the provider
    gave none, or only a year ("0000" parts, as OIDC allows), or nonsense."""
    value = claims.get("birthdate")
    if not isinstance(value, str):
        return None
    try:
        found = datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None
    return found if found.year > 1 else None


def birth_date_update(*, user: User, claims: dict[str, Any]) -> None:
    """Keep `user`'s date of birth as the identity provider last stated it (a login through
    it); a login whose claims carry none leaves the known one."""
    found = birth_date_from_claims(claims)
    if found is not None and found != user.birth_date:
        user.birth_date = found
        user.save(update_fields=["birth_date"])


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

    Only STAFF_EDITABLE_FIELDS may be given (ValueError otherwise). A public name is
    normalised, and refused with ValidationError as the forms refuse it
    (`accounts.names.display_name_clean`). Raises LastAdministratorError rather than
    deactivate the last active administrator.
    """
    changed = sorted(set(fields))
    unknown = set(changed) - STAFF_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Staff cannot change {sorted(unknown)} of an account.")
    if not changed:
        return
    if "display_name" in changed:
        user.display_name = display_name_clean(user.display_name)
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


def authenticators_rekey() -> tuple[int, int]:
    """Encrypt every two-factor secret under the key derived from the current SECRET_KEY;
    returns (authenticators rewritten, authenticators already under that key).

    Each authenticator is locked while it is rewritten, so a recovery code spent at that
    moment is not lost. Raises UndecryptableSecretError (parvis.core.crypto) when a secret
    opens with no configured key; the authenticators rewritten before it stay rewritten.
    """
    from allauth.mfa.models import Authenticator

    from parvis.accounts.mfa import data_reencrypted

    rewritten = current = 0
    for pk in Authenticator.objects.order_by("pk").values_list("pk", flat=True).iterator():
        with transaction.atomic():
            authenticator = Authenticator.objects.select_for_update().filter(pk=pk).first()
            if authenticator is None:  # removed meanwhile
                continue
            data = data_reencrypted(authenticator.data)
            if data is None:
                current += 1
                continue
            authenticator.data = data
            authenticator.save(update_fields=["data"])
            rewritten += 1
    return rewritten, current


def user_delete(*, user: User, erase_contributions: bool = False) -> None:
    """Erase an account and what hangs on it (subscriptions, memberships, roles, sessions).

    Public contributions (comments…) are detached from the account by their own features'
    handlers, registered in `parvis.accounts.erasure`: kept, signed by nobody, or erased
    too with `erase_contributions`. The account's row is locked before the handlers run
    (the account, then what it wrote: the order the moderation decisions lock in).
    """
    from parvis.accounts import erasure

    with transaction.atomic():
        if Role.ADMINISTRATOR in user.roles:
            _lock_administrators()
            if not administrators_other_than(user).exists():
                raise LastAdministratorError
        User.objects.select_for_update().filter(pk=user.pk).first()
        erasure.before_user_deleted(user, erase_contributions=erase_contributions)
        audit_record(
            actor=None,
            action="account.delete",
            data={"user_id": user.pk, "contributions_erased": erase_contributions},
        )
        user.delete()


def _lock_administrators() -> None:
    # Two administrators removing each other at once must not both succeed.
    list(
        RoleAssignment.objects.select_for_update()
        .filter(role=Role.ADMINISTRATOR)
        .values_list("pk", flat=True)
    )


# --- e-mail addresses: an unconfirmed claim blocks nobody ---------------------------------------


class EmailInUseError(Exception):
    """The address belongs to another account: confirmed there, or the sign-in address of an
    account in use (`selectors.email_is_taken`)."""


def _email_claims_locked(email: str) -> tuple[list[User], list[Any]]:
    """The accounts signing in with `email` and the address rows of `email`, locked.

    Accounts first, then rows, each in primary-key order: two settlements of one address
    wait for each other instead of deadlocking.
    """
    from allauth.account.models import EmailAddress

    users = list(accounts_signing_in_with(email).select_for_update().order_by("pk"))
    rows = list(EmailAddress.objects.select_for_update().filter(email=email.lower()).order_by("pk"))
    return users, rows


def signup_account_for(*, email: str) -> User | None:
    """The account a sign-up with `email` takes over, or None when a new one is to be made.

    Call it inside the sign-up's transaction. The account returned is a pending sign-up
    (`selectors.pending_signups`: never used, its address never confirmed), left locked for
    the sign-up to give it the new password: whoever typed that address before proved
    nothing, and whoever confirms it will hold the account. Raises EmailInUseError when
    the address belongs to an account.
    """
    users, rows = _email_claims_locked(email)
    if any(row.verified for row in rows):
        raise EmailInUseError
    pending = set(
        pending_signups().filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True)
    )
    if any(user.pk not in pending for user in users):
        raise EmailInUseError
    return users[0] if users else None  # the database allows one account per sign-in address


def email_confirmation_prepare(*, email_address: Any) -> None:
    """Free the address of `email_address` (an allauth EmailAddress) for its account, just
    before it is confirmed there.

    Call it inside the confirmation's transaction: it locks the accounts and rows of the
    address, then drops every other account's unconfirmed claim on it, that is, pending
    changes of address (their rows are deleted) and pending sign-ups signing in with it
    (those accounts are deleted: they hold nothing). Raises EmailInUseError when the address
    belongs to another account, or when `email_address` itself is gone (another account's
    confirmation won the address meanwhile).
    """
    from allauth.account.models import EmailAddress

    users, rows = _email_claims_locked(email_address.email)
    owner = email_address.user_id
    if email_address.pk is not None and not any(row.pk == email_address.pk for row in rows):
        raise EmailInUseError
    if any(row.verified and row.user_id != owner for row in rows):
        raise EmailInUseError
    others = {user.pk for user in users if user.pk != owner}
    removable = set(pending_signups().filter(pk__in=others).values_list("pk", flat=True))
    if others - removable:
        raise EmailInUseError
    EmailAddress.objects.filter(pk__in=[row.pk for row in rows if row.user_id != owner]).delete()
    User.objects.filter(pk__in=removable).delete()
