"""Hostile text, written into every place Parvis shows what people write, comes out harmless.

One test, parametrised by payload (`parvis.core.tests.xss.XSS_PAYLOADS`: script tags,
`javascript:` and `data:` links, event handlers, SVG, Markdown link and image tricks, HTML
entities…) and by place. Each place writes the payload where people write it (through the
real comment form, or the services staff use), then reads it back as people read it: the
page through HTTP, the feed with feedparser, the e-mail from the real SMTP server.

A place passes when:
- the whole page (or HTML e-mail) runs nothing but the site's own script files and holds no
  event handler, script address or embedded document (`assert_page_runs_nothing_but_its_own_script`);
- what is rendered from Markdown holds only the sanitiser's allow-list (`assert_harmless`);
- what is plain text reads exactly as it was written: escaped, not interpreted nor mangled.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from parvis.accounts.tests.helpers import sign_in
from parvis.comments.models import Comment
from parvis.comments.services import comment_flag
from parvis.comments.tests.factories import commented_page, make_comment
from parvis.core.ratelimit import wait_message
from parvis.core.tests.xss import (
    XSS_PAYLOADS,
    assert_harmless,
    assert_page_runs_nothing_but_its_own_script,
)
from parvis.moderation.models import Flag, FlagReason
from parvis.moderation.services import contribution_hide
from parvis.news.tests.factories import make_announcement, make_article
from parvis.notifications import digests
from parvis.notifications.models import EmailPreference, Frequency, Subscription
from parvis.notifications.services import subscription_create
from parvis.notifications.tokens import make_token
from parvis.spaces.models import ModerationPolicy, SpacePage
from parvis.spaces.tests.factories import make_page, make_space
from parvis.tags.models import Tag

pytestmark = pytest.mark.django_db

#: A word written before every payload: it proves the place shows the text at all (a place
#: that showed nothing would pass every check), and the search finds the text by it.
MARK = "Gazette"
QUEUE = "/backoffice/moderation/decision/queue/"


def inline(payload: str) -> str:
    """A one-line field's text: the mark, then the payload."""
    return f"{MARK} {payload}"


def block(payload: str) -> str:
    """A Markdown text: the mark in a paragraph of its own, then the payload as its own block."""
    return f"{MARK}\n\n{payload}"


@dataclass
class Scene:
    """The town the payload is written into, and who writes and reads it."""

    payload: str
    request: pytest.FixtureRequest
    officer: Any
    resident: Any
    other_resident: Any

    def fixture(self, name: str) -> Any:
        return self.request.getfixturevalue(name)

    def space(self) -> Any:
        return make_space("vieux-bourg", name="Vieux-Bourg")

    def tag(self) -> Tag:
        return Tag.objects.get_or_create(slug="travaux", defaults={"name": "Travaux"})[0]

    def article(self, **fields: Any) -> Any:
        fields.setdefault("tags", [self.tag()])
        return make_article(
            "hostile",
            title=inline(self.payload),
            lead=inline(self.payload),
            body=block(self.payload),
            actor=self.officer,
            **fields,
        )

    def announcement(self, **fields: Any) -> Any:
        fields.setdefault("tags", [self.tag()])
        return make_announcement(block(self.payload), actor=self.officer, **fields)

    def space_page(self, space: Any) -> SpacePage:
        return make_page(
            space,
            "hostile",
            title=inline(self.payload),
            body=block(self.payload),
            actor=self.officer,
        )

    def browser(self, user: Any = None) -> Client:
        browser = Client()
        if user is not None:
            browser.force_login(user)
        return browser

    def comment_through_the_form(self, target: Any) -> Comment:
        """The resident writes the payload through the real comment form."""
        type_id = ContentType.objects.get_for_model(type(target)).pk
        posted = self.browser(self.resident).post(
            reverse("comments:create", args=[type_id, target.pk]), {"body": block(self.payload)}
        )
        assert posted.status_code == 302
        comment = Comment.objects.get(author=self.resident)
        assert comment.body == block(self.payload).strip()
        return comment


