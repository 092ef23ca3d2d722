"""Reads of moderation: the queue and the dashboard's counts.

Both cost a bounded number of queries whatever the number of contributions: the counts
one query per moderated type plus three; a page of the queue three queries per type (the
rows, their open flags, the objects they were written on) plus one for the word list, and
two per type decided on its own page (how many wait, the oldest of them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from parvis.moderation.models import Decision, Flag, ModerationStatus, WordListEntry
from parvis.moderation.registry import ModeratedType, OwnPageType, moderated_types, own_page_types
from parvis.moderation.services import admission_reasons

if TYPE_CHECKING:
    from parvis.accounts.models import User


class Show:
    """The queue's tabs."""

    PENDING = "pending"
    FLAGGED = "flagged"
    HIDDEN = "hidden"
    ALL = (PENDING, FLAGGED, HIDDEN)


@dataclass
class QueueItem:
    kind: ModeratedType | OwnPageType
    obj: Any
    text: str
    url: str
    author: User | None
    space: Any
    context: str
    created_at: datetime
    flags: list[Flag] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    #: Where a moderator decides on it, for a type decided on its own page; else "" (the
    #: queue's form decides).
    decision_url: str = ""

    @property
    def ref(self) -> str:
        """How the decision form names the item: "<content type id>:<primary key>"."""
        return f"{ContentType.objects.get_for_model(self.kind.model).pk}:{self.obj.pk}"

    @property
    def status(self) -> str:
        if self.decision_url:
            return ModerationStatus.PENDING
        return self.obj.moderation_status

    @property
    def status_label(self) -> str:
        return str(ModerationStatus(self.status).label)


@dataclass
class QueuePage:
    show: str
    items: list[QueueItem]
    #: How many items the tab holds in all (the page shows the oldest `limit`).
    total: int


def _open_flags_of(kind: ModeratedType) -> QuerySet[Flag]:
    return Flag.objects.filter(
        content_type=ContentType.objects.get_for_model(kind.model),
        object_id=OuterRef("pk"),
        resolved_at__isnull=True,
    )


def _tab(kind: ModeratedType, show: str) -> QuerySet:
    """The rows of `kind` in tab `show`, each annotated with its sort date `queued_at`."""
    queryset = kind.queryset()
    if show == Show.PENDING:
        return queryset.filter(moderation_status=ModerationStatus.PENDING).annotate(
            queued_at=F(kind.created_field)
        )
    if show == Show.FLAGGED:
        first_flag = _open_flags_of(kind).order_by("created_at").values("created_at")[:1]
        return (
            queryset.exclude(moderation_status=ModerationStatus.HIDDEN)
            .filter(Exists(_open_flags_of(kind)))
            .annotate(queued_at=Subquery(first_flag))
        )
    return queryset.filter(moderation_status=ModerationStatus.HIDDEN).annotate(
        # Rows written as hidden (imports, the demo) may have no decision date.
        queued_at=Coalesce(F("moderated_at"), F(kind.created_field))
    )


def queue_page(*, show: str = Show.PENDING, key: str = "", limit: int = 50) -> QueuePage:
    """The oldest `limit` items of tab `show` over every moderated type (or type `key`).

    Waiting and flagged items come oldest first (the longest wait first); hidden ones, kept
    for reconsidering, most recently hidden first.
    """
    words = list(WordListEntry.objects.values_list("expression", flat=True))
    items: list[QueueItem] = []
    total = 0
    for kind in moderated_types():
        if key and kind.key != key:
            continue
        tab = _tab(kind, show)
        total += tab.order_by().count()
        ordering = "-queued_at" if show == Show.HIDDEN else "queued_at"
        rows = list(tab.order_by(ordering, "pk")[:limit])
        flags: dict[int, list[Flag]] = {}
        if rows:
            for flag in Flag.objects.filter(
                content_type=ContentType.objects.get_for_model(kind.model),
                object_id__in=[row.pk for row in rows],
                resolved_at__isnull=True,
            ).select_related("user"):
                flags.setdefault(flag.object_id, []).append(flag)
        for row in rows:
            author, space = kind.author(row), kind.space(row)
            items.append(
                QueueItem(
                    kind=kind,
                    obj=row,
                    text=kind.text(row),
                    url=kind.url(row),
                    author=author,
                    space=space,
                    context=kind.context(row),
                    created_at=getattr(row, kind.created_field),
                    flags=flags.get(row.pk, []),
                    reasons=(
                        admission_reasons(obj=row, author=author, space=space, words=words)
                        if show == Show.PENDING
                        else []
                    ),
                )
            )
    if show == Show.PENDING:
        total += _add_own_page_items(items, key=key, limit=limit)
    if show == Show.HIDDEN:
        items.sort(key=lambda item: item.obj.queued_at, reverse=True)
    else:
        items.sort(key=lambda item: item.obj.queued_at)
    return QueuePage(show=show, items=items[:limit], total=total)


