"""The services of live sessions: the moderated queue, publishing, answers, votes once,
the throttle of a flood of questions, and the states moving forward only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Mailbox
from parvis.core.audit import AuditEntry
from parvis.live import services
from parvis.live.models import Answer, Question, QuestionStatus, SessionState, Vote
from parvis.live.tests.factories import question_create, session_create
from parvis.notifications.services import subscription_create

pytestmark = pytest.mark.django_db


def test_a_question_waits_for_a_moderator_who_publishes_it(
    live_session, resident, session_moderator
):
    question = services.question_ask(
        session=live_session, author=resident, text="  Et le bruit ?  "
    )

    assert (question.status, question.text, question.author_name) == (
        "pending",
        "Et le bruit ?",
        "Camille",
    )
    services.question_publish(question=question, by=session_moderator)

    question.refresh_from_db()
    assert question.status == "published"
    assert question.decided_at is not None
    assert list(
        AuditEntry.objects.filter(target_id=str(question.pk))
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["live.question_asked", "live.question_published"]


def test_a_rejected_question_stays_out_and_cannot_be_decided_twice(
    live_session, resident, session_moderator
):
    question = services.question_ask(session=live_session, author=resident, text="Hors sujet")
    services.question_reject(question=question, by=session_moderator)

    with pytest.raises(ValidationError) as error:
        services.question_publish(question=question, by=session_moderator)

    assert error.value.code == "decided"
    assert Question.objects.get().status == "rejected"


def test_only_the_sessions_moderators_or_the_town_s_decide(
    live_session, resident, other_resident, moderator
):
    question = services.question_ask(session=live_session, author=resident, text="Question")

    with pytest.raises(PermissionDenied):
        services.question_publish(question=question, by=other_resident)
    services.question_publish(question=question, by=moderator)  # the town's moderator role

    assert Question.objects.get().status == "published"


def test_a_fourth_waiting_question_is_throttled_with_a_message(live_session, resident):
    for n in range(services.MAX_PENDING_PER_AUTHOR):
        services.question_ask(session=live_session, author=resident, text=f"Question {n}")

    with pytest.raises(ValidationError) as error:
        services.question_ask(session=live_session, author=resident, text="Encore une")

    assert error.value.message_dict == {
        "text": [
            "Vous avez déjà 3 questions en attente d’un modérateur. Attendez qu’elles soient "
            "lues avant d’en poser une autre."
        ]
    }
    assert Question.objects.count() == 3


@pytest.mark.parametrize("state", [SessionState.SCHEDULED, SessionState.CLOSED])
def test_a_session_that_is_not_open_takes_no_question(space, resident, state):
    session = session_create(space, state=state)

    with pytest.raises(ValidationError) as error:
        services.question_ask(session=session, author=resident, text="Trop tard ?")

    assert error.value.message_dict == {"text": ["Cette séance n’accepte pas de questions."]}
    assert not Question.objects.exists()


def test_an_official_of_the_session_answers_a_published_question(live_session, resident, official):
    question = question_create(live_session, resident)

    answer = services.answer_give(question=question, by=official, text="En mars.")

    assert (answer.official_name, answer.official_title, answer.text) == (
        "Jeanne Martin",
        "Adjointe aux mobilités",
        "En mars.",
    )


def test_nobody_else_answers_and_a_pending_question_is_not_answered(
    live_session, resident, official, session_moderator
):
    published = question_create(live_session, resident)
    pending = question_create(live_session, resident, status=QuestionStatus.PENDING)

    with pytest.raises(PermissionDenied):
        services.answer_give(question=published, by=session_moderator, text="Non")
    with pytest.raises(ValidationError):
        services.answer_give(question=pending, by=official, text="Non")
    assert not Answer.objects.exists()


def test_a_resident_upvotes_once(live_session, resident, other_resident):
    question = question_create(live_session, resident)

    assert services.question_upvote(question=question, user=other_resident) == 1
    assert services.question_upvote(question=question, user=resident) == 2
    with pytest.raises(ValidationError) as error:
        services.question_upvote(question=question, user=resident)

    assert error.value.code == "voted"
    assert Question.objects.get().votes == 2
    assert Vote.objects.count() == 2


def test_a_pending_question_takes_no_vote(live_session, resident, other_resident):
    question = question_create(live_session, resident, status=QuestionStatus.PENDING)

    with pytest.raises(ValidationError):
        services.question_upvote(question=question, user=other_resident)
    assert Question.objects.get().votes == 0


def test_the_session_moves_forward_one_step_at_a_time(space, session_moderator):
    session = session_create(space, state=SessionState.SCHEDULED, moderators=[session_moderator])

    with pytest.raises(ValidationError):
        services.session_state_set(session=session, state="closed", by=session_moderator)
    for state in ("open", "closed", "published"):
        session = services.session_state_set(session=session, state=state, by=session_moderator)
        assert session.state == state
    with pytest.raises(ValidationError):
        services.session_state_set(session=session, state="open", by=session_moderator)


def test_followers_hear_once_that_the_session_opened_then_that_its_answers_are_out(
    space, session_moderator, resident, other_resident, mailbox, run_tasks
):
    session = session_create(
        space,
        title="Le marché couvert",
        state=SessionState.SCHEDULED,
        moderators=[session_moderator],
    )
    subscription_create(user=resident, target=session, language="en")
    subscription_create(user=other_resident, target=space, language="en")

    services.session_state_set(session=session, state="open", by=session_moderator)
    run_tasks()

    for person in (resident, other_resident):
        (message,) = mailbox.to(person.email)
        assert message["Subject"] == "Live now: Le marché couvert"
        assert f"/live/{session.pk}/" in Mailbox.text(message)
    mailbox.clear()
    services.session_state_set(session=session, state="closed", by=session_moderator)
    run_tasks()
    assert mailbox.messages == []  # closing is no news
    services.session_state_set(session=session, state="published", by=session_moderator)
    run_tasks()
    (message,) = mailbox.to(resident.email)
    assert message["Subject"] == "The answers of “Le marché couvert” are published"
    assert f"/live/{session.pk}/transcript/" in Mailbox.text(message)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_votes_at_once_by_one_account_count_once_and_by_twenty_count_twenty():
    from conftest import make_user
    from parvis.core.tests.concurrency import run_at_once

    session = session_create()
    author = make_user("auteur@example.org")
    question = question_create(session, author)
    one = make_user("un@example.org")

    results = run_at_once(20, lambda: services.question_upvote(question=question, user=one))

    assert sorted(str(r) for r in results if isinstance(r, int)) == ["1"]
    assert Question.objects.get().votes == 1

    people = [make_user(f"p{n}@example.org") for n in range(20)]

    def vote() -> int:
        return services.question_upvote(question=question, user=people.pop())

    counts = run_at_once(20, vote)

    assert sorted(counts) == list(range(2, 22))
    assert Question.objects.get().votes == 21
    assert Vote.objects.count() == 21