# --- reading it back -------------------------------------------------------------------------


def read_page(browser: Client, url: str, *, back_office: bool = False) -> BeautifulSoup:
    """The page at `url`, checked whole: nothing runs but the site's own script."""
    response = browser.get(url)
    assert response.status_code == 200, url
    # The back office (Django's admin) draws its icons with an inline SVG sprite.
    return assert_page_runs_nothing_but_its_own_script(
        response.content.decode(), own_elements=frozenset({"svg"}) if back_office else frozenset()
    )


def shows_markdown(
    soup: BeautifulSoup, selector: str, *, extra_tags: frozenset[str] = frozenset()
) -> None:
    """The elements at `selector` hold the written text, rendered from Markdown, harmless."""
    parts = soup.select(selector)
    assert any(MARK in part.get_text() for part in parts), selector
    for part in parts:
        assert_harmless(part.decode_contents(), extra_tags=extra_tags)


def shows_text(soup: BeautifulSoup, selector: str, written: str) -> None:
    """An element at `selector` reads `written` exactly: escaped, so shown as it was typed.

    White space is left out of the comparison: line breaks may have become `<br>`.
    """
    expected = "".join(written.split())
    texts = ["".join(part.get_text().split()) for part in soup.select(selector)]
    assert any(expected in text for text in texts), (selector, texts)
    for part in soup.select(selector):
        assert_harmless(part.decode_contents())


def feed_entries(browser: Client, url: str) -> list[Any]:
    """The entries of the feed at `url`, parsed as feed readers parse it, *without*
    feedparser's own clean-up: what matters is what the feed says, not what one reader fixes."""
    response = browser.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content, sanitize_html=False, resolve_relative_uris=False)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    assert parsed.entries, url
    return parsed.entries


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return part.get_content()


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content().replace("\r\n", "\n")


def read_email_html(message: EmailMessage) -> BeautifulSoup:
    html = html_of(message)
    assert_page_runs_nothing_but_its_own_script(html)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all("script") == []
    return soup


# --- the places ------------------------------------------------------------------------------


def article_page(scene: Scene) -> None:
    article = scene.article(space=scene.space())
    soup = read_page(scene.browser(), article.get_absolute_url())
    shows_text(soup, ".news-article h1", inline(scene.payload))
    shows_text(soup, ".news-article .lead", inline(scene.payload))
    shows_markdown(soup, ".news-article .prose")
    # The JSON-LD data block (checked above: it cannot close its element) means the same.
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["description"] == inline(scene.payload)


def news_list(scene: Scene) -> None:
    scene.article()
    soup = read_page(scene.browser(), reverse("news:list"))
    shows_text(soup, ".card--news h2 a", inline(scene.payload))
    shows_text(soup, ".card--news > p", inline(scene.payload))


def tag_page(scene: Scene) -> None:
    scene.article()
    scene.announcement()
    soup = read_page(scene.browser(), reverse("tags:detail", args=[scene.tag().slug]))
    shows_text(soup, ".card--news h3 a", inline(scene.payload))
    shows_text(soup, ".card--news > p", inline(scene.payload))
    shows_text(soup, ".card--announcement .announcement__text", block(scene.payload))


def space_page(scene: Scene) -> None:
    space = scene.space()
    space.description = block(scene.payload)
    space.save(update_fields=["description"])
    scene.article(space=space)
    scene.announcement(space=space)
    soup = read_page(scene.browser(), space.get_absolute_url())
    shows_markdown(soup, "main .prose")
    shows_text(soup, ".space-news .card--news h3 a", inline(scene.payload))
    shows_text(soup, ".space-news .card--news > p", inline(scene.payload))
    shows_text(soup, ".space-news .announcement__text", block(scene.payload))


def home_page(scene: Scene) -> None:
    scene.article()
    scene.announcement()
    soup = read_page(scene.browser(), "/")
    shows_text(soup, ".card--news h3 a", inline(scene.payload))
    shows_text(soup, ".card--news > p", inline(scene.payload))
    shows_text(soup, ".card--announcement .announcement__text", block(scene.payload))


