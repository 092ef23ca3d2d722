"""A resident's comments when they erase their account, through the pages.

The page where they erase it says what becomes of their comments, with how many, and lets
them erase the comments too. Kept, the comments stay where they were, signed "A former
resident". Erased, their words go from the pages, the search, the feeds, the moderators'
queue and the trail, while the discussions they started stay readable.
"""

from __future__ import annotations

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext, ngettext

from conftest import PASSWORD
from parvis.accounts.models import User
from parvis.accounts.tests.helpers import sign_in
from parvis.comments.models import Comment
from parvis.comments.services import comment_flag
from parvis.comments.tests.factories import make_comment
from parvis.core.models import AuditEntry
from parvis.moderation.models import Decision, Flag, ModerationStatus
from parvis.moderation.services import contribution_hide
from parvis.search.models import SearchDocument

pytestmark = pytest.mark.django_db

DELETE = "/accounts/delete/"
QUEUE = "/backoffice/moderation/decision/queue/"
FEED = "/comments/feed/rss/"

#: Words only Camille wrote: none of them may remain anywhere once she erases her comments.
HERS = {
    "answered": "Zéphyrin pense que la halle doit rester ouverte.",
    "alone": "Quintessence du marché : les fromages.",
    "reply": "Xylophone en fanfare, d’accord avec vous.",
    "flagged": "Kaléidoscope de couleurs au marché.",
    "waiting": "Walkyrie du conseil des jeunes, en attente.",
    "hidden": "Yoyo hors sujet, caché par la modération.",
}


