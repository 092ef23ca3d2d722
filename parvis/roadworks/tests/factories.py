"""Roadworks for the tests: a town of two neighbourhoods side by side around (46.81, 1.69)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from parvis.roadworks.models import Impact, Works
from parvis.roadworks.services import works_index, works_save
from parvis.spaces.models import Space
from parvis.spaces.tests.factories import make_space

LAT, LON = 46.81, 1.69
#: West (1.68 to 1.69) and east (1.69 to 1.70) halves of the town, 46.80 to 46.82.
WEST = {
    "type": "Polygon",
    "coordinates": [[[1.68, 46.80], [1.69, 46.80], [1.69, 46.82], [1.68, 46.82], [1.68, 46.80]]],
}
EAST = {
    "type": "Polygon",
    "coordinates": [[[1.69, 46.80], [1.70, 46.80], [1.70, 46.82], [1.69, 46.82], [1.69, 46.80]]],
}
#: Metres per degree of latitude, as the selectors count them.
METRES_PER_DEGREE = 111_320.0


def make_town() -> tuple[Space, Space]:
    return (
        make_space("ouest", name="Ouest", boundary=WEST),
        make_space("est", name="Est", boundary=EAST),
    )


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def point(lat: float = LAT, lon: float = LON) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


def north_of(metres: float, lat: float = LAT) -> float:
    return lat + metres / METRES_PER_DEGREE


def make_works(
    slug: str = "rue-de-la-halle",
    *,
    geometry: dict | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    impacts: list[tuple[str, str]] = (),  # type: ignore[assignment]
    is_published: bool = True,
    **fields: Any,
) -> Works:
    fields.setdefault("title", slug.replace("-", " ").capitalize())
    works = Works(
        slug=slug,
        geometry=geometry or point(),
        starts_on=starts_on or days(-1),
        ends_on=ends_on,
        is_published=is_published,
        **fields,
    )
    works_save(works=works, actor=None)
    for position, (kind, text) in enumerate(impacts):
        Impact.objects.create(works=works, kind=kind, text=text, position=position)
    if impacts:
        works_index(works)
    return works