def announcement_list(scene: Scene) -> None:
    scene.announcement()
    soup = read_page(scene.browser(), reverse("news:announcements"))
    shows_text(soup, ".card--announcement .announcement__text", block(scene.payload))


def announcement_page(scene: Scene) -> None:
    announcement = scene.announcement(space=scene.space())
    soup = read_page(scene.browser(), announcement.get_absolute_url())
    shows_text(soup, "article.announcement .announcement__text", block(scene.payload))
    shows_text(soup, ".breadcrumbs [aria-current]", announcement.headline)


def space_news_lists(scene: Scene) -> None:
    space = scene.space()
    scene.article(space=space)
    scene.announcement(space=space)
    articles = read_page(scene.browser(), reverse("news:space_articles", args=[space.slug]))
    shows_text(articles, ".card--news h2 a, .card--news h3 a", inline(scene.payload))
    shows_text(articles, ".card--news > p", inline(scene.payload))
    announcements = read_page(
        scene.browser(), reverse("news:space_announcements", args=[space.slug])
    )
    shows_text(announcements, ".card--announcement .announcement__text", block(scene.payload))


def space_subpage(scene: Scene) -> None:
    page = scene.space_page(scene.space())
    soup = read_page(scene.browser(), page.get_absolute_url())
    shows_text(soup, "main article.prose > h1", inline(scene.payload))
    # The page's text is the Markdown in the block after its title (marked with its language).
    body = soup.select_one("main article.prose > h1 + div")
    assert MARK in body.get_text()
    assert_harmless(body.decode_contents())


def _comment_read_by_everyone(scene: Scene, target: Any) -> None:
    comment = scene.comment_through_the_form(target)
    # Read by a visitor, by someone else, and by its author (whose page holds the edit form
    # with the text in it).
    for reader in (None, scene.other_resident, scene.resident):
        soup = read_page(scene.browser(reader), target.get_absolute_url())
        shows_markdown(soup, f"#{comment.anchor} .comment__body")
    # The author's page (the last read) holds the edit form.
    assert soup.select_one(f"#id_edit{comment.pk}_body").get_text() == "\n" + comment.body


def comment_on_a_page(scene: Scene) -> None:
    _comment_read_by_everyone(scene, scene.space_page(scene.space()))


def comment_on_an_article(scene: Scene) -> None:
    _comment_read_by_everyone(scene, scene.article(space=scene.space()))


def comment_on_an_announcement(scene: Scene) -> None:
    _comment_read_by_everyone(scene, scene.announcement(space=scene.space()))


