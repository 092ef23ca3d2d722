"""A commented page issues as many SQL queries with 1,000 comments as with 10."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.accounts.models import User
from parvis.comments.models import Comment
from parvis.comments.selectors import THREAD_PAGE_SIZE, comment_thread
from parvis.moderation.models import Flag, ModerationStatus

SMALL, LARGE = 10, 1_000

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def add_comments(target, count: int, *, viewer=None) -> None:
    """`count` more comments by as many people: a third are replies, some wait, some are
    the viewer's own, and the viewer has flagged some."""
    start = Comment.objects.count()
    authors = User.objects.bulk_create(
        User(email=f"auteur{i:05d}@example.org", display_name=f"Auteur {i}", password="!")
        for i in range(start, start + count)
    )
    target_type = ContentType.objects.get_for_model(type(target))
    tops = list(Comment.objects.filter(parent=None, target_id=target.pk)[:5])
    made = []
    for i, author in enumerate(authors):
        parent = tops[i % len(tops)] if tops and i % 3 == 0 else None
        status = ModerationStatus.PENDING if i % 7 == 0 else ModerationStatus.VISIBLE
        made.append(
            Comment(
                target_type=target_type,
                target_id=target.pk,
                parent=parent,
                author=viewer if (viewer is not None and i % 5 == 0) else author,
                space=target.space,
                body=f"Commentaire **{i}**",
                moderation_status=status,
            )
        )
    made = Comment.objects.bulk_create(made)
    if viewer is not None:
        Flag.objects.bulk_create(
            Flag(
                content_type=ContentType.objects.get_for_model(Comment),
                object_id=comment.pk,
                user=viewer,
                reason="spam",
            )
            for comment in made[1::10]
        )


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "resident"])
def test_a_space_page_with_many_comments_issues_as_many_queries(client, page, resident, signed_in):
    viewer = resident if signed_in else None
    if signed_in:
        client.force_login(resident)
    url = page.get_absolute_url()
    add_comments(page, SMALL, viewer=viewer)
    queries_for(client, url)  # warm up
    small = queries_for(client, url)

    add_comments(page, LARGE - SMALL, viewer=viewer)
    large = queries_for(client, url)

    assert Comment.objects.count() == LARGE
    assert large == small


def test_a_later_page_of_comments_issues_as_many_queries(client, page, resident):
    client.force_login(resident)
    url = f"{page.get_absolute_url()}?comments-page=2"
    add_comments(page, 3 * THREAD_PAGE_SIZE, viewer=resident)
    queries_for(client, url)
    small = queries_for(client, url)

    add_comments(page, LARGE - 3 * THREAD_PAGE_SIZE, viewer=resident)
    large = queries_for(client, url)

    assert large == small


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "resident"])
def test_a_discussion_without_comments_costs_one_query(page, resident, signed_in):
    viewer = resident if signed_in else AnonymousUser()
    ContentType.objects.get_for_model(type(page))  # the content types' cache, warm

    with CaptureQueriesContext(connection) as queries:
        thread = comment_thread(target=page, viewer=viewer)

    assert len(queries) == 1
    assert (thread.count, thread.page.object_list, thread.page.has_other_pages()) == (0, [], False)
