"""The session's WebSocket through the real ASGI application (parvis.asgi): it joins the
session's group, receives what the services broadcast after commit, never the waiting
questions unless the consumer let a moderator of the session into the queue's group."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async

from parvis.asgi import application
from parvis.core.tests.websockets import WebsocketClient as WebsocketCommunicator
from parvis.live import services
from parvis.live.models import SessionState
from parvis.live.tests.factories import question_create

# Real transactions: the consumers reach the database through Channels'
# `database_sync_to_async`, which closes a connection left inside a transaction, as a test's
# own would be (on PostgreSQL the test's connection would be gone).
pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://testserver")


def headers_for(client: Any, user: Any = None) -> list[tuple[bytes, bytes]]:
    headers = [ORIGIN]
    if user is not None:
        client.force_login(user)
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    return headers


async def connect(path: str, headers: list[tuple[bytes, bytes]]) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _code = await communicator.connect(timeout=5)
    assert connected, path
    return communicator


def committed(django_capture_on_commit_callbacks: Any, act: Any) -> Any:
    """`act` in the sync world, its on-commit broadcasts run as after a real commit."""

    def run() -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return act()

    return database_sync_to_async(run)


def test_a_reader_receives_a_published_question_but_never_a_waiting_one(
    client, live_session, resident, session_moderator, django_capture_on_commit_callbacks
):
    async def scenario() -> list[Any]:
        reader = await connect(f"/ws/live/{live_session.pk}/", [ORIGIN])
        question = await committed(
            django_capture_on_commit_callbacks,
            lambda: services.question_ask(
                session=live_session, author=resident, text="Et le bruit ?"
            ),
        )()
        assert await reader.receive_nothing(timeout=0.3)
        await committed(
            django_capture_on_commit_callbacks,
            lambda: services.question_publish(question=question, by=session_moderator),
        )()
        received = [await reader.receive_json_from(timeout=5)]
        await reader.disconnect()
        return received

    received = async_to_sync(scenario)()

    [event] = received
    assert event["kind"] == "question"
    assert {k: event["question"][k] for k in ("text", "author", "votes", "answers")} == {
        "text": "Et le bruit ?",
        "author": "Camille",
        "votes": 0,
        "answers": [],
    }


def test_a_moderator_of_the_session_gets_the_queue_and_the_decisions(
    client, live_session, resident, session_moderator, django_capture_on_commit_callbacks
):
    headers = headers_for(client, session_moderator)

    async def scenario() -> list[Any]:
        queue = await connect(f"/ws/live/{live_session.pk}/?queue=1", headers)
        question = await committed(
            django_capture_on_commit_callbacks,
            lambda: services.question_ask(session=live_session, author=resident, text="Pourquoi ?"),
        )()
        first = await queue.receive_json_from(timeout=5)
        await committed(
            django_capture_on_commit_callbacks,
            lambda: services.question_reject(question=question, by=session_moderator),
        )()
        second = await queue.receive_json_from(timeout=5)
        nothing = await queue.receive_nothing(timeout=0.3)  # a rejection is not public
        await queue.disconnect()
        return [first, second, nothing, question.pk]

    first, second, nothing, pk = async_to_sync(scenario)()

    assert first["kind"] == "pending"
    assert first["question"]["text"] == "Pourquoi ?"
    assert second == {"kind": "decided", "question": pk, "status": "rejected"}
    assert nothing is True


def test_the_queue_is_refused_to_a_resident_and_to_an_anonymous_reader(
    client, live_session, resident
):
    async def attempt(headers: list[tuple[bytes, bytes]]) -> tuple[bool, Any]:
        communicator = WebsocketCommunicator(
            application, f"/ws/live/{live_session.pk}/?queue=1", headers=headers
        )
        connected, code = await communicator.connect(timeout=5)
        return connected, code

    assert async_to_sync(attempt)([ORIGIN]) == (False, 4403)
    assert async_to_sync(attempt)(headers_for(client, resident)) == (False, 4403)


def test_an_unknown_session_and_a_foreign_origin_are_refused(client, live_session):
    async def attempt(path: str, headers: list[tuple[bytes, bytes]]) -> bool:
        communicator = WebsocketCommunicator(application, path, headers=headers)
        connected, _code = await communicator.connect(timeout=5)
        return connected

    assert async_to_sync(attempt)(f"/ws/live/{live_session.pk + 1}/", [ORIGIN]) is False
    assert (
        async_to_sync(attempt)(
            f"/ws/live/{live_session.pk}/", [(b"origin", b"https://evil.example")]
        )
        is False
    )


def test_answers_votes_and_states_reach_the_readers(
    client,
    live_session,
    resident,
    other_resident,
    official,
    session_moderator,
    django_capture_on_commit_callbacks,
):
    question = question_create(live_session, resident)

    async def scenario() -> list[Any]:
        reader = await connect(f"/ws/live/{live_session.pk}/", [ORIGIN])
        for act in (
            lambda: services.answer_give(question=question, by=official, text="En mars."),
            lambda: services.question_upvote(question=question, user=other_resident),
            lambda: services.session_state_set(
                session=live_session, state=SessionState.CLOSED, by=session_moderator
            ),
        ):
            await committed(django_capture_on_commit_callbacks, act)()
        received = [await reader.receive_json_from(timeout=5) for _ in range(3)]
        await reader.disconnect()
        return received

    answer, votes, state = async_to_sync(scenario)()

    assert answer["kind"] == "answer"
    assert answer["question"] == question.pk
    assert {k: answer["answer"][k] for k in ("text", "official", "title")} == {
        "text": "En mars.",
        "official": "Jeanne Martin",
        "title": "Adjointe aux mobilités",
    }
    assert votes == {"kind": "votes", "question": question.pk, "votes": 1}
    assert state == {"kind": "state", "state": "closed"}


class RolledBack(Exception):
    pass


def test_nothing_is_broadcast_when_the_transaction_rolls_back(
    live_session, resident, session_moderator, django_capture_on_commit_callbacks
):
    from django.db import transaction

    question = question_create(live_session, resident, status="pending")

    def rolled_back() -> None:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    services.question_publish(question=question, by=session_moderator)
                    raise RolledBack
            except RolledBack:
                pass
        assert callbacks == []

    async def scenario() -> bool:
        reader = await connect(f"/ws/live/{live_session.pk}/", [ORIGIN])
        await database_sync_to_async(rolled_back)()
        nothing = await reader.receive_nothing(timeout=0.3)
        await reader.disconnect()
        return nothing

    assert async_to_sync(scenario)() is True
