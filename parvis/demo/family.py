"""The demo town's family space: three schools; the canteen, before- and after-school care,
the Wednesday and the winter-holiday leisure centres, each with its season and three
tariffs by quotient familial; 300 households with their children; a school year of booked
days; the invoices of its past months, most of them paid; the canteen's menus of this week
and the next.

- Twelve households are written by hand (`HOUSEHOLDS`); the others (`HOUSEHOLD_COUNT` in
  all) are drawn from a generator seeded with `SEED`, each from its own reference, so the
  same town comes out on every run and whatever the date.
- Camille Martin (a resident account of the demo) is the guardian of the Martin household:
  two children, one at the canteen (validated, every day from the school year's start to
  the end of next month booked) and one waiting for after-school care. The household's
  last invoice is left to pay: the demo's way to the online payment.
- Every other child has validated registrations (the canteen for most, after-school care,
  before-school care and Wednesdays for some) and a week's pattern of days, booked from the
  school year's first day to the end of next month, never beyond a day's capacity; staff
  recorded who came on the days gone by (a few absences, not charged).
- Each full month of the school year gone by is invoiced by `invoices_run`, as staff do in
  the first days of the following month; the older invoices are mostly paid (online, with
  their `Payment`, or at the town hall), a few overdue; the last month's are partly paid.

Everything is keyed: households by name (the twelve) or reference (the others), and a
month is invoiced only when some household with charged days has no invoice of it yet, so
a second run writes nothing.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils import timezone

from parvis.family import invoicing
from parvis.family.models import (
    Booking,
    Child,
    Guardian,
    Household,
    Invoice,
    InvoiceStatus,
    MenuDay,
    PaidHow,
    Registration,
    RegistrationStatus,
    School,
    Season,
    Service,
    ServiceKind,
    Tariff,
)
from parvis.payments.models import Payment, PaymentStatus

SCHOOLS = ["École Jules-Ferry", "École des Tilleuls", "École du Bourg"]

# slug, name, kind, weekdays, capacity, ages. The capacities hold the demo's children on
# their busiest day (canteen: 380 of 440 places; checked by the demo's tests).
SERVICES: list[tuple[str, str, str, list[int], int, tuple[int, int]]] = [
    ("cantine", "Restauration scolaire", ServiceKind.CANTEEN, [0, 1, 3, 4], 440, (3, 11)),
    ("periscolaire-matin", "Accueil du matin", ServiceKind.BEFORE_SCHOOL, [0, 1, 3, 4], 60, (3, 11)),
    ("periscolaire-soir", "Accueil du soir", ServiceKind.AFTER_SCHOOL, [0, 1, 3, 4], 140, (3, 11)),
    ("mercredis", "Mercredis loisirs", ServiceKind.WEDNESDAY, [2], 100, (3, 12)),
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

#: Households in all: the twelve above and the generated ones.
HOUSEHOLD_COUNT = 300
#: The generator's seed: the same town on every run.
SEED = 36_000

# Names for the generated households (none of the twelve's: a household is found by name).
LAST_NAMES = [
    "Bernard", "Thomas", "Robert", "Richard", "Durand", "Simon", "Laurent", "Michel",
    "Lefebvre", "Girard", "Bonnet", "François", "Mercier", "Dupont", "Blanc", "Guérin",
    "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément",
    "Gauthier", "Dumont", "Lopez", "Masson", "Marchand", "Duval", "Denis", "Lemaire",
    "Brunet", "Schmitt", "Meyer", "Barbier", "Faure", "Rolland", "Benoît", "Royer",
    "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud",
    "Dumas", "Lacroix", "Olivier", "Philippe", "Bourgeois", "Pierre", "Rey", "Haddad",
    "Traoré", "Da Silva", "Mendy", "Kowalski", "Tran", "Cohen", "Ferreira", "Boyer",
    "Colin", "Arnaud", "Giraud", "Leclerc", "Gaillard", "Noël", "Huet", "Chevalier",
]  # fmt: skip
GIRLS = [
    "Emma", "Jade", "Louise", "Alice", "Ambre", "Lina", "Rose", "Chloé", "Anna", "Mia",
    "Léna", "Julia", "Manon", "Agathe", "Lou", "Iris", "Camille", "Sarah", "Mila", "Nour",
    "Eva", "Margaux", "Salomé", "Yasmine", "Lucie", "Adèle", "Capucine", "Aya", "Clara",
]  # fmt: skip
BOYS = [
    "Gabriel", "Léo", "Raphaël", "Arthur", "Louis", "Jules", "Adam", "Maël", "Lucas",
    "Hugo", "Noah", "Liam", "Sacha", "Tom", "Gabin", "Nathan", "Ethan", "Mohamed",
    "Aaron", "Théo", "Paul", "Timéo", "Malo", "Naël", "Victor", "Axel", "Samuel", "Ilyès",
]  # fmt: skip
STREETS = [
    "rue des Écoles", "avenue de la Gare", "rue du Moulin", "place de l'Église",
    "rue des Tilleuls", "chemin des Vignes", "rue Victor-Hugo", "allée des Peupliers",
    "rue de la République", "impasse des Lilas", "boulevard Jean-Jaurès", "rue du Lavoir",
]  # fmt: skip

# What a child is registered to: (service, share of the children, days a week to draw from).
PLANS: list[tuple[str, float, tuple[int, ...]]] = [
    ("cantine", 0.85, (2, 3, 3, 4, 4, 4)),
    ("periscolaire-matin", 0.07, (2, 3, 4)),
    ("periscolaire-soir", 0.25, (2, 3, 4)),
    ("mercredis", 0.15, (1,)),
]
#: A booked day gone by that staff marked absent (not charged).
ABSENT = 0.03

MENUS = [
    ("Carottes râpées", "Poisson pané", "Riz", "Yaourt nature", "Pomme", "Pommes du verger communal"),
    ("Velouté de potiron", "Lasagnes végétariennes", "", "Emmental", "Clémentine", "Repas végétarien"),
    ("Salade de lentilles", "Poulet rôti", "Haricots verts", "Fromage blanc", "Compote", "Volaille Label Rouge"),
    ("Betteraves", "Hachis parmentier", "Salade verte", "Camembert", "Poire", ""),
]  # fmt: skip

#: The Martin household's reference (the first of `HOUSEHOLDS`).
MARTIN_REFERENCE = "F-DEMO01"
#: The demo resident who is the Martin household's guardian.
GUARDIAN_EMAIL_LOCAL = "camille.martin"


def _school_year(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    start_year = today.year if today.month >= 9 else today.year - 1
    return datetime.date(start_year, 9, 1), datetime.date(start_year + 1, 7, 4)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def booking_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The days the demo books: from the school year's first day to the end of next month."""
    first, _last = _school_year(today)
    return first, _next_month(_next_month(today)) - datetime.timedelta(days=1)


