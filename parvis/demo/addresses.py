"""The demo town's addresses, in the Base Adresse Nationale CSV format.

`python -m parvis.demo.addresses` writes `parvis/demo/data/adresses-demo.csv`, which is
committed and imported by `parvis demo` (through `parvis.addresses.services`, as a real
town's file would be). Each neighbourhood gets three streets drawn across it, numbered as
French streets are (odd numbers on the left from the street's start, even on the right, a
"bis" here and there); every address lies inside its neighbourhood's outline. A seeded
`random.Random` per neighbourhood gives the same file on every run: a test checks the
committed file is what this script writes.

Positions are given in WGS 84 (`lon`, `lat`) and, as the BAN does, in Lambert-93 (`x`, `y`),
computed here with IGN's formulas for the Lambert conformal conic projection.
"""

from __future__ import annotations

import math
import random
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from shapely.geometry import LineString, Point, shape

from parvis.demo import content
from parvis.demo.geometry import KM_PER_DEG_LAT, SEED, neighbourhood_areas

#: The file `parvis demo` imports, written for the default centre of the demo town.
DATA_FILE = Path(__file__).parent / "data" / "adresses-demo.csv"
#: The centre the committed file was written for (the TOWN_CENTRE default).
DEFAULT_CENTRE = (46.8103, 1.6912)
#: Fictional codes: no commune has this INSEE code.
INSEE_CODE = "36999"
POSTCODE = "36000"
TOWN_NAME = "Villeneuve-du-Parvis"

HEADER = (
    "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;"
    "code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;"
    "libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;"
    "cad_parcelles"
)

#: Three streets a neighbourhood, in the order of `content.NEIGHBOURHOODS`.
STREET_NAMES = (
    ("Place de l'Église", "Rue Victor Hugo", "Boulevard de la République"),  # Centre-Ville
    ("Rue de la Gare", "Avenue Jean Jaurès", "Rue Pasteur"),  # Gare
    ("Allée des Tilleuls", "Rue des Lilas", "Rue des Acacias"),  # Les Tilleuls
    ("Rue Saint-Martin", "Rue de l'Abbaye", "Rue des Écoles"),  # Saint-Martin
    ("Rue du Moulin", "Rue des Tanneurs", "Rue du Four"),  # Faubourg du Moulin
    ("Rue Haute", "Rue du Château d'Eau", "Rue Marie Curie"),  # Les Hauts
    ("Chemin de la Prairie", "Chemin des Vignes", "Rue des Jardins"),  # La Prairie
    ("Rue de Bellevue", "Rue Jules Ferry", "Rue Émile Zola"),  # Bellevue
    ("Quai des Rives", "Rue Basse", "Rue de la Fontaine"),  # Les Rives
    ("Impasse de la Garenne", "Avenue des Peupliers", "Rue de la Paix"),  # La Garenne
)
#: Metres between two houses on the same side, and from the street's axis to a door.
SPACING_M = 30.0
SETBACK_M = 9.0
#: Numbers on one street at most.
MAX_NUMBERS = 14


def lambert93(lon: float, lat: float) -> tuple[float, float]:
    """Lambert-93 (EPSG:2154) metres of a WGS 84 position (IGN, ALG0003 and ALG0054)."""
    a, e = 6378137.0, 0.08181919106
    lon0, phi0, phi1, phi2 = map(math.radians, (3.0, 46.5, 44.0, 49.0))
    x0, y0 = 700000.0, 6600000.0

    def m(phi: float) -> float:
        return math.cos(phi) / math.sqrt(1 - (e * math.sin(phi)) ** 2)

    def t(phi: float) -> float:
        s = e * math.sin(phi)
        return math.tan(math.pi / 4 - phi / 2) / ((1 - s) / (1 + s)) ** (e / 2)

    n = math.log(m(phi1) / m(phi2)) / math.log(t(phi1) / t(phi2))
    f = m(phi1) / (n * t(phi1) ** n)
    rho0 = a * f * t(phi0) ** n
    rho = a * f * t(math.radians(lat)) ** n
    theta = n * (math.radians(lon) - lon0)
    return x0 + rho * math.sin(theta), y0 + rho0 - rho * math.cos(theta)


def _afnor(name: str) -> str:
    """The name as AFNOR NF Z 10-011 writes it on mail: capitals without accents, 32 at most."""
    bare = unicodedata.normalize("NFKD", name.upper())
    bare = "".join(c for c in bare if not unicodedata.combining(c))
    return bare.replace("'", " ").replace("-", " ")[:32]


