"""Reads of live sessions, with what their pages show selected in a bounded number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from parvis.live.models import Answer, LiveSession, Question, QuestionStatus, SessionState

ORDERS = ("votes", "time")


def public_sessions() -> QuerySet[LiveSession]:
    return LiveSession.objects.filter(space__is_published=True).select_related("space")


def session_for_page(pk: int) -> LiveSession | None:
    return public_sessions().filter(pk=pk).first()


def current_and_upcoming(*, limit: int = 20) -> list[LiveSession]:
    """Open sessions, then the scheduled ones, soonest first."""
    return list(
        public_sessions()
        .filter(state__in=[SessionState.OPEN, SessionState.SCHEDULED])
        .order_by("-state", "starts_at", "id")[:limit]
    )


def past_transcripts(*, limit: int = 20) -> list[LiveSession]:
    return list(
        public_sessions().filter(state=SessionState.PUBLISHED).order_by("-starts_at", "-id")[:limit]
    )


def published_questions(session: LiveSession, *, order: str = "votes") -> list[Question]:
    """The published questions of `session` with their answers (two queries)."""
    ordering = ["-votes", "created_at", "id"] if order == "votes" else ["-created_at", "-id"]
    return list(
        Question.objects.filter(session=session, status=QuestionStatus.PUBLISHED)
        .order_by(*ordering)
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("created_at", "id")))
    )


def pending_questions(session: LiveSession) -> list[Question]:
    """The moderators' queue, oldest first."""
    return list(
        Question.objects.filter(session=session, status=QuestionStatus.PENDING).order_by(
            "created_at", "id"
        )
    )


def voted_question_ids(session: LiveSession, user: Any) -> set[int]:
    from parvis.live.models import Vote

    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Vote.objects.filter(question__session=session, user=user).values_list(
            "question_id", flat=True
        )
    )


def searchable_sessions() -> QuerySet[LiveSession]:
    return public_sessions().prefetch_related(
        Prefetch(
            "questions",
            queryset=Question.objects.filter(status=QuestionStatus.PUBLISHED).prefetch_related(
                "answers"
            ),
            to_attr="published",
        )
    )


def closed_sessions(*, limit: int = 10) -> list[LiveSession]:
    """Sessions over whose transcript is not published yet."""
    return list(
        public_sessions().filter(state=SessionState.CLOSED).order_by("-starts_at", "-id")[:limit]
    )
