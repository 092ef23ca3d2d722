"""The e-mails of live sessions, to those who follow the session or its space, rendered by
the notification worker in the recipient's language: the session is open (come and ask),
and its transcript is published (read what was answered)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from parvis.core.links import absolute_url
from parvis.live.models import LiveSession, SessionState
from parvis.notifications.registry import Rendered

if TYPE_CHECKING:
    from parvis.accounts.models import User

OPENED = "live.session_opened"
TRANSCRIPT_PUBLISHED = "live.transcript_published"


def render_opened(session: LiveSession, recipient: User, language: str) -> Rendered:
    context = {"session": session, "url": absolute_url(session.get_absolute_url())}
    subject = _("Live now: %(title)s") % {"title": session.title}
    return subject, render_to_string("live/email/opened.txt", context), None


def render_transcript(session: LiveSession, recipient: User, language: str) -> Rendered:
    context = {"session": session, "url": absolute_url(session.get_transcript_url())}
    subject = _("The answers of “%(title)s” are published") % {"title": session.title}
    return subject, render_to_string("live/email/transcript.txt", context), None


def opened_is_visible(session: LiveSession) -> bool:
    """Sent only while the session still takes questions, in a space still public."""
    return session.space.is_published and session.state == SessionState.OPEN


def transcript_is_visible(session: LiveSession) -> bool:
    return session.space.is_published and session.state == SessionState.PUBLISHED
