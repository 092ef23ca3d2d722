"""The demo town's wiki (parvis/demo/wiki.py), built alone: 100 articles with histories by
several residents, categories, a redirect, a rollback, debates; a second run writes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import make_user
from parvis.comments.models import Comment
from parvis.demo.wiki import wiki_ensure
from parvis.wiki.models import Article, Redirect, Revision, RevisionKind, WikiCategory

pytestmark = pytest.mark.django_db


def test_the_demo_wiki_is_built_once_with_histories_and_debates(client, moderator):
    authors = [make_user(f"r{n}@example.org", display_name=f"R{n}") for n in range(6)]

    created = wiki_ensure(authors=authors, moderator=moderator, now=timezone.now())
    again = wiki_ensure(authors=authors, moderator=moderator, now=timezone.now())

    revisions = Revision.objects.count()
    assert created == {
        "wiki article": 100,
        "wiki revision": revisions,
        "wiki category": 7,
        "wiki redirect": 1,
        "comment": 24,
    }
    assert again == {}
    assert Article.objects.filter(current__isnull=False).count() == 100
    assert 200 <= revisions <= 502
    # Several residents wrote each history, with no page of a single version.
    assert min(a.revisions.count() for a in Article.objects.all()) >= 2
    assert Revision.objects.values("author").distinct().count() >= 5
    assert WikiCategory.objects.get(slug="rues-et-places").articles.count() == 30
    assert list(Redirect.objects.values_list("old_slug", "article__slug")) == [
        ("rue-du-four", "rue-du-vieux-four")
    ]
    kiosque = Article.objects.get(slug="le-kiosque-a-musique")
    assert kiosque.current.kind == RevisionKind.REVERT
    assert Comment.objects.filter(parent__isnull=False).count() == 12
    assert client.get("/wiki/rue-du-four/")["Location"] == "/wiki/rue-du-vieux-four/"
    page = client.get("/wiki/le-moulin-de-la-riviere/")
    assert page.status_code == 200
    assert client.get("/wiki/le-moulin-de-la-riviere/talk/").status_code == 200
