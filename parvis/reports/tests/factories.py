"""Reports for the tests: a town whose one neighbourhood is a square around (46.81, 1.69)."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.base import ContentFile
from PIL import Image

from parvis.reports.models import Category
from parvis.spaces.tests.factories import make_space

LAT, LON = 46.81, 1.69
#: A square of about 2.2 km by 1.5 km around the point: the whole town.
TOWN = {
    "type": "Polygon",
    "coordinates": [[[1.68, 46.80], [1.70, 46.80], [1.70, 46.82], [1.68, 46.82], [1.68, 46.80]]],
}
#: Metres per degree of latitude on the mean Earth sphere (R = 6371008.8 m).
METRES_PER_DEGREE_LAT = 111_194.93

ODOUR_FIELDS = [
    {
        "key": "intensity",
        "label": "Intensité",
        "kind": "integer",
        "min": 1,
        "max": 5,
        "required": True,
    },
    {
        "key": "smell",
        "label": "Odeur",
        "kind": "choice",
        "choices": ["égout", "brûlé", "chimique"],
        "required": True,
    },
    {"key": "duration", "label": "Durée", "kind": "text", "required": False},
]
NOISE_FIELDS = [
    {
        "key": "kind",
        "label": "Type de bruit",
        "kind": "choice",
        "choices": ["chantier", "musique"],
        "required": True,
    },
    {"key": "time", "label": "Heure", "kind": "time", "required": False},
]


def make_town() -> Any:
    return make_space("centre", name="Centre", boundary=TOWN)


def make_category(slug: str = "odeur", *, fields: list | None = None, **values: Any) -> Category:
    values.setdefault("name", slug.title())
    return Category.objects.create(
        slug=slug, extra_fields=ODOUR_FIELDS if fields is None else fields, **values
    )


def north_of(metres: float) -> float:
    """The latitude `metres` north of LAT."""
    return LAT + metres / METRES_PER_DEGREE_LAT


def png_file(name: str = "photo.png", size: tuple[int, int] = (40, 30)) -> ContentFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return ContentFile(out.getvalue(), name=name)
