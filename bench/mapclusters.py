"""How long the map endpoint's answer takes (`parvis.core.maps.features`: points or clusters
in a box) with N positions in the town, at town zoom and at street zoom, uncached.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parvis_bench_maps \\
        SECRET_KEY=x .venv/bin/python bench/mapclusters.py --points 100000

Makes its own table (`bench_map_point`: `Located`'s lat and lon, and their index), fills it
with COPY (PostgreSQL) or bulk inserts (SQLite) from a seeded generator (most points around
a few neighbourhood centres, the rest spread over the town), then asks `--requests` boxes
of a 1280 by 900 screen at each zoom, at random places in the town, and prints p50, p95 and
the answers per second of one thread, with the query plan of the clusters' query (`--explain`).
It drops its table at the end. It prints figures; it asserts nothing.

With `--layer KEY`, it measures instead a layer an app declares (`reports`, `directory`…),
on the rows the database already holds (filled by `bench/open311.py --keep`, say): from the
rows, then from its cells once counted (`parvis.core.maps.cells_build`, timed).
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parvis.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.common import town_positions  # noqa: E402
from parvis.core import maps  # noqa: E402
from parvis.core.geo import BBox, Located  # noqa: E402
from parvis.core.models import MapCell, MapCellBuild  # noqa: E402
from parvis.directory.models import CategoryKind, DirectoryCategory, Entry  # noqa: E402

SCREEN = (1280, 900)
ZOOMS = {"whole town": 11, "town": 13, "street": 17}


class BenchPoint(Located):
    title = models.CharField(max_length=40, default="")

    class Meta(Located.Meta):
        app_label = "core"
        db_table = "bench_map_point"
        managed = False
        ordering = ["id"]


def fill(count: int, seed: int) -> float:
    """`count` points in the town: 80 % around 12 centres, the rest anywhere in it."""
    positions = town_positions(count, settings.MAP_BOUNDS, seed)
    started = time.perf_counter()
    with connection.schema_editor() as editor:
        editor.execute("DROP TABLE IF EXISTS bench_map_point")
        BenchPoint._meta.managed = True
        editor.create_model(BenchPoint)
        BenchPoint._meta.managed = False
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS core_benchpoint_latlon")
            copy_sql = "COPY bench_map_point (lat, lon, title) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:  # type: ignore[attr-defined]
                buffer = io.StringIO()
                for i, (lon, lat) in enumerate(positions):
                    buffer.write(f"{lat}\t{lon}\tPoint {i}\n")
                    if i % 50_000 == 49_999:
                        copy.write(buffer.getvalue())
                        buffer = io.StringIO()
                copy.write(buffer.getvalue())
            cursor.execute("CREATE INDEX core_benchpoint_latlon ON bench_map_point (lat, lon)")
            # As autovacuum leaves a table: statistics, and the visibility map that lets
            # the clusters' query read the index alone.
            cursor.execute("VACUUM ANALYZE bench_map_point")
    else:
        batch = []
        for i, (lon, lat) in enumerate(positions):
            batch.append(BenchPoint(lat=lat, lon=lon, title=f"Point {i}"))
            if len(batch) == 10_000:
                BenchPoint.objects.bulk_create(batch)
                batch = []
        BenchPoint.objects.bulk_create(batch)
    return time.perf_counter() - started


def fill_directory(count: int, seed: int) -> float:
    """`count` published directory entries spread over the town as `fill` spreads its
    points, in a category of their own; each recognisable by its slug ("bench-…")."""
    started = time.perf_counter()
    Entry.objects.filter(slug__startswith="bench-").delete()
    category, __ = DirectoryCategory.objects.get_or_create(
        slug="bench-services", defaults={"name": "Bench", "kind": CategoryKind.TOWN}
    )
    batch = []
    for i, (lon, lat) in enumerate(town_positions(count, settings.MAP_BOUNDS, seed)):
        batch.append(
            Entry(name=f"Service {i}", slug=f"bench-{i}", category=category, lat=lat, lon=lon)
        )
        if len(batch) == 10_000:
            Entry.objects.bulk_create(batch)
            batch = []
    Entry.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE directory_entry")
    return time.perf_counter() - started


def screen_box(rng: random.Random, zoom: int) -> BBox:
    """A screen's box at `zoom`, centred at a random place of the town."""
    min_lon, min_lat, max_lon, max_lat = settings.MAP_BOUNDS
    lon, lat = rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)
    degrees_per_pixel = 360 / (256 * 2**zoom)
    half_w = SCREEN[0] / 2 * degrees_per_pixel
    half_h = SCREEN[1] / 2 * degrees_per_pixel * math.cos(math.radians(lat))
    return maps.snap(BBox(lon - half_w, lat - half_h, lon + half_w, lat + half_h), zoom)


