"""The family space's pages issue as many SQL queries with many households, children,
bookings and menus as with few: a guardian's pages read only their own, the days page
counts a day's places in one query, the menus page reads one week."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_user
from parvis.family.models import Booking, MenuDay, Registration
from parvis.family.tests.factories import (
    make_canteen,
    make_child,
    make_household,
    make_registration,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def add_families(season, count: int, start: int) -> None:
    """`count` more households with one child each, registered and booked on every day the
    season runs next month."""
    month = timezone.localdate().replace(day=1) + datetime.timedelta(days=40)
    days = [month.replace(day=n) for n in range(1, 29) if season.runs_on(month.replace(day=n))]
    for n in range(start, start + count):
        parent = make_user(f"parent{n}@example.org")
        registration = make_registration(
            make_child(make_household(f"Famille {n}", parent), f"E{n}"), season
        )
        Booking.objects.bulk_create(
            Booking(registration=registration, season=season, day=day) for day in days
        )


def add_menus(count: int) -> None:
    first = timezone.localdate() - datetime.timedelta(days=400)
    start = MenuDay.objects.count()
    MenuDay.objects.bulk_create(
        MenuDay(day=first + datetime.timedelta(days=n), main_course=f"Plat {n}", is_published=True)
        for n in range(start, start + count)
    )


def test_the_guardian_s_pages_do_not_grow_with_the_town_s_families(client, resident):
    season = make_canteen(capacity=10_000)
    household = make_household("Famille Martin", resident)
    mine = make_registration(make_child(household, "Lou"), season)
    make_registration(
        make_child(household, "Sam", age=9), make_canteen(slug="garderie", name="Garderie")
    )
    month = f"{timezone.localdate().replace(day=1) + datetime.timedelta(days=40):%Y-%m}"
    urls = [
        "/family/",
        f"/family/children/{mine.child_id}/register/",
        f"/family/registrations/{mine.pk}/days/?month={month}",
        f"/family/households/{household.pk}/quotient/",
        "/family/menus/",
    ]
    add_families(season, 3, 0)
    add_menus(10)
    client.force_login(resident)
    for url in urls:
        queries_for(client, url)  # warm
    small = [queries_for(client, url) for url in urls]

    add_families(season, 60, 3)
    add_menus(400)

    assert Registration.objects.count() == 65
    assert [queries_for(client, url) for url in urls] == small
