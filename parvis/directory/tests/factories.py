"""Directory entries for the tests: a town whose one neighbourhood is a square around
(46.81, 1.69), and entries in it."""

from __future__ import annotations

from typing import Any

from parvis.directory.models import CategoryKind, DirectoryCategory, Entry
from parvis.spaces.tests.factories import make_space

LAT, LON = 46.81, 1.69
TOWN = {
    "type": "Polygon",
    "coordinates": [[[1.68, 46.80], [1.70, 46.80], [1.70, 46.82], [1.68, 46.82], [1.68, 46.80]]],
}
HOURS = "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00"


def make_town() -> Any:
    return make_space("centre", name="Centre", boundary=TOWN)


def make_category(slug: str = "mairie", kind: str = CategoryKind.TOWN) -> DirectoryCategory:
    return DirectoryCategory.objects.create(name=slug.title(), slug=slug, kind=kind)


def make_entry(category: DirectoryCategory, number: int = 1, **values: Any) -> Entry:
    values.setdefault("name", f"Service {number:04d}")
    values.setdefault("slug", f"service-{number:04d}")
    values.setdefault("lat", LAT + number * 1e-5)
    values.setdefault("lon", LON)
    values.setdefault("opening_hours", HOURS)
    values.setdefault("address_text", f"{number} Rue de la Halle")
    return Entry.objects.create(category=category, **values)


def make_entries(category: DirectoryCategory, count: int) -> list[Entry]:
    return Entry.objects.bulk_create(
        Entry(
            category=category,
            name=f"Service {n:04d}",
            slug=f"service-{n:04d}",
            lat=LAT + (n % 50) * 1e-4,
            lon=LON + (n // 50) * 1e-4,
            opening_hours=HOURS,
            address_text=f"{n} Rue de la Halle",
        )
        for n in range(1, count + 1)
    )
