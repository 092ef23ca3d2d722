"""The back office of live sessions (a communication officer plans one; officials from
another space are refused next to the field, nothing saved) and what an erased account
leaves of its questions."""

from __future__ import annotations

import pytest

from conftest import make_user
from parvis.accounts.services import user_delete
from parvis.accounts.tests.helpers import sign_in
from parvis.live.models import LiveSession, Question
from parvis.live.tests.factories import official_create, question_create, space_create
from parvis.search.models import SearchDocument
from parvis.spaces.models import SpaceMembership

pytestmark = pytest.mark.django_db

ADD = "/backoffice/live/livesession/add/"


def form(space, officials, **overrides: str) -> dict:
    data = {
        "space": str(space.pk),
        "title": "Le marché couvert : vos questions",
        "description": "",
        "starts_at_0": "12/03/2030",
        "starts_at_1": "18:30",
        "ends_at_0": "12/03/2030",
        "ends_at_1": "19:30",
        "officials": [str(m.pk) for m in officials],
        "moderators": [],
    }
    data.update(overrides)
    return data


def test_an_officer_plans_a_session_found_by_the_search(client, officer):
    space = space_create()
    official_create(space)
    sign_in(client, officer)

    response = client.post(ADD, form(space, SpaceMembership.objects.all()))

    assert response.status_code == 302
    session = LiveSession.objects.get()
    assert (session.state, session.officials.count()) == ("scheduled", 1)
    assert SearchDocument.objects.filter(kind="live_sessions", object_id=session.pk).exists()


def test_officials_of_another_space_or_an_end_before_the_start_are_refused(client, officer):
    space, other = space_create(), space_create("halle", "La halle")
    official_create(other)
    sign_in(client, officer)

    response = client.post(ADD, form(space, SpaceMembership.objects.all(), ends_at_0="11/03/2030"))

    assert response.status_code == 400  # the form again, with its errors
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"officials", "ends_at"}
    assert not LiveSession.objects.exists()


@pytest.mark.parametrize("erase", [False, True])
def test_an_erased_account_s_published_questions_stay_without_its_name(live_session, erase):
    gone = make_user("depart@example.org", display_name="Sam")
    question_create(live_session, gone, text="Publiée")
    question_create(live_session, gone, text="En attente", status="pending")

    user_delete(user=gone, erase_contributions=erase)

    left = list(Question.objects.values_list("text", "author", "author_name"))
    assert left == ([] if erase else [("Publiée", None, "")])