def _add_own_page_items(items: list[QueueItem], *, key: str, limit: int) -> int:
    """Add the oldest `limit` waiting items of each type decided on its own page (or type
    `key`) to `items`; how many wait in all."""
    total = 0
    for kind in own_page_types():
        if key and kind.key != key:
            continue
        pending = kind.pending().annotate(queued_at=F(kind.created_field))
        total += pending.order_by().count()
        for row in pending.order_by("queued_at", "pk")[:limit]:
            url = kind.url(row)
            items.append(
                QueueItem(
                    kind=kind,
                    obj=row,
                    text=kind.text(row),
                    url=url,
                    author=kind.author(row),
                    space=None,
                    context=kind.context(row),
                    created_at=getattr(row, kind.created_field),
                    decision_url=url,
                )
            )
    return total


def queue_item(*, content_type_id: int, object_id: int) -> tuple[ModeratedType, Any] | None:
    """The moderated type and the object a decision form names, or None."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        return None
    kind = next((k for k in moderated_types() if k.model is model), None)
    if kind is None:
        return None
    obj = kind.queryset().filter(pk=object_id).first()
    return None if obj is None else (kind, obj)


@dataclass
class DashboardCounts:
    pending: dict[str, int]
    flagged: dict[str, int]
    decided_today: int
    decided_this_week: int
    suspended: int
    watched: int

    @property
    def pending_total(self) -> int:
        return sum(self.pending.values())

    @property
    def flagged_total(self) -> int:
        return sum(self.flagged.values())


def _start_of_today(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def dashboard_counts(*, now: datetime | None = None) -> DashboardCounts:
    """Counts for the moderators' dashboard: one query per moderated type (and per type
    decided on its own page, which only counts as waiting), plus two.

    "Flagged" counts the contributions with open flags that are not hidden (a waiting one
    with flags counts in both). "This week" starts on Monday at midnight, town time.
    """
    now = now or timezone.now()
    pending: dict[str, int] = {}
    flagged: dict[str, int] = {}
    for kind in moderated_types():
        counts = kind.queryset().aggregate(
            pending=Count("pk", filter=Q(moderation_status=ModerationStatus.PENDING)),
            flagged=Count(
                "pk",
                filter=Q(Exists(_open_flags_of(kind)))
                & ~Q(moderation_status=ModerationStatus.HIDDEN),
            ),
        )
        pending[kind.key], flagged[kind.key] = counts["pending"], counts["flagged"]
    for own in own_page_types():
        pending[own.key] = own.pending().order_by().count()
    today = _start_of_today(now)
    week = today - timedelta(days=today.weekday())
    decided = Decision.objects.aggregate(
        today=Count("pk", filter=Q(created_at__gte=today)),
        week=Count("pk", filter=Q(created_at__gte=week)),
    )
    people = get_user_model().objects.aggregate(
        suspended=Count("pk", filter=Q(suspended_until__gt=now)),
        watched=Count("pk", filter=Q(watched_until__gt=now)),
    )
    return DashboardCounts(
        pending=pending,
        flagged=flagged,
        decided_today=decided["today"],
        decided_this_week=decided["week"],
        suspended=people["suspended"],
        watched=people["watched"],
    )


def suspended_people(*, limit: int = 50) -> list[Any]:
    """People suspended now, the soonest to be back first."""
    return list(
        get_user_model()
        .objects.filter(suspended_until__gt=timezone.now())
        .order_by("suspended_until", "pk")[:limit]
    )


def recent_decisions(*, limit: int = 20) -> list[Decision]:
    return list(
        Decision.objects.select_related("moderator", "subject").order_by("-created_at", "-id")[
            :limit
        ]
    )
