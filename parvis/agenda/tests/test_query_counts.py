"""Every agenda page issues as many SQL queries with 60 events as with 5 (the pattern of
`parvis/news/tests/test_query_counts.py`): measured once warm, then again after adding
events, some recurring, with categories and spaces, all in the month the calendars show."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.agenda.tests.factories import category_create, event_create, paris
from parvis.agenda.tests.test_views import month_ahead
from parvis.spaces.models import SpaceKind
from parvis.spaces.tests.factories import make_space

SMALL, LARGE = 5, 60

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def add_events(count: int, *, start: int, month, category, space) -> None:
    for n in range(start, start + count):
        day = 1 + n % 20
        event_create(
            title=f"Événement {n}",
            slug=f"evenement-{n}",
            category=category if n % 2 else None,
            space=space if n % 3 == 0 else None,
            starts_at=paris(month.year, month.month, day, 9 + n % 10),
            ends_at=paris(month.year, month.month, day, 11 + n % 10),
            rrule="FREQ=WEEKLY;COUNT=3" if n % 5 == 0 else "",
            lat=46.81 + n / 10_000,
            lon=1.69,
            online_url="https://stream.example.org/" if n % 4 == 0 else "",
        )


def test_every_agenda_page_reads_as_many_queries_whatever_the_number_of_events(client):
    month = month_ahead(1)
    category = category_create()
    space = make_space("tram-t1", kind=SpaceKind.PROJECT, name="Tram T1", is_published=True)
    add_events(SMALL, start=0, month=month, category=category, space=space)
    year, week, _day = month.isocalendar()
    urls = [
        "/",
        "/agenda/",
        "/agenda/?category=concerts&mode=physical",
        "/agenda/?space=tram-t1&free=1",
        f"/agenda/{month.year}/{month.month}/",
        f"/agenda/{year}/week/{week}/",
        f"/agenda/{month.year}/{month.month}/1/",
        "/agenda/category/concerts/",
        "/agenda/event/evenement-0/",
        "/agenda/map/",
        "/agenda/feed/rss/",
        space.get_absolute_url(),
    ]
    for url in urls:
        queries_for(client, url)  # warm: sessions, content types, generations
    small = [queries_for(client, url) for url in urls]
    add_events(LARGE - SMALL, start=SMALL, month=month, category=category, space=space)
    large = [queries_for(client, url) for url in urls]
    assert dict(zip(urls, small, strict=True)) == dict(zip(urls, large, strict=True))