def fr(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


def thread_of(target) -> BeautifulSoup:
    response = Client().get(target.get_absolute_url())
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").select_one("#comments")


def comment_texts(thread: BeautifulSoup) -> list[str]:
    return [div.get_text(" ", strip=True) for div in thread.select(".comment__body")]


def authors(thread: BeautifulSoup) -> list[str]:
    return [tag.get_text(strip=True) for tag in thread.select(".comment__author")]


def comment_documents() -> set[int]:
    comment_type = ContentType.objects.get_for_model(Comment)
    return set(
        SearchDocument.objects.filter(content_type=comment_type).values_list("object_id", flat=True)
    )


def feed_entries() -> list[tuple[str, str]]:
    feed = feedparser.parse(Client().get(FEED).content)
    return [
        (entry.author, BeautifulSoup(entry.summary, "html.parser").get_text())
        for entry in feed.entries
    ]


def leftovers() -> list[str]:
    """Camille's words wherever they could remain: comments, search, trail, flags."""
    places = [
        *Comment.objects.values_list("body", flat=True),
        *SearchDocument.objects.values_list("text", flat=True),
        *AuditEntry.objects.values_list("target_repr", flat=True),
        *Decision.objects.values_list("target_repr", flat=True),
    ]
    first_words = {text.split()[0] for text in HERS.values()}
    return sorted({word for word in first_words for place in places if word in place})


@pytest.fixture
def discussion(page, council_page, resident, other_resident, moderator):
    """Camille's comments in every state, and Dominique's around them."""
    theirs = make_comment(page, other_resident, "Dominique ouvre la discussion.")
    mine = {
        "answered": make_comment(page, resident, HERS["answered"]),
        "alone": make_comment(page, resident, HERS["alone"]),
        "reply": make_comment(page, resident, HERS["reply"], parent=theirs),
        "flagged": make_comment(page, resident, HERS["flagged"]),
        "waiting": make_comment(council_page, resident, HERS["waiting"]),
        "hidden": make_comment(page, resident, HERS["hidden"]),
    }
    answer = make_comment(page, other_resident, "Dominique répond ici.", parent=mine["answered"])
    comment_flag(comment=mine["flagged"], user=other_resident, reason="off_topic")
    contribution_hide(obj=mine["hidden"], moderator=moderator, reason="Hors sujet.")
    assert mine["waiting"].moderation_status == ModerationStatus.PENDING
    return {"theirs": theirs, "answer": answer, **mine}


def erasing(client: Client, user: User) -> Client:
    client.force_login(user)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    return client


def test_the_page_says_what_becomes_of_the_comments_and_offers_to_erase_them(
    client, discussion, resident
):
    page = BeautifulSoup(erasing(client, resident).get(DELETE).content.decode(), "html.parser")

    with translation.override("fr"):
        expected = ngettext(
            "You have written %(count)s comment. Unless you choose to erase it below, it stays "
            "in its discussion, signed “A former resident” instead of your name.",
            "You have written %(count)s comments. Unless you choose to erase them below, they "
            "stay in their discussions, signed “A former resident” instead of your name.",
            6,
        ) % {"count": 6}
    assert [p.get_text() for p in page.select(".erasure-contributions")] == [expected]
    choice = page.select_one("input[name=erase_contributions]")
    assert choice is not None and not choice.has_attr("checked")
    assert page.select_one(f"label[for={choice['id']}]").get_text(strip=True) == fr(
        "Also erase what I wrote."
    )


def test_someone_who_wrote_nothing_is_told_so_and_offered_no_choice(client, resident):
    page = BeautifulSoup(erasing(client, resident).get(DELETE).content.decode(), "html.parser")

    assert page.select(".erasure-contributions") == []
    assert fr("You have written nothing that stays on the site.") in page.get_text()
    assert page.select_one("input[name=erase_contributions]") is None


def test_kept_comments_stay_signed_a_former_resident(client, discussion, page, resident):
    documents = comment_documents()
    before = {key: (c.body, c.moderation_status) for key, c in discussion.items()}

    response = erasing(client, resident).post(DELETE, {"confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=resident.pk).exists()
    for key, comment in discussion.items():
        comment.refresh_from_db()
        assert (comment.body, comment.moderation_status) == before[key]
        assert comment.deleted_at is None
    assert set(Comment.objects.filter(author=None).values_list("pk", flat=True)) == {
        discussion[key].pk for key in HERS
    }
    thread = thread_of(page)
    former = fr("A former resident")
    # Dominique's comment and Camille's reply, Camille's answered comment and Dominique's
    # answer, then two of Camille's (the hidden one is seen by nobody).
    assert authors(thread) == ["Dominique", former, former, "Dominique", former, former]
    assert "Camille" not in str(thread)
    assert comment_documents() == documents
    assert (former, HERS["alone"]) in feed_entries()
    entry = AuditEntry.objects.get(action="account.delete")
    assert entry.data == {"user_id": resident.pk, "contributions_erased": False}


def test_erased_comments_go_everywhere_and_the_threads_stay_whole(
    client, discussion, page, council_page, resident, moderator
):
    answered, answer = discussion["answered"], discussion["answer"]
    assert leftovers() == sorted(text.split()[0] for text in HERS.values())

    response = erasing(client, resident).post(
        DELETE, {"confirm": "on", "erase_contributions": "on"}
    )

    assert response.status_code == 302
    assert not User.objects.filter(pk=resident.pk).exists()
    # The comment Dominique answered keeps its place, without words nor author.
    answered.refresh_from_db()
    assert (answered.body, answered.author, answered.deleted_at is not None) == ("", None, True)
    assert set(Comment.objects.values_list("pk", flat=True)) == {
        discussion["theirs"].pk,
        answered.pk,
        answer.pk,
    }
    thread = thread_of(page)
    assert comment_texts(thread) == [
        "Dominique ouvre la discussion.",
        "Dominique répond ici.",
    ]
    assert thread.select_one(f"#comment-{answered.pk} .comment__placeholder").get_text() == fr(
        "Comment deleted by its author."
    )
    # Dominique's answer still sits under it.
    assert (
        thread.select_one(f"#comment-{answered.pk}").parent.select_one(f"#comment-{answer.pk}")
        is not None
    )
    # Nothing of hers in the search, the feeds, the trail: only Dominique's comments.
    assert comment_documents() == {discussion["theirs"].pk, answer.pk}
    assert [text for __, text in feed_entries()] == [
        "Dominique répond ici.",
        "Dominique ouvre la discussion.",
    ]
    assert leftovers() == []
    # Nothing left to decide: no flag, nothing waiting, in the moderators' queue.
    assert Flag.objects.filter(resolved_at=None).count() == 0
    moderating = Client()
    sign_in(moderating, moderator)
    for tab in ("pending", "flagged", "hidden"):
        queue = BeautifulSoup(moderating.get(f"{QUEUE}?show={tab}").content.decode(), "html.parser")
        assert queue.select(".moderation-item") == [], tab
    # The decision to hide one of them stays in the trail, under a number.
    decision = Decision.objects.get(action="hide")
    with translation.override("fr"):
        assert decision.target_repr == gettext("Deleted comment #%(pk)s") % {
            "pk": discussion["hidden"].pk
        }
    entry = AuditEntry.objects.get(action="account.delete")
    assert entry.data == {"user_id": resident.pk, "contributions_erased": True}


def test_an_erasure_refused_erases_no_comment(client, page, administrator):
    comment = make_comment(page, administrator, "Le dernier administrateur écrit.")
    sign_in(client, administrator)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    response = client.post(DELETE, {"confirm": "on", "erase_contributions": "on"})

    assert response.status_code == 409
    comment.refresh_from_db()
    assert (comment.body, comment.author) == ("Le dernier administrateur écrit.", administrator)
    assert comment_documents() == {comment.pk}


def test_an_erased_reply_leaves_the_comment_it_answered(client, page, resident, other_resident):
    top = make_comment(page, other_resident, "Dominique demande.")
    make_comment(page, resident, "Camille répond.", parent=top)

    erasing(client, resident).post(DELETE, {"confirm": "on", "erase_contributions": "on"})

    assert list(Comment.objects.values_list("pk", "body")) == [(top.pk, "Dominique demande.")]
    assert comment_texts(thread_of(page)) == ["Dominique demande."]
