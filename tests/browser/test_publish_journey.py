"""Publish and contribute, end to end: what the issue calls "done".

An officer (communication officer, password and TOTP) writes an article for a neighbourhood
in the back office and publishes it; a resident who follows that neighbourhood gets the
e-mail from the real task worker through the real SMTP server, follows its link and
comments; the neighbourhood is moderated before publication, so the comment waits (its
author is told so, nobody else sees it); a moderator approves it from the queue; then the
article and the comment are found by the search page and are in the neighbourhood's feeds.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import feedparser
import pytest
from playwright.sync_api import Page, expect

from parvis.comments.models import Comment
from parvis.moderation.models import Decision, ModerationStatus
from parvis.news.models import Article, ArticleStatus
from parvis.spaces.models import ModerationPolicy
from parvis.spaces.services import space_save
from tests.browser.conftest import at_path, axe_check, sign_in, text
from tests.conftest import cover_image

pytestmark = pytest.mark.browser

TITLE = "The lavoir of Rue des Tanneurs is restored"
LEAD = "The old wash-house by the river opens to walkers again."
BODY = "## What was done\n\nThe roof was rebuilt in **oak**; the basin holds water again."
IMAGE_ALT = "The wash-house under its new oak roof, seen from the river bank"
COMMENT = "My grandfather rinsed the linen at the lavoir every Monday."


def search_titles(page: Page, query: str) -> list[str]:
    page.goto(f"/search/?q={query}")
    return sorted(page.locator("main .search-result__title a").all_inner_texts())


def read_feed(page: Page, path: str) -> feedparser.FeedParserDict:
    response = page.request.get(path)
    assert response.status == 200, f"{path} answered {response.status}"
    feed = feedparser.parse(response.body())
    assert feed.bozo == 0, f"{path}: {feed.get('bozo_exception')}"
    return feed


def write_and_publish(page: Page) -> Article:
    """The officer's part, in the back office: write, save, submit for review, publish."""
    page.goto("/backoffice/news/article/add/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_lead").fill(LEAD)
    page.locator("#id_body").fill(BODY)
    # The space is a search-as-you-type list (Select2 over the back office's autocomplete).
    page.locator("#id_space + .select2").click()
    page.locator(".select2-search__field").fill("Vieux")
    page.locator(".select2-results__option", has_text="Vieux-Bourg").click()
    page.locator("#id_tags_from").select_option(label="Travaux")
    page.locator("#id_tags_add").click()
    page.locator("#id_image").set_input_files(
        files=[{"name": "lavoir.png", "mimeType": "image/png", "buffer": cover_image().read()}]
    )
    page.locator("#id_image_alt").fill(IMAGE_ALT)
    expect(page.locator("#id_slug")).to_have_value("the-lavoir-of-rue-des-tanneurs-is-restored")
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()

    article = Article.objects.get(title=TITLE)
    assert article.status == ArticleStatus.DRAFT
    assert urlsplit(page.url).path == f"/backoffice/news/article/{article.pk}/change/"
    with page.expect_navigation():
        page.locator(".news-workflow input[name=_submit]").click()
    expect(page.locator(".messagelist")).to_contain_text(TITLE)
    with page.expect_navigation():
        page.locator(".news-workflow input[name=_publish]").click()
    expect(page.locator(".messagelist")).to_contain_text(
        text("“%(title)s” is published.") % {"title": TITLE}
    )
    axe_check(page)
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert article.author is not None and article.space is not None
    assert [tag.slug for tag in article.tags.all()] == ["travaux"]
    return article