def measure(layer: maps.MapLayer, zoom: int, requests: int, seed: int) -> dict:
    rng = random.Random(seed)
    times, kinds, sizes = [], {"point": 0, "cluster": 0}, []
    for _ in range(requests):
        box = screen_box(rng, zoom)
        started = time.perf_counter()
        body = json.dumps(maps.features(layer, box, zoom))
        times.append((time.perf_counter() - started) * 1000)
        found = json.loads(body)["features"]
        kind = found[0]["properties"]["kind"] if found else "point"
        kinds[kind] += 1
        sizes.append(len(found))
    times.sort()
    return {
        "p50": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "per_second": 1000 * len(times) / sum(times),
        "kinds": kinds,
        "features": statistics.mean(sizes),
    }


def explain(layer: maps.MapLayer, zoom: int) -> str:
    """The plan of the clusters' query (from the rows) for a screen at `zoom`."""
    box = screen_box(random.Random(1), zoom)
    query = maps.cluster_rows(layer.queryset(), box, zoom)
    options = {"analyze": True} if connection.vendor == "postgresql" else {}
    return query.explain(**options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--keep", action="store_true", help="leave the table for another run")
    parser.add_argument("--layer", help="measure this declared layer on the rows already there")
    parser.add_argument(
        "--directory-entries",
        type=int,
        default=0,
        help="with --layer directory: first add this many entries (removed after unless --keep)",
    )
    args = parser.parse_args()

    if args.layer:
        declared = maps.get_layer(args.layer)
        if declared is None:
            sys.exit(f"No map layer {args.layer!r}: {[layer.key for layer in maps.map_layers()]}")
        if args.directory_entries:
            took = fill_directory(args.directory_entries, args.seed)
            print(f"added {args.directory_entries:,} directory entries in {took:.1f} s")
        count = declared.queryset().count()
        print(f"database: {connection.vendor}; layer {args.layer}: {count:,} objects")
        # From the rows first: no cells of an earlier run (the rows may have changed under
        # them without a generation's change, filled by SQL), none asked for.
        MapCell.objects.filter(layer=args.layer).delete()
        MapCellBuild.objects.filter(layer=args.layer).delete()
        maps.forget_cells()
        settings.MAP_CELLS_FROM = 10**12
        run(declared, args, "rows")
        started = time.perf_counter()
        built = maps.cells_build(args.layer)
        took = time.perf_counter() - started
        print(f"\ncells counted in {took:.1f} s: {built:,} cells of {len(maps.CELL_ZOOMS)} zooms\n")
        run(declared, args, "cells")
        if args.explain:
            print(f"\nplan of the cells' query at zoom 13:\n{explain_cells(args.layer, 13)}\n")
        if args.directory_entries and not args.keep:
            Entry.objects.filter(slug__startswith="bench-").delete()
        return

    print(f"database: {connection.vendor}; points: {args.points:,}; box: {SCREEN} px screen")
    filled = fill(args.points, args.seed)
    print(f"filled in {filled:.1f} s")
    layer = maps.map_layer(
        "bench",
        label="bench",
        queryset=lambda: BenchPoint.objects.all(),
        title=lambda point: point.title,
        url=lambda point: f"/points/{point.pk}/",
    )
    try:
        # First from the rows (no cells yet, none asked for), then from the cells.
        settings.MAP_CELLS_FROM = 10**12
        run(layer, args, "rows")
        started = time.perf_counter()
        built = maps.cells_build("bench")
        took = time.perf_counter() - started
        print(f"\ncells counted in {took:.1f} s: {built:,} cells of {len(maps.CELL_ZOOMS)} zooms\n")
        run(layer, args, "cells")
        if args.explain:
            print(f"\nplan of the cells' query at zoom 13:\n{explain_cells('bench', 13)}\n")
    finally:
        MapCell.objects.filter(layer="bench").delete()
        MapCellBuild.objects.filter(layer="bench").delete()
        if not args.keep:
            with connection.schema_editor() as editor:
                editor.execute("DROP TABLE IF EXISTS bench_map_point")


def run(layer: maps.MapLayer, args: argparse.Namespace, source: str) -> None:
    for name, zoom in ZOOMS.items():
        measure(layer, zoom, 20, args.seed + 1)  # warm: the cache of the database
        found = measure(layer, zoom, args.requests, args.seed)
        print(
            f"{source}, {name} zoom {zoom}: p50 {found['p50']:.1f} ms, p95 {found['p95']:.1f} ms, "
            f"{found['per_second']:.0f} answers/s (one thread); "
            f"{found['kinds']['cluster']} clustered, {found['kinds']['point']} as points, "
            f"{found['features']:.0f} features on average"
        )
        if args.explain and source == "rows":
            print(f"\nplan of the clusters' query at zoom {zoom}:\n{explain(layer, zoom)}\n")


def explain_cells(key: str, zoom: int) -> str:
    box = screen_box(random.Random(1), zoom)
    with CaptureQueriesContext(connection) as queries:
        maps.cell_clusters(key, box, zoom)
    sql = queries.captured_queries[-1]["sql"]
    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())


if __name__ == "__main__":
    main()
