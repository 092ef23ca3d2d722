"""Reads about accounts and roles."""

from __future__ import annotations

from django.db.models import QuerySet

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
