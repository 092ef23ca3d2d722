"""The search page: a form, filters by type and space, results with marked words, pages."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

from parvis.search.views import MAX_QUERY_LENGTH
from parvis.spaces.models import SpaceKind
from parvis.spaces.tests.factories import make_page, make_space

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    centre = make_space(
        "centre-ville",
        name="Centre-ville",
        summary="Autour de la halle.",
        description="Le **marché** a lieu le samedi.",
    )
    make_page(centre, "marche", title="Jours de marché", body="Produits frais sur la place.")
    make_page(centre, "brouillon", title="Marché brouillon", body="Notes.", is_published=False)
    make_space(
        "tramway", kind=SpaceKind.PROJECT, name="Tramway", description="La ligne A va au marché."
    )
    hidden = make_space("cachee", name="Marché caché", is_published=False)
    make_page(hidden, "page", title="Marché dans un espace caché", body="marché")
    return centre


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def results(response) -> list[tuple[str, str]]:
    return [(a.text, a["href"]) for a in soup(response).select(".search-result__title a")]


def test_the_search_finds_published_spaces_and_pages(client, town):
    response = client.get("/search/", {"q": "marché"})

    assert response.status_code == 200
    assert sorted(results(response)) == [
        ("Centre-ville", "/spaces/centre-ville/"),
        ("Jours de marché", "/spaces/centre-ville/pages/marche/"),
        ("Tramway", "/spaces/tramway/"),
    ]
    with translation.override("fr"):
        assert soup(response).select_one("#results-title").text == ngettext(
            "%(counter)s result", "%(counter)s results", 3
        ) % {"counter": 3}


def test_a_result_shows_its_type_its_space_and_the_words_found(client, town):
    response = client.get("/search/", {"q": "produits frais"})

    [item] = soup(response).select(".search-result")
    assert [str(mark) for mark in item.select("mark")] == [
        "<mark>Produits</mark>",
        "<mark>frais</mark>",
    ]
    meta = item.select_one(".search-result__meta")
    with translation.override("fr"):
        assert meta.select_one(".badge").text == gettext("Pages of spaces")
        assert gettext("in %(space)s") % {"space": "Centre-ville"} in meta.text
    assert meta.select_one("time")["datetime"]


def test_the_type_filter_keeps_only_the_chosen_types(client, town):
    only_pages = client.get("/search/", {"q": "marché", "type": "space_page"})
    only_spaces = client.get("/search/", {"q": "marché", "type": ["space", "nonsense"]})

    assert results(only_pages) == [("Jours de marché", "/spaces/centre-ville/pages/marche/")]
    assert sorted(results(only_spaces)) == [
        ("Centre-ville", "/spaces/centre-ville/"),
        ("Tramway", "/spaces/tramway/"),
    ]
    checked = soup(only_pages).select("input[name=type][checked]")
    assert [box["value"] for box in checked] == ["space_page"]


def test_the_space_filter_keeps_what_a_space_holds(client, town):
    response = client.get("/search/", {"q": "marché", "space": "centre-ville"})

    assert results(response) == [("Jours de marché", "/spaces/centre-ville/pages/marche/")]
    options = soup(response).select("#search-space option")
    assert [(o["value"], o.has_attr("selected")) for o in options] == [
        ("", False),
        ("centre-ville", True),
        ("tramway", False),
    ]


@pytest.mark.parametrize(
    "params", [{"type": "nonsense"}, {"space": "cachee"}, {"space": "nowhere"}, {"page": "x"}]
)
def test_unknown_filters_are_ignored(client, town, params):
    response = client.get("/search/", {"q": "marché", **params})

    assert response.status_code == 200
    assert len(results(response)) == 3


def test_unpublished_content_is_never_found(client, town):
    for query in ["caché", "brouillon", "notes"]:
        assert results(client.get("/search/", {"q": query})) == []


def test_pages_of_results_keep_the_query_and_filters(client, town):
    for n in range(45):
        make_page(town, f"avis-{n:02d}", title=f"Avis {n:02d}", body="Un avis de la mairie.")

    first = client.get("/search/", {"q": "avis", "space": "centre-ville"})
    nav = soup(first).select_one("nav.pagination")
    next_link = nav.select_one("a[rel=next]")["href"]
    second = client.get("/search/" + next_link)
    last = client.get("/search/", {"q": "avis", "space": "centre-ville", "page": "9"})

    assert next_link == "?q=avis&space=centre-ville&page=2"
    assert (len(results(first)), len(results(second)), len(results(last))) == (20, 20, 5)
    assert not set(results(first)) & set(results(second))
    assert soup(second).select_one(".search-results")["start"] == "21"
    with translation.override("fr"):
        assert gettext("Page %(n)s of %(total)s") % {"n": 3, "total": 3} in soup(last).text
    assert soup(last).select("nav.pagination a[rel=next]") == []


def test_an_empty_query_shows_the_form_without_results(client, town):
    for params in [{}, {"q": ""}, {"q": "   "}]:
        response = client.get("/search/", params)

        assert response.status_code == 200
        page = soup(response)
        assert page.select("#results-title") == []
        assert page.select_one("#search-q")["value"] == ""


def test_a_query_that_finds_nothing_says_so(client, town):
    response = client.get("/search/", {"q": "introuvable"})

    assert response.status_code == 200
    with translation.override("fr"):
        assert gettext("Nothing matches these words. Try other or fewer words.") in (
            soup(response).text
        )


NOTHING_TO_LOOK_FOR = (
    "There is nothing to look for in these words: type at least one word that is not a sign, "
    "a single letter or a very common word (“le”, “de”, “pour”)."
)


@pytest.mark.parametrize(
    "query", ["a b c", "le la de", "!!!", "?" * 10_000, '"', "*", "-", "-tram", "( ) : ^"]
)
def test_a_query_with_nothing_to_look_for_says_what_to_type(client, town, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    page = soup(response)
    assert page.select("#results-title") == []
    with translation.override("fr"):
        assert gettext(NOTHING_TO_LOOK_FOR) in page.text
    assert gettext(NOTHING_TO_LOOK_FOR) not in soup(client.get("/search/?q=marché")).text


def test_a_very_long_query_is_cut_and_still_answered(client, town):
    query = "marché " + "x" * 10_000

    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert soup(response).select_one("#search-q")["value"] == query[:MAX_QUERY_LENGTH]
    assert results(response) == []  # "marché" and a 193-letter word that matches nothing
    with translation.override("fr"):
        said = gettext("Only the first %(n)s characters of what you typed were searched.")
        assert said % {"n": MAX_QUERY_LENGTH} in soup(response).text
    short = client.get("/search/", {"q": "marché"})
    assert "200" not in soup(short).select_one("main").text


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("marché\x00", 3),
        ("\x00", 0),
        ("%", 0),
        ("_", 0),
        ('"', 0),
        ("NEAR(", 0),
        ("-", 0),
        ("*", 0),
        ("AND OR NOT", 0),
        ("'; DROP TABLE spaces_space; --", 0),
    ],
)
def test_odd_queries_are_searched_as_text(client, town, query, found):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert len(results(response)) == found


def test_the_query_is_shown_back_escaped(client, town):
    response = client.get("/search/", {"q": '<script>alert("x")</script>'})

    assert response.status_code == 200
    assert b'<script>alert("x")</script>' not in response.content
    assert soup(response).select_one("#search-q")["value"] == '<script>alert("x")</script>'
    # The header's search box shows it too.
    assert soup(response).select_one("#site-search-q")["value"] == '<script>alert("x")</script>'


def test_the_page_answers_in_english_with_english_addresses(client, town):
    response = client.get("/en/search/", {"q": "marché", "type": "space_page"})

    assert results(response) == [("Jours de marché", "/en/spaces/centre-ville/pages/marche/")]


def test_the_page_only_reads_and_sets_no_cookie(client, town):
    response = client.get("/search/", {"q": "marché"})
    posted = client.post("/search/", {"q": "marché"})

    assert response.cookies == {} and "Set-Cookie" not in response.headers
    assert posted.status_code == 405


def test_english_results_mark_the_french_titles_excerpts_and_space_names(client, town):
    response = client.get("/en/search/", {"q": "produits frais"})

    [item] = soup(response).select(".search-result")
    assert item.select_one(".search-result__title a")["lang"] == "fr"
    assert item.select_one(".search-result__excerpt")["lang"] == "fr"
    assert item.select_one('.search-result__meta [lang="fr"]').text == "Centre-ville"
    assert "lang" not in item.select_one(".badge").attrs
    french = client.get("/search/", {"q": "produits frais"})
    assert soup(french).select(".search-results [lang]") == []


def test_a_result_written_in_another_language_says_which(client, notices):
    notices.add("Welcome desk for visitors", "Open on Sundays.", language="en")

    [item] = soup(client.get("/search/", {"q": "visitors"})).select(".search-result")

    assert item.select_one(".search-result__title a")["lang"] == "en"
    assert item.select_one(".search-result__excerpt")["lang"] == "en"


def test_a_page_of_results_is_not_indexed_and_names_itself_as_canonical(client, town):
    """A results page is `noindex, follow` (search engines follow its links but keep none of
    its lists), and its canonical address is itself with what chooses its results: never
    another page's address, which would contradict `noindex`. The form alone is indexable."""
    site = settings.SITE_URL

    form = soup(client.get("/search/?utm_source=x"))
    results_page = soup(
        client.get(
            "/search/", {"q": "marché", "type": "space", "space": "centre-ville", "utm_source": "x"}
        )
    )

    assert form.select('meta[name="robots"]') == []
    assert form.select_one('link[rel="canonical"]')["href"] == f"{site}/search/"
    assert [m["content"] for m in results_page.select('meta[name="robots"]')] == ["noindex, follow"]
    canonical = "/search/?q=march%C3%A9&type=space&space=centre-ville"
    assert [link["href"] for link in results_page.select('link[rel="canonical"]')] == [
        site + canonical
    ]
    alternates = {link["hreflang"]: link["href"] for link in results_page.select("link[hreflang]")}
    assert alternates == {
        "fr": site + canonical,
        "en": site + "/en" + canonical,
        "x-default": site + canonical,
    }


def test_near_duplicates_show_under_the_best_of_them(client, dated_notices):
    for weekday in ("lundi", "mardi", "jeudi"):
        dated_notices.add(f"Collecte des encombrants {weekday} : sortez-les la veille", "Collecte.")

    page = soup(client.get("/en/search/", {"q": "encombrants"}))

    [result] = page.select(".search-result")
    similar = result.select_one("details.search-result__similar")
    assert similar.select_one("summary").text == ngettext(
        "%(counter)s similar result", "%(counter)s similar results", 2
    ) % {"counter": 2}
    assert len(similar.select("li a")) == 2
    assert page.select_one("#results-title").text == "3 results"
