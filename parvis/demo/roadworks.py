"""The demo town's roadworks: 40 works, the same on every run, inside the town.

Eight lie along the tram line's route (in the tram project's corridor, `corridor_area`), the
others in the streets of the neighbourhoods, as points (a manhole, a crossing) or short lines
(a street under works). A third are finished, a third going on (some with no end known
yet), a third to come. Dates are counted from the day of the first build and never moved
afterwards: a works already there is left as it is, so a second run writes nothing. The
works that have started are marked announced (the demo's residents watch no area yet).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from parvis.addresses.models import Address
from parvis.demo.geometry import SEED, LocalPlane, town_outline
from parvis.roadworks.models import Impact, ImpactKind, Works
from parvis.roadworks.services import works_index, works_save
from parvis.spaces.models import Space

COUNT = 40
ON_THE_TRAM_ROUTE = 8

#: What is done, and the impacts it usually has: (kind, text) each.
JOBS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Réfection de la chaussée", [(ImpactKind.ROAD_CLOSED, "Circulation fermée de 8 h à 17 h."),
                                  (ImpactKind.DETOUR, "Déviation par les rues voisines, fléchée.")]),
    ("Remplacement de la conduite d'eau", [(ImpactKind.NARROWED, "Circulation alternée par feux."),
                                           (ImpactKind.PARKING_REMOVED, "Stationnement interdit le long du chantier.")]),
    ("Enfouissement des réseaux électriques", [(ImpactKind.NARROWED, "Une voie neutralisée."),
                                               (ImpactKind.NOISE, "Engins de chantier en journée.")]),
    ("Déploiement de la fibre optique", [(ImpactKind.FOOTPATH, "Trottoir fermé : passage côté opposé.")]),
    ("Aménagement d'une piste cyclable", [(ImpactKind.PARKING_REMOVED, "Places supprimées pendant les travaux."),
                                          (ImpactKind.DETOUR, "Vélos déviés par la rue parallèle.")]),
    ("Reprise d'un regard d'assainissement", [(ImpactKind.NARROWED, "Rétrécissement ponctuel.")]),
    ("Élagage des platanes", [(ImpactKind.PARKING_REMOVED, "Stationnement interdit de 7 h à 18 h."),
                              (ImpactKind.NOISE, "Broyeur en fonctionnement.")]),
    ("Création d'un plateau surélevé", [(ImpactKind.ROAD_CLOSED, "Rue barrée deux nuits."),
                                        (ImpactKind.BUS_MOVED, "Ligne 2 : arrêt reporté 100 m plus loin.")]),
]  # fmt: skip
TRAM_JOBS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Tram T1 : déviation des réseaux", [(ImpactKind.NARROWED, "Une voie dans chaque sens."),
                                         (ImpactKind.BUS_MOVED, "Ligne 1 : arrêts provisoires.")]),
    ("Tram T1 : pose de la voie", [(ImpactKind.ROAD_CLOSED, "Carrefours fermés par phases."),
                                   (ImpactKind.DETOUR, "Déviation par les boulevards."),
                                   (ImpactKind.NOISE, "Travaux de nuit certaines semaines.")]),
    ("Tram T1 : construction d'une station", [(ImpactKind.PARKING_REMOVED, "Parking de la place supprimé."),
                                              (ImpactKind.FOOTPATH, "Cheminement piéton balisé.")]),
]  # fmt: skip
OWNERS = ["Ville de Villeneuve-du-Parvis", "Syndicat des eaux du Val", "Régie du tram T1"]
CONTRACTORS = ["TP Berry", "Réseaux Centre", "Voirie et Paysages", "Électricité du Val"]


@dataclass(frozen=True)
class Planned:
    slug: str
    title: str
    place: BaseGeometry  # km, local plane
    starts_in: int  # days from the build
    lasts: int | None  # days; None: end not known
    impacts: list[tuple[str, str]]
    owner: str
    contractor: str
    on_tram: bool


def _timing(index: int, rng: random.Random) -> tuple[int, int | None]:
    phase = index % 3
    if phase == 0:  # finished
        start = -rng.randint(40, 160)
        return start, rng.randint(5, -start - 2)
    if phase == 1:  # going on
        return -rng.randint(1, 30), None if index % 4 == 1 else rng.randint(35, 120)
    return rng.randint(3, 75), rng.randint(5, 90)  # to come


def _tram_pieces(route: list[tuple[float, float]], inside: BaseGeometry) -> list[LineString]:
    """ON_THE_TRAM_ROUTE pieces of the tram's route, evenly spread, inside the town."""
    line = LineString(route).intersection(inside)
    length = line.length
    step = length / ON_THE_TRAM_ROUTE
    pieces = []
    for number in range(ON_THE_TRAM_ROUTE):
        start = number * step + step * 0.15
        pieces.append(_substring(line, start, start + step * 0.6))
    return pieces


