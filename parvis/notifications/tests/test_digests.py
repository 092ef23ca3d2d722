"""Daily digests: one e-mail a day, after the configured hour (Europe/Paris), once per day."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from parvis.core.schedule import jobs
from parvis.notifications import digests
from parvis.notifications.models import Delivery, DeliveryStatus, DigestItem, Frequency
from parvis.notifications.services import subscription_delete
from parvis.notifications.tests.factories import (
    follower,
    notify_about,
    publish_page,
    unsubscribe_path,
)
from parvis.notifications.tokens import read_token
from parvis.spaces.tests.factories import make_space

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def paris(days_ahead: int, hour: int, minute: int = 0) -> datetime:
    """A moment to come (things are published now, before it), in Paris time."""
    day = timezone.localdate() + timedelta(days=days_ahead)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _digest_hour(settings):
    settings.NOTIFICATION_DIGEST_HOUR = 7


@pytest.fixture
def space():
    return make_space("vieux-bourg", name="Vieux-Bourg")


@pytest.fixture
def bob(space):
    return follower("bob@example.org", space, "news", frequency=Frequency.DAILY)


def two_pages(space):
    first = publish_page(space, "marche", title="Le marché de Noël")
    second = publish_page(space, "travaux", title="Travaux rue Haute")
    return first, second


def test_the_digest_lists_everything_since_the_last_one_in_one_email(
    space, bob, mailbox, run_tasks
):
    two_pages(space)
    run_tasks()  # the fan-out: nothing is sent yet
    assert mailbox.messages == []

    assert digests.prepare(now=paris(1, 7, 5)) == 1
    run_tasks()

    [message] = mailbox.to("bob@example.org")
    with translation.override("fr"):
        subject = ngettext(
            "%(town)s: %(count)d new item you follow",
            "%(town)s: %(count)d new items you follow",
            2,
        ) % {"town": "Villeneuve-du-Parvis", "count": 2}
        first = gettext("New page in %(space)s: %(title)s") % {
            "space": "Vieux-Bourg",
            "title": "Le marché de Noël",
        }
        second = gettext("New page in %(space)s: %(title)s") % {
            "space": "Vieux-Bourg",
            "title": "Travaux rue Haute",
        }
    assert message["Subject"] == subject
    text = mailbox.text(message)
    assert text.index(first) < text.index(second)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A digest gathers several subscriptions: its link stops every e-mail.
    token = unsubscribe_path(message).split("/")[2]
    assert read_token(token).is_everything
    delivery = Delivery.objects.get(recipient=bob)
    assert (delivery.key, delivery.status) == (
        f"digest|{bob.pk}|{paris(1, 7).date().isoformat()}|email",
        DeliveryStatus.SENT,
    )


def test_before_the_hour_nothing_is_prepared(space, bob, mailbox, run_tasks):
    two_pages(space)
    run_tasks()

    assert digests.prepare(now=paris(1, 6, 59)) == 0
    run_tasks()

    assert mailbox.messages == []
    assert DigestItem.objects.filter(digest__isnull=True).count() == 2


def test_one_digest_per_person_and_day_whatever_the_number_of_runs(space, bob, mailbox, run_tasks):
    first, _ = two_pages(space)
    run_tasks()

    assert digests.prepare(now=paris(1, 7, 0)) == 1
    assert digests.prepare(now=paris(1, 7, 10)) == 0
    run_tasks()
    # Something new the same day waits for tomorrow's digest.
    notify_about(first)
    run_tasks()
    assert digests.prepare(now=paris(1, 18, 0)) == 0
    run_tasks()

    assert len(mailbox.to("bob@example.org")) == 1
    assert digests.prepare(now=paris(2, 7, 0)) == 1
    run_tasks()
    assert len(mailbox.to("bob@example.org")) == 2
    assert DigestItem.objects.filter(digest__isnull=True).count() == 0


def test_nothing_is_sent_when_there_is_nothing(space, bob, mailbox, run_tasks):
    assert digests.prepare(now=paris(1, 8, 0)) == 0
    run_tasks()

    assert mailbox.messages == []
    assert Delivery.objects.count() == 0


def test_what_the_person_stopped_following_leaves_the_digest(space, bob, mailbox, run_tasks):
    two_pages(space)
    run_tasks()
    subscription_delete(user=bob, target=space)
    subscription_delete(user=bob, target="news")

    digests.prepare(now=paris(1, 7, 0))
    run_tasks()

    assert mailbox.messages == []
    assert Delivery.objects.get(recipient=bob).status == DeliveryStatus.DROPPED


def test_the_digest_speaks_the_persons_language(space, mailbox, run_tasks):
    follower("bob@example.org", space, frequency=Frequency.DAILY, language="en")
    publish_page(space, title="Le marché de Noël")
    run_tasks()

    digests.prepare(now=paris(1, 7, 0))
    run_tasks()

    [message] = mailbox.to("bob@example.org")
    assert message["Subject"] == "Villeneuve-du-Parvis: 1 new item you follow"
    assert "New page in Vieux-Bourg: Le marché de Noël" in mailbox.text(message)


def test_the_digest_job_is_scheduled():
    assert "parvis.notifications.digests.digests_prepare" in {job.name for job in jobs()}
