"""The outbox: from a recorded notification to e-mails handed to the mail server, once each.

1. Fan-out (`fan_out`, a task enqueued by `notify()`): resolves the recipients — distinct
   active people following any target, minus the person who caused it — and writes, in one
   transaction, one `Delivery` per immediate recipient (idempotency key per recipient and
   message, unique) or one `DigestItem` per daily one, then enqueues one send task per batch.
   Running it twice does nothing the second time (`fanned_out_at`, and the unique keys).
2. Sending (`send_batch`, one task per batch): claims up to NOTIFICATION_BATCH_SIZE due
   deliveries — `select_for_update(skip_locked=True)` on PostgreSQL; on SQLite the claim runs
   in a write transaction (Parvis opens them IMMEDIATE), which serialises claimers — and
   sends them over one SMTP connection. Each delivery is marked SENDING (a committed,
   conditional update on the claim) before its message is handed over, and SENT right after.
3. Failures: an explicit refusal from the server (an SMTP reply code) leaves nothing sent:
   a temporary one (4xx) is retried after NOTIFICATION_RETRY_DELAYS, then the delivery is
   FAILED; a permanent one (5xx) fails at once. A connection lost while handing a message
   over leaves its fate unknown: that delivery becomes UNCERTAIN, never re-sent.
4. Crashes (`sweep`, every few minutes): a worker that dies leaves its claimed deliveries
   pending and the one it was handing over SENDING. After NOTIFICATION_CLAIM_TIMEOUT the
   sweep gives the pending ones back (and enqueues send tasks for them) and marks the
   SENDING one UNCERTAIN: it may have reached the server, so sending it again could make
   someone receive it twice; it is kept for review instead. A slow worker whose claim was
   taken back cannot send either: each step is conditional on its own claim.

The tasks that run these steps (run by `parvis worker`, django-tasks' database backend)
sit beside each step; the daily digests have theirs in `digests.py`:

notification_fan_out   enqueued by `notify()` in the publishing transaction
deliveries_send        one per batch of e-mails; enqueued by the fan-out, the digests,
                       retries and the sweep
deliveries_sweep       every few minutes: takes back what dead workers held
deliveries_purge       daily: forgets old deliveries (they say who received what)
"""

from __future__ import annotations

import logging
import math
import smtplib
import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta
from itertools import islice
from typing import Any, cast

from django.conf import settings
from django.core.mail import get_connection
from django.db import connections, models, router, transaction
from django.db.models import Q
from django.db.models.constants import OnConflict
from django.utils import timezone
from django_tasks import task

from parvis.notifications.emails import Piece, build_email, recipient_language, render_piece
from parvis.notifications.models import (
    Delivery,
    DeliveryStatus,
    DigestItem,
    Frequency,
    Notification,
    Subscription,
)
from parvis.notifications.targets import followers_filter

logger = logging.getLogger("parvis.notifications")

#: Below the default priority: a password-reset e-mail does not wait behind a large fan-out.
SEND_PRIORITY = -10


def batch_size() -> int:
    return settings.NOTIFICATION_BATCH_SIZE


def enqueue_sending(count: int, *, run_after: Any = None) -> int:
    """Enqueue enough send tasks for `count` deliveries; how many tasks were enqueued."""
    tasks = math.ceil(count / batch_size())
    task = deliveries_send.using(run_after=run_after) if run_after is not None else deliveries_send
    for _ in range(tasks):
        task.enqueue()
    return tasks


def delivery_key(notification: Notification, user_id: int) -> str:
    return f"{notification.key}|{user_id}|email"


# --- 1. fan-out --------------------------------------------------------------------------------


