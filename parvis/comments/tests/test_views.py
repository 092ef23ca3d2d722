"""Commenting through the pages, as residents do: write, reply, edit, delete, flag."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from conftest import make_user
from parvis.comments.models import Comment
from parvis.comments.tests.factories import make_comment
from parvis.core.models import AuditEntry
from parvis.core.ratelimit import wait_message
from parvis.moderation.models import Flag, ModerationStatus

pytestmark = pytest.mark.django_db


def fr(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


def heading(count: int) -> str:
    """The thread's heading for `count` published comments, as a French reader reads it."""
    with translation.override("fr"):
        return ngettext("%(counter)s comment", "%(counter)s comments", count) % {"counter": count}


def create_url(target) -> str:
    type_id = ContentType.objects.get_for_model(type(target)).pk
    return reverse("comments:create", args=[type_id, target.pk])


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def thread_of(client: Client, target) -> BeautifulSoup:
    response = client.get(target.get_absolute_url())
    assert response.status_code == 200
    return soup_of(response).select_one("#comments")


def comment_texts(thread: BeautifulSoup) -> list[str]:
    return [div.get_text(" ", strip=True) for div in thread.select(".comment__body")]


def field_errors(response, field_id: str) -> list[str]:
    errors = soup_of(response).select_one(f"#{field_id}_error")
    return [li.get_text(" ", strip=True) for li in errors.select("li")] if errors else []


# --- reading -------------------------------------------------------------------------------


def test_an_anonymous_reader_sees_the_comments_and_a_link_to_sign_in_but_no_form(
    client, page, resident
):
    make_comment(page, resident, "Le **marché** du samedi est très animé.")

    response = client.get(page.get_absolute_url())

    thread = soup_of(response).select_one("#comments")
    assert thread.select_one("h2").get_text(strip=True) == heading(1)
    assert [str(body.select_one("p")) for body in thread.select(".comment__body")] == [
        "<p>Le <strong>marché</strong> du samedi est très animé.</p>"
    ]
    assert thread.select_one(".comment__author").get_text() == "Camille"
    assert thread.select("form") == []
    login = thread.select_one(f'a[href^="{reverse("account_login")}"]')
    assert login["href"] == f"/accounts/login/?next={page.get_absolute_url()}%23comments"
    assert login.get_text() == fr("Sign in to comment")
    assert response.cookies == {}


def test_a_signed_in_resident_gets_the_form(client, page, resident):
    client.force_login(resident)

    thread = thread_of(client, page)

    form = thread.select_one("#comment-form")
    assert form["action"] == create_url(page)
    assert (
        form.select_one("label[for=id_comment_body]")
        .get_text(" ", strip=True)
        .startswith(fr("Your comment"))
    )
    assert form.select_one("textarea#id_comment_body")["maxlength"] == "5000"
    assert form.select_one("input[name=csrfmiddlewaretoken]") is not None


# --- writing -------------------------------------------------------------------------------


def test_a_resident_comments_and_is_sent_back_to_the_comment(client, page, resident):
    client.force_login(resident)

    response = client.post(create_url(page), {"body": "Merci pour *ces* informations."})

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{page.get_absolute_url()}#comment-{comment.pk}"
    assert (comment.author, comment.body, comment.space, comment.target) == (
        resident,
        "Merci pour *ces* informations.",
        page.space,
        page,
    )
    assert comment.moderation_status == ModerationStatus.VISIBLE
    assert (
        AuditEntry.objects.filter(action="comment.create", target_id=str(comment.pk)).count() == 1
    )
    followed = client.get(response["Location"])
    assert fr("Your comment is published.") in followed.content.decode()
    assert comment_texts(soup_of(followed).select_one("#comments")) == [
        "Merci pour ces informations."
    ]


