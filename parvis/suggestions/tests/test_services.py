"""The services of suggestions: posting (bad input, moderation, the author follows), the
official answers (signature, status flow, a reason to decline, the first answer's time, who
may answer), one support per person, private visibility, erasure."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from conftest import make_user
from parvis.accounts.erasure import before_user_deleted
from parvis.accounts.roles import Role
from parvis.moderation.models import ModerationStatus
from parvis.notifications.models import Subscription
from parvis.spaces.models import ModerationPolicy
from parvis.suggestions import selectors, services
from parvis.suggestions.models import Answer, Suggestion, SuggestionStatus, Support, Visibility
from parvis.suggestions.permissions import can_answer, can_see
from parvis.suggestions.tests.factories import (
    INSIDE,
    make_category,
    make_neighbourhood,
    make_suggestion,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages compared in English (the catalogue lacks this app's strings until merged)."""
    with translation.override("en"):
        yield


@pytest.fixture
def place():
    return make_neighbourhood()


def test_a_resident_posts_a_suggestion_and_follows_it(resident, place):
    space, _councillor = place
    suggestion = make_suggestion(resident, space, lat=INSIDE[0], lon=INSIDE[1])
    assert suggestion.status == SuggestionStatus.RECEIVED
    assert suggestion.moderation_status == ModerationStatus.VISIBLE
    assert (suggestion.lat, suggestion.lon) == INSIDE
    assert Subscription.objects.filter(user=resident, target_id=suggestion.pk).count() == 1


def test_bad_input_is_refused_by_field_and_nothing_is_saved(resident, place):
    space, _councillor = place
    with pytest.raises(ValidationError) as error:
        make_suggestion(resident, space, title=" ", text="", lat=48.85, lon=2.35)
    assert set(error.value.message_dict) == {"title", "text", "lat", "lon"}
    assert error.value.message_dict["lat"] == ["This position is outside the town."]
    assert Suggestion.objects.count() == 0


def test_a_space_moderated_before_publication_holds_the_suggestion(resident):
    space, _councillor = make_neighbourhood("gare", moderation_policy=ModerationPolicy.BEFORE)
    suggestion = make_suggestion(resident, space)
    assert suggestion.moderation_status == ModerationStatus.PENDING
    assert list(selectors.public_suggestions()) == []


def test_the_councillor_answers_signed_and_the_status_follows_the_flow(resident, place):
    space, councillor = place
    suggestion = make_suggestion(resident, space)
    first = services.suggestion_answer(
        suggestion=suggestion, actor=councillor, text="Nous étudions.", to_status="under_study"
    )
    assert (first.signed_name, first.signed_function) == (
        "Hélène Garnier",
        "Conseillère du quartier centre-ville",
    )
    assert (first.from_status, first.to_status) == ("received", "under_study")
    suggestion.refresh_from_db()
    assert suggestion.first_answered_at == first.created_at
    services.suggestion_answer(
        suggestion=suggestion, actor=councillor, text="Retenue.", to_status="accepted"
    )
    services.suggestion_answer(
        suggestion=suggestion, actor=councillor, text="Installés.", to_status="done"
    )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.DONE
    assert suggestion.first_answered_at == first.created_at
    assert [(a.from_status, a.to_status) for a in Answer.objects.order_by("id")] == [
        ("received", "under_study"),
        ("under_study", "accepted"),
        ("accepted", "done"),
    ]
    with pytest.raises(ValidationError) as error:
        services.suggestion_answer(
            suggestion=suggestion, actor=councillor, text="Non.", to_status="declined"
        )
    assert error.value.message_dict["to_status"] == [
        "A suggestion cannot go from “Done” to “Declined”."
    ]
    assert Answer.objects.count() == 3


def test_declining_needs_a_reason(resident, place):
    space, councillor = place
    suggestion = make_suggestion(resident, space)
    with pytest.raises(ValidationError) as error:
        services.suggestion_answer(
            suggestion=suggestion, actor=councillor, text="  ", to_status="declined"
        )
    assert error.value.message_dict == {"text": ["Give the reason why the suggestion is declined."]}
    services.suggestion_answer(
        suggestion=suggestion, actor=councillor, text="Trop étroit.", to_status="declined"
    )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.DECLINED


def test_who_may_answer(resident, other_resident, place, staff_member):
    space, councillor = place
    _elsewhere, other_councillor = make_neighbourhood("gare")
    suggestion = make_suggestion(resident, space)
    elected = staff_member(Role.ELECTED_OFFICIAL)
    officer = staff_member(Role.COMMUNICATION_OFFICER)
    assert can_answer(councillor, suggestion)
    assert can_answer(elected, suggestion)
    for someone in (resident, other_resident, other_councillor, officer):
        assert not can_answer(someone, suggestion)
        with pytest.raises(PermissionDenied):
            services.suggestion_answer(
                suggestion=suggestion, actor=someone, text="Oui.", to_status="accepted"
            )
    assert Answer.objects.count() == 0
    answer = services.suggestion_answer(
        suggestion=suggestion, actor=elected, text="Oui.", to_status="accepted"
    )
    assert answer.signed_function == "Élu"  # the role's label, in the town's language


