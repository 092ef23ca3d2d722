"""Reads about accounts and roles."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.db.models.functions import Lower

from parvis.accounts.models import RoleAssignment, User
from parvis.accounts.roles import Role


def administrators_other_than(user: User) -> QuerySet[RoleAssignment]:
    """Administrator roles held by active accounts other than `user`."""
    return RoleAssignment.objects.filter(role=Role.ADMINISTRATOR, user__is_active=True).exclude(
        user=user
    )


def is_last_active_administrator(user: User) -> bool:
    """True when `user` holds the administrator role and no other active account does."""
    return (
        user.pk is not None
        and RoleAssignment.objects.filter(user=user, role=Role.ADMINISTRATOR).exists()
        and not administrators_other_than(user).exists()
    )


def roles_read(users: Iterable[User | None]) -> None:
    """Read the roles of `users` (None skipped) in one query, as `User.roles` would one
    query each: for pages that show many people with what their roles allow."""
    people = [user for user in users if user is not None]
    held: dict[int, set[Role]] = {user.pk: set() for user in people}
    for user_id, role in RoleAssignment.objects.filter(user_id__in=list(held)).values_list(
        "user_id", "role"
    ):
        held[user_id].add(Role(role))
    for user in people:
        user._roles_cache = frozenset(held[user.pk])


# --- e-mail addresses ------------------------------------------------------------------------
# An address belongs to an account once it is confirmed there. Until then it is only claimed:
# anyone can type anyone's address, so an unconfirmed claim blocks nobody (see
# `accounts.services.email_confirmation_prepare` and `signup_account_for`).


def role_addresses(role: Role) -> list[str]:
    """The e-mail addresses of the active people holding `role`, each once, sorted: the
    staff an app tells of something to handle (new applications, certificates to check)."""
    addresses = User.objects.filter(is_active=True, role_assignments__role=role).values_list(
        "email", flat=True
    )
    return sorted({address for address in addresses if address})


def never_used_accounts() -> QuerySet[User]:
    """Accounts made by a sign-up whose address was never confirmed: never signed in, no
    confirmed address, no role, no identity provider. They hold nothing."""
    return User.objects.filter(
        last_login__isnull=True, role_assignments__isnull=True, socialaccount__isnull=True
    ).exclude(emailaddress__verified=True)


def pending_signups() -> QuerySet[User]:
    """Never used accounts still open (not deactivated by staff): whoever proves their
    address first may take such an account over, or have it removed."""
    return never_used_accounts().filter(is_active=True)


def accounts_signing_in_with(email: str) -> QuerySet[User]:
    """Accounts whose sign-in address is `email` (compared as the database's constraint does)."""
    return User.objects.alias(email_lower=Lower("email")).filter(email_lower=email.lower())


def email_is_taken(email: str) -> bool:
    """True when `email` belongs to an account: confirmed there, or the sign-in address of an
    account in use. An address only waiting for confirmation is taken by nobody."""
    from allauth.account.models import EmailAddress

    if EmailAddress.objects.filter(email=email.lower(), verified=True).exists():
        return True
    return accounts_signing_in_with(email).exclude(pk__in=pending_signups()).exists()
