"""The directory as open data: rows in the columns of the SCDL schema "Équipements
collectifs" (those the directory can fill), written as CSV, and as GeoJSON."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

from parvis.core.links import absolute_url
from parvis.core.town import current_town
from parvis.directory import selectors
from parvis.directory.models import CategoryKind, Entry

SCHEMA = "https://gitlab.com/opendatafrance/scdl/equipements/raw/v0.1.5/schema.json"
COLUMNS = (
    "COLL_NOM",
    "COLL_SIRET",
    "EQUIP_UID",
    "EQUIP_THEME",
    "EQUIP_TYPE",
    "EQUIP_NOM",
    "ADR_NUMERO",
    "ADR_NOMVOIE",
    "ADR_CODEPOSTAL",
    "ADR_COMMUNE",
    "EQUIP_LAT",
    "EQUIP_LONG",
    "EQUIP_OUVERTURE",
    "EQUIP_TEL",
    "EQUIP_EMAIL",
    "EQUIP_WEB",
)
#: The theme of the SCDL nomenclature each kind of category falls under.
THEMES = {
    CategoryKind.TOWN: "Administration",
    CategoryKind.SCHOOL: "Enseignement",
    CategoryKind.STATE: "Administration",
    CategoryKind.HEALTH: "Santé",
    CategoryKind.ASSOCIATION: "Vie associative",
    CategoryKind.OTHER: "Autre",
}
_NUMBERED = re.compile(r"^\s*(\d+(?:\s?(?:bis|ter|quater|[a-z]))?)\s+(.*)$", re.IGNORECASE)
_POSTCODE = re.compile(r"\b(\d{5})\s+(.+)$")


def _split_address(text: str) -> tuple[str, str]:
    match = _NUMBERED.match(text)
    return (match.group(1), match.group(2).strip()) if match else ("", text.strip())


def _town_place() -> tuple[str, str]:
    town = current_town()
    match = _POSTCODE.search(town.address)
    return (match.group(1), match.group(2).strip()) if match else ("", town.name)


def entry_rows() -> Iterator[dict[str, Any]]:
    town = current_town()
    postcode, commune = _town_place()
    for entry in selectors.public_entries().order_by("id").iterator(chunk_size=500):
        number, street = _split_address(entry.address_text)
        yield {
            "COLL_NOM": town.name,
            "COLL_SIRET": town.siret,
            "EQUIP_UID": entry.slug,
            "EQUIP_THEME": THEMES.get(entry.category.kind, "Autre"),  # type: ignore[call-overload]
            "EQUIP_TYPE": entry.category.name,
            "EQUIP_NOM": entry.name,
            "ADR_NUMERO": number,
            "ADR_NOMVOIE": street,
            "ADR_CODEPOSTAL": postcode,
            "ADR_COMMUNE": commune,
            "EQUIP_LAT": round(entry.lat, 6),
            "EQUIP_LONG": round(entry.lon, 6),
            "EQUIP_OUVERTURE": entry.opening_hours,
            "EQUIP_TEL": entry.phone,
            "EQUIP_EMAIL": entry.email,
            "EQUIP_WEB": entry.website,
        }


def as_csv() -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(entry_rows())
    return out.getvalue()


def _feature(entry: Entry) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(entry.lon, 6), round(entry.lat, 6)]},
        "properties": {
            "name": entry.name,
            "category": entry.category.name,
            "address": entry.address_text,
            "opening_hours": entry.opening_hours,
            "phone": entry.phone,
            "email": entry.email,
            "website": entry.website,
            "wheelchair": entry.wheelchair,
            "url": absolute_url(entry.get_absolute_url()),
        },
    }


def as_geojson() -> dict[str, Any]:
    entries = selectors.public_entries().order_by("id").iterator(chunk_size=500)
    return {"type": "FeatureCollection", "features": [_feature(e) for e in entries]}
