"""The public pages of news and announcements, read as a visitor reads them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation
from django.utils.translation import gettext

from parvis.news.models import Article
from parvis.news.services import article_schedule, article_submit, article_unpublish
from parvis.news.tests.factories import make_announcement, make_article, png_bytes
from parvis.news.views import PAGE_SIZE
from parvis.spaces.tests.factories import make_space
from parvis.tags.models import Tag

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def page(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def fr(message: str, **params) -> str:
    with translation.override("fr"):
        return gettext(message) % params if params else gettext(message)


def card_titles(soup: BeautifulSoup, selector: str = ".cards--news .card h2 a") -> list[str]:
    return [a.text for a in soup.select(selector)]


# --- the news list and an article ----------------------------------------------------------------


def test_the_news_list_shows_public_articles_newest_first_with_their_image_and_date(
    client, officer
):
    # 14:30 in Paris in winter is 13:30 UTC: the page shows the town's date and time.
    moment = datetime(2026, 1, 15, 13, 30, tzinfo=ZoneInfo("UTC"))
    make_article("old", title="Old", actor=officer, now=moment - timedelta(days=1))
    make_article("new", title="New", actor=officer, now=moment, image=png_bytes(),
                 image_alt="The new playground")  # fmt: skip
    make_article("draft", title="Draft", actor=officer, publish=False)

    soup = page(client.get("/news/"))

    assert soup.select_one("h1").text == fr("News")
    assert len(soup.select("h1")) == 1
    assert card_titles(soup) == ["New", "Old"]
    first = soup.select_one(".cards--news .card")
    assert first.select_one("img")["alt"] == "The new playground"
    assert first.select_one("time")["datetime"] == "2026-01-15T14:30:00+01:00"
    assert first.select_one("time").text == "15 janvier 2026"
    english = page(client.get("/en/news/"))
    assert english.select_one(".cards--news time").text == "Jan. 15, 2026"


def test_the_news_list_is_paginated(client, officer):
    now = timezone.now()
    for number in range(PAGE_SIZE + 2):
        make_article(f"n-{number:02d}", actor=officer, now=now - timedelta(minutes=number))

    second = page(client.get("/en/news/?page=2"))

    assert card_titles(second) == ["N 12", "N 13"]
    assert second.select_one(".pagination span").text == "Page 2"
    assert [(a["rel"], a["href"]) for a in second.select(".pagination a")] == [
        (["prev"], "?page=1")
    ]


def test_an_article_page_shows_the_article_with_breadcrumbs_tags_and_json_ld(client, officer):
    space = make_space("vieux-bourg", name="Vieux-Bourg")
    works = Tag.objects.create(name="Travaux", slug="travaux")
    article = make_article(
        "bridge", title="The bridge reopens", lead="After six months of works.",
        body="## Traffic\n\nCars **and** bikes.", space=space, tags=[works],
        image=png_bytes(), image_alt="The bridge at dawn", actor=officer,
    )  # fmt: skip

    soup = page(client.get("/news/bridge/"))

    assert [h.text for h in soup.select("h1")] == ["The bridge reopens"]
    assert soup.select_one(".prose h2").text == "Traffic"  # "## Traffic" right under the h1
    assert soup.select_one(".prose strong").text == "and"
    assert soup.select_one(".news-article__image")["alt"] == "The bridge at dawn"
    assert [a.text for a in soup.select(".tag-list a")] == ["Travaux"]
    assert [a["href"] for a in soup.select(".breadcrumbs a")] == [
        "/", "/spaces/vieux-bourg/", "/spaces/vieux-bourg/news/", "/news/bridge/",
    ]  # fmt: skip
    blocks = [json.loads(b.string) for b in soup.select('script[type="application/ld+json"]')]
    assert [b["@type"] for b in blocks] == ["NewsArticle", "BreadcrumbList"]
    data = blocks[0]
    assert data["headline"] == "The bridge reopens"
    assert data["description"] == "After six months of works."
    assert data["url"] == "http://127.0.0.1:8000/news/bridge/"
    assert data["image"] == [f"http://127.0.0.1:8000{article.image.url}"]
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["keywords"] == ["Travaux"]
    assert data["publisher"]["name"] == "Villeneuve-du-Parvis"
    feeds = [link["href"] for link in soup.select('link[rel="alternate"][type$="+xml"]')]
    assert feeds == [
        "/spaces/vieux-bourg/news/feed/rss/",
        "/spaces/vieux-bourg/news/feed/atom/",
        "/spaces/vieux-bourg/announcements/feed/rss/",
        "/spaces/vieux-bourg/announcements/feed/atom/",
        "/spaces/vieux-bourg/comments/feed/rss/",
        "/spaces/vieux-bourg/comments/feed/atom/",
    ]


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled", "unpublished", "expired"])
def test_an_article_that_is_not_public_is_not_found(client, officer, state):
    article = make_article("hidden", actor=officer, publish=state in ("unpublished", "expired"))
    if state in ("in_review", "scheduled"):
        article_submit(article=article, actor=officer)
    if state == "scheduled":
        article_schedule(
            article=article, actor=officer, publish_at=timezone.now() + timedelta(hours=1)
        )
    if state == "unpublished":
        article_unpublish(article=article, actor=officer)
    if state == "expired":
        Article.objects.filter(pk=article.pk).update(unpublish_at=timezone.now())

    assert client.get("/news/hidden/").status_code == 404
    assert "/news/hidden/" not in client.get("/news/").content.decode()


# --- announcements -------------------------------------------------------------------------------


def test_announcements_list_and_page_show_who_speaks(client, officer):
    space = make_space("les-rives", name="Les Rives")
    make_announcement("Tonight on the evening news!", actor=officer,
                      now=timezone.now() - timedelta(hours=3))  # fmt: skip
    make_announcement("A cottage opened.", service="Office de tourisme", actor=officer,
                      now=timezone.now() - timedelta(hours=2))  # fmt: skip
    in_space = make_announcement("Clean-up on Sunday.", space=space, actor=officer,
                                 image=png_bytes(), image_alt="Volunteers")  # fmt: skip
    make_announcement("Draft.", publish=False, actor=officer)

    soup = page(client.get("/announcements/"))

    cards = soup.select(".cards--announcements .card")
    assert [(c.select_one("h2").text, c.select_one(".announcement__text").text) for c in cards] == [
        ("Les Rives", "Clean-up on Sunday."),
        ("Office de tourisme", "A cottage opened."),
        ("Villeneuve-du-Parvis", "Tonight on the evening news!"),
    ]
    detail = page(client.get(f"/announcements/{in_space.pk}/"))
    assert detail.select_one("h1").text == fr("Announcement from %(source)s", source="Les Rives")
    assert detail.select_one(".news-article__image")["alt"] == "Volunteers"


def test_a_draft_announcement_is_not_found(client, officer):
    draft = make_announcement("Not yet.", publish=False, actor=officer)

    assert client.get(f"/announcements/{draft.pk}/").status_code == 404


# --- a space's news, the tag page, the home page ---------------------------------------------------


def test_a_space_page_lists_its_own_latest_news_and_announcements_with_its_feeds(client, officer):
    space = make_space("vieux-bourg", name="Vieux-Bourg")
    other = make_space("les-rives", name="Les Rives")
    now = timezone.now()
    for number in range(5):
        make_article(f"bourg-{number}", title=f"Bourg {number}", space=space, actor=officer,
                     now=now - timedelta(hours=number))  # fmt: skip
    make_article("rives", title="Rives", space=other, actor=officer)
    make_article("town", title="Town", actor=officer)
    make_announcement("In the bourg.", space=space, actor=officer)
    make_announcement("Elsewhere.", space=other, actor=officer)

    soup = page(client.get("/en/spaces/vieux-bourg/"))

    assert [a.text for a in soup.select(".space-news .cards--news h3 a")] == [
        "Bourg 0", "Bourg 1", "Bourg 2",
    ]  # fmt: skip
    assert [p.text for p in soup.select(".space-news .announcement__text")] == ["In the bourg."]
    links = {a["href"] for a in soup.select(".space-news a")}
    assert {"/en/spaces/vieux-bourg/news/", "/en/spaces/vieux-bourg/announcements/"} <= links
    assert {a["href"] for a in soup.select(".feed-links a")} == {
        "/spaces/vieux-bourg/news/feed/rss/",
        "/spaces/vieux-bourg/news/feed/atom/",
        "/spaces/vieux-bourg/announcements/feed/rss/",
        "/spaces/vieux-bourg/announcements/feed/atom/",
        "/spaces/vieux-bourg/comments/feed/rss/",
        "/spaces/vieux-bourg/suggestions/feed/rss/",
        "/spaces/vieux-bourg/suggestions/feed/atom/",
        "/spaces/vieux-bourg/comments/feed/atom/",
    }
    all_news = page(client.get("/spaces/vieux-bourg/news/"))
    assert card_titles(all_news) == [f"Bourg {n}" for n in range(5)]
    assert (
        page(client.get("/spaces/vieux-bourg/announcements/")).select(".announcement__text")[0].text
        == "In the bourg."
    )


def test_the_tag_page_lists_what_carries_the_tag(client, officer, resident):
    works = Tag.objects.create(name="Travaux", slug="travaux")
    culture = Tag.objects.create(name="Culture", slug="culture")
    make_article("roadworks", title="Roadworks", tags=[works], actor=officer)
    make_article("concert", title="Concert", tags=[culture], actor=officer)
    make_announcement("Road closed.", tags=[works], actor=officer)
    make_announcement("Choir tonight.", tags=[culture], actor=officer)

    soup = page(client.get("/tags/travaux/"))

    assert soup.select_one("h1").text == fr("Tag “%(tag)s”", tag="Travaux")
    assert card_titles(soup, ".cards--news h3 a") == ["Roadworks"]
    assert [p.text for p in soup.select(".announcement__text")] == ["Road closed."]
    assert {a["href"] for a in soup.select(".feed-links a")} == {
        "/tags/travaux/news/feed/rss/",
        "/tags/travaux/news/feed/atom/",
        "/tags/travaux/announcements/feed/rss/",
        "/tags/travaux/announcements/feed/atom/",
    }
    assert client.get("/tags/nothing/").status_code == 404


def test_the_home_page_shows_the_latest_news_and_announcements(client, officer):
    now = timezone.now()
    for number in range(6):
        make_article(f"home-{number}", title=f"Home {number}", actor=officer,
                     now=now - timedelta(hours=number))  # fmt: skip
    make_announcement("Short news.", actor=officer)

    soup = page(client.get("/"))

    assert [a.text for a in soup.select(".cards--news h3 a")] == [f"Home {n}" for n in range(4)]
    assert [p.text for p in soup.select(".announcement__text")] == ["Short news."]
    assert {a["href"] for a in soup.select("main a")} >= {"/news/", "/announcements/"}
    # The town's feeds, in the order the apps' manifests give them: news first, comments
    # last, whatever the order the apps are installed in.
    assert [link["href"] for link in soup.select('link[type="application/rss+xml"]')] == [
        "/news/feed/rss/",
        "/announcements/feed/rss/",
        "/agenda/feed/rss/",
        "/roadworks/feed/rss/",
        "/council/deliberations/feed/rss/",
        "/jobs/feed/rss/",
        "/photos/feed/rss/",
        "/videos/feed/rss/",
        "/podcasts/feed/rss/",
        "/media/feed/rss/",
        "/suggestions/feed/rss/",
        "/reports/feed/rss/",
        "/comments/feed/rss/",
    ]