def family_ensure(*, guardian: Any) -> dict[str, int]:
    """Create what is not there yet; how many of each."""
    created = {
        "school": 0, "family service": 0, "household": 0, "child": 0, "registration": 0,
        "booked day": 0, "invoice": 0, "canteen menu": 0,
    }  # fmt: skip
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
    book = _Booker(seasons=seasons, today=today)
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
            created["registration"] += 2
            # Every day the canteen runs: her parent's invoices show each month in full.
            book.add(canteen, weekdays=seasons["cantine"].service.weekdays, rng=_rng("Martin"))
        else:
            for index, kid in enumerate(kids):
                created["registration"] += book.plan(kid, _rng(f"{name}:{index}"))
    households, drawn = _generated_ensure(schools=schools, first=first, last=last)
    created["household"] += households
    created["child"] += len(drawn)
    for kid, rng in drawn:
        created["registration"] += book.plan(kid, rng)
    created["booked day"] += book.save()
    created["invoice"] += _invoices_ensure(today=today, first=first, guardian=guardian)
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


def _rng(key: str) -> random.Random:
    """A generator of its own for each household or child: what one draws does not depend
    on what exists already (a string seed is hashed the same way on every run)."""
    return random.Random(f"{SEED}:{key}")


def _class_of(age: int) -> str:
    return {3: "PS", 4: "MS", 5: "GS", 6: "CP", 7: "CE1", 8: "CE2", 9: "CM1", 10: "CM2"}.get(
        age, "CM2"
    )


# --- generated households ------------------------------------------------------------------


