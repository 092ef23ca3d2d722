"""The site search finds published spaces and pages, and copes with any query."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from django.utils.translation import gettext, ngettext

from parvis.search.engine import MAX_TERMS, search
from parvis.search.views import MAX_QUERY_LENGTH
from parvis.spaces.models import SpaceKind
from parvis.spaces.tests.factories import make_page, make_space

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    centre = make_space(
        "centre-ville",
        name="Centre-ville",
        summary="Around the market hall.",
        description="The **market** is held every Saturday.",
    )
    make_page(centre, "market", title="Market days", body="Fresh produce on the square.")
    make_page(
        centre, "draft", title="Market draft", body="Unfinished market notes.", is_published=False
    )
    make_space(
        "tramway", kind=SpaceKind.PROJECT, name="Tramway", description="Line A to the market."
    )
    hidden = make_space("hidden", name="Hidden market", is_published=False)
    make_page(hidden, "page", title="Market in a hidden space", body="market")
    return centre


def results(response) -> list[tuple[str, str]]:
    page = BeautifulSoup(response.content, "html.parser")
    return [(a.text, a["href"]) for a in page.select(".search-results li > a")]


def test_the_search_finds_published_spaces_and_pages(client, town):
    response = client.get("/search/", {"q": "market"})

    assert response.status_code == 200
    assert sorted(results(response)) == [
        ("Centre-ville", "/spaces/centre-ville/"),
        ("Market days — Centre-ville", "/spaces/centre-ville/pages/market/"),
        ("Tramway", "/spaces/tramway/"),
    ]
    heading = BeautifulSoup(response.content, "html.parser").select_one("#results-title")
    with translation.override("fr"):
        assert heading.text == ngettext("%(counter)s result", "%(counter)s results", 3) % {
            "counter": 3
        }


def test_every_word_must_match_case_insensitively(client, town):
    response = client.get("/search/", {"q": "MARKET saturday"})

    assert results(response) == [("Centre-ville", "/spaces/centre-ville/")]


def test_the_type_filter_keeps_only_the_chosen_types(client, town):
    only_pages = client.get("/search/", {"q": "market", "type": "space_page"})
    only_spaces = client.get("/search/", {"q": "market", "type": ["space", "nonsense"]})

    assert results(only_pages) == [
        ("Market days — Centre-ville", "/spaces/centre-ville/pages/market/")
    ]
    assert sorted(results(only_spaces)) == [
        ("Centre-ville", "/spaces/centre-ville/"),
        ("Tramway", "/spaces/tramway/"),
    ]
    checked = BeautifulSoup(only_pages.content, "html.parser").select("input[name=type][checked]")
    assert [box["value"] for box in checked] == ["space_page"]


def test_an_unknown_type_alone_searches_everything(client, town):
    response = client.get("/search/", {"q": "market", "type": "nonsense"})

    assert len(results(response)) == 3


def test_unpublished_content_is_never_found(client, town):
    for query in ["hidden", "draft", "unfinished"]:
        assert results(client.get("/search/", {"q": query})) == []


def test_an_empty_query_shows_the_form_without_results(client, town):
    for params in [{}, {"q": ""}, {"q": "   "}]:
        response = client.get("/search/", params)

        assert response.status_code == 200
        page = BeautifulSoup(response.content, "html.parser")
        assert page.select("#results-title") == []
        assert page.select_one("#search-q")["value"] == ""


def test_a_query_of_single_letters_finds_nothing_and_says_so(client, town):
    response = client.get("/search/", {"q": "a b c"})

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    with translation.override("fr"):
        assert gettext("Nothing matches these words. Try other or fewer words.") in page.text


def test_a_very_long_query_is_cut_and_still_answered(client, town):
    query = "market " + "x" * 10_000

    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("#search-q")["value"] == query[:MAX_QUERY_LENGTH]
    # "market" plus a 193-letter word that matches nothing.
    assert results(response) == []


def test_many_words_are_limited_to_the_first_few(town):
    words = ["market"] + [f"word{n}" for n in range(50)]

    assert search(" ".join(words)) == []  # word1… are searched too, and match nothing
    assert [r.title for r in search("market " * 50)] != []
    assert len(search(" ".join(["market"] * MAX_TERMS + ["nothing"]))) == 3  # 9th word ignored


@pytest.mark.parametrize(
    "query",
    ["market\x00", "\x00", "%", "_", "market%", "'; DROP TABLE spaces_space; --", "\\", "ñ" * 50],
)
def test_odd_characters_are_searched_as_text(client, town, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    # NUL cannot be stored in PostgreSQL text and is dropped; % and _ are literal characters.
    expected = 3 if query == "market\x00" else 0
    assert len(results(response)) == expected


def test_the_query_is_shown_back_escaped(client, town):
    response = client.get("/search/", {"q": '<script>alert("x")</script>'})

    assert response.status_code == 200
    assert b'<script>alert("x")</script>' not in response.content
    assert BeautifulSoup(response.content, "html.parser").select_one("#search-q")["value"] == (
        '<script>alert("x")</script>'
    )
