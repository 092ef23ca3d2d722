"""The tag page: what carries the tag, newest first, in pages; a follow button; 404 otherwise."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation
from django.utils.translation import gettext

from parvis.news.manifest import TAG_PAGE_SIZE as PAGE_SIZE
from parvis.news.tests.factories import make_announcement, make_article
from parvis.notifications.models import Subscription
from parvis.tags.services import tag_save
from parvis.tags.tests.factories import make_tag

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def news_titles(response) -> list[str]:
    return [a.text for a in soup(response).select("[aria-labelledby=tag-news] .card a")]


def announcement_texts(response) -> list[str]:
    page = soup(response)
    return [p.text for p in page.select("[aria-labelledby=tag-announcements] .announcement__text")]


def test_the_tag_page_lists_the_published_news_and_announcements_carrying_the_tag(client):
    works = make_tag("Travaux", "travaux")
    culture = make_tag("Culture", "culture")
    start = timezone.now() - timedelta(days=3)
    make_article("bridge", title="The bridge is repaired", tags=[works], now=start)
    make_article(
        "road",
        title="The road is resurfaced",
        tags=[works, culture],
        now=start + timedelta(hours=1),
    )
    make_article("concert", title="A concert in the park", tags=[culture], now=start)
    make_article("draft", title="A draft about works", tags=[works], publish=False)
    make_announcement("The library closes for works on Monday.", tags=[works], now=start)
    make_announcement("Choir rehearsal on Thursday.", tags=[culture], now=start)

    response = client.get("/tags/travaux/")

    assert response.status_code == 200
    with translation.override("fr"):
        assert soup(response).h1.text == gettext("Tag “%(tag)s”") % {"tag": "Travaux"}
    assert news_titles(response) == ["The road is resurfaced", "The bridge is repaired"]
    assert announcement_texts(response) == ["The library closes for works on Monday."]


def test_a_tag_carried_by_nothing_says_so(client):
    make_tag("Travaux", "travaux")

    response = client.get("/en/tags/travaux/")

    assert response.status_code == 200
    assert news_titles(response) == []
    assert "No news carries this tag yet." in soup(response).text
    assert "No announcement carries this tag yet." in soup(response).text


@pytest.mark.parametrize("address", ["/tags/nowhere/", "/en/tags/nowhere/"])
def test_an_unknown_tag_is_not_found(client, address):
    make_tag("Travaux", "travaux")

    assert client.get(address).status_code == 404


def test_a_renamed_tag_lives_at_its_new_address_only(client, officer):
    tag = make_tag("Travaux", "travaux")
    make_article("bridge", title="The bridge is repaired", tags=[tag])

    tag.name, tag.slug = "Chantiers", "chantiers"
    tag_save(tag=tag, actor=officer)

    assert client.get("/tags/travaux/").status_code == 404
    response = client.get("/tags/chantiers/")
    assert response.status_code == 200
    assert news_titles(response) == ["The bridge is repaired"]


def test_the_news_of_a_tag_come_in_pages_newest_first(client):
    assert PAGE_SIZE == 12  # the premise of the figures below
    tag = make_tag("Travaux", "travaux")
    start = timezone.now() - timedelta(days=30)
    for number in range(1, 14):  # 13 articles: a full first page and one on the second
        make_article(
            f"works-{number:02d}",
            title=f"Works news {number:02d}",
            tags=[tag],
            now=start + timedelta(days=number),
        )

    first = client.get("/en/tags/travaux/")
    second = client.get("/en/tags/travaux/", {"page": 2})
    beyond = client.get("/en/tags/travaux/", {"page": 99})

    assert news_titles(first) == [f"Works news {n:02d}" for n in range(13, 1, -1)]
    assert soup(first).select_one(".pagination a[rel=next]")["href"] == "?page=2"
    assert soup(first).select(".pagination a[rel=prev]") == []
    assert news_titles(second) == ["Works news 01"]
    assert soup(second).select_one(".pagination a[rel=prev]")["href"] == "?page=1"
    assert soup(second).title.text.startswith("Tag “Travaux” — page 2")
    assert news_titles(beyond) == ["Works news 01"]  # past the end: the last page


def test_a_resident_follows_a_tag_from_its_page_and_comes_back(client, resident):
    tag = make_tag("Travaux", "travaux")
    client.force_login(resident)
    form = soup(client.get("/tags/travaux/")).select_one("main .follow-button form")
    fields = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    assert fields["target"] == f"tags.tag:{tag.pk}"

    response = client.post(form["action"], fields)

    assert response.status_code == 302
    assert response["Location"] == "/tags/travaux/"
    assert [s.target for s in Subscription.objects.filter(user=resident)] == [tag]
