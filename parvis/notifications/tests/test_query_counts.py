"""The "What I follow" page issues as many SQL queries for 1,000 subscriptions as for 10."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.notifications.models import Subscription
from parvis.notifications.services import subscription_create
from parvis.spaces.models import Space, SpaceKind
from parvis.tags.models import Tag

SMALL, LARGE = 10, 1_000
URL = "/accounts/subscriptions/"


def queries_for(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def follow_new_spaces(user, count: int) -> None:
    start = Space.objects.count()
    kinds = list(SpaceKind)
    spaces = Space.objects.bulk_create(
        Space(kind=kinds[i % len(kinds)], slug=f"espace-{i:05d}", name=f"Espace {i:05d}")
        for i in range(start, start + count)
    )
    space_type = ContentType.objects.get_for_model(Space)
    Subscription.objects.bulk_create(
        Subscription(user=user, target_type=space_type, target_id=space.pk) for space in spaces
    )


@pytest.mark.django_db
def test_the_subscriptions_page_does_not_grow_with_the_number_followed(client, resident):
    client.force_login(resident)
    follow_new_spaces(resident, SMALL)
    queries_for(client)  # warm up: content types and templates are cached per process
    small = queries_for(client)

    follow_new_spaces(resident, LARGE - SMALL)
    large = queries_for(client)

    page = client.get(URL).content.decode()
    assert page.count('href="/spaces/espace-') == LARGE
    assert large == small


def follow_new_tags(user, count: int, *, frequency: str = "immediate") -> None:
    start = Tag.objects.count()
    tags = Tag.objects.bulk_create(
        Tag(name=f"Sujet {i:05d}", slug=f"sujet-{i:05d}") for i in range(start, start + count)
    )
    tag_type = ContentType.objects.get_for_model(Tag)
    Subscription.objects.bulk_create(
        Subscription(user=user, target_type=tag_type, target_id=tag.pk, frequency=frequency)
        for tag in tags
    )


@pytest.mark.django_db
def test_topics_tags_and_spaces_together_keep_the_count(client, resident):
    client.force_login(resident)
    subscription_create(user=resident, target="news")
    follow_new_spaces(resident, SMALL // 2)
    follow_new_tags(resident, SMALL // 2, frequency="daily")
    queries_for(client)
    small = queries_for(client)

    subscription_create(user=resident, target="announcements")
    follow_new_spaces(resident, (LARGE - SMALL) // 2)
    follow_new_tags(resident, (LARGE - SMALL) // 2)
    large = queries_for(client)

    page = client.get(URL).content.decode()
    assert page.count('class="subscription"') == LARGE + 2
    assert large == small
