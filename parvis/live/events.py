"""What a live session's page is told over its WebSocket, after the change commits.

Two groups per session: everyone's (`public_group`), which only ever carries what the page
itself shows to anyone (published questions, answers, vote counts, the state), and the
moderators' (`queue_group`), which the consumer lets only the session's moderators join
(the waiting questions). Each event is JSON: {"kind": ..., ...}; the page's script fills
the page's own HTML templates with it (no text of its own)."""

from __future__ import annotations

from typing import Any

from parvis.core.websockets import broadcast_on_commit, group_name
from parvis.live.models import Answer, LiveSession, Question


def public_group(session_id: int) -> str:
    return group_name("live", session_id)


def queue_group(session_id: int) -> str:
    return group_name("live", session_id, "queue")


def answer_data(answer: Answer) -> dict[str, Any]:
    return {
        "id": answer.pk,
        "text": answer.text,
        "official": answer.official_name,
        "title": answer.official_title,
    }


def question_data(question: Question, *, answers: list[Answer] | None = None) -> dict[str, Any]:
    return {
        "id": question.pk,
        "text": question.text,
        "author": question.author_name,
        "votes": question.votes,
        "answers": [answer_data(answer) for answer in answers or []],
    }


def state_changed(session: LiveSession) -> None:
    broadcast_on_commit(public_group(session.pk), {"kind": "state", "state": session.state})


def question_submitted(question: Question) -> None:
    broadcast_on_commit(
        queue_group(question.session_id), {"kind": "pending", "question": question_data(question)}
    )


def question_decided(question: Question) -> None:
    broadcast_on_commit(
        queue_group(question.session_id),
        {"kind": "decided", "question": question.pk, "status": question.status},
    )


def question_published(question: Question) -> None:
    broadcast_on_commit(
        public_group(question.session_id),
        {"kind": "question", "question": question_data(question)},
    )


def answer_given(answer: Answer) -> None:
    broadcast_on_commit(
        public_group(answer.question.session_id),
        {"kind": "answer", "question": answer.question_id, "answer": answer_data(answer)},
    )


def votes_changed(question: Question) -> None:
    broadcast_on_commit(
        public_group(question.session_id),
        {"kind": "votes", "question": question.pk, "votes": question.votes},
    )
