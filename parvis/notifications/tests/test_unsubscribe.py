"""One-click unsubscribe (RFC 8058): from the received message's header, with no login."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from parvis.notifications.models import Frequency, Subscription
from parvis.notifications.tests.factories import (
    follower,
    notify_about,
    publish_page,
    unsubscribe_path,
)
from parvis.notifications.tokens import make_token, read_token
from parvis.spaces.tests.factories import make_space
from parvis.tags.models import Tag

pytestmark = pytest.mark.django_db
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


@pytest.fixture
def space():
    return make_space("vieux-bourg", name="Vieux-Bourg")


@pytest.fixture
def mail_provider() -> Client:
    """A mail provider's server: no cookie, no CSRF token, posting what RFC 8058 says."""
    return Client(enforce_csrf_checks=True)


def subscriptions_of(user) -> list[str]:
    return sorted(s.topic or str(s.followed) for s in Subscription.objects.filter(user=user))


def received_link(mailbox, address: str) -> str:
    [message] = mailbox.to(address)
    return unsubscribe_path(message)


def test_one_click_from_the_message_header_stops_that_subscription(
    space, mailbox, run_tasks, mail_provider
):
    alice = follower("alice@example.org", space, "news")
    publish_page(space)
    run_tasks()
    path = received_link(mailbox, "alice@example.org")

    response = mail_provider.post(path, ONE_CLICK)

    assert response.status_code == 200
    assert subscriptions_of(alice) == ["news"]  # only the space that caused the message
    assert mail_provider.cookies == {}
    assert "Set-Cookie" not in response.headers


def test_the_link_of_a_message_caused_by_several_subscriptions_stops_everything(
    space, mailbox, run_tasks, mail_provider
):
    tag = Tag.objects.create(name="Travaux", slug="travaux")
    page = publish_page(space)
    alice = follower("alice@example.org", space, tag, "announcements")
    notify_about(page, tags=[tag])
    run_tasks()
    path = received_link(mailbox, "alice@example.org")

    response = mail_provider.post(path, ONE_CLICK)

    assert response.status_code == 200
    assert subscriptions_of(alice) == []


def test_opening_the_link_asks_first_and_changes_nothing(space, mailbox, run_tasks):
    alice = follower("alice@example.org", space)
    publish_page(space)
    run_tasks()
    path = received_link(mailbox, "alice@example.org")
    visitor = Client()

    response = visitor.get(path)

    assert response.status_code == 200
    assert subscriptions_of(alice) == ["Vieux-Bourg"]
    assert visitor.cookies == {}
    assert "Set-Cookie" not in response.headers
    page = BeautifulSoup(response.content, "html.parser")
    form = page.select_one("main form[method=post]")
    assert form["action"] == path
    assert [(i["name"], i["value"]) for i in form.select("input")] == [
        ("List-Unsubscribe", "One-Click")
    ]
    with translation.override("fr"):
        assert form.button.text == gettext("Stop these e-mails")
        assert page.h1.text == gettext("Stop e-mails")

    # The button posts what a mail provider posts.
    response = visitor.post(path, {i["name"]: i["value"] for i in form.select("input")})

    assert response.status_code == 200
    assert subscriptions_of(alice) == []
    assert visitor.cookies == {}


def test_a_digest_link_stops_every_email(space, mail_provider):
    alice = follower("alice@example.org", space, "news", frequency=Frequency.DAILY)
    token = make_token(user_id=alice.pk, subscription_id=None)

    response = mail_provider.post(f"/unsubscribe/{token}/", ONE_CLICK)

    assert response.status_code == 200
    assert subscriptions_of(alice) == []


def test_a_token_stops_only_its_own_persons_subscriptions(space, mail_provider):
    alice = follower("alice@example.org", space)
    bob = follower("bob@example.org", space)
    bobs = Subscription.objects.get(user=bob)
    # A token for Alice naming Bob's subscription: signed, but not hers.
    token = make_token(user_id=alice.pk, subscription_id=bobs.pk)

    response = mail_provider.post(f"/unsubscribe/{token}/", ONE_CLICK)

    assert response.status_code == 200
    assert subscriptions_of(alice) == ["Vieux-Bourg"]
    assert subscriptions_of(bob) == ["Vieux-Bourg"]


