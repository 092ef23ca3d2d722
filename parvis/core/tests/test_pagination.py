"""Lists are paged without counting them (`parvis.core.pagination`); `?page=N` keeps the
meaning Django's paginator gave it, bounded."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.core.pagination import MAX_PAGE, page_number, paginate
from parvis.spaces.models import Space, SpaceKind
from parvis.spaces.selectors import spaces_of_kind
from parvis.spaces.views import PAGE_SIZE

pytestmark = pytest.mark.django_db


def add_neighbourhoods(count: int) -> None:
    Space.objects.bulk_create(
        Space(kind=SpaceKind.NEIGHBOURHOOD, slug=f"quartier-{i:04d}", name=f"Quartier {i:04d}")
        for i in range(count)
    )


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (None, 1),
        ("", 1),
        ("abc", 1),
        ("0", 1),
        ("-3", 1),
        (" 2", 1),
        ("²", 1),
        ("2", 2),
        ("0002", 2),
        (str(MAX_PAGE), MAX_PAGE),
        (str(MAX_PAGE + 1), MAX_PAGE),
        ("9" * 40, MAX_PAGE),
    ],
)
def test_the_page_asked_for_is_a_whole_number_from_one_to_the_last_allowed(value, number):
    assert page_number(value) == number


def test_a_page_is_one_query_and_says_whether_another_follows(client):
    add_neighbourhoods(PAGE_SIZE + 6)
    queryset = spaces_of_kind(SpaceKind.NEIGHBOURHOOD)

    with CaptureQueriesContext(connection) as queries:
        first = paginate(queryset, "1", per_page=PAGE_SIZE)
        second = paginate(queryset, "2", per_page=PAGE_SIZE)

    assert len(queries) == 2
    assert [space.name for space in first.object_list][:2] == ["Quartier 0000", "Quartier 0001"]
    assert len(first.object_list) == PAGE_SIZE
    assert (first.number, first.has_previous(), first.has_next) == (1, False, True)
    assert [space.name for space in second.object_list] == [
        f"Quartier {i:04d}" for i in range(PAGE_SIZE, PAGE_SIZE + 6)
    ]
    assert (second.number, second.has_previous(), second.has_next) == (2, True, False)
    assert (second.previous_page_number(), first.next_page_number()) == (1, 2)


def test_a_page_past_the_end_shows_the_last_page(client):
    add_neighbourhoods(PAGE_SIZE + 6)

    response = client.get("/en/spaces/kind/neighbourhood/?page=7")

    page = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert len(page.select(".cards h2 a")) == 6
    assert page.select_one(".pagination span").text == "Page 2"
    assert [(a["rel"], a["href"]) for a in page.select(".pagination a")] == [(["prev"], "?page=1")]
    assert page.title.text.startswith("Neighbourhoods — page 2")


def test_the_last_page_allowed_links_to_no_further_page():
    add_neighbourhoods(MAX_PAGE + 1)
    queryset = spaces_of_kind(SpaceKind.NEIGHBOURHOOD)

    before_last = paginate(queryset, str(MAX_PAGE - 1), per_page=1)
    last = paginate(queryset, str(MAX_PAGE + 5), per_page=1)

    assert (before_last.number, before_last.has_next) == (MAX_PAGE - 1, True)
    assert (last.number, last.has_next) == (MAX_PAGE, False)
    assert [space.name for space in last.object_list] == [f"Quartier {MAX_PAGE - 1:04d}"]
