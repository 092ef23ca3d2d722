"""The demo town's odour panel: twenty residents who note, each morning or evening, whether
they smell the sewage works by the river, and how strongly, for the last five months.

Built once: its dates are counted back from the first build (like the news, see
`timeline`), so later runs find the campaign and change nothing. The observations are
written in one bulk insert; most lie around the works, downwind, the others anywhere in
the neighbourhoods (every position inside one of them).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone
from shapely.geometry import Point, shape
from shapely.prepared import prep

from parvis.observations.models import Campaign, Member, Observation
from parvis.reports.models import Category

SLUG = "reseau-des-nez"
CATEGORY_SLUG = "odeur-reseau"
MEMBERS = 20
OBSERVATIONS = 2_000
DAYS = 150
#: The sewage works, in kilometres east and north of the town's centre.
SOURCE_KM = (1.6, -1.1)
KINDS = ["égout", "vase", "chimique", "brûlé"]
FIRST_NAMES = [
    "Agnès", "Bruno", "Céline", "Damien", "Élodie", "Fabrice", "Gaëlle", "Hugo", "Inès",
    "Jacques", "Karima", "Louis", "Maëlle", "Nicolas", "Odile", "Pascal", "Quentin", "Rose",
    "Samuel", "Thérèse",
]  # fmt: skip

FIELDS = [
    {"key": "intensity", "label": "Intensité", "kind": "integer", "min": 1, "max": 5,
     "required": True},
    {"key": "kind", "label": "Odeur", "kind": "choice", "choices": KINDS, "required": True},
    {"key": "duration", "label": "Durée", "kind": "text", "required": False},
]  # fmt: skip


def observations_ensure(
    *,
    neighbourhoods: list[dict],
    centre: tuple[float, float],
    user_ensure: Callable[..., Any],
    email_domain: str,
    report: Any,
) -> None:
    """The panel, its members and observations, unless the campaign is there already."""
    if Campaign.objects.filter(slug=SLUG).exists():
        return
    rng = random.Random("reseau-des-nez")
    category, created = Category.objects.get_or_create(
        slug=CATEGORY_SLUG,
        defaults={
            "name": "Odeurs (réseau de nez)",
            "description": "Ce que les membres du réseau de nez remarquent.",
            "extra_fields": FIELDS,
        },
    )
    if created:
        report.created["report category"] += 1
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name="Réseau des nez",
        slug=SLUG,
        description=(
            "Vingt habitants volontaires notent chaque jour s’ils sentent la station "
            "d’épuration des bords de rivière, et avec quelle intensité. Leurs relevés aident "
            "la ville et l’exploitant à trouver quand et par quel vent les odeurs arrivent."
        ),
        category=category,
        starts_on=today - timedelta(days=DAYS),
        is_published=True,
    )
    report.created["observation campaign"] += 1
    members = []
    for i, first_name in enumerate(FIRST_NAMES[:MEMBERS]):
        user, __ = user_ensure(
            email=f"nez-{i + 1:02}@{email_domain}",
            first_name=first_name,
            last_name="",
            display_name=first_name,
            report=report,
        )
        members.append(Member(campaign=campaign, user=user, is_coordinator=i == 0))
    members = Member.objects.bulk_create(members)
    report.created["campaign member"] += len(members)

    areas = [prep(shape(area)) for area in neighbourhoods]
    town = shape({"type": "GeometryCollection", "geometries": neighbourhoods}).bounds
    lat0, lon0 = centre
    km_lat, km_lon = 110.574, 111.320 * math.cos(math.radians(lat0))
    source = (lat0 + SOURCE_KM[1] / km_lat, lon0 + SOURCE_KM[0] / km_lon)

    def position() -> tuple[float, float]:
        while True:
            if rng.random() < 0.7:
                lat = rng.gauss(source[0], 0.5 / km_lat)
                lon = rng.gauss(source[1], 0.7 / km_lon)
            else:
                lon, lat = rng.uniform(town[0], town[2]), rng.uniform(town[1], town[3])
            if any(area.contains(Point(lon, lat)) for area in areas):
                return round(lat, 6), round(lon, 6)

    rows = []
    for __ in range(OBSERVATIONS):
        member = rng.choice(members)
        day = today - timedelta(days=rng.randrange(DAYS))
        moment = time(rng.choice([7, 8, 19, 21]), rng.randrange(60))
        lat, lon = position()
        near = math.hypot((lat - source[0]) * km_lat, (lon - source[1]) * km_lon) < 1.5
        # Summer smells more, and so does the works' side of town.
        warm = 1 + math.sin(math.pi * (day.timetuple().tm_yday - 80) / 365)
        if rng.random() < (0.75 if near else 0.2) * warm / 2 + 0.1:
            values = {
                "intensity": max(1, min(5, round(rng.gauss(3.2 if near else 1.8, 1)))),
                "kind": rng.choice(KINDS[:2] if near else KINDS),
            }
        else:
            values = {}
        rows.append(
            Observation(
                campaign=campaign,
                member=member,
                observed_at=timezone.make_aware(datetime.combine(day, moment)),
                lat=lat,
                lon=lon,
                values=values,
            )
        )
    Observation.objects.bulk_create(rows, batch_size=500)
    report.created["observation"] += len(rows)