def forged_tokens(user_id: int, subscription_id: int) -> dict[str, str]:
    genuine = make_token(user_id=user_id, subscription_id=subscription_id)
    value, signature = genuine.rsplit(":", 1)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    return {
        "altered scope": f"{user_id}.all:{signature}",
        "altered person": f"{user_id + 1}.{subscription_id}:{signature}",
        "altered signature": f"{value}:{flipped}",
        "no signature": value,
        "unsigned everything": f"{user_id}.all",
        "garbage": "not-a-token",
    }


@pytest.mark.parametrize(
    "case",
    [
        "altered scope",
        "altered person",
        "altered signature",
        "no signature",
        "unsigned everything",
        "garbage",
    ],
)
def test_a_forged_or_altered_token_is_refused_and_changes_nothing(space, mail_provider, case):
    alice = follower("alice@example.org", space, "news")
    bob = follower("bob@example.org", space)
    subscription = Subscription.objects.get(user=alice, topic="")
    token = forged_tokens(alice.pk, subscription.pk)[case]

    post = mail_provider.post(f"/unsubscribe/{token}/", ONE_CLICK)
    get = mail_provider.get(f"/unsubscribe/{token}/")

    assert (post.status_code, get.status_code) == (404, 404)
    assert read_token(token) is None
    assert subscriptions_of(alice) == ["Vieux-Bourg", "news"]
    assert subscriptions_of(bob) == ["Vieux-Bourg"]


def test_a_token_for_something_else_signed_by_the_site_is_refused(space, mail_provider):
    from django.core import signing

    alice = follower("alice@example.org", space)
    # Signed with the site's key, but not as an unsubscribe token (another salt).
    token = signing.Signer().sign(f"{alice.pk}.all")

    response = mail_provider.post(f"/unsubscribe/{token}/", ONE_CLICK)

    assert response.status_code == 404
    assert subscriptions_of(alice) == ["Vieux-Bourg"]


def test_a_post_without_the_one_click_body_changes_nothing(space, mail_provider):
    alice = follower("alice@example.org", space)
    token = make_token(user_id=alice.pk, subscription_id=None)

    response = mail_provider.post(f"/unsubscribe/{token}/", {"List-Unsubscribe": "yes"})

    assert response.status_code == 400
    assert subscriptions_of(alice) == ["Vieux-Bourg"]


def test_a_link_used_twice_says_it_is_already_done(space, mail_provider):
    alice = follower("alice@example.org", space)
    subscription = Subscription.objects.get(user=alice)
    token = make_token(user_id=alice.pk, subscription_id=subscription.pk)
    mail_provider.post(f"/unsubscribe/{token}/", ONE_CLICK)

    again = mail_provider.post(f"/unsubscribe/{token}/", ONE_CLICK)
    page = mail_provider.get(f"/unsubscribe/{token}/")

    assert (again.status_code, page.status_code) == (200, 200)
    with translation.override("fr"):
        done = gettext(
            "You already stopped following this: you will receive no more e-mails about it."
        )
    assert done in again.content.decode()
    assert done in page.content.decode()
    assert BeautifulSoup(page.content, "html.parser").select("main form") == []


def test_unsubscribing_is_rate_limited_per_address(space, mail_provider):
    alice = follower("alice@example.org", space)
    token = make_token(user_id=alice.pk, subscription_id=None)

    statuses = [
        mail_provider.post(f"/unsubscribe/{token}/", {"List-Unsubscribe": "no"}).status_code
        for _ in range(61)
    ]

    assert statuses == [400] * 60 + [429]
    assert subscriptions_of(alice) == ["Vieux-Bourg"]