def comment_form_sent_back(scene: Scene) -> None:
    """A refused edit comes back on a page of its own: the comment quoted, the text kept."""
    comment = scene.comment_through_the_form(scene.space_page(scene.space()))
    too_long = block(scene.payload) + "\n\n" + "x" * 5000
    response = scene.browser(scene.resident).post(
        reverse("comments:edit", args=[comment.pk]), {"body": too_long}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert_page_runs_nothing_but_its_own_script(html)
    soup = BeautifulSoup(html, "html.parser")
    shows_markdown(soup, ".comment__quote")
    assert soup.select_one("textarea#id_body").get_text() == "\n" + too_long


def moderation_queue(scene: Scene) -> None:
    """What moderators read: a held comment, a flag's note, the reason given to an author."""
    held_on = commented_page("conseil", policy=ModerationPolicy.BEFORE)
    make_comment(held_on, scene.resident, block(scene.payload))
    page = commented_page("centre-ville")
    flagged = make_comment(page, scene.resident, f"{MARK} flagged")
    comment_flag(
        comment=flagged,
        user=scene.other_resident,
        reason=FlagReason.OTHER,
        note=inline(scene.payload),
    )
    moderator = scene.fixture("moderator")
    hidden = make_comment(page, scene.other_resident, f"{MARK} hidden")
    contribution_hide(obj=hidden, moderator=moderator, reason=inline(scene.payload))
    browser = Client()
    sign_in(browser, moderator)

    pending = read_page(browser, f"{QUEUE}?show=pending", back_office=True)
    shows_markdown(pending, ".moderation-item__text")
    flags = read_page(browser, f"{QUEUE}?show=flagged", back_office=True)
    assert any(
        inline(scene.payload) in li.get_text() for li in flags.select(".moderation-item ul > li")
    )
    hidden_tab = read_page(browser, f"{QUEUE}?show=hidden", back_office=True)
    assert any(
        inline(scene.payload) in p.get_text() for p in hidden_tab.select(".moderation-item p")
    )


def search_results(scene: Scene) -> None:
    space = scene.space()
    scene.article(space=space)
    scene.announcement(space=space)
    page = scene.space_page(space)
    make_comment(page, scene.other_resident, block(scene.payload))
    soup = read_page(scene.browser(), f"{reverse('search:search')}?q={MARK.lower()}")
    # The article, the announcement, the page and the comment on it.
    assert len(soup.select(".search-result")) == 4
    # The engine's highlights are the one tag added to the escaped text.
    mark = frozenset({"mark"})
    shows_markdown(soup, ".search-result__title a", extra_tags=mark)
    shows_markdown(soup, ".search-result__excerpt", extra_tags=mark)


def feeds(scene: Scene) -> None:
    space = scene.space()
    tag = scene.tag()
    scene.article(space=space)
    scene.announcement(space=space)
    browser = scene.browser()
    for stream, summary in (("articles", inline(scene.payload)), ("announcements", None)):
        for scope, kwargs in (
            ("town", {}),
            ("space", {"slug": space.slug}),
            ("tag", {"slug": tag.slug}),
        ):
            for kind in ("rss", "atom"):
                url = reverse(f"feeds:{stream}_{scope}_{kind}", kwargs=kwargs)
                for entry in feed_entries(browser, url):
                    shown = [
                        entry.summary,
                        *(content.value for content in entry.get("content", [])),
                    ]
                    for html in shown:
                        assert_harmless(html)
                    # A reader shows the summary as HTML: it must read as it was written.
                    # (Less the control characters XML cannot carry, which the feed drops.)
                    read = BeautifulSoup(entry.summary, "html.parser").get_text()
                    written = summary or block(scene.payload)
                    assert read == re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", written), url


def search_query(scene: Scene) -> None:
    """The words searched for come back in the page: in its title and in the search box."""
    scene.article()
    response = scene.browser().get(reverse("search:search"), {"q": inline(scene.payload)})
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_runs_nothing_but_its_own_script(html)
    soup = BeautifulSoup(html, "html.parser")
    # As the page reads it: NUL dropped, white space at the ends stripped.
    query = inline(scene.payload).replace("\x00", "").strip()
    assert soup.select_one("input#search-q")["value"] == query
    shows_text(soup, "title", query)


def author_name(scene: Scene) -> None:
    """A resident's public name, shown wherever their comment is: the thread, the queue,
    the comments feed, the e-mail to the person they reply to."""
    name = inline(scene.payload)[:80]
    scene.other_resident.display_name = name
    scene.other_resident.save(update_fields=["display_name"])
    page = scene.space_page(scene.space())
    comment = make_comment(page, scene.resident, f"{MARK} ?", follow_replies=True)
    reply = make_comment(page, scene.other_resident, f"{MARK} !", parent=comment)
    held = make_comment(
        commented_page("conseil", policy=ModerationPolicy.BEFORE), scene.other_resident, MARK
    )
    mailbox = scene.fixture("mailbox")
    scene.fixture("run_tasks")()

    thread = read_page(scene.browser(), page.get_absolute_url())
    shows_text(thread, f"#{reply.anchor} .comment__author", name)
    moderating = Client()
    sign_in(moderating, scene.fixture("moderator"))
    queue = read_page(moderating, f"{QUEUE}?show=pending", back_office=True)
    assert any(name in h3.get_text() for h3 in queue.select(".moderation-item h3")), held
    for kind in ("rss", "atom"):
        for entry in feed_entries(scene.browser(), reverse(f"feeds:comments_town_{kind}")):
            assert_harmless(entry.summary)
    [message] = mailbox.to(scene.resident.email)
    read_email_html(message)
    assert " ".join(name.split()) in message["Subject"]
    assert name in text_of(message)


def subscription_pages(scene: Scene) -> None:
    """What a person follows is listed by name; a followed comment is named by its text."""
    page = scene.space_page(scene.space())
    make_comment(page, scene.resident, block(scene.payload), follow_replies=True)
    [subscription] = Subscription.objects.filter(user=scene.resident)
    listing = read_page(scene.browser(scene.resident), reverse("subscription_list"))
    assert MARK in listing.select_one("main").get_text()
    token = make_token(user_id=scene.resident.pk, subscription_id=subscription.pk)
    confirm = read_page(scene.browser(), reverse("unsubscribe", args=[token]))
    assert MARK in confirm.select_one("main").get_text()


def comment_feeds(scene: Scene) -> None:
    """The comments feeds, town-wide and the space's: a comment on a page with a hostile title."""
    page = scene.space_page(scene.space())
    make_comment(page, scene.other_resident, block(scene.payload))
    browser = scene.browser()
    for kwargs, scope in (({}, "town"), ({"slug": page.space.slug}, "space")):
        for kind in ("rss", "atom"):
            url = reverse(f"feeds:comments_{scope}_{kind}", kwargs=kwargs)
            [entry] = feed_entries(browser, url)
            shown = [entry.summary, *(content.value for content in entry.get("content", []))]
            assert any(MARK in BeautifulSoup(html, "html.parser").get_text() for html in shown)
            for html in shown:
                assert_harmless(html)


def notification_emails(scene: Scene) -> None:
    """What a follower of the space receives: an article, an announcement, a new page."""
    space = scene.space()
    subscription_create(user=scene.resident, target=space, frequency=Frequency.IMMEDIATE)
    mailbox = scene.fixture("mailbox")
    article = scene.article(space=space)
    announcement = scene.announcement(space=space)
    page = scene.space_page(space)
    scene.fixture("run_tasks")()

    messages = mailbox.to(scene.resident.email)
    assert len(messages) == 3

    def about(obj: Any) -> EmailMessage:
        [message] = [m for m in messages if obj.get_absolute_url() in text_of(m)]
        return message

    for message in messages:
        assert MARK in message["Subject"]
        for part in read_email_html(message).select("h1, h2, p"):
            assert_harmless(part.decode_contents())
    # The HTML part shows the words as written; the text part holds them as written.
    shows_text(read_email_html(about(article)), "h1", inline(scene.payload))
    shows_text(read_email_html(about(article)), "p", inline(scene.payload))
    assert inline(scene.payload) in text_of(about(article))
    shows_text(read_email_html(about(announcement)), "p", block(scene.payload))
    assert block(scene.payload) in text_of(about(announcement))
    assert inline(scene.payload) in text_of(about(page))
    assert MARK in read_email_html(about(page)).get_text()


def digest_email(scene: Scene) -> None:
    """The daily digest gathers the same pieces in one message."""
    space = scene.space()
    subscription_create(user=scene.resident, target=space, frequency=Frequency.DAILY)
    mailbox = scene.fixture("mailbox")
    scene.article(space=space)
    scene.announcement(space=space)
    run_tasks = scene.fixture("run_tasks")
    run_tasks()
    tomorrow = timezone.localdate() + timedelta(days=1)
    noon = datetime(
        tomorrow.year, tomorrow.month, tomorrow.day, 12, tzinfo=ZoneInfo("Europe/Paris")
    )
    assert digests.prepare(now=noon) == 1
    run_tasks()

    [message] = mailbox.to(scene.resident.email)
    soup = read_email_html(message)
    shows_text(soup, "section h1", inline(scene.payload))
    for paragraph in soup.select("h1, h2, p"):
        assert_harmless(paragraph.decode_contents())
    assert inline(scene.payload) in text_of(message)


def reply_email(scene: Scene) -> None:
    """The author of a comment hears of a reply: the replier's words and the page's title."""
    page = scene.space_page(scene.space())
    comment = make_comment(page, scene.resident, "Qui s'en occupe ?", follow_replies=True)
    mailbox = scene.fixture("mailbox")
    make_comment(page, scene.other_resident, block(scene.payload), parent=comment)
    scene.fixture("run_tasks")()

    [message] = mailbox.to(scene.resident.email)
    assert MARK in message["Subject"]
    soup = read_email_html(message)
    for paragraph in soup.select("p"):
        assert_harmless(paragraph.decode_contents())
    assert MARK in soup.get_text()
    assert inline(scene.payload) in text_of(message)


def hidden_comment_email(scene: Scene) -> None:
    """The author of a hidden comment reads the moderator's reason, by e-mail and on the page."""
    page = scene.space_page(scene.space())
    comment = make_comment(page, scene.resident, f"{MARK} hidden")
    mailbox = scene.fixture("mailbox")
    contribution_hide(
        obj=comment, moderator=scene.fixture("moderator"), reason=inline(scene.payload)
    )
    scene.fixture("run_tasks")()

    [message] = mailbox.to(scene.resident.email)
    if message.get_body(preferencelist=("html",)) is not None:
        read_email_html(message)
    assert inline(scene.payload).strip() in text_of(message)
    soup = read_page(scene.browser(scene.resident), page.get_absolute_url())
    shows_text(soup, f"#{comment.anchor} .comment__status--hidden", inline(scene.payload))


PLACES: dict[str, Callable[[Scene], None]] = {
    place.__name__: place
    for place in (
        article_page,
        news_list,
        tag_page,
        space_page,
        home_page,
        announcement_list,
        announcement_page,
        space_news_lists,
        space_subpage,
        comment_on_a_page,
        comment_on_an_article,
        comment_on_an_announcement,
        comment_form_sent_back,
        moderation_queue,
        search_results,
        search_query,
        feeds,
        comment_feeds,
        notification_emails,
        digest_email,
        reply_email,
        hidden_comment_email,
        author_name,
        subscription_pages,
    )
}


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
@pytest.mark.parametrize("place", PLACES)
def test_no_payload_can_run_wherever_it_is_shown(
    request, place, payload, officer, resident, other_resident, settings
):
    settings.NOTIFICATION_DIGEST_HOUR = 7
    scene = Scene(
        payload=payload,
        request=request,
        officer=officer,
        resident=resident,
        other_resident=other_resident,
    )

    PLACES[place](scene)


# --- bursts: every form residents can post has a rate limit ------------------------------------
#
# The forms residents post in news, comments, moderation and notifications, their limits
# (per account / per address) and the test that shows each:
#
#   comment, write or reply    5/m and 40/h / 20/m and 200/h   comments/tests/test_views.py
#                                                              (one account; one address)
#   comment, edit              10/m / 30/m                     below
#   comment, delete            10/m / 30/m                     below
#   comment, flag              10/m and 30/h / 30/m and 100/h  below
#   follow (topic, tag)        30/m / 120/m, shared            notifications/tests/test_follow_views.py
#   follow a space             with unfollowing                spaces/tests/test_follow.py
#   unfollow                                                   below
#   frequency of one subscription  30/m / 120/m, shared by     notifications/tests/test_follow_views.py
#   stop one subscription      the subscriptions page's forms  below
#   e-mail preferences                                         below
#   unsubscribe (no login)     30/m / 60/m                     notifications/tests/test_unsubscribe.py


@dataclass
class Burst:
    """A form posted `allowed` times in a row (all accepted), then once more (refused)."""

    #: How many posts in a minute one account may make.
    allowed: int
    #: Prepares what the posts act on; returns (post number n, what the state is now).
    setup: Callable[[Scene, Client], tuple[Callable[[int], Any], Callable[[], Any]]]
    #: Where the refusal's words are: the form's error summary, or the error page.
    in_form: bool


def _comments(scene: Scene, author: Any, count: int) -> list[Comment]:
    page = scene.space_page(scene.space())
    return [make_comment(page, author, f"Commentaire {n}") for n in range(count)]


def _edit(scene: Scene, browser: Client):
    [comment] = _comments(scene, scene.resident, 1)

    def post(n: int) -> Any:
        return browser.post(reverse("comments:edit", args=[comment.pk]), {"body": f"Version {n}"})

    return post, lambda: Comment.objects.get(pk=comment.pk).body


def _delete(scene: Scene, browser: Client):
    comments = _comments(scene, scene.resident, 11)

    def post(n: int) -> Any:
        return browser.post(reverse("comments:delete", args=[comments[n].pk]))

    return post, lambda: Comment.objects.filter(deleted_at=None).count()


def _flag(scene: Scene, browser: Client):
    comments = _comments(scene, scene.other_resident, 11)

    def post(n: int) -> Any:
        return browser.post(reverse("comments:flag", args=[comments[n].pk]), {"reason": "spam"})

    return post, lambda: Flag.objects.count()


def _unfollow(scene: Scene, browser: Client):
    subscription_create(user=scene.resident, target="news")

    def post(n: int) -> Any:
        # Stopping to follow a tag one does not follow, then, refused, the news one does.
        target = "topic:news" if n == 30 else f"tags.tag:{scene.tag().pk}"
        return browser.post(reverse("subscription_unfollow"), {"target": target})

    return post, lambda: Subscription.objects.filter(user=scene.resident).count()


def _stop(scene: Scene, browser: Client):
    subscription_create(user=scene.resident, target="news", frequency=Frequency.DAILY)
    [subscription] = Subscription.objects.filter(user=scene.resident)

    def post(n: int) -> Any:
        if n < 30:  # the page's other forms count too: choosing the frequency…
            return browser.post(
                reverse("subscription_update", args=[subscription.pk]),
                {f"s{subscription.pk}-frequency": "daily"},
            )
        return browser.post(reverse("subscription_stop", args=[subscription.pk]))  # …then stop

    return post, lambda: Subscription.objects.filter(user=scene.resident).count()


def _preferences(scene: Scene, browser: Client):
    def post(n: int) -> Any:
        language = "en" if n == 30 else "fr"
        return browser.post(
            reverse("email_preference_update"), {"language": language, "frequency": "immediate"}
        )

    return post, lambda: list(EmailPreference.objects.values_list("user__email", "language"))


BURSTS = {
    "comment edit": Burst(allowed=10, setup=_edit, in_form=True),
    "comment delete": Burst(allowed=10, setup=_delete, in_form=False),
    "comment flag": Burst(allowed=10, setup=_flag, in_form=True),
    "unfollow": Burst(allowed=30, setup=_unfollow, in_form=False),
    "stop a subscription": Burst(allowed=30, setup=_stop, in_form=False),
    "e-mail preferences": Burst(allowed=30, setup=_preferences, in_form=False),
}


@pytest.mark.parametrize("form", BURSTS)
def test_a_burst_from_one_account_is_refused_with_how_long_to_wait_and_changes_nothing(
    request, form, officer, resident, other_resident
):
    burst = BURSTS[form]
    scene = Scene("", request, officer, resident, other_resident)
    browser = scene.browser(resident)
    post, state = burst.setup(scene, browser)
    accepted = [post(n).status_code for n in range(burst.allowed)]
    before = state()

    refused = post(burst.allowed)

    assert accepted == [302] * burst.allowed
    assert refused.status_code == 429
    wait = int(refused["Retry-After"])
    assert 0 < wait <= 60
    with translation.override("fr"):
        message = wait_message(wait)
    soup = BeautifulSoup(refused.content.decode(), "html.parser")
    where = soup.select_one(".form-errors" if burst.in_form else "main")
    assert message in where.get_text(" ", strip=True)
    assert state() == before
