"""The outbox end to end: notify → fan-out → e-mails received by a real SMTP server.

Publishing a page in a space is the publishing path used here (spaces notify their followers);
the news app's publishing services go through the same `notify()`.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from conftest import make_user
from parvis.notifications.emails import message_id
from parvis.notifications.models import (
    Delivery,
    DeliveryStatus,
    DigestItem,
    Frequency,
    Notification,
)
from parvis.notifications.services import notify, subscription_delete
from parvis.notifications.tests.factories import (
    KIND,
    follower,
    notify_about,
    publish_page,
    statuses,
)
from parvis.spaces.tests.factories import make_space
from parvis.tags.models import Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def space():
    return make_space("vieux-bourg", name="Vieux-Bourg")


@pytest.fixture
def tag():
    return Tag.objects.create(name="Travaux", slug="travaux")


def test_a_follower_of_the_space_gets_one_email_with_the_page(space, mailbox, run_tasks):
    alice = follower("alice@example.org", space)

    page = publish_page(space)
    run_tasks()

    [message] = mailbox.to("alice@example.org")
    with translation.override("fr"):
        expected_subject = gettext("New page in %(space)s: %(title)s") % {
            "space": "Vieux-Bourg",
            "title": "Le marché de Noël",
        }
    assert message["Subject"] == expected_subject
    assert message["From"] == "Villeneuve-du-Parvis <no-reply@127.0.0.1>"
    text = mailbox.text(message)
    assert "Le marché de Noël ouvre samedi place de la Mairie." in text
    assert f"https://ville.example/spaces/vieux-bourg/pages/{page.slug}/" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert 'href="https://ville.example/spaces/vieux-bourg/pages/nouvelle-page/"' in html
    delivery = Delivery.objects.get(recipient=alice)
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.key == f"spaces.page:{page.pk}:published|{alice.pk}|email"
    assert message["Message-ID"] == message_id(delivery.key)


def test_every_message_carries_the_one_click_unsubscribe_headers(space, mailbox, run_tasks):
    follower("alice@example.org", space)

    publish_page(space)
    run_tasks()

    [message] = mailbox.to("alice@example.org")
    # Long headers are folded (RFC 5322): a reader unfolds them, leaving a leading space.
    unsubscribe = message["List-Unsubscribe"].strip()
    assert unsubscribe.startswith("<https://ville.example/unsubscribe/")
    assert unsubscribe.endswith("/>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] == "auto-generated"
    # The same link is visible in both bodies.
    link = unsubscribe[1:-1]
    assert link in mailbox.text(message)
    assert f'href="{link}"' in message.get_body(preferencelist=("html",)).get_content()


def test_the_message_speaks_the_recipients_language(space, mailbox, run_tasks):
    follower("alice@example.org", space, language="fr")
    follower("bob@example.org", space, language="en")

    publish_page(space)
    run_tasks()

    [french] = mailbox.to("alice@example.org")
    [english] = mailbox.to("bob@example.org")
    values = {"space": "Vieux-Bourg", "title": "Le marché de Noël"}
    with translation.override("fr"):
        assert french["Subject"] == gettext("New page in %(space)s: %(title)s") % values
    assert english["Subject"] == "New page in Vieux-Bourg: Le marché de Noël"
    assert "https://ville.example/en/unsubscribe/" in english["List-Unsubscribe"]
    assert "https://ville.example/unsubscribe/" in french["List-Unsubscribe"]
    assert "https://ville.example/en/spaces/vieux-bourg/pages/nouvelle-page/" in mailbox.text(
        english
    )


def test_following_several_targets_of_one_publication_gives_one_message(
    space, tag, mailbox, run_tasks
):
    page = publish_page(space)  # before anyone follows: its own notification reaches nobody
    alice = follower("alice@example.org", space, tag, "news")
    follower("bob@example.org", tag)
    follower("carole@example.org", "news")
    follower("denis@example.org", "announcements")  # not a target

    notify_about(page, tags=[tag], topics=["news"])
    run_tasks()

    assert sorted(m["X-Envelope-To"] for m in mailbox.messages) == [
        "alice@example.org",
        "bob@example.org",
        "carole@example.org",
    ]
    delivery = Delivery.objects.get(recipient=alice)
    assert delivery.subscription is None  # several subscriptions: the link stops every e-mail
    assert Notification.objects.get(key=f"test.page:{page.pk}:with-more").recipient_count == 3


def test_the_person_who_published_gets_no_message(space, mailbox, run_tasks, officer):
    follower("alice@example.org", space)
    from parvis.notifications.services import subscription_create

    subscription_create(user=officer, target=space)

    publish_page(space, actor=officer)
    run_tasks()

    assert [m["X-Envelope-To"] for m in mailbox.messages] == ["alice@example.org"]


def test_inactive_and_unsubscribed_people_get_nothing(space, mailbox, run_tasks):
    follower("alice@example.org", space)
    follower("gone@example.org", space, is_active=False)
    changed_mind = follower("bob@example.org", space)

    with transaction.atomic():
        publish_page(space)
    # Bob stops following after the fan-out, before the worker sends.
    DBTaskResult.objects.all().delete()
    from parvis.notifications.outbox import fan_out

    fan_out(notification_id=Notification.objects.get().pk)
    subscription_delete(user=changed_mind, target=space)
    run_tasks()

    assert [m["X-Envelope-To"] for m in mailbox.messages] == ["alice@example.org"]
    assert statuses() == {DeliveryStatus.SENT: 1, DeliveryStatus.DROPPED: 1}


def test_a_rolled_back_publication_sends_nothing(space, mailbox, run_tasks):
    follower("alice@example.org", space)

    with pytest.raises(RuntimeError), transaction.atomic():
        publish_page(space)
        raise RuntimeError("the publishing transaction fails after notify()")
    run_tasks()

    assert mailbox.messages == []
    assert Notification.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    assert Delivery.objects.count() == 0


def test_the_same_key_notifies_once(space, mailbox, run_tasks):
    follower("alice@example.org", space)
    page = publish_page(space)

    for _ in range(3):
        with transaction.atomic():
            notify(kind=KIND, obj=page, targets=[space], key=f"spaces.page:{page.pk}:published")
    run_tasks()
    # The fan-out and the sending are idempotent too.
    from parvis.notifications.outbox import fan_out, send_batch

    assert fan_out(notification_id=Notification.objects.get().pk) == 0
    assert send_batch() == 0

    assert len(mailbox.to("alice@example.org")) == 1
    assert Notification.objects.count() == 1


def test_a_page_saved_again_notifies_no_one_again(space, mailbox, run_tasks):
    follower("alice@example.org", space)
    page = publish_page(space)
    run_tasks()
    mailbox.clear()

    page.title = "Le marché de Noël (horaires)"
    from parvis.spaces.services import space_page_save

    space_page_save(page=page, actor=None)
    run_tasks()

    assert mailbox.messages == []


def test_an_unpublished_page_notifies_when_it_is_first_published(space, mailbox, run_tasks):
    follower("alice@example.org", space)
    page = publish_page(space, is_published=False)
    run_tasks()
    assert mailbox.messages == []

    page.is_published = True
    from parvis.spaces.services import space_page_save

    space_page_save(page=page, actor=None)
    run_tasks()

    assert len(mailbox.to("alice@example.org")) == 1


def test_content_withdrawn_before_sending_is_not_sent(space, mailbox, run_tasks):
    follower("alice@example.org", space)
    page = publish_page(space)
    page.is_published = False
    page.save(update_fields=["is_published"])  # withdrawn before the worker ran

    run_tasks()

    assert mailbox.messages == []
    assert statuses() == {DeliveryStatus.DROPPED: 1}


def test_daily_followers_wait_for_their_digest(space, mailbox, run_tasks):
    follower("alice@example.org", space)
    bob = follower("bob@example.org", space, frequency=Frequency.DAILY)

    publish_page(space)
    run_tasks()

    assert [m["X-Envelope-To"] for m in mailbox.messages] == ["alice@example.org"]
    assert DigestItem.objects.filter(recipient=bob, digest__isnull=True).count() == 1


def test_immediate_wins_over_daily_for_the_same_publication(space, tag, mailbox, run_tasks):
    page = publish_page(space)
    alice = follower("alice@example.org", tag, frequency=Frequency.DAILY)
    from parvis.notifications.services import subscription_create

    subscription_create(user=alice, target=space, frequency=Frequency.IMMEDIATE)

    notify_about(page, tags=[tag])
    run_tasks()

    assert len(mailbox.to("alice@example.org")) == 1
    assert DigestItem.objects.count() == 0


def test_nobody_following_means_no_task(space):
    make_user("alice@example.org")

    publish_page(space)

    assert Notification.objects.get().fanned_out_at is not None
    assert DBTaskResult.objects.count() == 0


def test_an_undeclared_kind_is_refused(space):
    page = publish_page(space, is_published=False)

    with pytest.raises(LookupError, match=r"No notification kind 'news\.nothing'"):
        notify(kind="news.nothing", obj=page, targets=[space], key="x")

    assert Notification.objects.count() == 0


def test_an_unfollowable_target_is_refused(space):
    page = publish_page(space, is_published=False)

    with pytest.raises(ValueError, match="SpacePage cannot be followed"):
        notify(kind=KIND, obj=page, targets=[page], key="x")

    assert Notification.objects.count() == 0
