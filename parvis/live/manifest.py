"""Everything live Q&A sessions bring to the shared mechanisms: their pages and WebSocket,
who manages them in the back office, the search (a transcript found by its questions and
answers), what an erased account leaves, and which cached pages a change makes fresh."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from parvis.accounts.erasure import on_user_erased
from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.pagecache import invalidates, query_parameter
from parvis.core.routes import pages
from parvis.core.websockets import websocket
from parvis.live import selectors
from parvis.live.consumers import SessionConsumer
from parvis.live.erasure import questions_erased, questions_erasure_text
from parvis.live.models import Answer, LiveSession, Question, SessionState
from parvis.live.notifications import (
    OPENED,
    TRANSCRIPT_PUBLISHED,
    opened_is_visible,
    render_opened,
    render_transcript,
    transcript_is_visible,
)
from parvis.notifications.registry import followable, notification_kind
from parvis.search.registry import Document, searchable

# /live/… in French and /en/live/… in English; the page's updates at /ws/live/<pk>/.
pages("parvis.live.urls")
websocket("live/<int:pk>/", SessionConsumer)

# The communication officer and the administrator plan sessions and moderate every one; the
# town's moderators moderate every one; a session also names its own moderators.
_MODERATE = ["live.moderate_livesession"]
_MANAGE = (
    model_permissions("live", "livesession", ["view", "add", "change", "delete"])
    + model_permissions("live", "question", ["view"])
    + _MODERATE
)
grant(Role.COMMUNICATION_OFFICER, _MANAGE)
grant(Role.ADMINISTRATOR, _MANAGE)
grant(Role.MODERATOR, [*model_permissions("live", "question", ["view"]), *_MODERATE])


def _document(session: LiveSession) -> Document:
    parts = [session.description]
    if session.state == SessionState.PUBLISHED:
        for question in getattr(session, "published", None) or selectors.published_questions(
            session
        ):
            parts.append(question.text)
            parts.extend(answer.text for answer in question.answers.all())
    return Document(
        title=session.title,
        text=" ".join(part for part in parts if part),
        space=session.space_id,
        date=session.starts_at,
        public=session.space.is_published,
    )


searchable(
    LiveSession,
    key="live_sessions",
    label=_("Live Q&A sessions"),
    document=_document,
    queryset=selectors.searchable_sessions,
    space_field="space",
)

# Anyone may follow a session (or its space): they hear when it opens, then when its
# transcript is published.
followable(LiveSession, queryset=selectors.public_sessions)
notification_kind(OPENED, render=render_opened, is_visible=opened_is_visible)
notification_kind(TRANSCRIPT_PUBLISHED, render=render_transcript, is_visible=transcript_is_visible)

on_user_erased(questions_erased, describe=questions_erasure_text)


# A session's page (and its transcript) shows the session, its published questions and their
# answers: each change makes them fresh, and leaves other sessions' pages cached.
def _session_of(obj: Any) -> list[str]:
    if isinstance(obj, LiveSession):
        return [f"live.session:{obj.pk}"]
    if isinstance(obj, Question):
        return [f"live.session:{obj.session_id}"]
    return [f"live.session:{obj.question.session_id}"]


invalidates(LiveSession, keys=_session_of)
invalidates(Question, keys=_session_of, shown=lambda q: q.status != "pending")
invalidates(Answer, keys=_session_of)
query_parameter("order", pattern=r"(votes|time)?")
