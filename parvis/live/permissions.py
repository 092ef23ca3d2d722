"""Who does what in a live session: residents ask and vote (signed in), the session's
moderators (or the back office's moderators of every session) publish or reject questions
and move the session along, the session's officials answer."""

from __future__ import annotations

from typing import Any

from parvis.live.models import LiveSession
from parvis.spaces.models import ANSWERING_ROLES, SpaceMembership

MODERATE_EVERY_SESSION = "live.moderate_livesession"


def can_take_part(user: Any) -> bool:
    """Ask and vote: any active signed-in account."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_moderate(user: Any, session: LiveSession) -> bool:
    if not can_take_part(user):
        return False
    if user.has_perm(MODERATE_EVERY_SESSION):
        return True
    return session.moderators.filter(pk=user.pk).exists()


def official_for(user: Any, session: LiveSession) -> SpaceMembership | None:
    """The membership through which `user` answers in `session` (None: they do not): one of
    the session's officials, still a member of its space with an answering role."""
    if not can_take_part(user):
        return None
    return (
        session.officials.filter(user=user, space_id=session.space_id, role__in=ANSWERING_ROLES)
        .select_related("user")
        .first()
    )