def test_a_published_article_reaches_a_follower_whose_moderated_comment_is_then_found(
    new_page, live_server, settings, town_content, officer, resident, moderator, mailbox, run_tasks
):
    # Given a neighbourhood whose comments are read before they are published, and links in
    # e-mails and feeds that point at this server.
    settings.SITE_URL = live_server.url
    neighbourhood = town_content.neighbourhood
    neighbourhood.moderation_policy = ModerationPolicy.BEFORE
    space_save(space=neighbourhood, actor=officer)
    # And a resident who follows it, from its page.
    residents_page = new_page()
    sign_in(residents_page, resident)
    residents_page.goto("/spaces/vieux-bourg/")
    with residents_page.expect_navigation(url=at_path("/spaces/vieux-bourg/")):
        residents_page.get_by_role("button", name=f"{text('Follow')} Vieux-Bourg").click()

    # When the officer publishes an article for the neighbourhood in the back office,
    officers_page = new_page()
    sign_in(officers_page, officer)
    article = write_and_publish(officers_page)

    # then the message waits for the worker, which sends it once to the follower.
    assert mailbox.to(resident.email) == []
    run_tasks()
    (message,) = mailbox.to(resident.email)
    assert TITLE in message["Subject"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].strip().startswith(f"<{live_server.url}/unsubscribe/")
    links = re.findall(rf"{re.escape(live_server.url)}/\S+", mailbox.text(message))
    article_url = f"{live_server.url}/news/{article.slug}/"
    assert article_url in links
    assert mailbox.to(officer.email) == []  # only followers are told
    run_tasks()  # a second pass of the worker sends nothing again
    assert len(mailbox.to(resident.email)) == 1

    # When the resident follows the link and comments,
    residents_page.goto(article_url)
    expect(residents_page.locator("h1")).to_have_text(TITLE)
    expect(residents_page.locator("#comment-form")).to_contain_text(
        text("Here, a moderator reads comments before they are published.")
    )
    residents_page.locator("#comment-form textarea").fill(COMMENT)
    with residents_page.expect_navigation():
        residents_page.get_by_role("button", name=text("Send the comment")).click()

    # then the comment waits for a moderator, and its author is told so.
    comment = Comment.objects.get(author=resident)
    assert comment.moderation_status == ModerationStatus.PENDING
    expect(residents_page.locator(".messages")).to_contain_text(
        text(
            "Thank you. Your comment will be published once a moderator has read it; "
            "until then only you can see it."
        )
    )
    own = residents_page.locator(f"#{comment.anchor}")
    expect(own).to_contain_text(COMMENT)
    expect(own).to_contain_text(
        text("Waiting for moderation: only you can see this comment for now.")
    )
    axe_check(residents_page)
    # Nobody else sees it yet, and it is neither searchable nor in a feed.
    visitors_page = new_page()
    visitors_page.goto(f"/news/{article.slug}/")
    expect(visitors_page.locator("#comments")).not_to_contain_text(COMMENT)
    # (the test town's wiki has a page on its own lavoir)
    assert search_titles(visitors_page, "lavoir") == sorted([TITLE, "Le Lavoir"])
    comment_feed = read_feed(visitors_page, "/spaces/vieux-bourg/comments/feed/rss/")
    assert COMMENT not in str(comment_feed.entries)

    # When a moderator approves it from the queue,
    moderators_page = new_page()
    sign_in(moderators_page, moderator)
    moderators_page.goto("/backoffice/moderation/decision/queue/")
    item = moderators_page.locator(".moderation-item", has_text=COMMENT)
    expect(item).to_contain_text(resident.email)
    with moderators_page.expect_navigation():
        item.get_by_role("button", name=text("Approve and publish")).click()
    expect(moderators_page.locator(".messagelist")).to_contain_text(text("Approved: it is public."))
    expect(moderators_page.locator(".moderation-item", has_text=COMMENT)).to_have_count(0)
    comment.refresh_from_db()
    assert comment.moderation_status == ModerationStatus.VISIBLE
    assert Decision.objects.filter(moderator=moderator).count() == 1

    # then everyone sees the comment under the article,
    visitors_page.goto(f"/news/{article.slug}/")
    expect(visitors_page.locator(f"#{comment.anchor}")).to_contain_text(COMMENT)
    # the search page finds the article and the comment,
    comment_title = text("Comment on “%(title)s”") % {"title": TITLE}
    assert search_titles(visitors_page, "lavoir") == sorted([TITLE, comment_title, "Le Lavoir"])
    visitors_page.locator("main .search-result__title a", has_text=comment_title).click()
    visitors_page.wait_for_url(re.compile(rf"/news/{article.slug}/"))
    # and the neighbourhood's feeds carry both, with absolute links and the image.
    news_feed = read_feed(visitors_page, "/spaces/vieux-bourg/news/feed/rss/")
    (entry,) = [e for e in news_feed.entries if e.title == TITLE]
    assert entry.link == article_url
    assert [link.type for link in entry.enclosures] == ["image/png"]
    assert entry.enclosures[0].href.startswith(f"{live_server.url}/media/")
    atom = read_feed(visitors_page, "/spaces/vieux-bourg/news/feed/atom/")
    assert TITLE in [e.title for e in atom.entries]
    comment_feed = read_feed(visitors_page, "/spaces/vieux-bourg/comments/feed/rss/")
    (comment_entry,) = [e for e in comment_feed.entries if COMMENT in e.description]
    assert comment_entry.link.startswith(article_url)
    assert comment_entry.link.endswith(f"#{comment.anchor}")
