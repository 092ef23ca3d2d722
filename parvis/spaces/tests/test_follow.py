"""Following and unfollowing a space from its page: the one follow button of the site.

The space page carries the notifications app's follow button, whose form posts to the
generic follow views with the space named as "spaces.space:<id>" and the page to come back
to. These tests press that button as a browser without JavaScript would: they read the
form on the page and send its fields to its address. POST only, signed in, CSRF-checked,
rate limited.
"""

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

SPACE_PAGE = "/spaces/centre-ville/"
FOLLOW = "/accounts/subscriptions/follow/"
UNFOLLOW = "/accounts/subscriptions/unfollow/"


@pytest.fixture
def space() -> Space:
    return make_space("centre-ville", name="Centre-ville")


def follows(user, space) -> int:
    return Subscription.objects.filter(
        user=user, target_type=ContentType.objects.get_for_model(Space), target_id=space.pk
    ).count()


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def messages_of(response) -> list[str]:
    return [p.text for p in soup(response).select(".messages .message")]


def follow_form(page: BeautifulSoup):
    return page.select_one("main .follow-button form")


def form_fields(form) -> dict[str, str]:
    return {field["name"]: field["value"] for field in form.select("input[type=hidden]")}


def press_follow_button(client: Client, path: str = SPACE_PAGE, **options):
    """Open the page at `path` and send its follow button's form, as a browser would."""
    form = follow_form(soup(client.get(path)))
    return client.post(form["action"], form_fields(form), **options)


def space_fields(space: Space, next_path: str = SPACE_PAGE) -> dict[str, str]:
    """What the space page's button sends, for requests made without opening the page."""
    return {"target": f"spaces.space:{space.pk}", "next": next_path}


def test_the_space_page_carries_the_follow_button_of_the_notifications_app(client, resident, space):
    client.force_login(resident)

    form = follow_form(soup(client.get(SPACE_PAGE)))

    assert form["method"] == "post"
    assert form["action"] == FOLLOW
    fields = form_fields(form)
    assert fields == {
        "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
        "target": f"spaces.space:{space.pk}",
        "next": "/spaces/centre-ville/",
    }
    with translation.override("fr"):
        assert form.button.text == gettext("Follow") + " Centre-ville"
    assert form.button["type"] == "submit"  # a real button: Enter and Space press it


def test_a_resident_follows_then_unfollows_a_space(client, resident, space):
    client.force_login(resident)

    response = press_follow_button(client, follow=True)

    assert response.redirect_chain == [("/spaces/centre-ville/", 302)]
    assert follows(resident, space) == 1
    with translation.override("fr"):
        assert messages_of(response) == [
            gettext("You now follow %(what)s. You can stop at any time.") % {"what": "Centre-ville"}
        ]
        unfollow_button = gettext("Stop following")
    form = follow_form(soup(response))
    assert form["action"] == UNFOLLOW
    assert form.button.text == f"{unfollow_button} Centre-ville"

    response = press_follow_button(client, follow=True)

    assert response.redirect_chain == [("/spaces/centre-ville/", 302)]
    assert follows(resident, space) == 0
    with translation.override("fr"):
        assert messages_of(response) == [
            gettext("You no longer follow %(what)s.") % {"what": "Centre-ville"}
        ]
    assert follow_form(soup(response))["action"] == FOLLOW


def test_the_button_brings_back_to_the_page_in_its_language(client, resident, space):
    client.force_login(resident)

    response = press_follow_button(client, "/en/spaces/centre-ville/", follow=True)

    assert response.redirect_chain == [("/en/spaces/centre-ville/", 302)]
    assert follows(resident, space) == 1
    assert messages_of(response) == ["You now follow Centre-ville. You can stop at any time."]


