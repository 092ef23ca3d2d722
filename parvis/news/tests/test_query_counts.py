"""Every page listing news or announcements issues as many SQL queries with 1,000 rows as
with 10 (the pattern of `parvis/spaces/tests/test_query_counts.py`): measured once warm,
then again after growing the data a hundredfold."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parvis.news.models import Announcement, AnnouncementStatus, Article, ArticleStatus
from parvis.news.views import ANNOUNCEMENTS_PAGE_SIZE
from parvis.spaces.models import Space, SpaceKind
from parvis.tags.models import Tag

SMALL, LARGE = 10, 1_000

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def place():
    space = Space.objects.create(kind=SpaceKind.NEIGHBOURHOOD, slug="vieux-bourg", name="Bourg")
    tag = Tag.objects.create(name="Travaux", slug="travaux")
    return space, tag


def add_news(count: int, *, space: Space, tag: Tag) -> None:
    """`count` more public articles and announcements, with images, in the space, tagged."""
    start = Article.objects.count()
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            slug=f"article-{i:05d}",
            title=f"Article {i}",
            lead=f"Lead {i}.",
            body=f"Body *{i}*.",
            space=space,
            image=f"news/images/{i}.png",
            image_alt=f"Picture {i}",
            image_size=100 + i,
            status=ArticleStatus.PUBLISHED,
            published_at=now - timedelta(minutes=i),
            publish_at=now - timedelta(minutes=i),
        )
        for i in range(start, start + count)
    )
    announcements = Announcement.objects.bulk_create(
        Announcement(
            text=f"Announcement {i}.",
            space=space,
            image=f"news/images/a{i}.png" if i % 2 else "",
            image_alt=f"Picture {i}" if i % 2 else "",
            image_size=100 + i if i % 2 else None,
            status=AnnouncementStatus.PUBLISHED,
            published_at=now - timedelta(minutes=i),
        )
        for i in range(start, start + count)
    )
    Article.tags.through.objects.bulk_create(
        Article.tags.through(article=article, tag=tag) for article in articles
    )
    Announcement.tags.through.objects.bulk_create(
        Announcement.tags.through(announcement=announcement, tag=tag)
        for announcement in announcements
    )


PAGES = [
    "/",
    "/en/",
    "/news/",
    "/news/?page=2",
    "/announcements/",
    "/announcements/?page=2",
    "/spaces/vieux-bourg/",
    "/spaces/vieux-bourg/news/",
    "/spaces/vieux-bourg/announcements/",
    "/tags/travaux/",
    "/tags/travaux/?page=2",
    "/news/feed/rss/",
    "/news/feed/atom/",
    "/announcements/feed/rss/",
    "/spaces/vieux-bourg/news/feed/atom/",
    "/spaces/vieux-bourg/announcements/feed/rss/",
    "/tags/travaux/news/feed/rss/",
    "/tags/travaux/announcements/feed/atom/",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_page_listing_news_does_not_grow_with_the_number_of_items(client, place, url):
    space, tag = place
    # A second page needs more than one page of items: then the small size is two pages.
    start = 2 * ANNOUNCEMENTS_PAGE_SIZE if "page=" in url else SMALL
    add_news(start, space=space, tag=tag)
    queries_for(client, url)  # warm up
    small = queries_for(client, url)

    add_news(LARGE - start, space=space, tag=tag)
    large = queries_for(client, url)

    assert Article.objects.count() == Announcement.objects.count() == LARGE
    assert large == small


def test_an_article_page_does_not_grow_with_the_number_of_its_tags(client, place):
    space, tag = place
    add_news(1, space=space, tag=tag)
    article = Article.objects.get()
    url = article.get_absolute_url()
    queries_for(client, url)
    small = queries_for(client, url)

    tags = Tag.objects.bulk_create(Tag(name=f"Tag {i}", slug=f"tag-{i}") for i in range(50))
    article.tags.add(*tags)
    large = queries_for(client, url)

    assert large == small


def test_a_signed_in_visitor_sees_a_tag_page_in_as_many_queries(client, place, resident):
    space, tag = place
    client.force_login(resident)
    add_news(SMALL, space=space, tag=tag)
    queries_for(client, "/tags/travaux/")
    small = queries_for(client, "/tags/travaux/")

    add_news(LARGE - SMALL, space=space, tag=tag)
    large = queries_for(client, "/tags/travaux/")

    assert large == small


def tables_read(client, url: str) -> str:
    """Every SQL statement the page at `url` runs, in one text."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return "\n".join(query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize(
    "url",
    ["/", "/news/", "/announcements/", "/tags/travaux/", "/news/feed/rss/",
     "/announcements/feed/atom/", "/news/article-00000/"],
)  # fmt: skip
def test_news_read_of_their_space_neither_its_description_nor_its_boundary(client, place, url):
    space, tag = place
    add_news(SMALL, space=space, tag=tag)

    statements = tables_read(client, url)

    assert '"spaces_space"."name"' in statements
    assert '"spaces_space"."boundary"' not in statements
    assert '"spaces_space"."description"' not in statements


@pytest.mark.parametrize("url", ["/news/article-00000/", "/news/feed/rss/"])
def test_an_article_page_and_the_feeds_read_no_account(client, place, url):
    space, tag = place
    add_news(SMALL, space=space, tag=tag)

    assert '"accounts_user"' not in tables_read(client, url)


@pytest.mark.parametrize("url", ["/spaces/vieux-bourg/news/", "/spaces/vieux-bourg/announcements/"])
def test_a_spaces_news_lists_read_neither_its_members_nor_its_pages(client, place, url):
    space, tag = place
    add_news(SMALL, space=space, tag=tag)

    statements = tables_read(client, url)

    assert '"spaces_spacemembership"' not in statements
    assert '"spaces_spacepage"' not in statements
