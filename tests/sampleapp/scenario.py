"""The notice board at work: each shared mechanism takes it as the apps' manifests say.

Run by `tests/test_sample_app.py` in a pytest of its own, with `tests.sampleapp.settings`
(Parvis's settings with the app installed): not collected by the main suite.
"""

from __future__ import annotations

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType

from parvis.comments.models import Comment
from parvis.core.datasets import dataset_rows, datasets
from parvis.core.feeds import feed_types
from parvis.core.schedule import jobs
from parvis.core.sections import sections_of
from parvis.moderation.registry import moderated_type_by_key
from parvis.moderation.selectors import queue_page
from parvis.moderation.services import contribution_approve
from parvis.notifications.registry import get_kind, get_topic
from parvis.search.engine import search
from parvis.search.registry import searchable_type
from parvis.spaces.tests.factories import make_space
from tests.sampleapp.models import Notice
from tests.sampleapp.services import PUBLISHED, notice_post


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def page(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_everything_the_app_brings_is_in_the_registries():
    assert moderated_type_by_key("notice").model is Notice
    assert searchable_type("notice").model is Notice
    assert get_topic("notices").label == "The residents' notices"
    assert get_kind(PUBLISHED).key == "noticeboard.notice_published"
    assert "notices" in [feed.key for feed in feed_types()]
    assert "noticeboard.home" in [section.key for section in sections_of("home")]
    assert "noticeboard.space" in [section.key for section in sections_of("space")]
    assert "tests.sampleapp.tasks.forget_old_notices" in [job.name for job in jobs()]
    assert "notices" in [entry.key for entry in datasets()]


def test_a_notice_goes_through_moderation_search_follow_mail_comments_feeds_and_pages(
    client, resident, other_resident, moderator, mailbox, run_tasks
):
    space = make_space("les-rives", name="Les Rives", moderation_policy="before")
    # A neighbour follows the residents' notices from the follow button, as on any page.
    client.force_login(other_resident)
    followed = client.post(
        "/en/accounts/subscriptions/follow/", {"target": "topic:notices", "next": "/en/"}
    )
    assert followed.status_code == 302
    listing = page(client.get("/en/accounts/subscriptions/"))
    assert "The residents' notices" in listing.get_text()
    assert listing.select_one(".noticeboard-following") is not None

    # Pinned in a space moderated before publication: it waits in the one queue.
    notice = notice_post(
        author=resident, space=space, title="Lost grey cat", body="Seen near the lavoir."
    )
    assert notice.is_pending
    assert [item.obj for item in queue_page(key="notice").items] == [notice]
    assert client.get(notice.get_absolute_url()).status_code == 404
    assert search("lavoir", kinds=["notice"]).results == []
    run_tasks()
    assert mailbox.to(other_resident.email) == []

    # A moderator approves it: public, found, announced to who follows the topic.
    contribution_approve(obj=notice, moderator=moderator)
    run_tasks()
    received = mailbox.to(other_resident.email)
    assert [message["Subject"] for message in received] == ["New notice: Lost grey cat"]
    results = search("lavoir", kinds=["notice"]).results
    # (In the language of the page last read: English.)
    assert [(result.title, result.url) for result in results] == [
        ("Lost grey cat", f"/en/notices/{notice.pk}/")
    ]

    # Residents comment on it through the one comment mechanism; held, then approved.
    content_type = ContentType.objects.get_for_model(Notice)
    client.force_login(resident)
    posted = client.post(
        f"/comments/on/{content_type.pk}/{notice.pk}/", {"body": "Mine is grey too!"}
    )
    assert posted.status_code in (302, 303)
    comment = Comment.objects.get(target_id=notice.pk, target_type=content_type)
    assert comment.is_pending
    contribution_approve(obj=comment, moderator=moderator)
    detail = page(client.get(notice.get_absolute_url()))
    assert "Mine is grey too!" in detail.get_text()

    # Its feeds, town-wide and the space's, routed from the manifest.
    for address in ("/notices/feed/rss/", "/spaces/les-rives/notices/feed/atom/"):
        parsed = feedparser.parse(client.get(address).content)
        assert parsed.bozo == 0, parsed.bozo_exception
        assert [entry.title for entry in parsed.entries] == ["Lost grey cat"]

    # Its public dataset, for the open-data catalogue.
    assert [row["title"] for row in dataset_rows("notices")] == ["Lost grey cat"]

    # Its sections on the home page and on the space's page, and its feed in the space's head.
    client.logout()
    for address in ("/", "/spaces/les-rives/"):
        board = page(client.get(address)).select_one(".noticeboard")
        assert [a["href"] for a in board.select("a")] == [f"/notices/{notice.pk}/"]
    head = page(client.get("/spaces/les-rives/")).select('link[rel="alternate"]')
    assert "/spaces/les-rives/notices/feed/rss/" in [link["href"] for link in head]


def test_the_cached_pages_that_show_a_notice_are_rendered_again_when_one_is_posted(
    client, resident, officer, page_cache
):
    from parvis.tags.models import Tag
    from parvis.tags.services import tag_save

    space = make_space("le-port", name="Le Port")
    for address in ("/", "/spaces/le-port/", "/legal/notice/"):
        client.get(address)
        assert client.get(address)["X-Parvis-Cache"] == "hit"

    notice = notice_post(
        author=resident, space=space, title="Bike found", body="Blue, by the quay."
    )

    for address in ("/", "/spaces/le-port/"):
        fresh = client.get(address)
        assert fresh["X-Parvis-Cache"] == "miss"
        assert [a["href"] for a in page(fresh).select(".noticeboard a")] == [
            f"/notices/{notice.pk}/"
        ]
    assert client.get("/legal/notice/")["X-Parvis-Cache"] == "hit"
    # The home page depends on notices as the manifest declares them, not on everything:
    # a change that touches no notice, no space and nothing it shows leaves it cached.
    tag_save(tag=Tag(slug="harbour", name="Harbour"), actor=officer)
    assert client.get("/")["X-Parvis-Cache"] == "hit"
