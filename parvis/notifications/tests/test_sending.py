"""Sending: batches over one connection, retries with backoff, and what a lost worker leaves.

The mail server is a real aiosmtpd server of each test's own, answering as the test scripts.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from parvis.notifications.models import Delivery, DeliveryStatus, Notification
from parvis.notifications.outbox import _mark_sending, claim_batch, purge, send_batch, sweep
from parvis.notifications.tests.conftest import free_port
from parvis.notifications.tests.factories import follower, publish_page, statuses
from parvis.spaces.tests.factories import make_space

pytestmark = pytest.mark.django_db


@pytest.fixture
def space():
    return make_space("vieux-bourg", name="Vieux-Bourg")


def followers(space, count: int) -> list[str]:
    addresses = [f"habitant{i:02d}@example.org" for i in range(count)]
    for address in addresses:
        follower(address, space)
    return addresses


def fan_out_only(space) -> None:
    """Publish and run the fan-out, leaving the e-mails queued."""
    from parvis.notifications.outbox import fan_out

    publish_page(space)
    DBTaskResult.objects.all().delete()
    fan_out(notification_id=Notification.objects.get().pk)


def test_a_batch_goes_over_one_connection(space, scripted_smtp, run_tasks):
    addresses = followers(space, 3)

    publish_page(space)
    run_tasks()

    assert sorted(scripted_smtp.recipients) == addresses
    assert scripted_smtp.connections == 1


def test_the_fan_out_enqueues_one_send_task_per_batch(space, scripted_smtp, run_tasks, settings):
    settings.NOTIFICATION_BATCH_SIZE = 2
    addresses = followers(space, 5)

    fan_out_only(space)

    assert (
        DBTaskResult.objects.filter(task_path="parvis.notifications.outbox.deliveries_send").count()
        == 3
    )
    run_tasks()
    assert sorted(scripted_smtp.recipients) == addresses
    assert scripted_smtp.connections == 3


def test_send_tasks_queued_under_their_former_path_still_run(space, scripted_smtp, run_tasks):
    # Given e-mails whose send tasks were queued when the tasks lived in `tasks.py`
    addresses = followers(space, 2)
    fan_out_only(space)
    DBTaskResult.objects.update(task_path="parvis.notifications.tasks.deliveries_send")

    # When the worker runs
    run_tasks()

    # Then it finds the task under that path and sends them
    assert sorted(scripted_smtp.recipients) == addresses
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL"]


def test_a_temporary_refusal_is_retried_until_accepted(space, scripted_smtp, run_tasks, settings):
    settings.NOTIFICATION_RETRY_DELAYS = (0, 0, 0)
    followers(space, 1)
    scripted_smtp.replies = ["451 4.3.0 Try again later", "451 4.3.0 Try again later"]

    publish_page(space)
    run_tasks()

    assert scripted_smtp.recipients == ["habitant00@example.org"]
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        DeliveryStatus.SENT,
        3,
        "",
    )


def test_retries_stop_at_the_limit_and_the_delivery_fails(
    space, scripted_smtp, run_tasks, settings
):
    settings.NOTIFICATION_RETRY_DELAYS = (0, 0, 0)
    followers(space, 1)
    scripted_smtp.replies = ["451 4.3.0 Try again later"] * 10

    publish_page(space)
    run_tasks()

    assert scripted_smtp.recipients == []
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 4)
    assert "451" in delivery.last_error
    assert len(scripted_smtp.replies) == 6  # four tries, no more


def test_a_permanent_refusal_fails_at_once(space, scripted_smtp, run_tasks):
    followers(space, 2)
    scripted_smtp.replies = ["550 5.1.1 No such mailbox"]

    publish_page(space)
    run_tasks()

    assert scripted_smtp.recipients == ["habitant01@example.org"]
    assert statuses() == {DeliveryStatus.FAILED: 1, DeliveryStatus.SENT: 1}


def test_an_unreachable_server_means_waiting_with_backoff(space, settings, run_tasks):
    settings.EMAIL_PORT = free_port()  # nothing listens there
    followers(space, 2)
    before = timezone.now()

    publish_page(space)
    run_tasks()

    deliveries = list(Delivery.objects.all())
    assert [(d.status, d.attempts) for d in deliveries] == [(DeliveryStatus.PENDING, 1)] * 2
    first_delay = timedelta(seconds=settings.NOTIFICATION_RETRY_DELAYS[0])
    assert all(d.next_attempt_at >= before + first_delay for d in deliveries)
    assert all(d.claim is None for d in deliveries)
    [retry] = DBTaskResult.objects.filter(status="READY")
    assert retry.task_path == "parvis.notifications.outbox.deliveries_send"
    assert retry.run_after == max(d.next_attempt_at for d in deliveries)


def test_a_dead_workers_claim_is_given_back_by_the_sweep(space, scripted_smtp, run_tasks):
    followers(space, 2)
    fan_out_only(space)
    DBTaskResult.objects.all().delete()
    # A worker claimed them twenty minutes ago, and was never heard of again.
    assert len(claim_batch(claim=uuid.uuid4(), now=timezone.now(), size=10)) == 2
    Delivery.objects.update(claimed_at=timezone.now() - timedelta(minutes=20))
    assert send_batch() == 0  # claimed: nobody else takes them

    assert sweep() == {"uncertain": 0, "released": 2, "fan_outs": 0}
    run_tasks()

    assert len(scripted_smtp.recipients) == 2
    assert statuses() == {DeliveryStatus.SENT: 2}


def test_what_a_dead_worker_was_handing_over_is_never_sent_again(space, scripted_smtp, run_tasks):
    followers(space, 2)
    fan_out_only(space)
    DBTaskResult.objects.all().delete()
    claim = uuid.uuid4()
    claim_batch(claim=claim, now=timezone.now(), size=10)
    first = Delivery.objects.order_by("id").first()
    assert _mark_sending(first, claim)  # ...and the worker died talking to the server

    result = sweep(now=timezone.now() + timedelta(hours=1))
    run_tasks()

    assert result == {"uncertain": 1, "released": 1, "fan_outs": 0}
    first.refresh_from_db()
    assert first.status == DeliveryStatus.UNCERTAIN
    assert len(scripted_smtp.recipients) == 1  # the other one only
    assert first.recipient.email not in scripted_smtp.recipients


def test_a_slow_worker_whose_claim_was_taken_back_cannot_send(space, scripted_smtp):
    followers(space, 1)
    fan_out_only(space)
    slow = uuid.uuid4()
    claim_batch(claim=slow, now=timezone.now(), size=10)
    sweep(now=timezone.now() + timedelta(hours=1))
    assert send_batch() == 1  # another worker took it and sent it

    delivery = Delivery.objects.get()
    assert _mark_sending(delivery, slow) is False
    assert len(scripted_smtp.recipients) == 1


def test_a_forgotten_fan_out_is_run_again(space, scripted_smtp, run_tasks):
    followers(space, 1)
    publish_page(space)
    DBTaskResult.objects.all().delete()  # the fan-out's task died with its worker

    assert sweep(now=timezone.now() + timedelta(hours=1))["fan_outs"] == 1
    run_tasks()

    assert len(scripted_smtp.recipients) == 1


def test_old_deliveries_are_forgotten(space, scripted_smtp, run_tasks, settings):
    followers(space, 2)
    publish_page(space)
    run_tasks()

    assert purge(now=timezone.now() + timedelta(days=settings.NOTIFICATION_RETENTION_DAYS - 1)) == 0
    assert purge(now=timezone.now() + timedelta(days=settings.NOTIFICATION_RETENTION_DAYS + 1)) == 3

    assert Delivery.objects.count() == 0
    assert Notification.objects.count() == 0
