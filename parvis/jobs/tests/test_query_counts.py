"""The job offers' pages issue as many SQL queries with 1,000 offers as with 10."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.jobs.models import Offer
from parvis.jobs.tests.factories import days, make_offer

SMALL, LARGE = 10, 1_000

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def add_offers(count: int) -> None:
    start = Offer.objects.count()
    Offer.objects.bulk_create(
        Offer(
            slug=f"offre-{n}", reference=f"R-{n}", title=f"Offre {n}",
            department=f"Service {n % 7}", category="ABC"[n % 3], contract_type="contract",
            place="Mairie", description="x", profile="y", published_on=days(-2),
            closes_on=days(10), is_published=True,
        )
        for n in range(start, start + count)
    )  # fmt: skip


@pytest.mark.parametrize(
    "url", ["/jobs/", "/jobs/?category=A&department=Service+3", "/jobs/?page=2", "/jobs/jardinier/"]
)
def test_the_pages_do_not_grow_with_the_number_of_offers(client, url):
    make_offer("jardinier")
    add_offers(SMALL + 20)
    queries_for(client, url)  # warm
    small = queries_for(client, url)

    add_offers(LARGE)

    assert queries_for(client, url) == small