def fan_out(*, notification_id: int) -> int:
    """Write the deliveries of one notification and enqueue their sending; how many written."""
    now = timezone.now()
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.fanned_out_at is not None:
            return 0
        matching = (
            Subscription.objects.filter(followers_filter(notification.targets))
            .filter(user__is_active=True)
            .exclude(user_id=notification.actor_id)  # type: ignore[misc]  # None (no actor) excludes nobody: Django reads it as IS NULL
            .order_by("user_id", "id")
            .values_list("user_id", "id", "frequency")
        )
        by_user: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for user_id, subscription_id, frequency in matching.iterator(chunk_size=5000):
            by_user[user_id].append((subscription_id, frequency))

        deliveries: list[tuple[str, int, int | None]] = []
        items: list[tuple[int, int | None]] = []
        for user_id, subscriptions in by_user.items():
            # Following the space and the tag of one item gives one message: immediate
            # if any of those subscriptions asks for it, else in the digest.
            immediate = [s for s, f in subscriptions if f == Frequency.IMMEDIATE]
            chosen = immediate or [s for s, _ in subscriptions]
            # The unsubscribe link of the message stops the one subscription behind it, or
            # every e-mail when several are.
            cause = chosen[0] if len(chosen) == 1 else None
            if immediate:
                deliveries.append((delivery_key(notification, user_id), user_id, cause))
            else:
                items.append((user_id, cause))
        insert_ignoring_duplicates(
            Delivery,
            fixed={"notification": notification, "next_attempt_at": now, "created_at": now},
            columns=["key", "recipient_id", "subscription_id"],
            rows=deliveries,
        )
        insert_ignoring_duplicates(
            DigestItem,
            fixed={"notification": notification, "created_at": now},
            columns=["recipient_id", "subscription_id"],
            rows=items,
        )
        enqueue_sending(len(deliveries))
        notification.fanned_out_at = now
        notification.recipient_count = len(by_user)
        notification.save(update_fields=["fanned_out_at", "recipient_count"])
    return len(deliveries)


@task(queue_name="mail")
def notification_fan_out(notification_id: int) -> int:
    return fan_out(notification_id=notification_id)


INSERT_CHUNK = 5000


def insert_ignoring_duplicates(
    model: type[models.Model],
    *,
    fixed: dict[str, Any],
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
) -> None:
    """Insert rows of `model` that differ only in `columns` (attribute names), the other
    columns taking the values of `model(**fixed)` (defaults included); a row that would
    break a unique constraint is skipped, as with `bulk_create(ignore_conflicts=True)`.

    Why not `bulk_create`: with 50,000 followers, building 50,000 model instances and
    preparing every field of each took most of the fan-out (over 10 s on two busy cores; see
    bench/README.md). Here the constant columns are prepared once and the rows go to the
    database with `executemany`, in chunks, in the caller's transaction.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    template = model(**fixed)
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    varying = {name: position for position, name in enumerate(columns)}
    unknown = set(varying) - {field.attname for field in fields}
    if unknown:
        raise ValueError(f"Not columns of {model.__name__}: {', '.join(sorted(unknown))}")
    constant = {
        field.attname: field.get_db_prep_save(getattr(template, field.attname), connection)
        for field in fields
        if field.attname not in varying
    }
    quote = connection.ops.quote_name
    sql = "{} {} ({}) VALUES ({}) {}".format(
        connection.ops.insert_statement(on_conflict=OnConflict.IGNORE),
        quote(model._meta.db_table),
        ", ".join(quote(cast(str, field.column)) for field in fields),  # concrete: a column each
        ", ".join(["%s"] * len(fields)),
        connection.ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None) or "",
    )
    # Per row: the varying values, prepared as the ORM would, in the table's column order.
    order = [(field, varying.get(field.attname)) for field in fields]

    def prepared(row: tuple[Any, ...]) -> list[Any]:
        return [
            constant[field.attname]
            if position is None
            else field.get_db_prep_save(row[position], connection)
            for field, position in order
        ]

    iterator = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(iterator, INSERT_CHUNK)):
            cursor.executemany(sql, [prepared(row) for row in chunk])


# --- 2. sending --------------------------------------------------------------------------------


def claim_batch(*, claim: uuid.UUID, now: Any, size: int) -> list[int]:
    """Take up to `size` due, unclaimed deliveries for `claim`; their ids."""
    with transaction.atomic():
        due = (
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.PENDING, claim__isnull=True, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")
            .values_list("id", flat=True)
        )
        ids = list(due[:size])
        if ids:
            Delivery.objects.filter(id__in=ids).update(claim=claim, claimed_at=now)
    return ids


def _mine(delivery: Delivery, claim: uuid.UUID, status: str) -> Any:
    return Delivery.objects.filter(pk=delivery.pk, claim=claim, status=status)


def _mark_sending(delivery: Delivery, claim: uuid.UUID) -> bool:
    """Committed before the message leaves: a crash from here on leaves it SENDING."""
    return bool(
        _mine(delivery, claim, DeliveryStatus.PENDING).update(
            status=DeliveryStatus.SENDING,
            sending_since=timezone.now(),
            attempts=delivery.attempts + 1,
        )
    )


def _mark_sent(delivery: Delivery, claim: uuid.UUID) -> None:
    _mine(delivery, claim, DeliveryStatus.SENDING).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
    )


def _mark(delivery: Delivery, claim: uuid.UUID, *, status: str, error: str, was: str) -> None:
    _mine(delivery, claim, was).update(status=status, last_error=error[:300])


def _retry_later(
    delivery: Delivery, claim: uuid.UUID, *, attempts: int, error: str, was: str
) -> Any:
    """Give the delivery back for a later try, or fail it after the last; when to retry.

    `attempts` counts the tries made so far, this one included.
    """
    delays = settings.NOTIFICATION_RETRY_DELAYS
    if attempts > len(delays):
        _mine(delivery, claim, was).update(
            status=DeliveryStatus.FAILED, attempts=attempts, last_error=error[:300]
        )
        return None
    when = timezone.now() + timedelta(seconds=delays[attempts - 1])
    _mine(delivery, claim, was).update(
        status=DeliveryStatus.PENDING,
        attempts=attempts,
        next_attempt_at=when,
        claim=None,
        claimed_at=None,
        sending_since=None,
        last_error=error[:300],
    )
    return when


def _refusal_code(error: BaseException) -> int | None:
    """The server's reply code when it explicitly refused (so nothing was handed over)."""
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return min(codes) if codes else None
    return None