def _substring(line: BaseGeometry, start: float, end: float) -> LineString:
    points = [line.interpolate(start)]
    points += [Point(xy) for xy in line.coords if start < line.project(Point(xy)) < end]
    points.append(line.interpolate(end))
    return LineString(points)


def _street_place(rng: random.Random, inside: BaseGeometry) -> BaseGeometry:
    min_x, min_y, max_x, max_y = inside.bounds
    while True:
        here = Point(rng.uniform(min_x, max_x), rng.uniform(min_y, max_y))
        if not inside.contains(here):
            continue
        if rng.random() < 0.4:
            return here
        angle = rng.uniform(0, math.pi)
        length = rng.uniform(0.08, 0.35)
        there = Point(here.x + length * math.cos(angle), here.y + length * math.sin(angle))
        if inside.contains(there):
            return LineString([here, there])


def planned() -> Iterator[Planned]:
    """The 40 works, always the same."""
    from parvis.demo.content import TRAM_ROUTE_KM

    rng = random.Random(f"{SEED}:roadworks")
    # A margin inside the outline: the neighbourhoods' borders are bent a little.
    inside = town_outline().buffer(-0.12)
    tram = _tram_pieces(list(TRAM_ROUTE_KM), inside)
    for index in range(COUNT):
        on_tram = index < ON_THE_TRAM_ROUTE
        title, impacts = TRAM_JOBS[index % len(TRAM_JOBS)] if on_tram else JOBS[index % len(JOBS)]
        starts_in, lasts = _timing(index, rng)
        yield Planned(
            slug=f"travaux-{index + 1:02d}",
            title=title,
            place=tram[index] if on_tram else _street_place(rng, inside),
            starts_in=starts_in,
            lasts=lasts,
            impacts=list(impacts),
            owner=OWNERS[2] if on_tram else OWNERS[index % 2],
            contractor=CONTRACTORS[index % len(CONTRACTORS)],
            on_tram=on_tram,
        )


def _geojson(geometry: BaseGeometry) -> dict:
    if isinstance(geometry, Point):
        return {"type": "Point", "coordinates": [round(geometry.x, 6), round(geometry.y, 6)]}
    return {
        "type": "LineString",
        "coordinates": [[round(x, 6), round(y, 6)] for x, y in geometry.coords],
    }


def _nearest_street(addresses: list[tuple[float, float, str]], lat: float, lon: float) -> str:
    if not addresses:
        return ""
    return min(addresses, key=lambda row: (row[0] - lat) ** 2 + (row[1] - lon) ** 2)[2]


def roadworks_ensure(*, centre: tuple[float, float], tram: Space) -> int:
    """Create the demo's works not there yet; how many were created."""
    present = set(Works.objects.filter(slug__startswith="travaux-").values_list("slug", flat=True))
    wanted = [works for works in planned() if works.slug not in present]
    if not wanted:
        return 0
    plane = LocalPlane(centre_lat=centre[0], centre_lon=centre[1])
    addresses = list(Address.objects.values_list("lat", "lon", "street__name"))
    today = timezone.localdate()
    now = timezone.now()
    for plan in wanted:
        geometry = _geojson(plane.to_lonlat(plan.place))
        starts_on = today + timedelta(days=plan.starts_in)
        works = Works(
            slug=plan.slug,
            title=plan.title,
            description=(
                "Les travaux sont réalisés par tranches pour limiter la gêne. "
                "Les riverains gardent l'accès à leur logement.\n\n"
                "**Information** : mairie, service de la voirie."
            ),
            geometry=geometry,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=plan.lasts) if plan.lasts is not None else None,
            owner=plan.owner,
            contractor=plan.contractor,
            space=tram if plan.on_tram else None,
            is_published=True,
            announced_at=now if plan.starts_in <= 0 else None,
        )
        works_save(works=works, actor=None)
        works.location_text = _nearest_street(addresses, works.lat, works.lon)
        works.save(update_fields=["location_text"])
        Impact.objects.bulk_create(
            Impact(works=works, kind=kind, text=text, position=position)
            for position, (kind, text) in enumerate(plan.impacts)
        )
        works_index(works)  # its street and impacts in its search document
    return len(wanted)
