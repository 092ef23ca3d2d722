"""The message a resident receives when a moderator decided on their proposal. Rendered by
the notification worker in the recipient's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from parvis.core.links import absolute_url
from parvis.core.town import current_town
from parvis.directory.models import ChangeProposal, FieldDecision, field_label
from parvis.notifications.registry import Rendered

if TYPE_CHECKING:
    from parvis.accounts.models import User


def render_proposal_decided(proposal: ChangeProposal, recipient: User, language: str) -> Rendered:
    decisions = [
        (field_label(field), FieldDecision(decision).label)
        for field, decision in proposal.decisions.items()
    ]
    context = {
        "town": current_town(),
        "decisions": decisions,
        "url": absolute_url(proposal.get_absolute_url()),
    }
    return (
        _("Your proposal for the directory was read"),
        render_to_string("directory/email/proposal_decided.txt", context),
        None,
    )
