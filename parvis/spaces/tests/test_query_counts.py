"""Every list page of spaces issues as many SQL queries with 1,000 rows as with 10.

Each test measures a page, grows the data a hundredfold and measures it again. The page is
requested once before the first measure, so that process-wide caches (content types, the
compiled templates) are warm in both measures and only the data size differs.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.accounts.models import User
from parvis.spaces.models import MemberRole, Space, SpaceKind, SpaceMembership, SpacePage
from parvis.spaces.views import PAGE_SIZE

SMALL, LARGE = 10, 1_000
KINDS = list(SpaceKind)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def add_spaces(count: int, *, kind: SpaceKind | None = None) -> list[Space]:
    """`count` more published spaces, of every kind in turn unless `kind` is given."""
    start = Space.objects.count()
    return Space.objects.bulk_create(
        Space(
            kind=kind or KINDS[i % len(KINDS)],
            slug=f"espace-{i:05d}",
            name=f"Espace {i:05d}",
            summary=f"Le quartier numéro {i}.",
            description=f"Un *quartier* de la ville, le numéro {i}.",
        )
        for i in range(start, start + count)
    )


def add_pages(space: Space, count: int) -> None:
    start = space.pages.count()
    SpacePage.objects.bulk_create(
        SpacePage(space=space, slug=f"page-{i:05d}", title=f"Page {i}", body=f"Texte {i}.")
        for i in range(start, start + count)
    )


def add_members(space: Space, count: int) -> None:
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"membre{i:05d}@example.org", display_name=f"Membre {i}", password="!")
        for i in range(start, start + count)
    )
    roles = list(MemberRole)
    SpaceMembership.objects.bulk_create(
        SpaceMembership(space=space, user=user, role=roles[i % len(roles)], title=f"Titre {i}")
        for i, user in enumerate(users)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/en/", "/spaces/"])
def test_pages_listing_spaces_by_kind_do_not_grow_with_the_number_of_spaces(client, url):
    add_spaces(SMALL)
    queries_for(client, url)  # warm up
    small = queries_for(client, url)

    add_spaces(LARGE - SMALL)
    large = queries_for(client, url)

    assert Space.objects.count() == LARGE
    assert large == small


@pytest.mark.django_db
def test_the_list_of_one_kind_does_not_grow_with_the_number_of_spaces(client):
    url = "/spaces/kind/neighbourhood/"
    add_spaces(SMALL, kind=SpaceKind.NEIGHBOURHOOD)
    queries_for(client, url)
    small = queries_for(client, url)

    add_spaces(LARGE - SMALL, kind=SpaceKind.NEIGHBOURHOOD)
    large = queries_for(client, url)

    assert large == small


@pytest.mark.django_db
def test_page_two_of_a_kind_does_not_grow_with_the_number_of_spaces(client):
    # Page 2 needs more than one page of spaces: the small size is two pages, not 10.
    url = "/spaces/kind/project/?page=2"
    add_spaces(2 * PAGE_SIZE, kind=SpaceKind.PROJECT)
    queries_for(client, url)
    small = queries_for(client, url)
    assert next_link(client.get("/en/spaces/kind/project/?page=2")) is None  # the last page

    add_spaces(LARGE - 2 * PAGE_SIZE, kind=SpaceKind.PROJECT)
    large = queries_for(client, url)

    assert next_link(client.get("/en/spaces/kind/project/?page=2")) == "?page=3"
    assert large == small


def next_link(response) -> str | None:
    link = BeautifulSoup(response.content, "html.parser").select_one(".pagination a[rel=next]")
    return link["href"] if link else None


@pytest.mark.django_db
def test_a_space_with_many_members_and_pages_does_not_issue_more_queries(client):
    (space,) = add_spaces(1, kind=SpaceKind.NEIGHBOURHOOD)
    add_members(space, SMALL)
    add_pages(space, SMALL)
    url = space.get_absolute_url()
    queries_for(client, url)
    small = queries_for(client, url)

    add_members(space, LARGE - SMALL)
    add_pages(space, LARGE - SMALL)
    large = queries_for(client, url)

    assert (space.memberships.count(), space.pages.count()) == (LARGE, LARGE)
    assert large == small


@pytest.mark.django_db
def test_a_space_page_listing_its_sibling_pages_does_not_issue_more_queries(client):
    (space,) = add_spaces(1, kind=SpaceKind.PROJECT)
    add_pages(space, SMALL)
    url = space.pages.get(slug="page-00000").get_absolute_url()
    queries_for(client, url)
    small = queries_for(client, url)

    add_pages(space, LARGE - SMALL)
    large = queries_for(client, url)

    assert large == small


@pytest.mark.django_db
def test_a_signed_in_visitor_sees_a_busy_space_in_as_many_queries(client, resident):
    client.force_login(resident)
    (space,) = add_spaces(1, kind=SpaceKind.NEIGHBOURHOOD)
    add_members(space, SMALL)
    url = space.get_absolute_url()
    queries_for(client, url)
    small = queries_for(client, url)

    add_members(space, LARGE - SMALL)
    large = queries_for(client, url)

    assert large == small


@pytest.mark.django_db
def test_a_space_page_reads_no_members_and_the_space_page_no_page_text_but_its_own(client):
    (space,) = add_spaces(1, kind=SpaceKind.PROJECT)
    add_members(space, 2)
    add_pages(space, 3)
    page = space.pages.get(slug="page-00001")

    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.get_absolute_url()).status_code == 200
    statements = [query["sql"] for query in queries.captured_queries]

    assert not any('"spaces_spacemembership"' in sql for sql in statements)
    pages_read = [sql for sql in statements if 'FROM "spaces_spacepage"' in sql]
    assert len(pages_read) == 2  # the page, then the menu of the space's pages
    assert sum('"spaces_spacepage"."body"' in sql for sql in pages_read) == 1
