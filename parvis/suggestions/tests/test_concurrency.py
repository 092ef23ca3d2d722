"""On PostgreSQL, for real: supports given at once count each person once, and answers given
at once by two officials keep one unbroken history (each answer starts from the status the
previous one left, under the row lock)."""

from __future__ import annotations

import itertools

import pytest

from conftest import make_user
from parvis.suggestions import services
from parvis.suggestions.models import Answer, Suggestion, Support
from parvis.suggestions.tests.factories import make_neighbourhood, make_suggestion

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def test_twenty_supports_at_once_count_each_person_once():
    from parvis.core.tests.concurrency import run_at_once

    space, _councillor = make_neighbourhood()
    suggestion = make_suggestion(make_user("auteur@example.org"), space)
    people = [make_user(f"p{n}@example.org") for n in range(10)]
    work = people + people  # each of ten people clicks twice, in two tabs

    def support() -> bool:
        user = work.pop()
        fresh = Suggestion.objects.select_related("space").get(pk=suggestion.pk)
        return services.suggestion_support(suggestion=fresh, user=user)

    results = run_at_once(20, support)

    assert sorted(results) == [False] * 10 + [True] * 10
    assert Support.objects.count() == 10
    suggestion.refresh_from_db()
    assert suggestion.support_count == 10


def test_answers_at_once_keep_one_unbroken_history():
    from parvis.core.tests.concurrency import run_at_once

    space, councillor = make_neighbourhood()
    elected = make_user("elu@example.org")
    from parvis.spaces.models import MemberRole
    from parvis.spaces.tests.factories import make_member

    make_member(space, elected, MemberRole.OFFICIAL, title="Adjoint")
    suggestion = make_suggestion(make_user("auteur@example.org"), space)
    work = [(councillor, "under_study"), (elected, "accepted")] * 5

    def answer() -> str:
        actor, status = work.pop()
        fresh = Suggestion.objects.select_related("space").get(pk=suggestion.pk)
        try:
            services.suggestion_answer(
                suggestion=fresh, actor=actor, text="Réponse.", to_status=status
            )
        except services.TransitionRefused:
            return "refused"
        return "answered"

    results = run_at_once(10, answer)

    answers = list(Answer.objects.order_by("created_at", "id"))
    assert results.count("answered") == len(answers) >= 1
    assert answers[0].from_status == "received"
    for before, after in itertools.pairwise(answers):
        assert after.from_status == before.to_status
    suggestion.refresh_from_db()
    assert suggestion.status == answers[-1].to_status
    assert suggestion.first_answered_at == answers[0].created_at
