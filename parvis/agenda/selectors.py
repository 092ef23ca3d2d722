"""Reads about the agenda. Every page reads `Occurrence` by an indexed range of times (a day,
a week, a month, what is still to come) joined to its event, its category and its space: one
query whatever the number of events and however they repeat; no rule is expanded while a
page is served.

- `Filters`: what the lists narrow to (category, space, online or in person, free).
- `upcoming`: the occurrences not over yet, soonest first (a queryset to page).
- `between`: the occurrences meeting a span of time (a day, a week, a month), in order.
- `event_for_page`, `next_occurrences`: one event's page.
- `map_events`, `events_of_space`, `next_change`: the map, a space's section, the cache.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from parvis.agenda.models import MAX_DURATION_DAYS, AttendanceMode, Category, Event, Occurrence
from parvis.spaces.models import Space
from parvis.spaces.selectors import published_spaces


class Mode:
    ONLINE = "online"
    PHYSICAL = "physical"


@dataclass(frozen=True)
class Filters:
    """What a list narrows to; each empty or false: no narrowing."""

    category: Category | None = None
    space: Space | None = None
    mode: str = ""
    free: bool = False

    @property
    def any(self) -> bool:
        return bool(self.category or self.space or self.mode or self.free)

    @property
    def key(self) -> str:
        """The filters in a few characters, for the name of what is kept rendered."""
        category = self.category.pk if self.category is not None else ""
        space = self.space.pk if self.space is not None else ""
        return f"{category}-{space}-{self.mode}-{int(self.free)}"

    def q(self) -> Q:
        """The condition on an occurrence's event."""
        condition = Q()
        if self.category is not None:
            condition &= Q(event__category=self.category)
        if self.space is not None:
            condition &= Q(event__space=self.space)
        if self.mode == Mode.ONLINE:
            condition &= ~Q(event__attendance_mode=AttendanceMode.OFFLINE)
        elif self.mode == Mode.PHYSICAL:
            condition &= ~Q(event__attendance_mode=AttendanceMode.ONLINE)
        if self.free:
            condition &= Q(event__is_free=True)
        return condition


def public_events() -> QuerySet[Event]:
    return Event.objects.filter(is_published=True)


def searchable_events() -> QuerySet[Event]:
    return public_events().select_related("space")


#: What the lists and calendars read of an event's space: its name and address, never its
#: description nor its boundary, which may be long (a boundary is a whole GeoJSON polygon).
_SPACE_DEFER = ("event__space__description", "event__space__boundary")


def _public_occurrences(filters: Filters | None = None) -> QuerySet[Occurrence]:
    occurrences = (
        Occurrence.objects.filter(event__is_published=True)
        .select_related("event", "event__category", "event__space")
        .defer(*_SPACE_DEFER)
    )
    return occurrences.filter(filters.q()) if filters is not None else occurrences


def upcoming(
    *, filters: Filters | None = None, now: datetime.datetime | None = None
) -> QuerySet[Occurrence]:
    """The public occurrences not over yet (going on, then to come), soonest first.

    Read on the start's index from MAX_DURATION_DAYS ago (no occurrence lasts longer), so
    that the database walks the occurrences in their order and stops at the page, rather
    than sorting every future one (which the end's index alone would give)."""
    now = now or timezone.now()
    return (
        _public_occurrences(filters)
        .filter(
            starts_at__gte=now - datetime.timedelta(days=MAX_DURATION_DAYS),
            ends_at__gt=now,
        )
        .order_by("starts_at", "id")
    )


def between(
    start: datetime.datetime,
    end: datetime.datetime,
    *,
    filters: Filters | None = None,
    per_day: int | None = None,
) -> list[Occurrence]:
    """The public occurrences meeting [start, end) — begun before `end`, not ended by
    `start` —, in order of their start: one query.

    With `per_day`, at most that many of those starting on each (local) day, the first
    ones: a month of thousands of events still reads a bounded number of rows (two
    queries). Each occurrence then tells how many start on its day (`day_total`), for
    "N more"."""
    occurrences = _public_occurrences(filters).filter(
        # Those starting within the span (a range of the start's index), and those begun
        # before it and still going on, looked for among the multi-day ones only (a range of
        # their own index, bounded by MAX_DURATION_DAYS).
        Q(starts_at__gte=start, starts_at__lt=end)
        | Q(
            multiday=True,
            starts_at__gte=start - datetime.timedelta(days=MAX_DURATION_DAYS),
            starts_at__lt=start,
            ends_at__gt=start,
        )
    )
    if per_day is None:
        return list(occurrences.order_by("starts_at", "id"))
    # Ranked by day on the occurrences' own columns (a light query), then the chosen ones
    # read with their events: joining every row of a busy month before ranking costs more.
    chosen = dict(
        occurrences.annotate(
            rank=Window(RowNumber(), partition_by=[F("day")], order_by=[F("starts_at"), F("id")]),
            day_total=Window(Count("id"), partition_by=[F("day")]),
        )
        .filter(rank__lte=per_day)
        .values_list("id", "day_total")
    )
    found = list(
        Occurrence.objects.filter(pk__in=chosen)
        .select_related("event", "event__category", "event__space")
        .defer(*_SPACE_DEFER)
        .order_by("starts_at", "id")
    )
    for occurrence in found:
        occurrence.day_total = chosen[occurrence.pk]  # type: ignore[attr-defined]
    return found


def event_for_page(*, slug: str) -> Event | None:
    return (
        public_events()
        .select_related("category", "space")
        .defer("space__description", "space__boundary")
        .filter(slug=slug)
        .first()
    )


def next_occurrences(
    event: Event, *, limit: int = 10, now: datetime.datetime | None = None
) -> list[Occurrence]:
    """The event's occurrences not over yet, the next `limit` of them."""
    return list(
        Occurrence.objects.filter(event=event, ends_at__gt=now or timezone.now()).order_by(
            "starts_at"
        )[:limit]
    )


def _not_over(now: datetime.datetime) -> Q:
    # `last_ends_at` is None while a recurrence is endless.
    return Q(last_ends_at__isnull=True) | Q(last_ends_at__gt=now)


def map_events() -> QuerySet[Event]:
    """What the map shows: the public events not over yet that have a position."""
    return (
        public_events()
        .filter(_not_over(timezone.now()), lat__isnull=False, lon__isnull=False)
        .order_by("starts_at", "id")
    )


def events_of_space(space: Space, *, limit: int = 5) -> list[Occurrence]:
    """A space's next occurrences (its page's section): one query."""
    return list(upcoming(filters=Filters(space=space))[:limit])


def next_events(*, limit: int = 5) -> list[Occurrence]:
    """The town's next occurrences (the home page's section): one query."""
    return list(upcoming()[:limit])


def categories() -> list[Category]:
    return list(Category.objects.all())


def filter_spaces() -> list[Space]:
    """The spaces that have public events (the lists' filter): one query."""
    return list(
        published_spaces()
        .filter(Exists(public_events().filter(space=OuterRef("pk"))))
        .only("slug", "name", "kind")
        .order_by("name")
    )


def next_change(*, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """The next moment a public occurrence ends, leaving the upcoming lists, for the page
    cache: one indexed query."""
    return (
        Occurrence.objects.filter(event__is_published=True, ends_at__gt=now or timezone.now())
        .order_by("ends_at")
        .values_list("ends_at", flat=True)
        .first()
    )


def feed_events() -> QuerySet[Event]:
    """The feed's items: the public events not over yet, by their first start."""
    return public_events().filter(_not_over(timezone.now())).order_by("starts_at", "id")
