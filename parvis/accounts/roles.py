"""Roles, and what each one may do: the one permission layer of Parvis.

A resident is anyone with an active account. Other roles are granted explicitly
(`RoleAssignment` rows). Each app declares, in its own `manifest.py`, which Django
permissions ("app_label.codename") each role holds, by calling `grant()` at import time;
`RolePermissionBackend` answers `user.has_perm()` from these declarations, so views and the
back office ask the same question and get the same answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from parvis.core.registry import Registry


class Role(models.TextChoices):
    VERIFIED_RESIDENT = "verified_resident", _("Verified resident")
    COMMUNICATION_OFFICER = "communication_officer", _("Communication officer")
    # Human resources: job offers, applications and reply templates (granted by
    # `jobs/manifest.py`). Family services: schools, households, services, registrations,
    # booked days and canteen menus (granted by `family/manifest.py`).
    HR_OFFICER = "hr_officer", _("HR officer")
    FAMILY_SERVICES_OFFICER = "family_services_officer", _("Family-services officer")
    # The town's technical services: they handle residents' reports (status and public
    # message), manage roadworks and read the observation campaigns fed by report
    # categories. Each of those apps grants them this in its own `manifest.py`.
    TECHNICAL_SERVICES_OFFICER = "technical_services_officer", _("Technical-services officer")
    ELECTED_OFFICIAL = "elected_official", _("Elected official")
    MODERATOR = "moderator", _("Moderator")
    ADMINISTRATOR = "administrator", _("Administrator")


#: Roles that reach the back office, and so must use two-factor authentication.
STAFF_ROLES: frozenset[Role] = frozenset(
    {
        Role.COMMUNICATION_OFFICER,
        Role.HR_OFFICER,
        Role.FAMILY_SERVICES_OFFICER,
        Role.TECHNICAL_SERVICES_OFFICER,
        Role.ELECTED_OFFICIAL,
        Role.MODERATOR,
        Role.ADMINISTRATOR,
    }
)

#: Authority over people, the one order of Parvis: who may decide about whom (a moderation
#: decision on someone's contribution or account needs a rank at least theirs; see
#: `moderation.permissions.decision_refusal`). A person ranks by their highest role.
#: - Administrators, then moderators: they decide about others.
#: - The other staff roles (officers, elected officials) rank together, below moderators
#:   and above residents. Below moderators: they hold no power over residents' words, and
#:   what an official writes as a resident is moderated like anyone's (no immunity comes
#:   with an office). Above residents: they act in the town's name in the back office.
#:   Between them, no role has authority over another, so none ranks above another.
#: - Verified residents rank with residents: verifying who someone is gives no authority.
ROLE_RANKS: dict[Role, int] = {
    Role.ADMINISTRATOR: 3,
    Role.MODERATOR: 2,
    Role.COMMUNICATION_OFFICER: 1,
    Role.HR_OFFICER: 1,
    Role.FAMILY_SERVICES_OFFICER: 1,
    Role.TECHNICAL_SERVICES_OFFICER: 1,
    Role.ELECTED_OFFICIAL: 1,
    Role.VERIFIED_RESIDENT: 0,
}
#: A resident: an account with no role (or only a role of rank 0).
RESIDENT_RANK = 0


def rank_of(roles: Iterable[Role]) -> int:
    """The rank of someone holding `roles`: that of their highest role."""
    return max((ROLE_RANKS[Role(role)] for role in roles), default=RESIDENT_RANK)


def highest_role(roles: Iterable[Role]) -> Role | None:
    """The role that gives someone their rank (None for a resident)."""
    ranked = [Role(role) for role in roles if ROLE_RANKS[Role(role)] > RESIDENT_RANK]
    return max(ranked, key=lambda role: (ROLE_RANKS[role], role.value), default=None)


_grants: dict[Role, set[str]] = defaultdict(set)


_declared: Registry[str] = Registry("role grant")


def grant(role: Role, permissions: Iterable[str]) -> None:
    """Declare that `role` holds `permissions` ("app_label.codename" strings), in the
    `manifest.py` of the app that defines them. Granting the same permission to the same
    role twice is an error, as every second declaration is."""
    for permission in permissions:
        if permission.count(".") != 1:
            raise ValueError(f"{permission!r} is not of the form 'app_label.codename'.")
        _declared.add((Role(role).value, permission), permission)
        _grants[role].add(permission)


def model_permissions(app_label: str, model: str, actions: Iterable[str]) -> list[str]:
    """["spaces.view_space", …] for `actions` among view, add, change, delete."""
    return [f"{app_label}.{action}_{model}" for action in actions]


def permissions_of(roles: Iterable[Role]) -> frozenset[str]:
    held: set[str] = set()
    for role in roles:
        held |= _grants.get(Role(role), set())
    return frozenset(held)
