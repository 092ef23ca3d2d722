"""Every wiki page issues as many SQL queries for an article with 500 revisions (and a wiki
of many pages) as for one with 10: measured once warm, then after growing the data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parvis.wiki.models import Article, Revision, RevisionKind, RevisionStatus, WikiCategory
from parvis.wiki.tests.factories import make_article

pytestmark = pytest.mark.django_db

SMALL, LARGE = 10, 500


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def grow(article: Article, count: int, *, author, category: WikiCategory) -> None:
    """`count` more published revisions of `article`, and as many other pages in `category`
    linked from the article's text."""
    start = Revision.objects.filter(article=article).count()
    now = timezone.now()
    Revision.objects.bulk_create(
        Revision(
            article=article,
            author=author,
            title=article.title,
            body=f"Version {n}",
            summary=f"n{n}",
            kind=RevisionKind.EDIT,
            status=RevisionStatus.PUBLISHED,
            size=9,
            created_at=now - timedelta(days=365) + timedelta(minutes=n),
        )
        for n in range(start, start + count)
    )
    others = [make_article(f"Page {start + n:04d}") for n in range(count // 10)]
    category.articles.add(*others, article)
    links = " ".join(f"[[Page {n:04d}]]" for n in range(start + count // 10))
    current = article.current
    current.body = f"Texte {links} [[Page absente]]"
    current.save(update_fields=["body"])


PAGES = [
    "/en/wiki/le-pont/",
    "/en/wiki/le-pont/history/",
    "/en/wiki/le-pont/history/?page=2",
    "/en/wiki/le-pont/diff/",
    "/en/wiki/le-pont/talk/",
    "/en/wiki/",
    "/en/wiki/recent/",
    "/en/wiki/recent/?page=2",
    "/en/wiki/recent/?change=edit",
    "/en/wiki/category/histoire/",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_wiki_page_does_not_grow_with_the_number_of_revisions(client, resident, url):
    article = make_article("Le Pont", body="Texte.")
    category = WikiCategory.objects.create(name="Histoire", slug="histoire")
    grow(article, 2 * SMALL if "page=" not in url else 120, author=resident, category=category)
    queries_for(client, url)  # warm up
    small = queries_for(client, url)

    grow(article, LARGE, author=resident, category=category)
    large = queries_for(client, url)

    assert Revision.objects.filter(article=article).count() > LARGE
    assert large == small


def test_a_signed_in_editor_sees_the_edit_form_in_as_many_queries(client, resident):
    article = make_article("Le Pont", body="Texte.")
    category = WikiCategory.objects.create(name="Histoire", slug="histoire")
    client.force_login(resident)
    grow(article, SMALL, author=resident, category=category)
    queries_for(client, "/en/wiki/le-pont/edit/")
    small = queries_for(client, "/en/wiki/le-pont/edit/")

    grow(article, LARGE, author=resident, category=category)

    assert queries_for(client, "/en/wiki/le-pont/edit/") == small
