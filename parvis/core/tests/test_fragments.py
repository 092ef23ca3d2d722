"""Parts of pages kept rendered (parvis.core.fragments), read through the home page: its
news and its spaces are sections declared with `cache=True`.

Which sections a request rendered again is read from the queries it ran: the news section
reads the articles and announcements, the spaces section the spaces (each from its own
table); a section served from memory runs none.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parvis.comments.services import comment_create
from parvis.core import fragments, generations, pagecache
from parvis.core.generations import TOWN
from parvis.news.tests.factories import make_announcement, make_article
from parvis.notifications.services import subscription_create
from parvis.spaces.services import space_save
from parvis.spaces.tests.factories import make_space

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragment_cache")]

_SECTION_OF_TABLE = {
    "news_article": "news",
    "news_announcement": "news",
    "spaces_space": "spaces",
}


def rendered_sections(client, path: str = "/") -> tuple[set[str], str]:
    """The sections of the home page `path` rendered again, and the page."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    tables = {
        found.group(1)
        for query in queries.captured_queries
        if (found := re.search(r'\bFROM "(\w+)"', query["sql"]))
    }
    return {
        _SECTION_OF_TABLE[t] for t in tables if t in _SECTION_OF_TABLE
    }, response.content.decode()


@pytest.fixture
def town(officer, resident):
    space = make_space("centre", name="Centre")
    article = make_article("library", title="The new library", actor=officer, space=space)
    make_announcement("Market on Sunday", actor=officer)
    return {"space": space, "article": article, "officer": officer, "resident": resident}


def test_the_sections_are_rendered_once_then_kept(client, town):
    first, page = rendered_sections(client)
    assert first == {"news", "spaces"}
    assert "The new library" in page and "Centre" in page

    again, same = rendered_sections(client)
    assert again == set()
    assert same == page


def test_a_new_article_renders_the_news_again_and_not_the_spaces(client, town):
    rendered_sections(client)

    make_article("pool", title="The pool reopens", actor=town["officer"])

    fresh, page = rendered_sections(client)
    assert fresh == {"news"}
    assert "The pool reopens" in page
    assert rendered_sections(client)[0] == set()


def test_a_renamed_space_renders_both_sections_again(client, town):
    # The news cards show their space's name: they read the spaces too.
    rendered_sections(client)

    town["space"].name = "Old town"
    space_save(space=town["space"], actor=town["officer"])

    fresh, page = rendered_sections(client)
    assert fresh == {"news", "spaces"}
    assert "Old town" in page and ">Centre<" not in page


def test_a_change_to_something_else_leaves_both_sections_kept(client, town):
    rendered_sections(client)

    comment_create(target=town["article"], author=town["resident"], body="Great!")
    subscription_create(user=town["resident"], target=town["space"])

    assert rendered_sections(client)[0] == set()


def test_each_language_has_its_own_fragments(client, town):
    rendered_sections(client, "/")

    fresh, page = rendered_sections(client, "/en/")

    assert fresh == {"news", "spaces"}
    assert "Latest news" in page
    assert "Latest news" not in rendered_sections(client, "/")[1]


def test_a_signed_in_resident_gets_the_same_sections_and_their_own_header(client, town):
    __, anonymous = rendered_sections(client)

    client.force_login(town["resident"])
    fresh, signed_in = rendered_sections(client)

    assert fresh == set()
    assert "Mon compte" in signed_in and "Mon compte" not in anonymous

    def sections(page: str) -> str:
        return page[page.index('<p class="lead">') : page.index("</main>")]

    assert sections(signed_in) == sections(anonymous)


def test_a_section_is_not_kept_past_the_end_of_an_articles_publication(client, officer):
    end = timezone.now() + timedelta(seconds=1.5)
    make_article("ending", title="Ending soon", actor=officer, unpublish_at=end)
    assert "Ending soon" in rendered_sections(client)[1]
    assert rendered_sections(client)[0] == set()

    while timezone.now() <= end:
        time.sleep(0.1)

    fresh, page = rendered_sections(client)
    assert "news" in fresh
    assert "Ending soon" not in page


