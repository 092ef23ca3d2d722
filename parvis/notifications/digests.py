"""Daily digests: one e-mail a day for people who chose it, listing what happened since the last.

A periodic job (`digests_prepare`, below) runs every few minutes; from NOTIFICATION_DIGEST_HOUR
(Europe/Paris, the site's time zone) on, it gives each person with waiting items one digest
`Delivery` for the day — its key, "digest|<person>|<day>|email", makes that once per person
and day whatever the number of runs or workers — attaches their waiting items to it, and
enqueues its sending through the outbox like any other delivery. People with nothing
waiting get nothing. Items arriving after the day's digest was made wait for the next one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django_tasks import task

from parvis.notifications.models import Delivery, DigestItem
from parvis.notifications.outbox import enqueue_sending

#: People handled per transaction, so that a large town does not hold one long write lock.
CHUNK = 500


def digest_key(user_id: int, day: date) -> str:
    return f"digest|{user_id}|{day.isoformat()}|email"


def prepare(*, now: Any = None) -> int:
    """Make today's digests if the hour has come; how many were made by this call."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < settings.NOTIFICATION_DIGEST_HOUR:
        return 0
    day = local.date()
    waiting = list(
        DigestItem.objects.filter(digest__isnull=True, created_at__lte=now)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    made = 0
    for start in range(0, len(waiting), CHUNK):
        made += _prepare_chunk(waiting[start : start + CHUNK], day=day, now=now)
    return made


def _prepare_chunk(user_ids: list[int], *, day: date, now: Any) -> int:
    with transaction.atomic():
        keys = {user_id: digest_key(user_id, day) for user_id in user_ids}
        existing = set(Delivery.objects.filter(key__in=keys.values()).values_list("key", flat=True))
        # Only a digest made here may take items: one made earlier today may be on its way.
        fresh = [user_id for user_id, key in keys.items() if key not in existing]
        Delivery.objects.bulk_create(
            [
                Delivery(
                    key=keys[user_id],
                    recipient_id=user_id,
                    digest_day=day,
                    # `now` decides the day; the digest goes as soon as possible.
                    next_attempt_at=timezone.now(),
                )
                for user_id in fresh
            ],
            ignore_conflicts=True,
        )
        digests = dict(
            Delivery.objects.filter(key__in=[keys[user_id] for user_id in fresh]).values_list(
                "recipient_id", "id"
            )
        )
        DigestItem.objects.filter(
            recipient_id__in=list(digests), digest__isnull=True, created_at__lte=now
        ).update(
            digest_id=Subquery(
                Delivery.objects.filter(
                    recipient_id=OuterRef("recipient_id"), digest_day=day
                ).values("id")[:1]
            )
        )
        enqueue_sending(len(digests))
    return len(digests)


@task(queue_name="mail")
def digests_prepare() -> int:
    return prepare()
