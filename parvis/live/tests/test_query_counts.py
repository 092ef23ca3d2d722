"""The session's page, its transcript and the list issue as many SQL queries with many
questions, answers and sessions as with a few."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.live.models import Answer, SessionState
from parvis.live.tests.factories import question_create, session_create

pytestmark = pytest.mark.django_db

SMALL, LARGE = 10, 200


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def add(session, author, count: int) -> None:
    for n in range(count):
        question = question_create(session, author, text=f"Question {n}", votes=n % 7)
        Answer.objects.create(question=question, official_name="Jeanne Martin", text=f"R {n}")


@pytest.mark.parametrize("signed_in", [False, True])
def test_query_counts_do_not_grow_with_the_questions(client, space, official, resident, signed_in):
    live = session_create(space, officials=[official])
    done = session_create(space, state=SessionState.PUBLISHED, title="Passée")
    if signed_in:
        client.force_login(official)
    urls = [f"/live/{live.pk}/", f"/live/{done.pk}/transcript/", "/live/"]
    add(live, resident, SMALL)
    add(done, resident, SMALL)
    for url in urls:
        queries_for(client, url)  # warm up
    small = [queries_for(client, url) for url in urls]

    add(live, resident, LARGE)
    add(done, resident, LARGE)
    for n in range(15):
        session_create(space, title=f"Session {n}")
    large = [queries_for(client, url) for url in urls]

    assert small == large
