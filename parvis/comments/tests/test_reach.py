"""Where a comment goes once it is public — the search, the feeds, the reply e-mails — and
where a waiting, hidden or withdrawn one never goes.

Everything goes through the pages as people use them: residents comment and reply through
the comment forms, moderators decide in the queue, the task worker sends the e-mails to the
real SMTP server of the tests, and feeds are read with feedparser.
"""

from __future__ import annotations

from email.message import EmailMessage
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from conftest import make_user
from parvis.accounts.tests.helpers import sign_in
from parvis.comments.models import Comment
from parvis.comments.tests.factories import make_comment
from parvis.moderation.models import ModerationStatus
from parvis.news.models import Article
from parvis.news.services import article_delete, article_unpublish
from parvis.news.tests.factories import make_announcement, make_article
from parvis.notifications.tests.factories import unsubscribe_path
from parvis.spaces.models import ModerationPolicy, Space, SpaceKind
from parvis.spaces.services import space_save
from parvis.spaces.tests.factories import make_page, make_space

pytestmark = pytest.mark.django_db

SITE = "https://ville.example"
DECIDE = "/backoffice/moderation/decision/queue/decide/"
TOWN_FEEDS = ["/comments/feed/rss/", "/comments/feed/atom/"]


def space_feeds(space: Space) -> list[str]:
    return [f"/spaces/{space.slug}/comments/feed/rss/", f"/spaces/{space.slug}/comments/feed/atom/"]


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "ville.example"]


@pytest.fixture
def neighbourhood(db) -> Space:
    """A neighbourhood whose comments are moderated after publication."""
    return make_space("centre-ville", name="Centre-ville", moderation_policy=ModerationPolicy.AFTER)


@pytest.fixture
def council(db) -> Space:
    """A council whose comments wait for a moderator before publication."""
    return make_space(
        "conseil-des-jeunes",
        name="Conseil des jeunes",
        kind=SpaceKind.COUNCIL,
        moderation_policy=ModerationPolicy.BEFORE,
    )