def _wanted(deliveries: list[Delivery]) -> set[int]:
    """Ids of the immediate deliveries whose recipient is active and still follows a target."""
    by_notification: dict[int, list[Delivery]] = defaultdict(list)
    for delivery in deliveries:
        if delivery.notification_id is not None:
            by_notification[delivery.notification_id].append(delivery)
    wanted: set[int] = set()
    for group in by_notification.values():
        notification = group[0].notification
        assert notification is not None  # grouped by notification_id above
        following = set(
            Subscription.objects.filter(followers_filter(notification.targets))
            .filter(user_id__in=[d.recipient_id for d in group], user__is_active=True)
            .values_list("user_id", flat=True)
        )
        wanted.update(d.pk for d in group if d.recipient_id in following)
    return wanted


def _digest_pieces(delivery: Delivery, language: str) -> list[Piece]:
    """What a digest still carries: items the person still follows and can still see."""
    pieces = []
    items = (
        DigestItem.objects.filter(digest=delivery)
        .select_related("notification")
        .prefetch_related("notification__obj")
        .order_by("notification__created_at", "id")
    )
    for item in items:
        notification = item.notification
        if not (
            Subscription.objects.filter(followers_filter(notification.targets))
            .filter(user_id=delivery.recipient_id)
            .exists()
        ):
            continue
        piece = render_piece(notification, delivery.recipient, language)
        if piece is not None:
            pieces.append(piece)
    return pieces


def _pieces(delivery: Delivery, language: str, wanted: set[int]) -> list[Piece]:
    if not delivery.recipient.is_active:
        return []
    if delivery.notification is None:
        return _digest_pieces(delivery, language)
    if delivery.pk not in wanted:
        return []
    piece = render_piece(delivery.notification, delivery.recipient, language)
    return [piece] if piece is not None else []


