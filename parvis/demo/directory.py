"""The demo town's directory: 1,500 public places (town services, schools, state services,
health, associations) spread over its neighbourhoods, with hours in the OpenStreetMap
syntax, contacts and wheelchair access. Deterministic (a seeded generator), written in bulk,
built once: a later run finds the entries and changes nothing."""

from __future__ import annotations

import random
from typing import Any

from shapely.geometry import Point, shape
from shapely.prepared import prep

from parvis.directory.models import CategoryKind, DirectoryCategory, Entry, Wheelchair
from parvis.search.indexing import index_objects

ENTRIES = 1_500
CATEGORIES = [
    ("services-municipaux", "Services municipaux", CategoryKind.TOWN, "Service"),
    ("ecoles", "Écoles", CategoryKind.SCHOOL, "École"),
    ("services-de-l-etat", "Services de l’État", CategoryKind.STATE, "Bureau"),
    ("sante", "Santé", CategoryKind.HEALTH, "Cabinet médical"),
    ("associations", "Associations", CategoryKind.ASSOCIATION, "Association"),
]
HOURS = [
    "Mo-Fr 08:30-12:00,13:30-17:00",
    "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00",
    "Mo,Tu,Th,Fr 08:30-16:30; We 08:30-11:30",
    "Tu-Sa 10:00-18:00",
    "Mo-Fr 09:00-12:30,14:00-18:30",
    "Mo-Su 00:00-24:00",
    "We 14:00-18:00; Sa 10:00-12:00",
    "",
]
STREETS = ["Rue de la Halle", "Avenue de la Gare", "Rue du Moulin", "Place de l’Église",
           "Rue des Écoles", "Chemin des Vignes", "Boulevard de la Rivière"]  # fmt: skip
NAMES = ["des Tilleuls", "du Centre", "de la Rivière", "Jean-Moulin", "des Vignes",
         "du Moulin", "Saint-Martin", "des Peupliers", "du Parc", "de la Gare"]  # fmt: skip


def directory_ensure(*, neighbourhoods: list[dict], report: Any) -> None:
    """The categories and entries, unless the demo's entries are there already."""
    if Entry.objects.filter(slug__startswith="demo-").exists():
        return
    rng = random.Random("annuaire")
    categories = []
    for slug, name, kind, _word in CATEGORIES:
        category, new = DirectoryCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind}
        )
        categories.append(category)
        report.created["directory category"] += new
    areas = [prep(shape(area)) for area in neighbourhoods]
    bounds = shape({"type": "GeometryCollection", "geometries": neighbourhoods}).bounds

    def position() -> tuple[float, float]:
        while True:
            lon, lat = rng.uniform(bounds[0], bounds[2]), rng.uniform(bounds[1], bounds[3])
            if any(area.contains(Point(lon, lat)) for area in areas):
                return round(lat, 6), round(lon, 6)

    rows = []
    for number in range(1, ENTRIES + 1):
        index = rng.randrange(len(CATEGORIES))
        category, word = categories[index], CATEGORIES[index][3]
        lat, lon = position()
        rows.append(
            Entry(
                name=f"{word} {rng.choice(NAMES)} n° {number}",
                slug=f"demo-{number:04d}",
                category=category,
                lat=lat,
                lon=lon,
                address_text=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                opening_hours=rng.choice(HOURS),
                phone=f"02 54 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                email=f"contact-{number}@villeneuve-du-parvis.example"
                if rng.random() < 0.5
                else "",
                website=f"https://villeneuve-du-parvis.example/annuaire/{number}"
                if rng.random() < 0.3
                else "",
                wheelchair=rng.choice([w.value for w in Wheelchair]),
            )
        )
    created = Entry.objects.bulk_create(rows, batch_size=500)
    report.created["directory entry"] += len(created)
    # Written in bulk: the search index hears of them here.
    index_objects(Entry.objects.filter(slug__startswith="demo-").select_related("category"))
