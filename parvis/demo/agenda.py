"""The demo town's agenda: 300 events over the year before and the year after the first build,
the same on every run.

- The music festival, *Parvis Sonore*, three days in the park at the start of next summer,
  also streamed and played in *Villeneuve virtuelle*, the town's virtual world (in person and
  online), with an online-only edition the week before; last year's edition too.
- Two weekly markets: the Saturday one on the church square, without end (less a bank
  holiday), and the organic Wednesday one until the end of next year's September.
- Monthly and weekly club meetings, exhibitions over several days (all-day), concerts,
  talks (some online only), sport, children's workshops with registration and places
  (one of them full, with a waiting list), a cancelled event.

Places are the town's own addresses (its BAN file, imported first); a quarter of the events
belong to a neighbourhood or to the youth council. Dates are counted from the day of the
first build and never moved afterwards: an event already there (by its web address) is left
as it is, so a second run writes nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from parvis.addresses.models import Address
from parvis.agenda import services
from parvis.agenda.models import Category, Event, EventStatus
from parvis.spaces.models import Space

COUNT = 300
SEED = 12

CATEGORIES = [
    ("concerts", "Concerts"),
    ("marches", "Marchés"),
    ("sport", "Sport"),
    ("culture", "Expositions et spectacles"),
    ("enfance", "Enfance et jeunesse"),
    ("nature", "Nature et jardins"),
    ("fetes", "Fêtes et festivals"),
    ("conferences", "Conférences et débats"),
    ("solidarite", "Solidarité"),
]

#: (category, title, summary, hours, price or None, online only, registration places)
KINDS: list[tuple[str, str, str, int, Decimal | None, bool, int | None]] = [
    ("concerts", "Concert de l'harmonie municipale", "Les musiciens de l'harmonie jouent les grands airs du répertoire.", 2, None, False, None),
    ("concerts", "Jazz au kiosque", "Un trio de jazz sous le kiosque du parc.", 2, None, False, None),
    ("concerts", "Récital de piano", "Œuvres de Chopin et de Debussy.", 2, Decimal("8"), False, None),
    ("culture", "Pièce de théâtre : « Le Malade imaginaire »", "La troupe des Tréteaux du Val joue Molière.", 2, Decimal("10"), False, None),
    ("culture", "Projection en plein air", "Un film pour toute la famille, sur la pelouse de la médiathèque.", 2, None, False, None),
    ("culture", "Lecture à voix haute", "Les bibliothécaires lisent des nouvelles d'auteurs de la région.", 1, None, False, None),
    ("sport", "Course des quartiers", "Cinq et dix kilomètres à travers les quartiers, ouverts à tous.", 3, Decimal("5"), False, None),
    ("sport", "Initiation au tir à l'arc", "Le club prête le matériel ; à partir de 10 ans.", 2, None, False, 16),
    ("sport", "Tournoi de pétanque", "En doublettes, inscription sur place.", 4, Decimal("4"), False, None),
    ("enfance", "Atelier de fabrication de cerfs-volants", "Pour les 6 à 10 ans, accompagnés d'un adulte.", 2, None, False, 12),
    ("enfance", "Heure du conte", "Des histoires pour les 3 à 6 ans.", 1, None, False, 20),
    ("enfance", "Atelier robotique", "Programmer un petit robot, pour les 10 à 14 ans.", 2, None, False, 10),
    ("nature", "Balade botanique", "Reconnaître les plantes des bords de la rivière.", 2, None, False, 25),
    ("nature", "Troc de plantes", "Échangez boutures, graines et conseils.", 3, None, False, None),
    ("nature", "Chantier de nettoyage des berges", "Gants et sacs fournis.", 3, None, False, None),
    ("conferences", "Conférence : l'histoire du bourg", "Un historien raconte les transformations du centre ancien.", 2, None, False, None),
    ("conferences", "Webinaire : réduire sa facture d'énergie", "Des conseils pratiques en ligne, questions en direct.", 1, None, True, None),
    ("conferences", "Réunion publique en ligne : le budget de la ville", "Les élus présentent le budget et répondent aux questions.", 2, None, True, None),
    ("solidarite", "Collecte de la banque alimentaire", "Déposez des denrées non périssables.", 6, None, False, None),
    ("solidarite", "Café des aidants", "Un temps d'échange pour les proches aidants.", 2, None, False, None),
    ("fetes", "Bal populaire", "Orchestre et piste de danse sur la place.", 4, None, False, None),
    ("fetes", "Vide-greniers du quartier", "Exposants du quartier dès 7 heures.", 9, None, False, None),
]  # fmt: skip

ACCESS = (
    "Accès de plain-pied, places réservées aux personnes à mobilité réduite, "
    "boucle magnétique à l'accueil."
)
STREAM = "https://video.villeneuve-du-parvis.example/direct"
VIRTUAL_WORLD = "https://monde.villeneuve-du-parvis.example/parc"


@dataclass
class Planned:
    slug: str
    title: str
    category: str
    summary: str
    description: str
    start: datetime.datetime
    end: datetime.datetime
    all_day: bool = False
    rrule: str = ""
    exdates: str = ""
    where: Address | None = None
    place_name: str = ""
    online_url: str = ""
    online_label: str = ""
    price: Decimal | None = None
    price_text: str = ""
    organiser: str = "Ville de Villeneuve-du-Parvis"
    space: Space | None = None
    capacity: int | None = None
    status: str = EventStatus.SCHEDULED
    extra: dict = field(default_factory=dict)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _festival(today: datetime.date, places: list[Address]) -> list[Planned]:
    """Next summer's festival (in the park and online), its online edition, last year's."""
    year = today.year + 1 if today.month >= 6 else today.year
    first = datetime.date(year, 6, 19)
    park = places[0]
    festival = (
        "Trois jours de musique dans le parc : groupes de la région, fanfares, scène "
        "ouverte. Les concerts du soir sont aussi diffusés en direct et joués dans "
        "**Villeneuve virtuelle**, le monde virtuel de la ville : venez avec votre avatar, "
        "sans quitter votre salon."
    )
    return [
        Planned(
            slug=f"festival-parvis-sonore-{year}",
            title=f"Festival Parvis Sonore {year}",
            category="fetes",
            summary="Trois jours de musique dans le parc, en direct et dans le monde virtuel.",
            description=festival,
            start=_at(first, 17),
            end=_at(first + datetime.timedelta(days=2), 23, 30),
            where=park,
            place_name="Parc de la Mairie",
            online_url=VIRTUAL_WORLD,
            online_label="Villeneuve virtuelle (monde virtuel) et direct vidéo",
            organiser="Association Parvis Sonore",
        ),
        Planned(
            slug=f"festival-parvis-sonore-{year}-en-ligne",
            title=f"Festival Parvis Sonore {year} : l'édition en ligne",
            category="fetes",
            summary="Une soirée de concerts diffusés depuis le studio de la médiathèque.",
            description="Les artistes du festival en avant-première, uniquement en ligne.",
            start=_at(first - datetime.timedelta(days=7), 20),
            end=_at(first - datetime.timedelta(days=7), 23),
            online_url=STREAM,
            online_label="Direct vidéo",
            organiser="Association Parvis Sonore",
        ),
        Planned(
            slug=f"festival-parvis-sonore-{year - 1}",
            title=f"Festival Parvis Sonore {year - 1}",
            category="fetes",
            summary="L'édition de l'an dernier, dans le parc et en ligne.",
            description=festival,
            start=_at(datetime.date(year - 1, 6, 20), 17),
            end=_at(datetime.date(year - 1, 6, 22), 23, 30),
            where=park,
            place_name="Parc de la Mairie",
            online_url=VIRTUAL_WORLD,
            online_label="Villeneuve virtuelle (monde virtuel)",
            organiser="Association Parvis Sonore",
        ),
    ]


def _markets(today: datetime.date, places: list[Address]) -> list[Planned]:
    start = today - datetime.timedelta(days=today.weekday() + 2 + 7 * 40)  # a Saturday
    wednesday = start + datetime.timedelta(days=4)
    holiday = datetime.date(today.year + 1, 8, 15)
    return [
        Planned(
            slug="marche-du-samedi",
            title="Marché du samedi",
            category="marches",
            summary="Producteurs, maraîchers et fromagers, chaque samedi matin.",
            description="Une cinquantaine d'étals sur la place de l'Église, de 7 h 30 à 13 h.",
            start=_at(start, 7, 30),
            end=_at(start, 13),
            rrule="FREQ=WEEKLY;BYDAY=SA",
            exdates=holiday.isoformat() if holiday.weekday() == 5 else "",
            where=places[1],
            place_name="Place de l'Église",
        ),
        Planned(
            slug="marche-bio-du-mercredi",
            title="Marché bio du mercredi",
            category="marches",
            summary="Des producteurs bio du pays, le mercredi après-midi.",
            description="Légumes, pain, miel et produits laitiers issus de l'agriculture biologique.",
            start=_at(wednesday, 15),
            end=_at(wednesday, 19),
            rrule=f"FREQ=WEEKLY;BYDAY=WE;UNTIL={today.year + 1}0930",
            where=places[2],
            place_name="Esplanade de la gare",
        ),
        Planned(
            slug="club-des-aines",
            title="Après-midi jeux du club des aînés",
            category="solidarite",
            summary="Cartes, scrabble et goûter, le premier mardi du mois.",
            description="Ouvert à tous les retraités de la ville.",
            start=_at(today - datetime.timedelta(days=200), 14),
            end=_at(today - datetime.timedelta(days=200), 17),
            rrule="FREQ=MONTHLY;BYDAY=1TU",
            where=places[3],
            place_name="Maison des associations",
        ),
    ]


def planned(today: datetime.date, places: list[Address], spaces: list[Space]) -> list[Planned]:
    """The 300 events, from a seeded generator."""
    rng = random.Random(SEED)
    events = _festival(today, places) + _markets(today, places)
    exhibitions = 0
    while len(events) < COUNT:
        n = len(events)
        day = today + datetime.timedelta(days=rng.randint(-365, 365))
        if n % 25 == 0:
            exhibitions += 1
            events.append(
                Planned(
                    slug=f"exposition-{exhibitions}",
                    title=f"Exposition : regards sur la ville ({exhibitions})",
                    category="culture",
                    summary="Photographies d'habitants, à la galerie municipale.",
                    description="Entrée libre aux heures d'ouverture de la galerie.",
                    start=_at(day, 0),
                    end=_at(day + datetime.timedelta(days=rng.randint(3, 20)), 0),
                    all_day=True,
                    where=rng.choice(places),
                    place_name="Galerie municipale",
                )
            )
            continue
        category, title, summary, hours, price, online, places_count = rng.choice(KINDS)
        start = _at(day, rng.choice([10, 14, 15, 18, 20]), rng.choice([0, 30]))
        where = None if online else rng.choice(places)
        events.append(
            Planned(
                slug=f"evenement-{n}",
                title=title,
                category=category,
                summary=summary,
                description=f"{summary}\n\nRenseignements à l'accueil de la mairie.",
                start=start,
                end=start + datetime.timedelta(hours=hours),
                where=where,
                place_name="" if online else f"{where.street.name}" if where else "",
                online_url=STREAM if online else "",
                online_label="Direct vidéo" if online else "",
                price=price,
                price_text="Gratuit pour les moins de 12 ans." if price else "",
                space=rng.choice(spaces) if spaces and rng.random() < 0.25 else None,
                capacity=places_count,
                status=EventStatus.CANCELLED if n == 42 else EventStatus.SCHEDULED,
            )
        )
    return events


def agenda_ensure(*, spaces: list[Space]) -> dict[str, int]:
    """The demo's categories and events, written once; how many of each were created."""
    created = {"event category": 0, "event": 0}
    categories = {}
    for position, (slug, name) in enumerate(CATEGORIES):
        category, made = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        categories[slug] = category
        created["event category"] += made
    places = list(Address.objects.select_related("street").order_by("ban_id")[:60:3])
    if not places:
        return created
    first_build = timezone.localdate()
    there = set(Event.objects.values_list("slug", flat=True))
    for plan in planned(first_build, places, spaces):
        if plan.slug in there:
            continue
        event = Event(
            slug=plan.slug,
            title=plan.title,
            category=categories[plan.category],
            summary=plan.summary,
            description=plan.description,
            starts_at=plan.start,
            ends_at=plan.end,
            all_day=plan.all_day,
            rrule=plan.rrule,
            exdates=plan.exdates,
            place_name=plan.place_name,
            address=str(plan.where.street) if plan.where else "",
            lat=plan.where.lat if plan.where else None,
            lon=plan.where.lon if plan.where else None,
            online_url=plan.online_url,
            online_label=plan.online_label,
            organiser=plan.organiser,
            is_free=plan.price is None,
            price=plan.price,
            price_text=plan.price_text,
            accessibility=ACCESS if plan.where else "",
            space=plan.space,
            status=plan.status,
            registration_required=plan.capacity is not None,
            capacity=plan.capacity,
            is_published=True,
        )
        if plan.where:
            event.address = f"{plan.where.number} {plan.where.street}"
        services.event_save(event=event)
        created["event"] += 1
    return created
