"""Subscriptions: what a person follows, kept once, listed on their page."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from parvis.notifications.models import Subscription
from parvis.notifications.selectors import follower_count, is_following, subscriptions_of
from parvis.notifications.services import subscription_create, subscription_delete
from parvis.spaces.models import Space
from parvis.spaces.tests.factories import make_page, make_space

pytestmark = pytest.mark.django_db


def test_following_is_idempotent_and_counted_once(resident, other_resident):
    space = make_space("centre-ville")

    assert subscription_create(user=resident, target=space) is True
    assert subscription_create(user=resident, target=space) is False
    assert subscription_create(user=other_resident, target=space) is True

    assert follower_count(target=space) == 2
    assert is_following(user=resident, target=space) is True
    assert Subscription.objects.filter(user=resident).count() == 1


def test_the_database_itself_refuses_a_second_identical_subscription(resident):
    space = make_space("centre-ville")
    subscription_create(user=resident, target=space)

    with pytest.raises(IntegrityError), transaction.atomic():
        Subscription.objects.create(
            user=resident,
            target_type=ContentType.objects.get_for_model(Space),
            target_id=space.pk,
        )


def test_only_declared_types_can_be_followed(resident):
    page = make_page(make_space("centre-ville"), "history")

    with pytest.raises(ValueError, match="SpacePage cannot be followed"):
        subscription_create(user=resident, target=page)

    assert Subscription.objects.count() == 0


def test_unfollowing_removes_only_that_subscription(resident):
    centre = make_space("centre-ville")
    lilas = make_space("les-lilas")
    subscription_create(user=resident, target=centre)
    subscription_create(user=resident, target=lilas)

    assert subscription_delete(user=resident, target=centre) is True
    assert subscription_delete(user=resident, target=centre) is False

    assert is_following(user=resident, target=centre) is False
    assert is_following(user=resident, target=lilas) is True


def test_a_visitor_follows_nothing():
    space = make_space("centre-ville")

    assert is_following(user=AnonymousUser(), target=space) is False


def test_same_id_in_another_type_is_another_target(resident):
    space = make_space("centre-ville")
    # A page given the space's number on purpose: same number, another table.
    page = make_page(space, "history", pk=space.pk)
    subscription_create(user=resident, target=space)

    assert is_following(user=resident, target=space) is True
    assert is_following(user=resident, target=page) is False
    assert follower_count(target=page) == 0


def test_my_subscriptions_page_lists_what_i_follow_newest_first(client, resident, other_resident):
    centre = make_space("centre-ville", name="Centre-ville")
    lilas = make_space("les-lilas", name="Les Lilas")
    gone = make_space("gone", name="Gone")
    subscription_create(user=resident, target=centre)
    subscription_create(user=resident, target=lilas)
    subscription_create(user=resident, target=gone)
    subscription_create(user=other_resident, target=make_space("port", name="Port"))
    gone.delete()  # a target deleted since: not listed
    client.force_login(resident)

    response = client.get("/accounts/subscriptions/")

    assert response.status_code == 200
    assert [s.target for s in subscriptions_of(user=resident)] == [lilas, centre]
    page = BeautifulSoup(response.content, "html.parser")
    assert [(a.text, a["href"]) for a in page.select(".subscription-list a")] == [
        ("Les Lilas", "/spaces/les-lilas/"),
        ("Centre-ville", "/spaces/centre-ville/"),
    ]


def test_my_subscriptions_page_needs_an_account(client):
    response = client.get("/accounts/subscriptions/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/subscriptions/"
