"""The back office answers through the service: an elected official's answer from the change
page is signed, moves the status and notifies; declining without a reason is refused next to
the field; a communication officer reads without the answer fields."""

from __future__ import annotations

import pytest

from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.notifications.models import Notification
from parvis.suggestions.models import Answer
from parvis.suggestions.tests.factories import make_neighbourhood, make_suggestion

pytestmark = pytest.mark.django_db

INLINE = {
    "answers-TOTAL_FORMS": "0",
    "answers-INITIAL_FORMS": "0",
    "answers-MIN_NUM_FORMS": "0",
    "answers-MAX_NUM_FORMS": "1000",
}


@pytest.fixture
def suggestion(resident):
    space, _councillor = make_neighbourhood()
    return make_suggestion(resident, space, title="Des bancs")


def test_an_elected_official_answers_from_the_change_page(client, staff_member, suggestion):
    elected = staff_member(Role.ELECTED_OFFICIAL)
    sign_in(client, elected)
    url = f"/en/backoffice/suggestions/suggestion/{suggestion.pk}/change/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"new_status": "declined", "answer": "", **INLINE})
    assert refused.status_code == 400  # an invalid form answers 400 (core.middleware)
    assert "Write the answer." in refused.content.decode()
    assert Answer.objects.count() == 0
    response = client.post(url, {"new_status": "accepted", "answer": "Retenue.", **INLINE})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"
    answer = Answer.objects.get()
    assert (answer.text, answer.author_id, answer.signed_function) == (
        "Retenue.",
        elected.pk,
        "Élu",
    )
    assert Notification.objects.filter(kind="suggestions.answered").count() == 1


def test_a_communication_officer_reads_without_answering(client, officer, suggestion):
    sign_in(client, officer)
    page = client.get(f"/en/backoffice/suggestions/suggestion/{suggestion.pk}/change/")
    assert page.status_code == 200
    assert 'name="new_status"' not in page.content.decode()