def _generated_ensure(
    *, schools: list[School], first: datetime.date, last: datetime.date
) -> tuple[int, list[tuple[Child, random.Random]]]:
    """The generated households missing (by reference), with their children; (households
    created, [(child created, its generator for what it is registered to)])."""
    references = [
        f"F-DEMO{number:03d}" for number in range(len(HOUSEHOLDS) + 1, HOUSEHOLD_COUNT + 1)
    ]
    present = set(
        Household.objects.filter(reference__in=references).values_list("reference", flat=True)
    )
    missing = [reference for reference in references if reference not in present]
    if not missing:
        return 0, []
    households, kids = [], []
    for reference in missing:
        rng = _rng(reference)
        quotient, valid_until = _quotient(rng, first=first, last=last)
        name = rng.choice(LAST_NAMES)
        households.append(
            Household(
                reference=reference,
                name=f"Famille {name}",
                address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}, 36000 Villeneuve-du-Parvis",
                quotient=quotient,
                quotient_valid_until=valid_until,
            )
        )
        school = rng.randrange(len(schools))
        ages = rng.sample(range(3, 11), rng.choices((1, 2, 3), weights=(40, 45, 15))[0])
        for index, age in enumerate(sorted(ages)):
            girl = rng.random() < 0.5
            kids.append(
                (
                    len(households) - 1,
                    Child(
                        first_name=rng.choice(GIRLS if girl else BOYS),
                        last_name=name,
                        # Born from January to August: `age` on the school year's first day.
                        birth_date=datetime.date(
                            first.year - age, rng.randint(1, 8), rng.randint(1, 28)
                        ),
                        # A sibling now and then at another school.
                        school=schools[school if rng.random() < 0.9 else rng.randrange(3)],
                        class_name=_class_of(age),
                    ),
                    _rng(f"{reference}:{index}"),
                )
            )
    Household.objects.bulk_create(households)
    for position, child, _plan in kids:
        child.household = households[position]
    Child.objects.bulk_create([child for _position, child, _plan in kids])
    return len(households), [(child, plan) for _position, child, plan in kids]


def _quotient(
    rng: random.Random, *, first: datetime.date, last: datetime.date
) -> tuple[int | None, datetime.date | None]:
    """Spread over the three brackets; one household in eight sent no certificate, one in
    twenty sent last year's, which expired before the school year began."""
    draw = rng.random()
    if draw < 0.125:
        return None, None
    quotient = rng.choice([(150, 600), (601, 1200), (1201, 2600)])
    value = rng.randint(*quotient)
    if draw < 0.175:
        return value, first - datetime.timedelta(days=1)
    return value, datetime.date(last.year, 12, 31)


# --- registrations and booked days ---------------------------------------------------------


@dataclass
class _Booker:
    """Registrations and booked days gathered and written in bulk at the end,
    each day's places counted (with the bookings already there) so none is overbooked."""

    seasons: dict[str, Season]
    today: datetime.date

    def __post_init__(self) -> None:
        start, end = booking_window(self.today)
        self.days: dict[int, list[datetime.date]] = {}
        for season in self.seasons.values():
            count = (end - start).days + 1
            self.days[season.pk] = [
                day
                for day in (start + datetime.timedelta(days=n) for n in range(count))
                if season.runs_on(day)
            ]
        self.taken: Counter[tuple[int, datetime.date]] = Counter(
            {
                (season_id, day): n
                for season_id, day, n in Booking.objects.filter(day__range=(start, end))
                .values_list("season_id", "day")
                .annotate(n=Count("id"))
                .values_list("season_id", "day", "n")
            }
        )
        self.registrations: list[Registration] = []
        self.bookings: list[Booking] = []
        # Decided before the school year: in the first days of July.
        self.decided = timezone.make_aware(datetime.datetime(start.year, 7, 3, 9, 30))

    def plan(self, child: Child, rng: random.Random) -> int:
        """Register `child` as its generator draws it, and book its days; how many
        registrations."""
        wanted = []
        for slug, share, day_counts in PLANS:
            if rng.random() < share:
                weekdays = self.seasons[slug].service.weekdays
                wanted.append((slug, sorted(rng.sample(weekdays, rng.choice(day_counts)))))
        for slug, weekdays in wanted:
            registration = Registration(
                child=child, season=self.seasons[slug], status=RegistrationStatus.VALIDATED,
                requested_at=self.decided - datetime.timedelta(days=rng.randint(10, 60)),
                decided_at=self.decided,
            )  # fmt: skip
            self.registrations.append(registration)
            self.add(registration, weekdays=weekdays, rng=rng)
        return len(wanted)

    def add(self, registration: Registration, *, weekdays: list[int], rng: random.Random) -> None:
        season = registration.season
        booked_at = timezone.make_aware(datetime.datetime(season.starts_on.year, 8, 25, 20, 0))
        for day in self.days[season.pk]:
            if day.weekday() not in weekdays:
                continue
            if self.taken[season.pk, day] >= season.service.capacity:
                continue  # full: as `bookings_change` would have refused it
            self.taken[season.pk, day] += 1
            self.bookings.append(
                Booking(
                    registration=registration,
                    season=season,
                    day=day,
                    created_at=min(booked_at, timezone.now()),
                    attended=(rng.random() >= ABSENT) if day < self.today else None,
                )
            )

    def save(self) -> int:
        """Write the registrations and booked days gathered; how many days."""
        Registration.objects.bulk_create(self.registrations, batch_size=1000)
        Booking.objects.bulk_create(self.bookings, batch_size=2000)
        return len(self.bookings)


