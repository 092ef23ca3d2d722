"""The writes of live sessions. Each runs in one transaction, locks the row it decides about
and checks again, under the lock, what the page showed (a question still waiting, a session
still open); it writes the audit row and, once committed, broadcasts what changed to the
session's page (`events.py`): public data to everyone's group, the queue to the moderators'."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core.audit import audit_record
from parvis.live import events
from parvis.live.models import (
    STATE_ORDER,
    Answer,
    LiveSession,
    Question,
    QuestionStatus,
    SessionState,
    Vote,
)
from parvis.live.notifications import OPENED, TRANSCRIPT_PUBLISHED
from parvis.live.permissions import can_moderate, can_take_part, official_for
from parvis.notifications.services import notify
from parvis.search.indexing import index_object

#: Questions one resident may have waiting for a moderator in a session: a flood is held back
#: here (and by the rate limit of the form, `views.ASK_LIMIT`).
MAX_PENDING_PER_AUTHOR = 3


def _locked_session(session: LiveSession) -> LiveSession:
    return LiveSession.objects.select_for_update().get(pk=session.pk)


def _locked_question(question: Question) -> Question:
    return Question.objects.select_for_update().select_related("session").get(pk=question.pk)


def session_state_set(*, session: LiveSession, state: str, by: Any) -> LiveSession:
    """Move `session` to `state`, one step forward only (scheduled → open → closed →
    transcript published)."""
    with transaction.atomic():
        session = _locked_session(session)
        if by is not None and not can_moderate(by, session):
            raise PermissionDenied
        current = STATE_ORDER.index(SessionState(session.state))
        if (
            state not in SessionState.values
            or STATE_ORDER.index(SessionState(state)) != current + 1
        ):
            raise ValidationError(
                _("This session cannot go from “%(current)s” to “%(state)s”.")
                % {"current": session.get_state_display(), "state": state},
                code="state",
            )
        session.state = state
        session.save(update_fields=["state"])
        audit_record(actor=by, action="live.session_state", target=session, data={"state": state})
        index_object(session)
        _announce(session)
        events.state_changed(session)
    return session


def _announce(session: LiveSession) -> None:
    """Those who follow the session or its space hear that it opened, then that its
    transcript is out: once each (the keys), in the transaction of the change."""
    kinds = {SessionState.OPEN: OPENED, SessionState.PUBLISHED: TRANSCRIPT_PUBLISHED}
    kind = kinds.get(SessionState(session.state))
    if kind is not None:
        notify(
            kind=kind,
            obj=session,
            targets=[session, session.space],
            key=f"live.session:{session.pk}:{session.state}",
        )


def question_ask(*, session: LiveSession, author: Any, text: str) -> Question:
    """A resident's question, waiting for a moderator. Refused when the session is not open
    or when the resident already has `MAX_PENDING_PER_AUTHOR` questions waiting."""
    text = text.strip()
    if not can_take_part(author):
        raise PermissionDenied
    if not text:
        raise ValidationError({"text": _("Write your question.")}, code="required")
    with transaction.atomic():
        session = _locked_session(session)
        if session.state != SessionState.OPEN:
            raise ValidationError(
                {"text": _("This session is not accepting questions.")}, code="closed"
            )
        waiting = Question.objects.filter(
            session=session, author=author, status=QuestionStatus.PENDING
        ).count()
        if waiting >= MAX_PENDING_PER_AUTHOR:
            raise ValidationError(
                {
                    "text": _(
                        "You already have %(count)s questions waiting for a moderator. Please "
                        "wait until they are read before asking another."
                    )
                    % {"count": waiting}
                },
                code="throttled",
            )
        question = Question.objects.create(
            session=session, author=author, author_name=author.public_name, text=text
        )
        audit_record(actor=author, action="live.question_asked", target=question)
        events.question_submitted(question)
    return question


def _decide(*, question: Question, by: Any, status: str) -> Question:
    with transaction.atomic():
        question = _locked_question(question)
        if not can_moderate(by, question.session):
            raise PermissionDenied
        if question.status != QuestionStatus.PENDING:
            raise ValidationError(_("This question has already been decided."), code="decided")
        if question.session.state not in (SessionState.OPEN, SessionState.CLOSED):
            raise ValidationError(_("This session is over."), code="over")
        question.status = status
        question.decided_at = timezone.now()
        question.save(update_fields=["status", "decided_at"])
        audit_record(actor=by, action=f"live.question_{status}", target=question)
        events.question_decided(question)
        if status == QuestionStatus.PUBLISHED:
            events.question_published(question)
    return question


def question_publish(*, question: Question, by: Any) -> Question:
    return _decide(question=question, by=by, status=QuestionStatus.PUBLISHED)


def question_reject(*, question: Question, by: Any) -> Question:
    return _decide(question=question, by=by, status=QuestionStatus.REJECTED)


def answer_give(*, question: Question, by: Any, text: str) -> Answer:
    """An official's answer to a published question, while the session is open or closed
    (not once its transcript is published)."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write your answer.")}, code="required")
    with transaction.atomic():
        question = _locked_question(question)
        official = official_for(by, question.session)
        if official is None:
            raise PermissionDenied
        if question.status != QuestionStatus.PUBLISHED:
            raise ValidationError(_("Only published questions are answered."), code="unpublished")
        if question.session.state not in (SessionState.OPEN, SessionState.CLOSED):
            raise ValidationError(_("This session is over."), code="over")
        answer = Answer.objects.create(
            question=question,
            official=official,
            official_name=official.display_name,
            official_title=official.title,
            text=text,
        )
        audit_record(actor=by, action="live.answer_given", target=question)
        events.answer_given(answer)
    return answer


def question_upvote(*, question: Question, user: Any) -> int:
    """`user`'s vote for a published question of an open session, once (the constraint
    keeps it so under any concurrency); the question's new count of votes."""
    if not can_take_part(user):
        raise PermissionDenied
    with transaction.atomic():
        question = _locked_question(question)
        if question.status != QuestionStatus.PUBLISHED:
            raise ValidationError(_("Only published questions take votes."), code="unpublished")
        if question.session.state != SessionState.OPEN:
            raise ValidationError(_("This session is not taking votes."), code="closed")
        try:
            with transaction.atomic():
                Vote.objects.create(question=question, user=user)
        except IntegrityError:
            raise ValidationError(
                _("You have already voted for this question."), code="voted"
            ) from None
        question.votes = F("votes") + 1
        question.save(update_fields=["votes"])
        question.refresh_from_db(fields=["votes"])
        events.votes_changed(question)
    return question.votes