def test_in_a_space_moderated_before_publication_only_the_author_sees_the_waiting_comment(
    client, council_page, resident, other_resident
):
    client.force_login(resident)

    response = client.post(create_url(council_page), {"body": "Proposition pour le skatepark."})

    comment = Comment.objects.get()
    assert comment.moderation_status == ModerationStatus.PENDING
    followed = client.get(response["Location"])
    assert (
        fr(
            "Thank you. Your comment will be published once a moderator has read it; "
            "until then only you can see it."
        )
        in followed.content.decode()
    )
    own = soup_of(followed).select_one(f"#comment-{comment.pk}")
    assert own.select_one(".comment__status").get_text(strip=True) == fr(
        "Waiting for moderation: only you can see this comment for now."
    )
    assert soup_of(followed).select_one("#comments h2").get_text(strip=True) == heading(0)
    anonymous = thread_of(Client(), council_page)
    other = Client()
    other.force_login(other_resident)
    assert comment_texts(anonymous) == []
    assert comment_texts(thread_of(other, council_page)) == []
    assert "skatepark" not in str(anonymous)


def test_the_form_in_a_premoderated_space_says_so(client, council_page, page, resident):
    client.force_login(resident)
    notice = fr("Here, a moderator reads comments before they are published.")

    assert notice in str(thread_of(client, council_page))
    assert notice not in str(thread_of(client, page))


def test_an_empty_comment_is_refused_next_to_the_field(client, page, resident):
    client.force_login(resident)

    response = client.post(create_url(page), {"body": "   "})

    assert response.status_code == 400
    assert field_errors(response, "id_body") == [
        f"{fr('Error:')} {fr('Write your comment before sending it.')}"
    ]
    assert Comment.objects.count() == 0


def test_a_comment_over_the_limit_is_refused_with_the_text_kept(client, page, resident):
    client.force_login(resident)
    text = "Trop long. " * 460  # 5,060 characters, 5,059 once stripped

    response = client.post(create_url(page), {"body": text})

    assert response.status_code == 400
    with translation.override("fr"):
        expected = gettext(
            "A comment can hold at most %(limit_value)s characters; yours has "
            "%(show_value)s. Shorten it and send it again."
        ) % {"limit_value": 5000, "show_value": 5059}
    assert field_errors(response, "id_body") == [f"{fr('Error:')} {expected}"]
    assert soup_of(response).select_one("textarea#id_body").get_text() == "\n" + text
    assert Comment.objects.count() == 0


def test_a_comment_of_100_kb_is_refused_with_the_message_next_to_the_field(client, page, resident):
    client.force_login(resident)
    text = "é" * 100_000  # 200 KB in UTF-8, 600 KB percent-encoded

    response = client.post(create_url(page), {"body": text})

    assert response.status_code == 400
    with translation.override("fr"):
        expected = gettext(
            "A comment can hold at most %(limit_value)s characters; yours has "
            "%(show_value)s. Shorten it and send it again."
        ) % {"limit_value": 5000, "show_value": 100_000}
    assert field_errors(response, "id_body") == [f"{fr('Error:')} {expected}"]
    assert soup_of(response).select_one("textarea#id_body").get_text() == "\n" + text
    assert Comment.objects.count() == 0


def test_a_request_of_more_than_a_megabyte_is_refused_before_it_is_read(client, page, resident):
    client.force_login(resident)

    response = client.post(create_url(page), {"body": "x" * 1_100_000})

    assert response.status_code == 413
    page_text = response.content.decode()
    assert fr("Your comment is too long") in page_text
    assert (
        fr(
            "A comment can hold at most 5,000 characters, and what you sent is far longer. Go "
            "back with your browser, shorten your text and send it again."
        )
        in page_text
    )
    assert Comment.objects.count() == 0