# --- invoices and payments -----------------------------------------------------------------


def _invoices_ensure(*, today: datetime.date, first: datetime.date, guardian: Any) -> int:
    """Invoice each full month of the school year gone by that some household is not
    invoiced for yet, as staff do in its following month, then pay most; how many
    invoices were issued."""
    this_month = today.replace(day=1)
    issued = 0
    month = first
    while month < this_month:
        following = _next_month(month)
        charged = Booking.objects.filter(
            day__range=(month, following - datetime.timedelta(days=1))
        ).exclude(attended=False)
        waiting = Household.objects.filter(
            pk__in=charged.values("registration__child__household_id")
        ).exclude(
            pk__in=Invoice.objects.filter(month=month)
            .exclude(status=InvoiceStatus.CANCELLED)
            .values("household_id")
        )
        if waiting.exists():
            run = invoicing.invoices_run(
                month=month,
                actor=None,
                today=min(following + datetime.timedelta(days=4), today),
                tell=False,  # the demo's past: the build tells nobody, as every part of it
            )
            issued += run.invoices
            _pay(run_id=run.pk, latest=following == this_month, today=today, guardian=guardian)
        month = following
    return issued


def _pay(*, run_id: int, latest: bool, today: datetime.date, guardian: Any) -> None:
    """Pay the run's invoices as families did: online (with the payment's row, as the
    payment service leaves it) or at the town hall; leave some issued, and the older ones
    left unpaid past their due date overdue, reminded once. The Martin household pays
    online, but for its last invoice, left for the demo's guardian to pay."""
    now = timezone.now()
    invoices = (
        Invoice.objects.filter(run_id=run_id, status=InvoiceStatus.ISSUED)
        .select_related("household")
        .order_by("pk")
    )
    overdue = []
    for invoice in invoices:
        rng = _rng(f"{invoice.household.reference}:{invoice.month:%Y-%m}")
        martin = invoice.household.reference == MARTIN_REFERENCE
        draw = rng.random()
        online, counter = (0.35, 0.45) if latest else (0.6, 0.92)
        if martin:
            if latest:
                continue
            draw = 0.0
        if draw >= counter:
            if invoice.due_on < today:
                overdue.append(invoice.pk)
            continue
        last_day = min(invoice.due_on, today)
        day = invoice.issued_on + datetime.timedelta(
            days=rng.randint(0, max(0, (last_day - invoice.issued_on).days))
        )
        paid_at = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(8))
            + datetime.timedelta(seconds=rng.randint(0, 12 * 3600))
        )
        if paid_at >= now:
            paid_at = now - datetime.timedelta(minutes=rng.randint(5, 300))
        if draw < online:
            Payment.objects.create(
                order_id=f"DEMO-{invoice.number}",
                payable_kind="family.invoice",
                payable_id=invoice.pk,
                label=f"Facture {invoice.number} — {invoice.household.name}",
                amount=invoice.total,
                backend="dummy",
                status=PaymentStatus.PAID,
                user=guardian if martin else None,
                email=guardian.email if martin else "",
                bank_reference=f"DUMMY-{invoice.pk:06d}",
                created_at=paid_at - datetime.timedelta(minutes=3),
                notified_at=paid_at,
                paid_at=paid_at,
            )
            invoicing.invoice_paid(invoice_id=invoice.pk, how=PaidHow.ONLINE, at=paid_at)
        else:
            invoicing.invoice_paid(invoice_id=invoice.pk, how=PaidHow.COUNTER, at=paid_at)
    if overdue:
        # What the daily job (`invoices_remind`) did, without its e-mails.
        reminded = min(now, timezone.make_aware(datetime.datetime.combine(today, datetime.time(7))))
        Invoice.objects.filter(pk__in=overdue).update(
            status=InvoiceStatus.OVERDUE, reminders=1, reminded_at=reminded
        )
