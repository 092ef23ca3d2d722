"""Every suggestion page issues as many SQL queries with 200 suggestions as with 10 (the
pattern of `parvis/news/tests/test_query_counts.py`): measured once warm, then again after
growing the data twentyfold; signed in or not. (The map layer's answers, points up to
`core.maps.MAX_POINTS` then clusters, are core.maps's and bounded there.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_user
from parvis.core.pagecache import objects_changed
from parvis.suggestions.models import Answer, Suggestion, SuggestionStatus, Support
from parvis.suggestions.tests.factories import make_category, make_neighbourhood

SMALL, LARGE = 10, 200

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def add_suggestions(count: int, *, space, author, supporters) -> Suggestion:
    """`count` more public suggestions, answered, with positions and supports."""
    start = Suggestion.objects.count()
    now = timezone.now()
    category = make_category()
    rows = Suggestion.objects.bulk_create(
        Suggestion(
            space=space,
            category=category,
            author=author,
            title=f"Suggestion {i}",
            text=f"Texte {i}.",
            lat=46.81,
            lon=1.69,
            status=SuggestionStatus.UNDER_STUDY,
            created_at=now - timedelta(hours=i + 5),
            first_answered_at=now - timedelta(hours=i),
            support_count=len(supporters),
        )
        for i in range(start, start + count)
    )
    Answer.objects.bulk_create(
        Answer(
            suggestion=row,
            signed_name="Hélène Garnier",
            signed_function="Conseillère",
            from_status="received",
            to_status="under_study",
            text="Étudiée.",
        )
        for row in rows
    )
    Support.objects.bulk_create(
        Support(suggestion=row, user=user) for row in rows for user in supporters
    )
    # bulk_create sends no model signal: what keeps pages and map answers says so itself.
    objects_changed(Suggestion, [row.pk for row in rows])
    return rows[0]


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_pages_do_not_grow_with_the_number_of_suggestions(client, resident, signed_in):
    space, councillor = make_neighbourhood()
    supporters = [make_user(f"s{i}@example.org") for i in range(3)]
    first = add_suggestions(SMALL, space=space, author=resident, supporters=supporters)
    if signed_in:
        client.force_login(councillor)  # sees the answer form too
    urls = [
        "/suggestions/",
        "/suggestions/?status=under_study",
        f"/spaces/{space.slug}/suggestions/",
        f"/spaces/{space.slug}/",
        f"/suggestions/{first.pk}/",
        "/suggestions/feed/rss/",
        f"/spaces/{space.slug}/suggestions/feed/rss/",
    ]
    for url in urls:
        queries_for(client, url)  # warm up
    small = [queries_for(client, url) for url in urls]
    add_suggestions(LARGE - SMALL, space=space, author=resident, supporters=supporters)
    assert Suggestion.objects.count() == LARGE
    for url in urls:
        queries_for(client, url)  # warm up again: both sizes are measured warm
    large = [queries_for(client, url) for url in urls]
    assert small == large