def test_a_burst_of_comments_from_one_account_is_throttled_with_the_text_kept(
    client, page, resident
):
    client.force_login(resident)
    for number in range(5):
        assert client.post(create_url(page), {"body": f"Message {number}"}).status_code == 302

    response = client.post(create_url(page), {"body": "Encore un message"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    summary = soup_of(response).select_one(".form-errors").get_text(" ", strip=True)
    with translation.override("fr"):
        expected = wait_message(int(response["Retry-After"]))
    assert expected in summary
    assert soup_of(response).select_one("textarea#id_body").get_text() == "\nEncore un message"
    assert Comment.objects.count() == 5


def test_the_limit_counts_per_address_too(page, resident, other_resident, settings):
    # Twenty comments a minute from one address, whoever writes them.
    people = [make_user(f"voisin{n}@example.org") for n in range(5)]
    clients = []
    for person in people:
        browser = Client(REMOTE_ADDR="203.0.113.7")
        browser.force_login(person)
        clients.append(browser)
    sent = [
        browser.post(create_url(page), {"body": f"Message {n}"}).status_code
        for n in range(4)
        for browser in clients
    ]

    refused = clients[0].post(create_url(page), {"body": "Un de trop"})

    assert sent == [302] * 20
    assert refused.status_code == 429
    assert Comment.objects.count() == 20


def test_posting_without_the_csrf_token_is_refused(page, resident):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(resident)

    response = browser.post(create_url(page), {"body": "Sans jeton"})

    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_an_anonymous_visitor_posting_is_sent_to_sign_in(client, page):
    url = create_url(page)

    response = client.post(url, {"body": "Anonyme"})

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert Comment.objects.count() == 0


def test_comments_on_an_unpublished_page_are_refused(client, page, resident):
    page.is_published = False
    page.save(update_fields=["is_published"])
    client.force_login(resident)

    response = client.post(create_url(page), {"body": "Brouillon ?"})

    assert response.status_code == 404
    assert page.title not in response.content.decode()
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "url",
    ["/comments/on/999999/1/", "/comments/on/{type_id}/999999/", "/comments/on/{user_type}/1/"],
)
def test_a_form_naming_nothing_commentable_answers_404(client, page, resident, url):
    client.force_login(resident)
    url = url.format(
        type_id=ContentType.objects.get_for_model(type(page)).pk,
        user_type=ContentType.objects.get_for_model(type(resident)).pk,
    )

    response = client.post(url, {"body": "Nulle part"})

    assert response.status_code == 404
    assert Comment.objects.count() == 0


# --- replies -------------------------------------------------------------------------------


def test_a_reply_sits_under_its_comment(client, page, resident, other_resident):
    top = make_comment(page, resident, "Quand ouvre la bibliothèque ?")
    client.force_login(other_resident)

    response = client.post(create_url(page), {"body": "Le mardi à 10 h.", "parent": top.pk})

    reply = Comment.objects.get(parent=top)
    assert response["Location"] == f"{page.get_absolute_url()}#comment-{reply.pk}"
    thread = thread_of(client, page)
    replies = (
        thread.select_one(f"#comment-{top.pk}")
        .find_parent("li")
        .select(".comment-list--replies .comment")
    )
    assert [r["id"] for r in replies] == [f"comment-{reply.pk}"]
    assert thread.select_one("h2").get_text(strip=True) == heading(2)


def test_a_reply_to_a_reply_attaches_to_the_top_comment(client, page, resident, other_resident):
    top = make_comment(page, resident, "Premier")
    reply = make_comment(page, other_resident, "Deuxième", parent=top)
    client.force_login(resident)

    client.post(create_url(page), {"body": "Troisième", "parent": reply.pk})

    assert list(Comment.objects.filter(parent=top).values_list("body", flat=True)) == [
        "Deuxième",
        "Troisième",
    ]


def test_replying_to_a_comment_of_another_page_is_refused(client, page, resident):
    from parvis.spaces.tests.factories import make_page

    elsewhere = make_comment(make_page(page.space, "autre"), resident, "Ailleurs")
    client.force_login(resident)

    response = client.post(create_url(page), {"body": "Réponse", "parent": elsewhere.pk})

    assert response.status_code == 400
    assert fr("This reply does not belong to this page.") in response.content.decode()
    assert Comment.objects.count() == 1


# --- editing and deleting --------------------------------------------------------------------


def test_the_author_edits_within_the_window(client, page, resident):
    comment = make_comment(page, resident, "Premier jet")
    client.force_login(resident)
    assert thread_of(client, page).select_one(f"#id_edit{comment.pk}_body") is not None

    response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": "Version revue"})

    comment.refresh_from_db()
    assert response.status_code == 302
    assert (comment.body, comment.edited_at is not None) == ("Version revue", True)
    assert fr("edited") in str(thread_of(client, page).select_one(f"#comment-{comment.pk}"))


def test_editing_after_the_window_is_refused_and_changes_nothing(client, page, resident, settings):
    settings.COMMENT_EDIT_MINUTES = 15
    comment = make_comment(page, resident, "Premier jet")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    client.force_login(resident)
    assert thread_of(client, page).select_one(f"#id_edit{comment.pk}_body") is None

    response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": "Trop tard"})

    comment.refresh_from_db()
    assert response.status_code == 403
    with translation.override("fr"):
        assert (
            ngettext(
                "A comment can be edited for %(minutes)d minute after it is written.",
                "A comment can be edited for %(minutes)d minutes after it is written.",
                15,
            )
            % {"minutes": 15}
            in response.content.decode()
        )
    assert (comment.body, comment.edited_at) == ("Premier jet", None)


def test_nobody_edits_or_deletes_someone_elses_comment(client, page, resident, other_resident):
    comment = make_comment(page, resident, "À moi")
    client.force_login(other_resident)

    edited = client.post(reverse("comments:edit", args=[comment.pk]), {"body": "Piraté"})
    deleted = client.post(reverse("comments:delete", args=[comment.pk]))

    comment.refresh_from_db()
    assert (edited.status_code, deleted.status_code) == (404, 404)
    assert (comment.body, comment.deleted_at) == ("À moi", None)


def test_a_deleted_comment_leaves_its_replies_readable(client, page, resident, other_resident):
    top = make_comment(page, resident, "Je retire ceci")
    reply = make_comment(page, other_resident, "Je réponds", parent=top)
    client.force_login(resident)

    response = client.post(reverse("comments:delete", args=[top.pk]))

    top.refresh_from_db()
    assert response.status_code == 302
    assert (top.body, top.deleted_at is not None) == ("", True)
    thread = thread_of(Client(), page)
    assert thread.select_one(f"#comment-{top.pk} .comment__placeholder").get_text() == fr(
        "Comment deleted by its author."
    )
    assert comment_texts(thread) == ["Je réponds"]
    assert thread.select_one(f"#comment-{reply.pk}") is not None
    assert "Je retire ceci" not in str(thread)


def test_a_deleted_comment_without_replies_leaves_no_trace_on_the_page(client, page, resident):
    comment = make_comment(page, resident, "Oubliez-moi")
    client.force_login(resident)

    client.post(reverse("comments:delete", args=[comment.pk]))

    thread = thread_of(Client(), page)
    assert thread.select(".comment") == []
    assert thread.select_one("h2").get_text(strip=True) == heading(0)


# --- flagging ------------------------------------------------------------------------------


def test_a_resident_flags_someone_elses_comment_once(client, page, resident, other_resident):
    comment = make_comment(page, resident, "Publicité : achetez ici")
    client.force_login(other_resident)
    url = reverse("comments:flag", args=[comment.pk])

    first = client.post(url, {"reason": "spam", "note": "Lien commercial"})
    second = client.post(url, {"reason": "abuse"})

    assert first.status_code == 302
    assert second.status_code == 403
    assert fr("You have already flagged this contribution.") in second.content.decode()
    flag = Flag.objects.get()
    assert (flag.user, flag.reason, flag.note, flag.object_id) == (
        other_resident,
        "spam",
        "Lien commercial",
        comment.pk,
    )
    entry = thread_of(client, page).select_one(f"#comment-{comment.pk}")
    assert entry.select("form") == []
    assert fr("You flagged this contribution.") not in str(entry)
    assert fr("You flagged this comment.") in str(entry)


def test_a_flag_without_reason_is_refused_next_to_the_field(client, page, resident, other_resident):
    comment = make_comment(page, resident, "Bonjour")
    client.force_login(other_resident)

    response = client.post(reverse("comments:flag", args=[comment.pk]), {"note": "?"})

    assert response.status_code == 400
    assert field_errors(response, "id_reason") == [
        f"{fr('Error:')} {fr('Choose what is wrong with this comment.')}"
    ]
    assert Flag.objects.count() == 0


def test_nobody_flags_their_own_comment(client, page, resident):
    comment = make_comment(page, resident, "Le mien")
    client.force_login(resident)
    assert thread_of(client, page).select_one(f"#id_flag{comment.pk}_reason_0") is None

    response = client.post(reverse("comments:flag", args=[comment.pk]), {"reason": "spam"})

    assert response.status_code == 403
    assert Flag.objects.count() == 0
