"""The autocomplete and the lookup page issue as many SQL queries with 1,000 addresses as
with 10 (the pattern of `parvis/news/tests/test_query_counts.py`)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.addresses.models import Address
from parvis.addresses.tests.conftest import ban_file, ban_line, run_import
from parvis.spaces.tests.factories import make_space

SMALL, LARGE = 10, 1_000
STREETS = ["Rue de la Gare", "Rue des Écoles", "Avenue de la Gare", "Place du Marché", "Rue Haute"]

pytestmark = pytest.mark.django_db

WHOLE = {
    "type": "Polygon",
    "coordinates": [[[2.9, 49.9], [3.2, 49.9], [3.2, 50.2], [2.9, 50.2], [2.9, 49.9]]],
}


def add_addresses(count: int) -> None:
    """Addresses numbered 1… in five streets, spread over the neighbourhood."""
    start = Address.objects.count()
    lines = []
    for i in range(start, start + count):
        street = STREETS[i % len(STREETS)]
        number = i // len(STREETS) + 1
        lines.append(
            ban_line(
                f"59999_{i % len(STREETS):04d}_{number:05d}",
                str(number),
                "",
                street,
                f"{3.0 + i / 20_000:.6f}",
                f"{50.0 + i / 20_000:.6f}",
            )
        )
    run_import(ban_file(*lines))


def queries_for(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, (url, params)
    return len(queries)


CASES = [
    ("/addresses/search/", {"q": "1 rue de la gare"}),
    ("/addresses/search/", {"q": "gare"}),
    ("/addresses/search/", {"q": "rue"}),
    ("/addresses/", {"address": "1 rue haute"}),
]


def test_query_counts_do_not_grow_with_the_addresses(client):
    make_space("centre", name="Centre", boundary=WHOLE)
    add_addresses(SMALL)
    for url, params in CASES:
        queries_for(client, url, params)  # warm: sessions, ContentTypes, generations
    small = [queries_for(client, url, params) for url, params in CASES]
    add_addresses(LARGE - SMALL)
    assert Address.objects.count() == LARGE
    large = [queries_for(client, url, params) for url, params in CASES]
    assert large == small
    # With a number: the addresses (their streets found in a subquery), the neighbourhoods.
    # Without: the first streets, their addresses, the neighbourhoods. The page: the
    # address, its neighbourhood.
    assert small == [2, 3, 3, 2]
