"""Time the import of a Base Adresse Nationale file and the address autocomplete.

    .venv/bin/python bench/addresses.py                  # SQLite, 100,000 addresses
    .venv/bin/python bench/addresses.py --database-url postgres://postgres@127.0.0.1:5432/parvis_bench_addresses \\
        --create-database                                # PostgreSQL

One command: a fresh database (migrate), a BAN CSV file of `--addresses` lines written from
a seeded generator (1,000 streets of a town, the same file every run, gzip-compressed as the
BAN serves it), then:

- the import through `parvis addresses_import` (first time: every row new), then again
  (every row updated), then again with `--prune` and a tenth of the lines left out;
- `address_search_with_neighbourhoods()` (what the autocomplete's JSON answers) over a fixed
  set of queries, with 10 neighbourhoods on the map, p50/p95 per query;
- `spaces_at()` for 1,000 points at once, and one point at a time.

It prints figures (and the machine's load); nothing is asserted.
"""

from __future__ import annotations

import argparse
import gzip
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

from common import load_average, machine, prepare_environment, say

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"

KINDS = ["Rue", "Avenue", "Allée", "Chemin", "Impasse", "Place", "Boulevard", "Quai"]
NAMES = """Victor Hugo, Jean Jaurès, Pasteur, de la Gare, des Écoles, du Moulin, de l'Église,
Saint-Martin, de la République, des Lilas, de la Paix, Émile Zola, des Jardins, des Vignes,
du Château d'Eau, de l'Abbaye, des Acacias, Marie Curie, des Peupliers, du Four, de la
Fontaine, des Tanneurs, Haute, Basse, des Tilleuls, de Bellevue, des Rives, de la Garenne,
Jules Ferry, Gambetta, Voltaire, Molière, Jean Moulin, du Général de Gaulle, de Verdun,
de la Liberté, des Fleurs, des Prés, du Stade, de la Mairie""".replace("\n", " ").split(", ")
HEADER = (
    "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;"
    "code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;"
    "libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;"
    "cad_parcelles"
)
CENTRE = (46.8103, 1.6912)
QUERIES = [
    "12 rue victor hugo",
    "12 rue victor h",
    "17 bis avenue jean",
    "rue de la gare",
    "gare",
    "rue",
    "1 rue",
    "51 chemin des vignes 36000",
    "chateau d eau",
    "rue inconnue",
]


def write_file(path: Path, count: int, seed: str, *, skip_every: int = 0) -> None:
    """`count` addresses in 1,000 streets spread over a 5 km square around the centre."""
    rng = random.Random(seed)
    streets = []
    for index in range(1_000):
        name = f"{KINDS[index // len(NAMES) % len(KINDS)]} {NAMES[index % len(NAMES)]}"
        if index >= len(NAMES):
            name += f" {index // len(NAMES) + 1}"  # "Rue Pasteur 3": distinct streets
        lat0 = CENTRE[0] + rng.uniform(-0.02, 0.02)
        lon0 = CENTRE[1] + rng.uniform(-0.03, 0.03)
        streets.append((index, name, lat0, lon0, rng.uniform(-1, 1), rng.uniform(-1, 1)))
    per_street = count // len(streets)
    with gzip.open(path, "wt", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\n")
        written = 0
        for index, name, lat0, lon0, dlat, dlon in streets:
            for number in range(1, per_street + 1):
                written += 1
                if skip_every and written % skip_every == 0:
                    continue
                suffix = "bis" if number % 17 == 0 else ""
                lat = lat0 + dlat * number * 0.00004
                lon = lon0 + dlon * number * 0.00006
                code = f"36999_{index:04d}"
                ban_id = f"{code}_{number:05d}" + (f"_{suffix}" if suffix else "")
                out.write(
                    f"{ban_id};{code};{number};{suffix};{name};36000;36999;Villeneuve-du-Parvis;"
                    f";;;;{lon:.6f};{lat:.6f};entrée;;;VILLENEUVE DU PARVIS;{name.upper()};"
                    "commune;commune;1;\n"
                )


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL; default: SQLite.")
    parser.add_argument("--create-database", action="store_true")
    parser.add_argument("--addresses", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50, help="Timed runs of each query.")
    parser.add_argument("--seed", default="parvis-addresses-bench")
    args = parser.parse_args()

    run_dir = RESULTS / datetime.now(UTC).strftime("addresses-%Y%m%dT%H%M%SZ")
    run_dir.mkdir(parents=True)
    postgres = prepare_environment(run_dir, args.database_url, create=args.create_database)
    database = "PostgreSQL" if postgres else "SQLite"
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    from parvis.core.datadir import prepare

    prepare()
    django.setup()
    from parvis.addresses.models import Address, Street
    from parvis.addresses.selectors import address_search_with_neighbourhoods
    from parvis.demo import content
    from parvis.demo.geometry import neighbourhood_areas
    from parvis.spaces.models import Space
    from parvis.spaces.selectors import spaces_at
    from parvis.spaces.services import space_save

    try:
        say(f"{machine()}; load {load_average()}; {database}")
        call_command("migrate", verbosity=0, interactive=False)
        areas = neighbourhood_areas(seeds=[n.seed for n in content.NEIGHBOURHOODS], centre=CENTRE)
        for slug, area in areas.items():
            space_save(
                space=Space(kind="neighbourhood", slug=slug, name=slug, boundary=area), actor=None
            )
        full, shorter = run_dir / "adresses-full.csv.gz", run_dir / "adresses-less.csv.gz"
        write_file(full, args.addresses, args.seed)
        write_file(shorter, args.addresses, args.seed, skip_every=10)
        for label, path, options in (
            ("import, all new", full, []),
            ("import again, all updated", full, []),
            ("import with --prune, a tenth gone", shorter, ["--prune"]),
        ):
            started = time.perf_counter()
            out = StringIO()
            call_command("addresses_import", str(path), *options, stdout=out, stderr=StringIO())
            elapsed = time.perf_counter() - started
            print(f"{label:38} {elapsed:7.2f} s   {out.getvalue().strip()}")
        print(f"rows: {Address.objects.count():,} addresses, {Street.objects.count():,} streets")

        print(f"\n{'autocomplete query':32} {'results':>7} {'p50 ms':>8} {'p95 ms':>8}")
        for query in QUERIES:
            address_search_with_neighbourhoods(query)  # warm
            samples = []
            for _ in range(args.runs):
                started = time.perf_counter()
                results = address_search_with_neighbourhoods(query)
                samples.append((time.perf_counter() - started) * 1000)
            print(
                f"{query:32} {len(results):7} {statistics.median(samples):8.2f} "
                f"{percentile(samples, 0.95):8.2f}"
            )

        rng = random.Random(args.seed)
        points = [
            (CENTRE[0] + rng.uniform(-0.02, 0.02), CENTRE[1] + rng.uniform(-0.03, 0.03))
            for _ in range(1_000)
        ]
        started = time.perf_counter()
        spaces_at(points)
        batch = time.perf_counter() - started
        started = time.perf_counter()
        for point in points[:200]:
            spaces_at([point])
        single = (time.perf_counter() - started) / 200
        print(
            f"\nspaces_at: 1,000 points in one call {batch * 1000:.1f} ms "
            f"({1_000 / batch:,.0f} points/s); one point a call {single * 1000:.2f} ms "
            f"({1 / single:,.0f} calls/s)"
        )
        say(f"load at the end {load_average()}")
    finally:
        if postgres and args.create_database:
            from django.db import connections

            connections.close_all()
            postgres.drop()


if __name__ == "__main__":
    main()
