"""The demo town's family space: three schools; the canteen, before- and after-school care,
the Wednesday and the winter-holiday leisure centres, each with its season and three
tariffs by quotient familial; twelve households with seventeen children; the canteen's
menus of this week and the next. Camille Martin (a resident account of the demo) is the
guardian of the Martin household: two children, one registered to the canteen (validated,
with days booked next month) and one waiting for after-school care. Everything is keyed by
name: a second run writes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from parvis.family.models import (
    Booking,
    Child,
    Guardian,
    Household,
    MenuDay,
    Registration,
    RegistrationStatus,
    School,
    Season,
    Service,
    ServiceKind,
    Tariff,
)

SCHOOLS = ["École Jules-Ferry", "École des Tilleuls", "École du Bourg"]

# slug, name, kind, weekdays, capacity, ages
SERVICES: list[tuple[str, str, str, list[int], int, tuple[int, int]]] = [
    ("cantine", "Restauration scolaire", ServiceKind.CANTEEN, [0, 1, 3, 4], 320, (3, 11)),
    ("periscolaire-matin", "Accueil du matin", ServiceKind.BEFORE_SCHOOL, [0, 1, 3, 4], 60, (3, 11)),
    ("periscolaire-soir", "Accueil du soir", ServiceKind.AFTER_SCHOOL, [0, 1, 3, 4], 90, (3, 11)),
    ("mercredis", "Mercredis loisirs", ServiceKind.WEDNESDAY, [2], 80, (3, 12)),
    ("vacances-hiver", "Centre de loisirs des vacances d'hiver", ServiceKind.HOLIDAYS,
     [0, 1, 2, 3, 4], 70, (3, 12)),
]  # fmt: skip

# The price of a day by bracket of quotient familial: up to 600 €, up to 1,200 €, beyond.
TARIFFS = {
    "cantine": ("1.00", "2.90", "4.60"),
    "periscolaire-matin": ("0.80", "1.50", "2.20"),
    "periscolaire-soir": ("1.10", "2.00", "3.00"),
    "mercredis": ("4.00", "9.00", "14.00"),
    "vacances-hiver": ("5.00", "10.50", "16.00"),
}

# household name, quotient (None: no valid certificate), children (first name, age, school)
HOUSEHOLDS: list[tuple[str, int | None, list[tuple[str, int, int]]]] = [
    ("Famille Martin", 780, [("Lina", 8, 0), ("Hugo", 5, 0)]),
    ("Famille Benali", 420, [("Yanis", 10, 1)]),
    ("Famille Dubois", 1350, [("Jeanne", 6, 2), ("Paul", 9, 2)]),
    ("Famille Nguyen", 950, [("Mai", 7, 1)]),
    ("Famille Moreau", None, [("Léon", 4, 0)]),
    ("Famille Fontaine", 610, [("Rose", 11, 2), ("Jules", 8, 2)]),
    ("Famille Diallo", 300, [("Awa", 6, 1), ("Moussa", 3, 1)]),
    ("Famille Leroy", 1800, [("Chloé", 10, 0)]),
    ("Famille Garcia", 700, [("Inès", 5, 1)]),
    ("Famille Petit", None, [("Arthur", 9, 2)]),
    ("Famille Roux", 1100, [("Zoé", 7, 0), ("Louis", 4, 0)]),
    ("Famille Lambert", 520, [("Nina", 8, 1)]),
]  # fmt: skip

MENUS = [
    ("Carottes râpées", "Poisson pané", "Riz", "Yaourt nature", "Pomme", "Pommes du verger communal"),
    ("Velouté de potiron", "Lasagnes végétariennes", "", "Emmental", "Clémentine", "Repas végétarien"),
    ("Salade de lentilles", "Poulet rôti", "Haricots verts", "Fromage blanc", "Compote", "Volaille Label Rouge"),
    ("Betteraves", "Hachis parmentier", "Salade verte", "Camembert", "Poire", ""),
]  # fmt: skip

#: The demo resident who is the Martin household's guardian.
GUARDIAN_EMAIL_LOCAL = "camille.martin"


def _school_year(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    start_year = today.year if today.month >= 9 else today.year - 1
    return datetime.date(start_year, 9, 1), datetime.date(start_year + 1, 7, 4)


def family_ensure(*, guardian: Any) -> dict[str, int]:
    """Create what is not there yet; how many of each."""
    created = {"school": 0, "family service": 0, "household": 0, "child": 0, "canteen menu": 0}
    schools = []
    for name in SCHOOLS:
        school, new = School.objects.get_or_create(name=name)
        schools.append(school)
        created["school"] += new
    today = timezone.localdate()
    first, last = _school_year(today)
    seasons: dict[str, Season] = {}
    for slug, name, kind, weekdays, capacity, (youngest, oldest) in SERVICES:
        service = Service.objects.filter(slug=slug).first()
        if service is None:
            service = Service.objects.create(
                slug=slug, name=name, kind=kind, weekdays=weekdays, capacity=capacity,
                min_age=youngest, max_age=oldest,
            )  # fmt: skip
            low, middle, high = (Decimal(price) for price in TARIFFS[slug])
            Tariff.objects.create(service=service, quotient_min=0, quotient_max=600, price=low)
            Tariff.objects.create(
                service=service, quotient_min=601, quotient_max=1200, price=middle
            )
            Tariff.objects.create(service=service, quotient_min=1201, price=high)
            if kind == ServiceKind.HOLIDAYS:
                starts = datetime.date(first.year + 1, 2, 14)
                Season.objects.create(
                    service=service, name=f"Vacances d'hiver {starts.year}",
                    starts_on=starts, ends_on=starts + datetime.timedelta(days=11),
                )  # fmt: skip
            else:
                Season.objects.create(
                    service=service, name=f"Année scolaire {first.year}-{last.year}",
                    starts_on=first, ends_on=last,
                    closed_days=[datetime.date(first.year, 11, 11).isoformat(),
                                 datetime.date(last.year, 5, 1).isoformat()],
                )  # fmt: skip
            created["family service"] += 1
        season = service.seasons.order_by("starts_on").first()
        assert season is not None  # each service is created with its season
        seasons[slug] = season
    present = set(Household.objects.values_list("name", flat=True))
    for number, (name, quotient, children) in enumerate(HOUSEHOLDS, start=1):
        if name in present:
            continue
        household = Household.objects.create(
            reference=f"F-DEMO{number:02d}",
            name=name,
            address=f"{number * 3} rue des Écoles, 36000 Villeneuve-du-Parvis",
            quotient=quotient,
            quotient_valid_until=datetime.date(last.year, 12, 31) if quotient else None,
        )
        created["household"] += 1
        kids = []
        for first_name, age, school_index in children:
            kids.append(
                Child.objects.create(
                    household=household,
                    first_name=first_name,
                    last_name=name.split()[-1],
                    birth_date=datetime.date(first.year - age, 3 + number % 9, 1 + number),
                    school=schools[school_index],
                    class_name=_class_of(age),
                )
            )
            created["child"] += 1
        if name == "Famille Martin":
            Guardian.objects.create(household=household, user=guardian)
            canteen = Registration.objects.create(
                child=kids[0], season=seasons["cantine"], status=RegistrationStatus.VALIDATED,
                requested_by=guardian, decided_at=timezone.now(),
            )  # fmt: skip
            Registration.objects.create(
                child=kids[1], season=seasons["periscolaire-soir"], requested_by=guardian
            )
            _book_next_month(canteen, today)
    monday = today - datetime.timedelta(days=today.weekday())
    for week in range(2):
        for position, (starter, main, side, dairy, dessert, note) in enumerate(MENUS):
            day = monday + datetime.timedelta(days=7 * week + [0, 1, 3, 4][position])
            _menu, new = MenuDay.objects.get_or_create(
                day=day,
                defaults={
                    "starter": starter, "main_course": main, "side": side, "dairy": dairy,
                    "dessert": dessert, "note": note, "is_published": True,
                },
            )  # fmt: skip
            created["canteen menu"] += new
    return created


def _class_of(age: int) -> str:
    return {3: "PS", 4: "MS", 5: "GS", 6: "CP", 7: "CE1", 8: "CE2", 9: "CM1", 10: "CM2"}.get(
        age, "CM2"
    )


def _book_next_month(registration: Registration, today: datetime.date) -> None:
    """Every day the canteen runs next month."""
    season = registration.season
    month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    days = [month + datetime.timedelta(days=n) for n in range(31)]
    Booking.objects.bulk_create(
        Booking(registration=registration, season=season, day=day)
        for day in days
        if day.month == month.month and season.runs_on(day)
    )