def test_one_support_per_person_counted(resident, other_resident, place):
    space, councillor = place
    suggestion = make_suggestion(resident, space)
    assert services.suggestion_support(suggestion=suggestion, user=other_resident) is True
    assert services.suggestion_support(suggestion=suggestion, user=other_resident) is False
    assert services.suggestion_support(suggestion=suggestion, user=councillor) is True
    suggestion.refresh_from_db()
    assert suggestion.support_count == 2
    with pytest.raises(ValidationError):
        services.suggestion_support(suggestion=suggestion, user=resident)  # their own
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(suggestion=suggestion, user=other_resident)


def test_a_declined_suggestion_takes_no_more_support(resident, other_resident, place):
    space, councillor = place
    suggestion = make_suggestion(resident, space)
    services.suggestion_answer(
        suggestion=suggestion, actor=councillor, text="Non, car…", to_status="declined"
    )
    with pytest.raises(ValidationError):
        services.suggestion_support(suggestion=suggestion, user=other_resident)


def test_a_private_suggestion_is_seen_by_its_author_and_the_officials_only(
    resident, other_resident, place, staff_member
):
    space, councillor = place
    _elsewhere, other_councillor = make_neighbourhood("gare")
    suggestion = make_suggestion(resident, space, visibility=Visibility.PRIVATE)
    assert not suggestion.is_public
    assert list(selectors.public_suggestions()) == []
    from django.contrib.auth.models import AnonymousUser

    seen = {
        "author": can_see(resident, suggestion),
        "councillor": can_see(councillor, suggestion),
        "elected official": can_see(staff_member(Role.ELECTED_OFFICIAL), suggestion),
        "moderator": can_see(staff_member(Role.MODERATOR), suggestion),
        "other resident": can_see(other_resident, suggestion),
        "other councillor": can_see(other_councillor, suggestion),
        "communication officer": can_see(staff_member(Role.COMMUNICATION_OFFICER), suggestion),
        "anonymous": can_see(AnonymousUser(), suggestion),
    }
    assert seen == {
        "author": True,
        "councillor": True,
        "elected official": True,
        "moderator": True,
        "other resident": False,
        "other councillor": False,
        "communication officer": True,  # reads suggestions in the back office
        "anonymous": False,
    }
    with pytest.raises(ValidationError):
        services.suggestion_support(suggestion=suggestion, user=other_resident)


def test_the_median_time_to_a_first_answer(resident, place):
    from datetime import timedelta

    space, councillor = place
    assert selectors.median_first_answer(space=space) is None
    for hours, title in ((2, "Un"), (10, "Deux"), (30, "Trois")):
        suggestion = make_suggestion(resident, space, title=title)
        services.suggestion_answer(
            suggestion=suggestion, actor=councillor, text="Vu.", to_status="under_study"
        )
        Suggestion.objects.filter(pk=suggestion.pk).update(
            created_at=suggestion.first_answered_at - timedelta(hours=hours)
        )
    make_suggestion(resident, space, title="Sans réponse")
    assert selectors.median_first_answer(space=space) == timedelta(hours=10)
    assert selectors.median_first_answer() == timedelta(hours=10)


def test_erasure_withdraws_supports_and_keeps_or_deletes_suggestions(resident, place):
    space, councillor = place
    supporter = make_user("soutien@example.org")
    kept = make_suggestion(resident, space, title="Gardée")
    services.suggestion_support(suggestion=kept, user=supporter)
    mine = make_suggestion(supporter, space, title="À moi")
    services.suggestion_answer(
        suggestion=mine, actor=councillor, text="Merci.", to_status="under_study"
    )
    before_user_deleted(supporter, erase_contributions=False)
    kept.refresh_from_db()
    mine.refresh_from_db()
    assert kept.support_count == 0
    assert mine.author is None
    assert mine.answers.count() == 1
    before_user_deleted(resident, erase_contributions=True)
    assert not Suggestion.objects.filter(pk=kept.pk).exists()
    # An official's answers stay, signed, when the official's account goes.
    before_user_deleted(councillor, erase_contributions=True)
    assert Answer.objects.get().signed_name == "Hélène Garnier"


def test_a_category_out_of_use_is_refused(resident, place):
    space, _councillor = place
    old = make_category("ancienne", "Ancienne")
    old.is_active = False
    old.save()
    with pytest.raises(ValidationError) as error:
        make_suggestion(resident, space, category=old)
    assert list(error.value.message_dict) == ["category"]
