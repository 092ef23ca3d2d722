"""Following and unfollowing a space: POST only, signed in, CSRF-checked, rate limited."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from parvis.core.ratelimit import wait_message
from parvis.core.tests.concurrency import race_report
from parvis.notifications.models import Subscription
from parvis.spaces import urls
from parvis.spaces.models import Space
from parvis.spaces.tests.factories import make_page, make_space

pytestmark = pytest.mark.django_db


@pytest.fixture
def space() -> Space:
    return make_space("centre-ville", name="Centre-ville")


def follows(user, space) -> int:
    return Subscription.objects.filter(
        user=user, target_type=ContentType.objects.get_for_model(Space), target_id=space.pk
    ).count()


def messages_of(response) -> list[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return [p.text for p in page.select(".messages .message")]


def test_a_resident_follows_then_unfollows_a_space(client, resident, space):
    client.force_login(resident)

    response = client.post("/spaces/centre-ville/follow/", follow=True)

    assert response.redirect_chain == [("/spaces/centre-ville/", 302)]
    assert follows(resident, space) == 1
    with translation.override("fr"):
        assert messages_of(response) == [
            gettext("You now follow %(space)s. You can stop at any time.")
            % {"space": "Centre-ville"}
        ]
        unfollow_button = gettext("Stop following")
    form = BeautifulSoup(response.content, "html.parser").select_one(
        "form[action='/spaces/centre-ville/unfollow/']"
    )
    assert form.button.text.startswith(unfollow_button)

    response = client.post("/spaces/centre-ville/unfollow/", follow=True)

    assert response.redirect_chain == [("/spaces/centre-ville/", 302)]
    assert follows(resident, space) == 0
    with translation.override("fr"):
        assert messages_of(response) == [
            gettext("You no longer follow %(space)s.") % {"space": "Centre-ville"}
        ]


def test_following_twice_keeps_one_subscription_and_says_nothing_the_second_time(
    client, resident, space
):
    client.force_login(resident)
    client.post("/spaces/centre-ville/follow/", follow=True)

    response = client.post("/spaces/centre-ville/follow/", follow=True)

    assert response.redirect_chain == [("/spaces/centre-ville/", 302)]
    assert follows(resident, space) == 1
    assert messages_of(response) == []


def test_unfollowing_a_space_not_followed_changes_nothing(client, resident, other_resident, space):
    neighbour = Client()
    neighbour.force_login(other_resident)
    neighbour.post("/spaces/centre-ville/follow/")
    client.force_login(resident)

    response = client.post("/spaces/centre-ville/unfollow/", follow=True)

    assert response.redirect_chain == [("/spaces/centre-ville/", 302)]
    assert messages_of(response) == []
    assert follows(other_resident, space) == 1


@pytest.mark.parametrize("action", ["follow", "unfollow"])
def test_a_visitor_is_sent_to_sign_in_and_nothing_changes(client, space, action):
    response = client.post(f"/spaces/centre-ville/{action}/")

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/spaces/centre-ville/{action}/"
    assert Subscription.objects.count() == 0


@pytest.mark.parametrize("action", ["follow", "unfollow"])
def test_following_is_never_done_by_a_get(client, resident, space, action):
    client.force_login(resident)

    response = client.get(f"/spaces/centre-ville/{action}/")

    assert response.status_code == 405
    assert Subscription.objects.count() == 0


@pytest.mark.parametrize("action", ["follow", "unfollow"])
def test_an_unpublished_or_unknown_space_cannot_be_followed(client, resident, action):
    make_space("closed", is_published=False)
    client.force_login(resident)

    assert client.post(f"/spaces/closed/{action}/").status_code == 404
    assert client.post(f"/spaces/nowhere/{action}/").status_code == 404
    assert Subscription.objects.count() == 0


@pytest.mark.parametrize("action", ["follow", "unfollow"])
def test_a_post_without_the_csrf_token_is_refused_with_the_friendly_page(resident, space, action):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    if action == "unfollow":
        Subscription.objects.create(
            user=resident, target_type=ContentType.objects.get_for_model(Space), target_id=space.pk
        )

    response = client.post(f"/spaces/centre-ville/{action}/")

    assert response.status_code == 403
    page = BeautifulSoup(response.content, "html.parser")
    with translation.override("fr"):
        assert page.h1.text == gettext("Access denied")
        assert (
            gettext(
                "The form had expired or came from another site. Go back, reload the page and "
                "send it again."
            )
            in page.text
        )
    assert "Traceback" not in page.text
    assert follows(resident, space) == (1 if action == "unfollow" else 0)


def test_the_follow_form_of_the_page_carries_a_csrf_token_that_works(resident, space):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    page = BeautifulSoup(client.get("/spaces/centre-ville/").content, "html.parser")
    form = page.select_one("form[action='/spaces/centre-ville/follow/']")
    token = form.select_one("input[name=csrfmiddlewaretoken]")["value"]

    response = client.post(form["action"], {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert follows(resident, space) == 1


def test_too_many_follow_clicks_answer_429_with_how_long_to_wait(client, resident, space):
    client.force_login(resident)
    for number in range(30):  # the limit per account is 30 a minute
        action = "follow" if number % 2 == 0 else "unfollow"
        assert client.post(f"/spaces/centre-ville/{action}/").status_code == 302
    assert follows(resident, space) == 0

    response = client.post("/spaces/centre-ville/follow/")

    assert response.status_code == 429
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= 61
    page = BeautifulSoup(response.content, "html.parser")
    with translation.override("fr"):
        assert page.h1.text == gettext("Too many attempts")
        assert wait_message(seconds) in page.text
    assert follows(resident, space) == 0  # the refused click changed nothing


def test_the_limit_counts_each_account_on_its_own(client, resident, other_resident, space):
    client.force_login(resident)
    for _ in range(31):
        client.post("/spaces/centre-ville/follow/")
    assert client.post("/spaces/centre-ville/follow/").status_code == 429

    client.force_login(other_resident)

    assert client.post("/spaces/centre-ville/follow/").status_code == 302
    assert follows(other_resident, space) == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_follow_clicks_make_exactly_one_subscription():
    report = race_report("follow_at_once")

    assert report == {"statuses": ["302", "302", "302", "302"], "rows": 1}


def test_no_address_of_the_spaces_app_accepts_a_post_without_the_csrf_token(resident, space):
    make_page(space, "history")
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    values = {"slug": "centre-ville", "page_slug": "history", "kind": "neighbourhood"}
    addresses = [
        "/spaces/"
        + str(pattern.pattern)
        .replace("<slug:slug>", values["slug"])
        .replace("<slug:page_slug>", values["page_slug"])
        .replace("<str:kind>", values["kind"])
        for pattern in urls.urlpatterns
    ]
    assert len(addresses) == 6  # the premise: every address of the app is here

    statuses = {address: client.post(address).status_code for address in addresses}

    assert statuses == dict.fromkeys(addresses, 403)
    assert Subscription.objects.count() == 0
