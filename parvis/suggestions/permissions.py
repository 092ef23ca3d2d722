"""Who sees a suggestion and who answers it.

- A public suggestion (public, published by moderation, in a published space) is seen by
  everyone. Otherwise only by its author; a private one also by the space's answering
  members (`spaces.models.ANSWERING_ROLES`: councillors, officials, project leads) and by
  staff who answer suggestions (`suggestions.answer_suggestion`); moderators
  (`suggestions.view_suggestion`) see every suggestion, to decide on it.
- Answering: a member of the suggestion's space with an answering role, or staff with
  `suggestions.answer_suggestion` (elected officials, administrators: docs/suggestions.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import translation

from parvis.accounts.roles import Role, highest_role
from parvis.spaces.models import ANSWERING_ROLES, MemberRole, SpaceMembership
from parvis.suggestions.models import Suggestion

if TYPE_CHECKING:
    from parvis.accounts.models import User

ANSWER_PERMISSION = "suggestions.answer_suggestion"
VIEW_PERMISSION = "suggestions.view_suggestion"

#: The order in which a person's memberships sign an answer (the first found).
_ROLE_ORDER = [MemberRole.COUNCILLOR, MemberRole.OFFICIAL, MemberRole.PROJECT_LEAD]


def answering_membership(user: Any, space: Any) -> SpaceMembership | None:
    """`user`'s membership of `space` with an answering role (councillor first), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    found = list(
        SpaceMembership.objects.filter(space=space, user=user, role__in=ANSWERING_ROLES).only(
            "role", "title", "public_name", "space_id", "user_id"
        )
    )
    found.sort(key=lambda m: _ROLE_ORDER.index(MemberRole(m.role)))
    return found[0] if found else None


def can_answer(user: Any, suggestion: Suggestion) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.has_perm(ANSWER_PERMISSION):
        return True
    return answering_membership(user, suggestion.space_id) is not None


def can_see(user: Any, suggestion: Suggestion) -> bool:
    if suggestion.is_public:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if suggestion.author_id == user.pk or user.has_perm(VIEW_PERMISSION):
        return True
    if not suggestion.is_visible:
        return False
    return can_answer(user, suggestion)


def signature_of(user: User, suggestion: Suggestion) -> tuple[str, str]:
    """The name and function an answer by `user` is signed with: their membership of the
    space (its public name and title, or the role's label), else their public name and
    their highest staff role. In the town's language: the signature is part of the text."""
    with translation.override(settings.LANGUAGE_CODE):
        membership = answering_membership(user, suggestion.space_id)
        if membership is not None:
            function = membership.title or str(MemberRole(membership.role).label)
            return membership.public_name or user.public_name, function
        role = Role.ELECTED_OFFICIAL if Role.ELECTED_OFFICIAL in user.roles else None
        role = role or highest_role(user.roles)
        return user.public_name, str(role.label) if role is not None else ""