class _Plane:
    """Metres around a centre ↔ longitude/latitude, as `geometry.LocalPlane` in km."""

    def __init__(self, centre: tuple[float, float]) -> None:
        self.lat0, self.lon0 = centre
        self.m_per_deg_lon = 111_320.0 * math.cos(math.radians(self.lat0))
        self.m_per_deg_lat = KM_PER_DEG_LAT * 1000

    def to_m(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.lon0) * self.m_per_deg_lon, (lat - self.lat0) * self.m_per_deg_lat

    def to_lonlat(self, x: float, y: float) -> tuple[float, float]:
        return self.lon0 + x / self.m_per_deg_lon, self.lat0 + y / self.m_per_deg_lat


def _street_line(area: object, rng: random.Random) -> LineString | None:
    """A straight street across the area (metres), kept clear of its edges, or None."""
    inner = area.buffer(-25)  # type: ignore[attr-defined]
    if inner.is_empty:
        return None
    min_x, min_y, max_x, max_y = inner.bounds
    for _attempt in range(50):
        x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
        if not inner.contains(Point(x, y)):
            continue
        angle = rng.uniform(0, math.pi)
        dx, dy = math.cos(angle) * 3000, math.sin(angle) * 3000
        cut = LineString([(x - dx, y - dy), (x + dx, y + dy)]).intersection(inner)
        pieces = [piece for piece in getattr(cut, "geoms", [cut]) if isinstance(piece, LineString)]
        if not pieces:
            continue
        longest = max(pieces, key=lambda piece: piece.length)
        if longest.length >= 150:
            return longest
    return None


def rows(centre: tuple[float, float] = DEFAULT_CENTRE) -> Iterator[list[str]]:
    """The file's rows after its header, neighbourhood by neighbourhood."""
    plane = _Plane(centre)
    areas = neighbourhood_areas(
        seeds=[neighbourhood.seed for neighbourhood in content.NEIGHBOURHOODS], centre=centre
    )
    code = 0
    for neighbourhood, names in zip(content.NEIGHBOURHOODS, STREET_NAMES, strict=True):
        rng = random.Random(f"{SEED}:addresses:{neighbourhood.slug}")
        outline = shape(areas[neighbourhood.slug])
        local = shape(
            {
                "type": "Polygon",
                "coordinates": [
                    [plane.to_m(lon, lat) for lon, lat in ring]
                    for ring in areas[neighbourhood.slug]["coordinates"]
                ],
            }
        )
        for name in names:
            code += 10
            line = _street_line(local, rng)
            if line is None:
                continue
            (x0, y0), (x1, y1) = line.coords[0], line.coords[-1]
            length = line.length
            ux, uy = (x1 - x0) / length, (y1 - y0) / length
            steps = min(MAX_NUMBERS // 2, int(length // SPACING_M))
            for step in range(steps):
                along = SPACING_M * (step + 0.5)
                for side, number in ((1, 2 * step + 1), (-1, 2 * step + 2)):
                    # Odd numbers on the left going from the start, even on the right.
                    x = x0 + ux * along - uy * SETBACK_M * side
                    y = y0 + uy * along + ux * SETBACK_M * side
                    suffixes = [""] + (["bis"] if rng.random() < 0.07 else [])
                    for suffix in suffixes:
                        shift = 6.0 if suffix else 0.0
                        lon, lat = plane.to_lonlat(x + ux * shift, y + uy * shift)
                        lon, lat = round(lon, 6), round(lat, 6)
                        if not outline.covers(Point(lon, lat)):
                            continue
                        yield _row(name, code, number, suffix, lon, lat)


def _row(name: str, code: int, number: int, suffix: str, lon: float, lat: float) -> list[str]:
    street_id = f"{INSEE_CODE}_{code:04d}"
    x, y = lambert93(lon, lat)
    return [
        f"{street_id}_{number:05d}" + (f"_{suffix}" if suffix else ""),
        street_id,
        str(number),
        suffix,
        name,
        POSTCODE,
        INSEE_CODE,
        TOWN_NAME,
        "",
        "",
        f"{x:.2f}",
        f"{y:.2f}",
        f"{lon:.6f}",
        f"{lat:.6f}",
        "entrée",
        "",
        "",
        _afnor(TOWN_NAME),
        _afnor(name),
        "commune",
        "commune",
        "1",
        "",
    ]


def lines(centre: tuple[float, float] = DEFAULT_CENTRE) -> Iterator[str]:
    """The file, line by line (with their line ends), as `addresses_import` reads it."""
    yield HEADER + "\n"
    for row in rows(centre):
        yield ";".join(row) + "\n"


def main() -> None:
    DATA_FILE.parent.mkdir(exist_ok=True)
    with DATA_FILE.open("w", encoding="utf-8", newline="") as out:
        out.writelines(lines())
    count = sum(1 for _ in DATA_FILE.open(encoding="utf-8")) - 1
    sys.stdout.write(f"{DATA_FILE}: {count} addresses.\n")


if __name__ == "__main__":
    main()