@pytest.mark.usefixtures("page_cache")
def test_a_page_made_of_kept_fragments_is_still_renewed_by_what_they_read(client, town):
    # The sections served from memory give the page their dependencies: the page cache
    # renders the page again when an article changes, though the page ran no query.
    assert client.get("/")["X-Parvis-Cache"] == "miss"
    pagecache.stores().pages.clear()
    assert rendered_sections(client)[0] == set()
    assert client.get("/")["X-Parvis-Cache"] == "hit"

    make_article("pool", title="The pool reopens", actor=town["officer"])

    response = client.get("/")
    assert response["X-Parvis-Cache"] == "miss"
    assert "The pool reopens" in response.content.decode()


def test_markup_made_for_one_visitor_is_never_kept():
    renders = []

    def with_token() -> str:
        renders.append(1)
        return '<input type="hidden" name="csrfmiddlewaretoken" value="abc">'

    def plain() -> str:
        renders.append(2)
        return "<p>Same for all</p>"

    for __ in range(2):
        assert "abc" in fragments.render_fragment(None, "form", with_token)
        assert fragments.render_fragment(None, "plain", plain) == "<p>Same for all</p>"

    assert renders == [1, 2, 1]


def test_nothing_is_kept_when_the_setting_is_off(client, town, settings):
    settings.FRAGMENT_CACHE = False
    rendered_sections(client)
    assert rendered_sections(client)[0] == {"news", "spaces"}


def test_a_spaces_news_is_kept_per_space_and_renewed_by_a_change_to_the_space(client, town):
    other = make_space("harbour", name="Harbour")
    make_article("quay", title="The quay is rebuilt", actor=town["officer"], space=other)
    assert "news" in rendered_sections(client, "/spaces/centre/")[0]
    assert "news" in rendered_sections(client, "/spaces/harbour/")[0]
    kept, page = rendered_sections(client, "/spaces/centre/")
    assert "news" not in kept
    assert "The new library" in page and "The quay is rebuilt" not in page

    town["space"].name = "Old town"
    space_save(space=town["space"], actor=town["officer"])

    fresh, page = rendered_sections(client, "/spaces/centre/")
    assert "news" in fresh
    news = page[page.index('id="space-news-title"') : page.index('id="space-announcements-title"')]
    assert "Old town" in news and "Centre" not in news


def test_a_fragment_about_an_object_is_renewed_by_its_change_even_without_reading_it(officer):
    space = make_space("centre", name="Centre")
    other = make_space("harbour", name="Harbour")
    renders = []

    def title() -> str:
        renders.append(space.name)
        return f"<h2>{space.name}</h2>"

    fragments.render_fragment(None, "title", title, about=space)
    other.name = "Port"
    space_save(space=other, actor=officer)
    fragments.render_fragment(None, "title", title, about=space)
    space.name = "Old town"
    space_save(space=space, actor=officer)

    assert fragments.render_fragment(None, "title", title, about=space) == "<h2>Old town</h2>"
    assert renders == ["Centre", "Old town"]


def test_a_fragment_block_of_a_template_is_kept_until_the_town_changes(settings):
    piece = Template('{% load parvis %}<p>{% fragment "greeting" %}{{ word }}{% endfragment %}</p>')

    assert piece.render(Context({"word": "Bonjour"})) == "<p>Bonjour</p>"
    assert piece.render(Context({"word": "Salut"})) == "<p>Bonjour</p>"
    generations.bump(TOWN)
    assert piece.render(Context({"word": "Salut"})) == "<p>Salut</p>"

    settings.FRAGMENT_CACHE = False
    assert piece.render(Context({"word": "Hello"})) == "<p>Hello</p>"


def test_the_footer_is_rendered_once_for_every_page(client, town):
    first = client.get("/legal/notice/").content.decode()
    footer = first[first.index("<footer") : first.index("</footer>")]
    assert "/legal/privacy/" in footer
    page = client.get("/news/").content.decode()
    assert page[page.index("<footer") : page.index("</footer>")] == footer
    assert len(fragments._fragments()) == 1
