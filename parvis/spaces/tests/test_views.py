"""The public pages of spaces, as a visitor reads them."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from django.utils.translation import gettext

from conftest import make_user
from parvis.spaces.models import MemberRole, Space, SpaceKind
from parvis.spaces.tests.factories import CENTRE_BOUNDARY, make_member, make_page, make_space
from parvis.spaces.views import PAGE_SIZE

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_the_overview_groups_published_spaces_by_kind(client):
    make_space("centre-ville", name="Centre-ville")
    make_space("les-lilas", name="Les Lilas")
    make_space("tramway", kind=SpaceKind.PROJECT, name="Tramway")
    make_space("secret-project", kind=SpaceKind.PROJECT, name="Secret project", is_published=False)

    response = client.get("/spaces/")

    assert response.status_code == 200
    page = soup(response)
    sections = {
        section.h2["id"]: [a.text for a in section.select(".card h3 a")]
        for section in page.select("main section")
    }
    assert sections == {
        "kind-neighbourhood": ["Centre-ville", "Les Lilas"],
        "kind-project": ["Tramway"],
    }
    assert [a["href"] for a in page.select("main section > p > a")] == [
        "/spaces/kind/neighbourhood/",
        "/spaces/kind/project/",
    ]


def test_the_list_of_a_kind_is_paginated_in_name_order(client):
    for number in range(PAGE_SIZE + 1):
        make_space(f"quartier-{number:02d}", name=f"Quartier {number:02d}")
    make_space("hidden", name="Quartier hidden", is_published=False)
    make_space("a-theme", kind=SpaceKind.THEME, name="Quartier theme")

    first = client.get("/spaces/kind/neighbourhood/")
    second = client.get("/spaces/kind/neighbourhood/?page=2")

    assert first.status_code == second.status_code == 200
    names_first = [a.text for a in soup(first).select(".cards h2 a")]
    names_second = [a.text for a in soup(second).select(".cards h2 a")]
    assert names_first == [f"Quartier {n:02d}" for n in range(PAGE_SIZE)]
    assert names_second == [f"Quartier {PAGE_SIZE:02d}"]
    assert soup(first).select_one("a[rel=next]")["href"] == "?page=2"
    assert soup(second).select_one("a[rel=prev]")["href"] == "?page=1"


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1" * 40])
def test_a_nonsense_page_number_still_answers_a_page(client, page):
    make_space("centre-ville", name="Centre-ville")

    response = client.get(f"/spaces/kind/neighbourhood/?page={page}")

    assert response.status_code == 200
    assert [a.text for a in soup(response).select(".cards h2 a")] == ["Centre-ville"]


def test_an_unknown_kind_is_not_found(client):
    assert client.get("/spaces/kind/planet/").status_code == 404


def test_the_detail_page_shows_members_pages_and_the_map(client):
    councillor = make_user("elu@mairie.example", display_name="Claire Martin")
    space = make_space(
        "centre-ville",
        name="Centre-ville",
        summary="The old town.",
        description="## Shops\n\nThe market is on **Saturday**.",
        boundary=CENTRE_BOUNDARY,
    )
    make_member(space, councillor, title="Deputy mayor for the old town")
    make_member(space, councillor, MemberRole.OFFICIAL, position=5)
    make_page(space, "history", title="History", position=1)
    make_page(space, "practical", title="Practical information", position=0)
    make_page(space, "draft", title="Draft", is_published=False)

    response = client.get("/spaces/centre-ville/")

    assert response.status_code == 200
    page = soup(response)
    assert page.h1.text == "Centre-ville"
    # The description's "## Shops", right under the page's h1: an h2 (no level skipped).
    assert page.select_one(".prose h2").text == "Shops"
    assert page.select_one(".prose strong").text == "Saturday"
    with translation.override("fr"):
        official = str(MemberRole.OFFICIAL.label)
    assert [li.text for li in page.select("[aria-labelledby=space-members] li")] == [
        "Claire Martin, Deputy mayor for the old town",
        f"Claire Martin — {official}",
    ]
    assert [(a.text, a["href"]) for a in page.select("[aria-labelledby=space-pages] a")] == [
        ("Practical information", "/spaces/centre-ville/pages/practical/"),
        ("History", "/spaces/centre-ville/pages/history/"),
    ]
    path = page.select_one("svg.space-map path")
    assert path["d"].startswith("M") and path["d"].endswith("Z")
    # Anonymous visitors are offered to sign in, not a form.
    assert page.select("main .follow-button form") == []
    assert page.select_one("a[href^='/accounts/login/?next=']")["href"] == (
        "/accounts/login/?next=/spaces/centre-ville/"
    )


def test_a_space_without_boundary_has_no_map(client):
    make_space("culture", kind=SpaceKind.THEME)

    response = client.get("/spaces/culture/")

    assert response.status_code == 200
    assert soup(response).select("svg.space-map") == []


def test_a_page_of_a_space_is_shown_with_its_siblings(client):
    space = make_space("centre-ville", name="Centre-ville")
    make_page(space, "history", title="History", body="Founded in *1203*.")
    make_page(space, "market", title="Market")

    response = client.get("/spaces/centre-ville/pages/history/")

    assert response.status_code == 200
    page = soup(response)
    assert page.h1.text == "History"
    assert page.select_one("article em").text == "1203"
    current = page.select_one(".space-aside a[aria-current=page]")
    assert current["href"] == "/spaces/centre-ville/pages/history/"


def test_the_english_pages_live_under_en(client):
    make_space("centre-ville", name="Centre-ville")

    response = client.get("/en/spaces/centre-ville/")

    assert response.status_code == 200
    assert soup(response).html["lang"] == "en"


@pytest.mark.parametrize(
    "url",
    [
        "/spaces/closed/",
        "/spaces/closed/pages/history/",
        "/spaces/centre-ville/pages/draft/",
        "/spaces/centre-ville/pages/nowhere/",
        "/spaces/nowhere/",
        "/en/spaces/closed/",
    ],
)
def test_unpublished_or_unknown_spaces_and_pages_are_not_found(client, url):
    closed = make_space("closed", is_published=False)
    make_page(closed, "history")
    open_space = make_space("centre-ville")
    make_page(open_space, "draft", is_published=False)

    response = client.get(url)

    assert response.status_code == 404
    with translation.override("en" if url.startswith("/en/") else "fr"):
        assert soup(response).h1.text == gettext("Page not found")


@pytest.mark.parametrize("url", ["/spaces/", "/spaces/kind/project/", "/spaces/centre-ville/"])
def test_public_pages_refuse_posts(client, url):
    make_space("centre-ville")

    assert client.post(url).status_code == 405


@pytest.mark.parametrize(
    ("language", "label"), [("fr", "Projet"), ("en", "Project"), ("fr", "Projet")]
)
def test_a_spaces_kind_is_named_in_the_active_language(language, label):
    with translation.override(language):
        assert Space(kind=SpaceKind.PROJECT).kind_label == label
