"""The search page issues as many SQL queries when 1,000 spaces and pages match as when 10 do."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.search.engine import CANDIDATES, PER_PAGE
from parvis.search.indexing import index_objects
from parvis.spaces.models import Space, SpaceKind, SpacePage

SMALL, LARGE = 10, 1_000
URL = "/search/?q=lavoir+quartier"


def queries_for(client, url: str = URL) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_matching(count: int) -> None:
    """`count` spaces, each with one page, that all match the query, indexed in bulk."""
    start = Space.objects.count()
    kinds = list(SpaceKind)
    spaces = Space.objects.bulk_create(
        Space(
            kind=kinds[i % len(kinds)],
            slug=f"espace-{i:05d}",
            name=f"Quartier {i:05d}",
            description=f"Le lavoir du quartier numéro {i}.",
        )
        for i in range(start, start + count)
    )
    pages = SpacePage.objects.bulk_create(
        SpacePage(space=space, slug="histoire", title="Histoire", body="Le lavoir du quartier.")
        for space in spaces
    )
    index_objects([*spaces, *pages])


@pytest.mark.django_db
def test_search_results_do_not_grow_with_the_number_of_matches(client):
    add_matching(SMALL)
    queries_for(client)  # warm up: content types and templates are cached per process
    small = queries_for(client)
    filtered = queries_for(client, URL + "&type=space_page&space=espace-00003&page=2")
    assert client.get(URL).context["page"].total == 2 * SMALL

    add_matching(LARGE - SMALL)
    large = queries_for(client)

    page = client.get(URL).context["page"]
    # Only the first CANDIDATES are ranked: "more than 1,000 results".
    assert (page.total, page.more, len(page.results)) == (CANDIDATES, True, PER_PAGE)
    english = client.get("/en" + URL).content.decode()
    assert '<h2 id="results-title">More than 1,000 results</h2>' in english
    assert large == small
    assert queries_for(client, URL + "&type=space_page&space=espace-00003&page=2") == filtered
