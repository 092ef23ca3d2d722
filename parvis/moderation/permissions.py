"""Who moderates, and who may contribute: the only access rules of moderation.

`check_can_contribute()` is the one function every contribution service calls (comments
today; suggestions, reports, wiki edits later) before writing anything a resident sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parvis.accounts.roles import highest_role, rank_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from parvis.accounts.models import User


def can_moderate(user: User | AnonymousUser) -> bool:
    """Whether `user` decides in the moderation queue now: a moderator or an administrator
    who is not suspended (a suspension stops a moderator's decisions as it stops anyone's
    writing, until it ends)."""
    return bool(
        user.is_authenticated and user.has_perm("moderation.moderate") and not is_suspended(user)
    )


def is_suspended(user: User | AnonymousUser) -> bool:
    until = getattr(user, "suspended_until", None)
    return until is not None and until > timezone.now()


#: What a decision is about: someone's contribution, or their account (suspend, reinstate).
CONTRIBUTION = "contribution"
ACCOUNT = "account"


def decision_refusal(
    *, moderator: User | AnonymousUser, subject: User | None, about: str
) -> str | None:
    """Why `moderator` may not decide about `subject`, in words for them; None if they may.

    `subject` is the author of the contribution decided on (`about=CONTRIBUTION`; None once
    their account is erased) or the person suspended or reinstated (`about=ACCOUNT`). The
    rule, for every decision (approve, hide, restore, suspend, reinstate):
    - only someone who may moderate now decides (`can_moderate`: not while suspended);
    - nobody decides about their own contribution or their own account;
    - nobody decides about someone whose role ranks above theirs (`accounts.roles.ROLE_RANKS`:
      an equal may, so that moderators keep each other in check).
    The services ask it under the row locks of both accounts, with fresh rows.
    """
    if not moderator.is_authenticated or not can_moderate(moderator):
        if is_suspended(moderator) and getattr(moderator, "is_active", False):
            return _("Your account is suspended: you cannot moderate until your suspension ends.")
        return _("Only moderators and administrators can moderate.")
    if subject is None:
        return None
    if subject.pk == moderator.pk:
        if about == ACCOUNT:
            return _("You cannot decide about your own account: leave it to another moderator.")
        return _("You cannot decide about what you wrote yourself: leave it to another moderator.")
    if rank_of(subject.roles) > rank_of(moderator.roles):
        role = highest_role(subject.roles)
        if about == ACCOUNT:
            return _(
                "This person holds the role “%(role)s”, above yours: only an administrator "
                "can decide about their account."
            ) % {"role": role.label if role else ""}
        return _(
            "Its author holds the role “%(role)s”, above yours: only an administrator can "
            "decide about it."
        ) % {"role": role.label if role else ""}
    return None


@dataclass(frozen=True)
class Suspension:
    until: datetime
    reason: str

    def message(self) -> str:
        """What the suspended person reads, wherever they would have written."""
        until = date_format(timezone.localtime(self.until), "DATETIME_FORMAT")
        if self.reason:
            return _(
                "Your account is suspended until %(until)s, so you cannot write on the site "
                "until then. The moderators gave this reason: %(reason)s"
            ) % {"until": until, "reason": self.reason}
        return _(
            "Your account is suspended until %(until)s, so you cannot write on the site until then."
        ) % {"until": until}


def suspension_of(user: User) -> Suspension | None:
    """The person's current suspension with the moderators' reason, or None.

    Costs a query only for a suspended person (the reason is that of the latest decision).
    """
    until = getattr(user, "suspended_until", None)
    if until is None or until <= timezone.now():
        return None
    from parvis.moderation.models import Decision, DecisionAction

    reason = (
        Decision.objects.filter(subject=user, action=DecisionAction.SUSPEND)
        .order_by("-created_at", "-id")
        .values_list("reason", flat=True)
        .first()
    )
    return Suspension(until=until, reason=reason or "")


def is_under_watch(user: User | AnonymousUser) -> bool:
    """True while the person's contributions are held for review before anyone reads them.

    A person is watched for a while after a moderator hid one of their contributions or
    after a suspension (MODERATION_WATCH_DAYS).
    """
    until = getattr(user, "watched_until", None)
    return until is not None and until > timezone.now()


class ContributionRefused(Exception):
    """The person may not write now; `message` says why, in words meant for them."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_can_contribute(user: User | AnonymousUser) -> None:
    """Raise ContributionRefused unless `user` may post a contribution right now.

    Refused: anonymous visitors, deactivated accounts, suspended accounts (the message
    says why and until when).
    """
    if not user.is_authenticated or not user.is_active:
        raise ContributionRefused(_("Sign in to write on the site."))
    suspension = suspension_of(user)
    if suspension is not None:
        raise ContributionRefused(suspension.message())
