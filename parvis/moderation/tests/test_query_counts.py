"""The queue and the dashboard issue as many SQL queries with 1,000 contributions (and as
many directory proposals, decided on their own page) as with 10."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.accounts.models import User
from parvis.accounts.tests.helpers import sign_in
from parvis.comments.models import Comment
from parvis.directory.models import ChangeProposal
from parvis.directory.tests.factories import make_category, make_entry
from parvis.moderation.models import Flag, ModerationStatus

SMALL, LARGE = 10, 1_000
QUEUE = "/backoffice/moderation/decision/queue/"
DASHBOARD = "/backoffice/moderation/decision/dashboard/"

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def add_contributions(pages, count: int, *, entry=None) -> None:
    """`count` comments spread over `pages`: a third waiting, a third flagged, some hidden;
    and as many proposals for `entry` and new entries, from the same authors, half decided."""
    start = Comment.objects.count()
    authors = User.objects.bulk_create(
        User(email=f"auteur{i:05d}@example.org", display_name=f"Auteur {i}", password="!")
        for i in range(start, start + count)
    )
    page_type = ContentType.objects.get_for_model(type(pages[0]))
    statuses = [ModerationStatus.PENDING, ModerationStatus.VISIBLE, ModerationStatus.HIDDEN]
    comments = Comment.objects.bulk_create(
        Comment(
            target_type=page_type,
            target_id=pages[i % len(pages)].pk,
            author=author,
            space=pages[i % len(pages)].space,
            body=f"Commentaire {i}",
            moderation_status=statuses[i % 3],
            hidden_reason="Hors sujet." if i % 3 == 2 else "",
        )
        for i, author in enumerate(authors)
    )
    comment_type = ContentType.objects.get_for_model(Comment)
    Flag.objects.bulk_create(
        Flag(content_type=comment_type, object_id=comment.pk, user=authors[-1 - n], reason="spam")
        for n, comment in enumerate(comments)
        if comment.moderation_status == ModerationStatus.VISIBLE
    )
    ChangeProposal.objects.bulk_create(
        ChangeProposal(
            entry=entry if i % 4 < 2 else None,
            proposer=author,
            values={"phone": f"02 54 00 {i % 100:02d} 00"}
            if i % 4 < 2
            else {"name": f"Lieu {i}", "category": "mairie", "lat": "46.81", "lon": "1.69"},
            status="pending" if i % 2 else "decided",
        )
        for i, author in enumerate(authors)
    )


@pytest.mark.parametrize("url", [QUEUE, f"{QUEUE}?show=flagged", f"{QUEUE}?show=hidden", DASHBOARD])
def test_the_moderators_pages_do_not_grow_with_the_number_of_contributions(
    client, moderator, page, council_page, url
):
    pages = [page, council_page]
    entry = make_entry(make_category(), name="Mairie", slug="mairie")
    sign_in(client, moderator)
    add_contributions(pages, SMALL, entry=entry)
    queries_for(client, url)  # warm up
    small = queries_for(client, url)

    add_contributions(pages, LARGE - SMALL, entry=entry)
    large = queries_for(client, url)

    assert Comment.objects.count() == ChangeProposal.objects.count() == LARGE
    assert large == small
