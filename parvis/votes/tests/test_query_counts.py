"""The pages of votes issue as many SQL queries with many rows as with few: the lists with
200 consultations as with 10, the results and the list of ballots with 1,000 ballots as
with 10 (the pattern of parvis/news/tests/test_query_counts.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.votes.models import Ballot, Method
from parvis.votes.tests.factories import make_consultation, option_ids

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_the_lists_cost_the_same_with_200_consultations_as_with_10(client):
    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            make_consultation(f"c-{n}", state=["open", "closed", "upcoming"][n % 3], options=())

    add(10, 0)
    urls = ["/en/consultations/", "/en/spaces/centre-ville/consultations/"]
    for url in urls:
        client.get(url)
    few = [queries_for(client, url) for url in urls]
    add(190, 10)
    assert [queries_for(client, url) for url in urls] == few


@pytest.mark.parametrize("method", [Method.SINGLE, Method.RANKED, Method.BUDGET])
def test_results_and_ballots_cost_the_same_with_1000_ballots_as_with_10(client, method):
    consultation = make_consultation(state="closed", method=method, costs=[60, 30, 10])
    ids = list(option_ids(consultation).values())

    def cast(count: int) -> None:
        Ballot.objects.bulk_create(
            Ballot(
                consultation=consultation,
                choices=[ids[n % 3], ids[(n + 1) % 3]][: 1 if method == Method.SINGLE else 2],
            )
            for n in range(count)
        )

    cast(10)
    urls = [
        "/en/consultations/place-du-marche/results/",
        "/en/consultations/place-du-marche/ballots/",
        "/en/consultations/place-du-marche/",
    ]
    for url in urls:
        client.get(url)
    few = [queries_for(client, url) for url in urls]
    cast(990)
    assert [queries_for(client, url) for url in urls] == few
