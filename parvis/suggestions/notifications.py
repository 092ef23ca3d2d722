"""The e-mails of suggestions, rendered by the notification worker in the recipient's
language: to a suggestion's followers (its author first) when an official answers (the
answer, signed with the official's name and function, and the new status); to a space's
followers when a resident's public suggestion shows there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from parvis.core.links import absolute_url
from parvis.core.town import current_town
from parvis.notifications.registry import Rendered
from parvis.suggestions.models import Answer, Suggestion, SuggestionStatus

if TYPE_CHECKING:
    from parvis.accounts.models import User


def render_answered(answer: Answer, recipient: User, language: str) -> Rendered:
    suggestion = answer.suggestion
    context = {
        "suggestion": suggestion,
        "answer": answer,
        "status": SuggestionStatus(answer.to_status).label,
        "town": current_town(),
        "url": absolute_url(answer.get_absolute_url()),
    }
    subject = _("Answer to “%(title)s”: %(status)s") % {
        "title": suggestion.title,
        "status": SuggestionStatus(answer.to_status).label,
    }
    return subject, render_to_string("suggestions/email/answered.txt", context), None


def answer_is_visible(answer: Answer) -> bool:
    """Sent while the suggestion is still there and not hidden by a moderator (a private
    one's followers are its author and those its officials let follow it)."""
    return answer.suggestion.is_visible


def render_published(suggestion: Suggestion, recipient: User, language: str) -> Rendered:
    """To the followers of its space: a resident's new suggestion, to read and support."""
    context = {
        "suggestion": suggestion,
        "town": current_town(),
        "url": absolute_url(suggestion.get_absolute_url()),
    }
    subject = _("New suggestion in %(space)s: %(title)s") % {
        "space": suggestion.space.name,
        "title": suggestion.title,
    }
    return subject, render_to_string("suggestions/email/published.txt", context), None