def test_a_next_address_on_another_site_is_not_followed(client, resident, space):
    client.force_login(resident)

    response = client.post(FOLLOW, space_fields(space, "https://evil.example/spaces/"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/subscriptions/"
    assert follows(resident, space) == 1


def test_following_twice_keeps_one_subscription_and_says_nothing_the_second_time(
    client, resident, space
):
    client.force_login(resident)
    client.post(FOLLOW, space_fields(space), follow=True)

    response = client.post(FOLLOW, space_fields(space), follow=True)

    assert response.redirect_chain == [("/spaces/centre-ville/", 302)]
    assert follows(resident, space) == 1
    assert messages_of(response) == []


def test_unfollowing_a_space_not_followed_changes_nothing(client, resident, other_resident, space):
    neighbour = Client()
    neighbour.force_login(other_resident)
    press_follow_button(neighbour)
    client.force_login(resident)

    response = client.post(UNFOLLOW, space_fields(space), follow=True)

    assert response.redirect_chain == [("/spaces/centre-ville/", 302)]
    assert messages_of(response) == []
    assert follows(other_resident, space) == 1


def test_a_visitor_is_offered_to_sign_in_and_come_back(client, space):
    page = soup(client.get(SPACE_PAGE))

    assert follow_form(page) is None
    link = page.select_one("main .follow-button a")
    assert link["href"] == "/accounts/login/?next=/spaces/centre-ville/"
    with translation.override("fr"):
        assert link.text == gettext("Sign in to follow %(what)s") % {"what": "Centre-ville"}


@pytest.mark.parametrize("address", [FOLLOW, UNFOLLOW])
def test_a_visitor_is_sent_to_sign_in_and_nothing_changes(client, space, address):
    response = client.post(address, space_fields(space))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={address}"
    assert Subscription.objects.count() == 0


@pytest.mark.parametrize("address", [FOLLOW, UNFOLLOW])
def test_following_is_never_done_by_a_get(client, resident, space, address):
    client.force_login(resident)

    response = client.get(address, space_fields(space))

    assert response.status_code == 405
    assert Subscription.objects.count() == 0


@pytest.mark.parametrize("address", [FOLLOW, UNFOLLOW])
def test_an_unpublished_or_unknown_space_cannot_be_followed(client, resident, address):
    closed = make_space("closed", is_published=False)
    client.force_login(resident)

    assert client.post(address, {"target": f"spaces.space:{closed.pk}"}).status_code == 404
    assert client.post(address, {"target": f"spaces.space:{closed.pk + 1}"}).status_code == 404
    assert Subscription.objects.count() == 0


@pytest.mark.parametrize("address", [FOLLOW, UNFOLLOW])
def test_a_post_without_the_csrf_token_is_refused_with_the_friendly_page(resident, space, address):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    if address == UNFOLLOW:
        Subscription.objects.create(
            user=resident, target_type=ContentType.objects.get_for_model(Space), target_id=space.pk
        )

    response = client.post(address, space_fields(space))

    assert response.status_code == 403
    page = soup(response)
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
    assert follows(resident, space) == (1 if address == UNFOLLOW else 0)


def test_the_follow_form_of_the_page_carries_a_csrf_token_that_works(resident, space):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)

    response = press_follow_button(client)

    assert response.status_code == 302
    assert response["Location"] == "/spaces/centre-ville/"
    assert follows(resident, space) == 1


def test_too_many_follow_clicks_answer_429_with_how_long_to_wait(client, resident, space):
    client.force_login(resident)
    for number in range(30):  # the limit per account is 30 a minute
        address = FOLLOW if number % 2 == 0 else UNFOLLOW
        assert client.post(address, space_fields(space)).status_code == 302
    assert follows(resident, space) == 0

    response = client.post(FOLLOW, space_fields(space))

    assert response.status_code == 429
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= 61
    page = soup(response)
    with translation.override("fr"):
        assert page.h1.text == gettext("Too many attempts")
        assert wait_message(seconds) in page.text
    assert follows(resident, space) == 0  # the refused click changed nothing


def test_the_limit_counts_each_account_on_its_own(client, resident, other_resident, space):
    client.force_login(resident)
    for _ in range(31):
        client.post(FOLLOW, space_fields(space))
    assert client.post(FOLLOW, space_fields(space)).status_code == 429

    client.force_login(other_resident)

    assert client.post(FOLLOW, space_fields(space)).status_code == 302
    assert follows(other_resident, space) == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_follow_clicks_make_exactly_one_subscription():
    report = race_report("follow_at_once")

    assert report == {"statuses": ["302", "302", "302", "302"], "rows": 1}


def test_the_spaces_app_has_no_follow_addresses_of_its_own(client, resident, space):
    client.force_login(resident)

    for action in ["follow", "unfollow"]:
        assert client.post(f"/spaces/centre-ville/{action}/").status_code == 404
    assert Subscription.objects.count() == 0


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
    assert len(addresses) == 4  # the premise: every address of the app is here

    statuses = {address: client.post(address).status_code for address in addresses}

    assert statuses == dict.fromkeys(addresses, 403)
    assert Subscription.objects.count() == 0