def fr(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


def browser(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def create_url(target) -> str:
    type_id = ContentType.objects.get_for_model(type(target)).pk
    return reverse("comments:create", args=[type_id, target.pk])


def write(client: Client, target, body: str, *, parent: Comment | None = None, follow=False):
    """Send the comment form of `target`'s page; the comment written."""
    data = {"body": body}
    if parent is not None:
        data["parent"] = str(parent.pk)
    if follow:
        data["follow_replies"] = "on"
    response = client.post(create_url(target), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Comment.objects.get(body=body)


def decide(client: Client, comment: Comment, action: str, reason: str = "") -> None:
    item = f"{ContentType.objects.get_for_model(Comment).pk}:{comment.pk}"
    response = client.post(DECIDE, {"item": item, "action": action, "reason": reason})
    assert response.status_code == 302, response.content.decode()[:2000]


def searched(query: str, **filters: str) -> list[tuple[str, str]]:
    """(title, address) of each result of the search page, as an anonymous reader gets it."""
    response = Client().get("/search/", {"q": query, **filters})
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return [
        (link.get_text(strip=True), link["href"]) for link in page.select(".search-result__title a")
    ]


def read_feed(path: str) -> feedparser.FeedParserDict:
    response = Client().get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def feed_text(path: str) -> str:
    """Everything a feed reader shows of a feed's entries."""
    feed = read_feed(path)
    return "\n".join(
        f"{entry.title}\n{entry.get('summary', '')}\n{entry.link}" for entry in feed.entries
    )


def everything_sent(messages: list[EmailMessage]) -> str:
    """Every header and every part of every message, as the mail server received them."""
    texts = []
    for message in messages:
        texts.append(str(message["Subject"]))
        for part in message.walk():
            if part.get_content_maintype() == "text":
                texts.append(part.get_content())
    return "\n".join(texts)


def comment_title(target) -> str:
    return fr("Comment on “%(title)s”") % {"title": target}


# --- articles and announcements take comments ------------------------------------------------


def test_a_resident_comments_on_an_article_and_on_an_announcement_from_their_pages(
    officer, resident, neighbourhood
):
    article = make_article("marche-couvert", actor=officer, space=neighbourhood)
    announcement = make_announcement("Le gîte des Saules ouvre.", actor=officer)
    camille = browser(resident)

    for target, body in ((article, "Enfin un marché couvert."), (announcement, "Bravo.")):
        page = BeautifulSoup(camille.get(target.get_absolute_url()).content.decode(), "html.parser")
        form = page.select_one("#comments form")
        assert form["action"] == create_url(target)
        assert form.select_one("#id_comment_follow_replies").has_attr("checked")

        comment = write(camille, target, body)

        assert comment.target == target
        assert comment.space == target.space
        assert comment.moderation_status == ModerationStatus.VISIBLE
        thread = BeautifulSoup(Client().get(target.get_absolute_url()).content, "html.parser")
        assert [p.get_text(strip=True) for p in thread.select("#comments .comment__body")] == [body]


def test_an_article_that_is_not_public_takes_no_comment(officer, resident, neighbourhood):
    draft = make_article("brouillon", actor=officer, space=neighbourhood, publish=False)
    published = make_article("publie", actor=officer, space=neighbourhood)
    article_unpublish(article=published, actor=officer)
    camille = browser(resident)

    for article in (draft, published):
        response = camille.post(create_url(article), {"body": "Je passe par là."})

        # As if it did not exist: its title reaches no page (parvis.comments.registry).
        assert response.status_code == 404
        assert article.title not in response.content.decode()
    assert Comment.objects.count() == 0


# --- the hidden comment ----------------------------------------------------------------------


def test_a_flagged_then_hidden_reply_reaches_no_feed_no_search_result_and_no_email(
    settings, officer, resident, other_resident, moderator, neighbourhood, mailbox, run_tasks
):
    settings.MODERATION_FLAGS_TO_HOLD = 2
    article = make_article(
        "marche-couvert", actor=officer, space=neighbourhood, title="Le marché couvert rouvre"
    )
    top = write(browser(resident), article, "Vivement samedi.", follow=True)
    reply = write(
        browser(other_resident), article, "Allez voir mon site zanzibar-promo", parent=top
    )
    feeds = [*TOWN_FEEDS, *space_feeds(neighbourhood)]
    # Public at first, everywhere: what follows could fail.
    assert searched("zanzibar") == [
        (comment_title(article), f"{article.get_absolute_url()}#comment-{reply.pk}")
    ]
    assert all("zanzibar-promo" in feed_text(path) for path in feeds)

    for number in (1, 2):
        flagger = browser(make_user(f"voisin{number}@example.org"))
        response = flagger.post(reverse("comments:flag", args=[reply.pk]), {"reason": "spam"})
        assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.moderation_status == ModerationStatus.PENDING
    decide(browser(moderator), reply, "hide", reason="Publicité.")
    run_tasks()

    reply.refresh_from_db()
    assert reply.moderation_status == ModerationStatus.HIDDEN
    assert searched("zanzibar") == []
    assert searched("zanzibar", type="comment", space=neighbourhood.slug) == []
    for path in feeds:
        text = feed_text(path)
        assert "Vivement samedi." in text
        assert "zanzibar" not in text
    # The author is told it was hidden, without the text; Camille hears of no reply.
    assert [message["To"] for message in mailbox.messages] == [other_resident.email]
    assert mailbox.to(resident.email) == []
    assert "zanzibar" not in everything_sent(mailbox.messages)


def test_a_reply_to_a_comment_hidden_before_its_email_leaves_is_not_sent(
    officer, resident, other_resident, moderator, neighbourhood, mailbox, run_tasks
):
    article = make_article("marche-couvert", actor=officer, space=neighbourhood)
    top = write(browser(resident), article, "Le maire zanzibar ment.", follow=True)
    write(browser(other_resident), article, "Je suis d'accord.", parent=top)

    decide(browser(moderator), top, "hide", reason="Propos injurieux.")
    run_tasks()

    # Only the author of the hidden comment is told, and the message does not quote it.
    assert [message["To"] for message in mailbox.messages] == [resident.email]
    assert "zanzibar" not in everything_sent(mailbox.messages)
    assert searched("zanzibar") == []


# --- the approval path -----------------------------------------------------------------------


def test_in_a_space_moderated_before_publication_a_reply_reaches_search_feeds_and_email_on_approval(
    officer, resident, other_resident, moderator, council, mailbox, run_tasks
):
    article = make_article(
        "budget-participatif", actor=officer, space=council, title="Le budget participatif"
    )
    moderating = browser(moderator)
    feeds = [*TOWN_FEEDS, *space_feeds(council)]

    top = write(browser(resident), article, "Un skatepark serait bienvenu.", follow=True)
    assert top.moderation_status == ModerationStatus.PENDING
    assert searched("skatepark") == []
    decide(moderating, top, "approve")
    assert searched("skatepark") == [
        (comment_title(article), f"{article.get_absolute_url()}#comment-{top.pk}")
    ]

    reply = write(browser(other_resident), article, "Et une piste de roller.", parent=top)
    run_tasks()

    # Waiting: in no search result, no feed, no e-mail.
    assert reply.moderation_status == ModerationStatus.PENDING
    assert searched("roller") == []
    assert all("piste de roller" not in feed_text(path) for path in feeds)
    assert mailbox.messages == []

    decide(moderating, reply, "approve")
    run_tasks()

    reply_url = f"{article.get_absolute_url()}#comment-{reply.pk}"
    assert searched("roller", type="comment") == [(comment_title(article), reply_url)]
    for path in feeds:
        entries = read_feed(path).entries
        assert [entry.link for entry in entries] == [
            f"{SITE}{reply_url}",
            f"{SITE}{article.get_absolute_url()}#comment-{top.pk}",
        ]
        assert entries[0].summary == "<p>Et une piste de roller.</p>"
    [message] = mailbox.messages
    assert message["To"] == resident.email
    expected = fr("%(name)s replied to your comment on “%(title)s”") % {
        "name": "Dominique",
        "title": "Le budget participatif",
    }
    # Compared word by word: a long subject header is folded, and spaces may be non-breaking.
    assert message["Subject"].split() == expected.split()
    text = mailbox.text(message)
    assert "Et une piste de roller." in text
    assert f"{SITE}{reply_url}" in text
    assert unsubscribe_path(message).startswith("/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Hidden and restored, the reply is public again, but announced only once.
    decide(moderating, reply, "hide", reason="Erreur.")
    assert searched("roller") == []
    decide(moderating, reply, "restore")
    run_tasks()
    assert searched("roller", type="comment") == [(comment_title(article), reply_url)]
    assert len(mailbox.to(resident.email)) == 1


# --- reply e-mails respect the person's choice -----------------------------------------------


def test_replies_are_emailed_only_to_whoever_asked_and_stop_in_one_click(
    officer, resident, other_resident, neighbourhood, mailbox, run_tasks
):
    article = make_article("marche-couvert", actor=officer, space=neighbourhood)
    camille, dominique = browser(resident), browser(other_resident)
    followed = write(camille, article, "Vivement samedi.", follow=True)
    unfollowed = write(dominique, article, "Et le dimanche ?")

    write(dominique, article, "Moi aussi.", parent=followed)
    write(camille, article, "Le dimanche aussi.", parent=unfollowed)
    write(camille, article, "Je complète mon propre commentaire.", parent=followed)
    run_tasks()

    # Camille asked and gets Dominique's reply (not her own); Dominique did not ask.
    [message] = mailbox.messages
    assert message["To"] == resident.email
    assert "Moi aussi." in mailbox.text(message)

    response = Client().post(unsubscribe_path(message), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    mailbox.clear()
    write(dominique, article, "Et encore une chose.", parent=followed)
    run_tasks()

    assert mailbox.messages == []


# --- what comes and goes with the commented object -------------------------------------------


def test_comments_leave_search_and_feeds_with_the_article_they_discuss(
    officer, resident, neighbourhood
):
    article = make_article("marche-couvert", actor=officer, space=neighbourhood)
    comment = make_comment(article, resident, "Les halles zanzibar.")
    assert searched("zanzibar") == [
        (comment_title(article), f"{article.get_absolute_url()}#comment-{comment.pk}")
    ]

    article_unpublish(article=article, actor=officer)

    assert searched("zanzibar") == []
    assert all(
        "zanzibar" not in feed_text(path) for path in [*TOWN_FEEDS, *space_feeds(neighbourhood)]
    )

    article.refresh_from_db()
    article_delete(article=article, actor=officer)
    assert searched("zanzibar") == []
    assert all("zanzibar" not in feed_text(path) for path in TOWN_FEEDS)


def test_editing_a_comment_changes_its_document_and_deleting_it_removes_it(
    resident, neighbourhood, officer
):
    article = make_article("marche-couvert", actor=officer, space=neighbourhood)
    camille = browser(resident)
    comment = write(camille, article, "Les halles zanzibar.")

    response = camille.post(
        reverse("comments:edit", args=[comment.pk]), {"body": "Les halles kiwano."}
    )
    assert response.status_code == 302
    assert searched("zanzibar") == []
    assert [title for title, _url in searched("kiwano")] == [comment_title(article)]

    response = camille.post(reverse("comments:delete", args=[comment.pk]))
    assert response.status_code == 302
    assert searched("kiwano") == []
    assert all("kiwano" not in feed_text(path) for path in TOWN_FEEDS)


# --- the feeds themselves --------------------------------------------------------------------


def test_a_space_feed_lists_its_own_published_comments_with_stable_ids_and_dates(
    officer, resident, other_resident, neighbourhood, council
):
    article = make_article("marche-couvert", actor=officer, space=neighbourhood)
    page = make_page(neighbourhood, "histoire", title="Histoire du quartier")
    elsewhere = make_article("ailleurs", actor=officer, space=council)
    town_news = make_article("en-ville", actor=officer)
    first = make_comment(article, resident, "Sur l'article.")
    second = make_comment(page, other_resident, "Sur la page.")
    make_comment(elsewhere, resident, "Dans le conseil, en attente.")
    town_comment = make_comment(town_news, resident, "Pour toute la ville.")

    for path in space_feeds(neighbourhood):
        feed = read_feed(path)
        assert feed.feed.title == fr("Comments in %(space)s — %(town)s") % {
            "space": "Centre-ville",
            "town": feed.feed.title.split(" — ")[-1],
        }
        assert feed.feed.link == f"{SITE}{neighbourhood.get_absolute_url()}"
        assert [entry.link for entry in feed.entries] == [
            f"{SITE}{page.get_absolute_url()}#comment-{second.pk}",
            f"{SITE}{article.get_absolute_url()}#comment-{first.pk}",
        ]
        assert [entry.author for entry in feed.entries] == ["Dominique", "Camille"]
        created = first.created_at
        assert feed.entries[1].id == (
            f"tag:ville.example,{created:%Y-%m-%d}:comments/comment/{first.pk}"
        )
        assert feed.entries[1].published_parsed[:6] == created.utctimetuple()[:6]
    town = [entry.link for entry in read_feed(TOWN_FEEDS[0]).entries]
    assert town == [
        f"{SITE}{town_news.get_absolute_url()}#comment-{town_comment.pk}",
        f"{SITE}{page.get_absolute_url()}#comment-{second.pk}",
        f"{SITE}{article.get_absolute_url()}#comment-{first.pk}",
    ]
    assert Client().get("/spaces/nowhere/comments/feed/rss/").status_code == 404


def test_the_space_page_and_the_article_page_point_at_the_comments_feed(officer, neighbourhood):
    article = make_article("marche-couvert", actor=officer, space=neighbourhood)

    for url in (neighbourhood.get_absolute_url(), article.get_absolute_url()):
        page = BeautifulSoup(Client().get(url).content.decode(), "html.parser")
        alternates = {
            link["href"]: link["type"] for link in page.select('head link[rel="alternate"][type]')
        }
        rss, atom = space_feeds(neighbourhood)
        assert alternates[rss] == "application/rss+xml"
        assert alternates[atom] == "application/atom+xml"
        for path in (rss, atom):
            assert urlsplit(read_feed(path).feed.link).path == neighbourhood.get_absolute_url()


def test_the_comments_feed_costs_the_same_queries_whatever_the_number_of_comments(
    officer, resident, other_resident, neighbourhood
):
    def queries(path: str) -> int:
        client = Client()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    article = make_article("marche-couvert", actor=officer, space=neighbourhood)
    page = make_page(neighbourhood, "histoire")
    announcement = make_announcement("Le gîte ouvre.", actor=officer, space=neighbourhood)
    for target in (article, page, announcement):
        make_comment(target, resident, f"Premier sur {target.pk}.")
    few = {path: queries(path) for path in [*TOWN_FEEDS, *space_feeds(neighbourhood)]}

    for number in range(8):
        writer = make_user(f"voisin{number}@example.org", display_name=f"Voisin {number}")
        for target in (article, page, announcement):
            make_comment(target, writer, f"Commentaire {number} sur {target.pk}.")
    many = {path: queries(path) for path in few}

    assert many == few
    # The comments with their authors, then one query per kind of commented object.
    assert max(few.values()) <= 6


def test_only_comments_on_public_objects_are_listed_even_with_many_hidden_ones(
    officer, resident, neighbourhood
):
    """The feed is filled with public comments: those on withdrawn articles do not take
    the places of the latest twenty."""
    shown = make_article("visible", actor=officer, space=neighbourhood)
    old = make_comment(shown, resident, "Un ancien commentaire.")
    withdrawn = make_article("retire", actor=officer, space=neighbourhood)
    for number in range(25):
        make_comment(withdrawn, resident, f"Sur l'article retiré {number}.")
    article_unpublish(article=Article.objects.get(pk=withdrawn.pk), actor=officer)

    links = [entry.link for entry in read_feed(space_feeds(neighbourhood)[0]).entries]

    assert links == [f"{SITE}{shown.get_absolute_url()}#comment-{old.pk}"]


def test_a_followed_comment_is_listed_with_what_one_follows_even_once_its_article_is_gone(
    officer, resident, neighbourhood
):
    article = make_article("marche-couvert", actor=officer, space=neighbourhood)
    camille = browser(resident)
    comment = write(camille, article, "Vivement samedi.", follow=True)

    listed = BeautifulSoup(camille.get("/accounts/subscriptions/").content, "html.parser")
    link = listed.select_one(".subscription__name a")
    assert (link.get_text(strip=True), link["href"]) == (
        "Vivement samedi.",
        f"{article.get_absolute_url()}#comment-{comment.pk}",
    )

    article_delete(article=Article.objects.get(pk=article.pk), actor=officer)

    response = camille.get("/accounts/subscriptions/")
    assert response.status_code == 200
    listed = BeautifulSoup(response.content, "html.parser")
    assert listed.select_one(".subscription__name").get_text(strip=True) == "Vivement samedi."
    assert listed.select_one(".subscription__name a") is None


def test_the_search_page_offers_comments_among_its_types():
    page = BeautifulSoup(Client().get("/search/").content.decode(), "html.parser")
    boxes = {
        box["value"]: box.parent.get_text(strip=True) for box in page.select('input[name="type"]')
    }
    assert boxes["comment"] == fr("Comments")


def test_comments_leave_search_with_their_space_when_it_is_unpublished(
    officer, resident, neighbourhood
):
    page = make_page(neighbourhood, "histoire", title="Histoire du quartier")
    make_comment(page, resident, "Les halles zanzibar.")
    assert [title for title, _url in searched("zanzibar")] == [comment_title(page)]

    neighbourhood.is_published = False
    space_save(space=neighbourhood, actor=officer)

    assert searched("zanzibar") == []
    assert all("zanzibar" not in feed_text(path) for path in TOWN_FEEDS)
    assert Client().get(space_feeds(neighbourhood)[0]).status_code == 404