def send_batch(*, now: Any = None) -> int:
    """Claim one batch of due deliveries and send it over one SMTP connection; how many sent."""
    claim = uuid.uuid4()
    ids = claim_batch(claim=claim, now=now or timezone.now(), size=batch_size())
    if not ids:
        return 0
    deliveries = list(
        Delivery.objects.filter(id__in=ids, claim=claim)
        .select_related("recipient", "recipient__email_preference", "notification", "subscription")
        .prefetch_related("notification__obj", "subscription__target")
        .order_by("id")
    )
    wanted = _wanted(deliveries)
    connection = get_connection(fail_silently=False)
    opened = False
    sent = 0
    retry_at: list[Any] = []
    try:
        for position, delivery in enumerate(deliveries):
            language = recipient_language(delivery.recipient)
            try:
                pieces = _pieces(delivery, language, wanted)
                message = (
                    build_email(delivery=delivery, pieces=pieces, language=language)
                    if pieces
                    else None
                )
            except Exception as error:  # a kind's bug must not block the others
                logger.exception("Could not render delivery %s", delivery.pk)
                retry_at.append(
                    _retry_later(
                        delivery,
                        claim,
                        attempts=delivery.attempts + 1,
                        error=repr(error),
                        was=DeliveryStatus.PENDING,
                    )
                )
                continue
            if message is None:
                _mark(
                    delivery,
                    claim,
                    status=DeliveryStatus.DROPPED,
                    error="",
                    was=DeliveryStatus.PENDING,
                )
                continue
            if not opened:
                try:
                    connection.open()
                    opened = True
                except Exception as error:
                    # Nothing was handed over: this one and the rest of the batch wait.
                    logger.warning("Mail server unreachable: %r", error)
                    for waiting in deliveries[position:]:
                        retry_at.append(
                            _retry_later(
                                waiting,
                                claim,
                                attempts=waiting.attempts + 1,
                                error=repr(error),
                                was=DeliveryStatus.PENDING,
                            )
                        )
                    break
            if not _mark_sending(delivery, claim):
                continue  # taken back by the sweep while this worker was slow
            delivery.attempts += 1
            try:
                connection.send_messages([message])
            except Exception as error:
                code = _refusal_code(error)
                if code is None:
                    # Lost while handing it over: it may have left. Never send it again.
                    _mark(
                        delivery,
                        claim,
                        status=DeliveryStatus.UNCERTAIN,
                        error=repr(error),
                        was=DeliveryStatus.SENDING,
                    )
                    connection.close()
                    opened = False
                elif code >= 500:
                    _mark(
                        delivery,
                        claim,
                        status=DeliveryStatus.FAILED,
                        error=repr(error),
                        was=DeliveryStatus.SENDING,
                    )
                else:
                    retry_at.append(
                        _retry_later(
                            delivery,
                            claim,
                            attempts=delivery.attempts,
                            error=repr(error),
                            was=DeliveryStatus.SENDING,
                        )
                    )
                continue
            _mark_sent(delivery, claim)
            sent += 1
    finally:
        if opened:
            connection.close()
    retries = [when for when in retry_at if when is not None]
    if retries:
        enqueue_sending(len(retries), run_after=max(retries))
    return sent


@task(queue_name="mail", priority=SEND_PRIORITY)
def deliveries_send() -> int:
    return send_batch()


# --- 4. crash recovery and retention ----------------------------------------------------------


def sweep(*, now: Any = None) -> dict:
    """Take back what silent workers held (see the module's docstring); what was done."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT)
    with transaction.atomic():
        uncertain = Delivery.objects.filter(
            status=DeliveryStatus.SENDING, sending_since__lte=stale
        ).update(status=DeliveryStatus.UNCERTAIN, last_error="worker lost while sending")
        released = Delivery.objects.filter(
            status=DeliveryStatus.PENDING, claim__isnull=False, claimed_at__lte=stale
        ).update(claim=None, claimed_at=None)
        enqueue_sending(released)
        # A fan-out whose task died with its worker is run again (it is idempotent).
        forgotten = list(
            Notification.objects.filter(
                fanned_out_at__isnull=True, created_at__lte=stale
            ).values_list("id", flat=True)
        )
        for notification_id in forgotten:
            notification_fan_out.enqueue(notification_id)
    if uncertain or released or forgotten:
        logger.warning(
            "Outbox sweep: %d uncertain, %d released, %d fan-outs again",
            uncertain,
            released,
            len(forgotten),
        )
    return {"uncertain": uncertain, "released": released, "fan_outs": len(forgotten)}


@task(queue_name="maintenance")
def deliveries_sweep() -> dict:
    return sweep()


FINISHED = [
    DeliveryStatus.SENT,
    DeliveryStatus.DROPPED,
    DeliveryStatus.FAILED,
    DeliveryStatus.UNCERTAIN,
]


def purge(*, now: Any = None) -> int:
    """Forget finished deliveries and notifications past the retention period; how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    deleted, _ = Delivery.objects.filter(status__in=FINISHED, created_at__lt=cutoff).delete()
    # A notification goes once nothing waits for it any more.
    old = Notification.objects.filter(created_at__lt=cutoff, fanned_out_at__isnull=False)
    busy = Q(deliveries__status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING])
    removed, _ = (
        old.exclude(busy)
        .exclude(pk__in=DigestItem.objects.filter(digest__isnull=True).values("notification_id"))
        .delete()
    )
    return deleted + removed


@task(queue_name="maintenance")
def deliveries_purge() -> int:
    return purge()
