"""Reads about the family space: a resident's households and children, the seasons a child
may register to, a month of a registration's days (booked, open, closed, full), prices,
and the published menus of a week."""

from __future__ import annotations

import calendar
import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from parvis.family.models import (
    Booking,
    Child,
    Household,
    MenuDay,
    Registration,
    RegistrationStatus,
    Season,
    Service,
)


def households_of(user) -> QuerySet[Household]:
    """The households `user` is a guardian of, with their children and registrations."""
    return (
        Household.objects.filter(guardians__user=user)
        .prefetch_related(
            Prefetch(
                "children",
                queryset=Child.objects.select_related("school").prefetch_related(
                    Prefetch(
                        "registrations",
                        queryset=Registration.objects.select_related("season__service").order_by(
                            "season__starts_on", "id"
                        ),
                    )
                ),
            )
        )
        .distinct()
    )


def is_guardian_of(user, household_id: int) -> bool:
    return Household.objects.filter(pk=household_id, guardians__user=user).exists()


def eligibility_problem(child: Child, season: Season) -> str:
    """Why `child` may not register to `season` (empty: it may). Reads the service's schools."""
    from django.utils.translation import gettext as _

    service = season.service
    if not service.is_active or not season.registrations_open:
        return _("Registrations to this season are closed.")
    if season.ends_on < timezone.localdate():
        return _("This season is over.")
    age = child.age_on(season.starts_on)
    if not service.min_age <= age <= service.max_age:
        return _("For children from %(min)d to %(max)d years old.") % {
            "min": service.min_age,
            "max": service.max_age,
        }
    schools = [school.pk for school in service.schools.all()]
    if schools and child.school_id not in schools:
        return _("Not for the pupils of this school.")
    return ""


def seasons_for(child: Child) -> list[tuple[Season, str]]:
    """The seasons open to registration not over yet, each with why `child` may not
    register (empty when it may), those it is registered to left out."""
    taken = set(child.registrations.values_list("season_id", flat=True))
    seasons = (
        Season.objects.filter(
            registrations_open=True, service__is_active=True, ends_on__gte=timezone.localdate()
        )
        .exclude(pk__in=taken)
        .select_related("service")
        .prefetch_related("service__schools")
        .order_by("starts_on", "service__name")
    )
    return [(season, eligibility_problem(child, season)) for season in seasons]


def price_for(service: Service, quotient: int | None) -> Decimal | None:
    """The price of a day of `service` for a household of `quotient` (None: no valid one,
    the highest bracket); None when the service has no tariff for it."""
    tariffs = list(service.tariffs.all())
    if quotient is None:
        top = [t for t in tariffs if t.quotient_max is None]
        return top[0].price if top else None
    for tariff in tariffs:
        if tariff.quotient_min <= quotient and (
            tariff.quotient_max is None or quotient <= tariff.quotient_max
        ):
            return tariff.price
    return None


@dataclass(frozen=True)
class Day:
    date: datetime.date
    runs: bool
    booked: bool
    #: Booked or cancelled no more: past the deadline.
    locked: bool
    full: bool

    @property
    def changeable(self) -> bool:
        return self.runs and not self.locked and (self.booked or not self.full)


def month_of(
    registration: Registration, month: datetime.date, *, now: datetime.datetime | None = None
) -> list[list[Day | None]]:
    """The weeks (Monday first) of `month` for `registration`'s season: None outside the
    month, else each day with whether the service runs, the child is booked, the deadline
    passed, the day is full. Three queries whatever the number of bookings."""
    now = now or timezone.now()
    season = registration.season
    service = season.service
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    booked = set(
        registration.bookings.filter(day__range=(first, last)).values_list("day", flat=True)
    )
    taken = Counter(
        dict(
            Booking.objects.filter(season=season, day__range=(first, last))
            .values_list("day")
            .annotate(n=Count("id"))
            .values_list("day", "n")
        )
    )
    weeks: list[list[Day | None]] = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        row: list[Day | None] = []
        for day in week:
            if day.month != first.month:
                row.append(None)
                continue
            row.append(
                Day(
                    date=day,
                    runs=season.runs_on(day),
                    booked=day in booked,
                    locked=now >= service.deadline_for(day),
                    full=taken[day] >= service.capacity,
                )
            )
        weeks.append(row)
    return weeks


def registration_for(user, pk: int) -> Registration | None:
    """A registration of a child of a household `user` is a guardian of."""
    return (
        Registration.objects.select_related("child__household", "season__service")
        .filter(pk=pk, child__household__guardians__user=user)
        .first()
    )


def child_for(user, pk: int) -> Child | None:
    return (
        Child.objects.select_related("household", "school")
        .filter(pk=pk, household__guardians__user=user)
        .first()
    )


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def published_week(monday: datetime.date) -> list[MenuDay]:
    """The published menus from `monday` to the Sunday after it; one query."""
    return list(
        MenuDay.objects.filter(
            is_published=True, day__range=(monday, monday + datetime.timedelta(days=6))
        ).order_by("day")
    )


def validated(registration: Registration) -> bool:
    return registration.status == RegistrationStatus.VALIDATED
