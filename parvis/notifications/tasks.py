"""The outbox's background work, run by `parvis worker` (django-tasks, database backend).

notification_fan_out   enqueued by `notify()` in the publishing transaction
deliveries_send        one per batch of e-mails; enqueued by the fan-out, the digests,
                       retries and the sweep
deliveries_sweep       every few minutes: takes back what dead workers held
digests_prepare        every few minutes: after the digest hour, each person's daily digest
deliveries_purge       daily: forgets old deliveries (they say who received what)
"""

from __future__ import annotations

from django_tasks import task

#: Below the default priority: a password-reset e-mail does not wait behind a large fan-out.
SEND_PRIORITY = -10


@task(queue_name="mail")
def notification_fan_out(notification_id: int) -> int:
    from parvis.notifications.outbox import fan_out

    return fan_out(notification_id=notification_id)


@task(queue_name="mail", priority=SEND_PRIORITY)
def deliveries_send() -> int:
    from parvis.notifications.outbox import send_batch

    return send_batch()


@task(queue_name="maintenance")
def deliveries_sweep() -> dict:
    from parvis.notifications.outbox import sweep

    return sweep()


@task(queue_name="mail")
def digests_prepare() -> int:
    from parvis.notifications.digests import digests_prepare as prepare

    return prepare()


@task(queue_name="maintenance")
def deliveries_purge() -> int:
    from parvis.notifications.outbox import purge

    return purge()
