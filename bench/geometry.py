"""Time `parse_area` on the costliest boundaries a person can send, at Parvis's limits.

    .venv/bin/python bench/geometry.py

Every case is built from a seeded or regular construction (the same shapes on every run),
checked by `parvis.core.geo.parse_area` — what the back office's boundary field runs —
five times, and printed with its size, the estimate that bounds GEOS's validity test
(`_overlap_estimate`, limit `MAX_OVERLAPS`), its outcome (accepted, or the refusal's code)
and the median time. The "unguarded" lines then time the shapely calls the limits keep
away from untrusted input, on the same shapes, each in a child process stopped after
UNGUARDED_LIMIT seconds, so the figures show what each limit saves. Nothing is asserted:
the tests prove that each refusal comes before any costly call; this script shows times.
"""

from __future__ import annotations

import math
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import shapely
from common import load_average, machine, say
from django.core.exceptions import ValidationError

from parvis.core import geo

# Around the demo town, longitude first; about 1 km = 0.013° of longitude, 0.009° of latitude.
LON, LAT = 1.69, 46.81
Ring = list[list[float]]
UNGUARDED_LIMIT = 30


def circle(cx: float, cy: float, radius: float, points: int, *, clockwise: bool = False) -> Ring:
    ring = [
        [
            cx + radius * math.cos(2 * math.pi * i / points),
            cy + radius * math.sin(2 * math.pi * i / points),
        ]
        for i in range(points)
    ]
    if clockwise:
        ring.reverse()
    return [*ring, ring[0]]


def square(x: float, y: float, side: float) -> Ring:
    return [[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]


def multipolygon(parts: list[list[Ring]]) -> dict:
    return {"type": "MultiPolygon", "coordinates": parts}


def polygon(*rings: Ring) -> dict:
    return {"type": "Polygon", "coordinates": list(rings)}


def spiral_band(turns: int, per_turn: int, *, offset: float = 0.0, width: float = 0.4) -> Ring:
    """A band winding `turns` times around the centre: one valid ring.

    Its points lie on the same `per_turn` bearings on every turn, so each turn is the last
    one scaled up and no two turns cross, however many there are.
    """
    side = turns * per_turn + 1
    inner, outer = [], []
    for i in range(side):
        angle = 2 * math.pi * i / per_turn
        radius = 0.001 * (1 + offset + i / per_turn)
        for out, r in ((inner, radius), (outer, radius + 0.001 * width)):
            out.append([LON + r * math.cos(angle), LAT + r * math.sin(angle)])
    ring = inner + outer[::-1]
    return [*ring, ring[0]]


def zigzag(points: int) -> Ring:
    """One ring whose every segment crosses many others (a comb folded over itself)."""
    half = points // 2
    forth = [[LON + 0.01 * i / half, LAT + 0.01 * (i % 2)] for i in range(half)]
    back = [[LON + 0.01 * (1 - (i + 0.5) / half), LAT + 0.01 * ((i + 1) % 2)] for i in range(half)]
    ring = forth + back
    return [*ring, ring[0]]


def coastline(points: int, seed: int) -> Ring:
    """A realistic outline: a rough circle with detail at every scale, like a traced border."""
    rng = np.random.default_rng(seed)
    waves = np.arange(1, points // 4)
    phases = rng.uniform(0, 2 * math.pi, len(waves))
    angles = np.linspace(0, 2 * math.pi, points - 1, endpoint=False)
    radius = 0.02 * (
        1 + (np.sin(np.outer(angles, waves) + phases) * (0.05 / waves**0.8)).sum(axis=1)
    )
    ring = np.column_stack((LON + radius * np.cos(angles), LAT + radius * np.sin(angles)))
    return [*ring.tolist(), ring[0].tolist()]


def the_issues_boundary() -> dict:
    """1,000 overlapping 19-point rings (19,000 points): minutes and 1.3 GB before the fix."""
    return multipolygon(
        [[circle(LON + 0.0001 * i, LAT + 0.0001 * i, 0.01, 18)] for i in range(1_000)]
    )


def interleaved_spirals(per_turn: int) -> dict:
    """Two bands winding around each other, each an outline of the largest size."""
    turns = (geo.MAX_RING_VERTICES - 3) // 2 // per_turn
    return multipolygon(
        [
            [spiral_band(turns, per_turn, width=0.2)],
            [spiral_band(turns, per_turn, offset=0.5, width=0.2)],
        ]
    )


def worst_passing_spirals() -> dict:
    """The interleaved spirals with the most turns whose estimate stays under MAX_OVERLAPS."""
    per_turn = 3
    while geo._overlap_estimate(rings_of(interleaved_spirals(per_turn))) > geo.MAX_OVERLAPS:
        per_turn += 1
    return interleaved_spirals(per_turn)


def cases() -> list[tuple[str, dict]]:
    ring_max = geo.MAX_RING_VERTICES
    per_part = geo.MAX_VERTICES // geo.MAX_PARTS
    holes_per_part = geo.MAX_VERTICES // geo.MAX_PARTS // 5 - 1
    return [
        ("the issue's boundary: 1,000 overlapping 19-point rings", the_issues_boundary()),
        (
            f"{geo.MAX_PARTS} overlapping parts of {per_part} points",
            multipolygon(
                [
                    [circle(LON + 0.0001 * i, LAT + 0.0001 * i, 0.01, per_part - 1)]
                    for i in range(geo.MAX_PARTS)
                ]
            ),
        ),
        (
            f"{geo.MAX_PARTS} nested parts of {per_part} points (rings within rings)",
            multipolygon(
                [[circle(LON, LAT, 0.001 * (i + 1), per_part - 1)] for i in range(geo.MAX_PARTS)]
            ),
        ),
        (
            f"{geo.MAX_PARTS // 2} nested annuli (a target, valid), {per_part} points a ring",
            multipolygon(
                [
                    [
                        circle(LON, LAT, 0.002 * (i + 1), per_part - 1),
                        circle(LON, LAT, 0.002 * (i + 1) - 0.001, per_part - 1, clockwise=True),
                    ]
                    for i in range(geo.MAX_PARTS // 2)
                ]
            ),
        ),
        (
            f"{geo.MAX_PARTS} parts × {holes_per_part} holes (valid grid)",
            multipolygon(
                [
                    [
                        square(LON + 0.01 * (p % 10), LAT + 0.01 * (p // 10), 0.009),
                        *[
                            square(
                                LON + 0.01 * (p % 10) + 0.001 * (1 + h % 7),
                                LAT + 0.01 * (p // 10) + 0.001 * (1 + h // 7),
                                0.0005,
                            )[::-1]
                            for h in range(holes_per_part)
                        ],
                    ]
                    for p in range(geo.MAX_PARTS)
                ]
            ),
        ),
        (
            f"one ring of {ring_max} points crossing itself everywhere",
            polygon(zigzag(ring_max - 1)),
        ),
        (
            f"two circles of {ring_max} points (near the limits, valid)",
            multipolygon(
                [
                    [circle(LON, LAT, 0.01, ring_max - 1)],
                    [circle(LON + 0.03, LAT, 0.01, ring_max - 1)],
                ]
            ),
        ),
        (
            f"two jagged coastlines of {ring_max} points (realistic, valid)",
            multipolygon(
                [
                    [coastline(ring_max, seed=1)],
                    [[[lon + 0.06, lat] for lon, lat in coastline(ring_max, seed=2)]],
                ]
            ),
        ),
        (
            "two interleaved spirals, 5 points a turn (999 turns each, valid)",
            interleaved_spirals(5),
        ),
        (
            "the interleaved spirals with the most turns the estimate lets through",
            worst_passing_spirals(),
        ),
    ]


def timed(run: Callable[[], object], repeat: int = 5) -> tuple[str, float]:
    times, outcome = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            run()
            outcome = "accepted"
        except ValidationError as error:
            outcome = f"refused: {error.code}"
        times.append(time.perf_counter() - start)
    return outcome, statistics.median(times) * 1000


def rings_of(area: dict) -> list[Ring]:
    parts = [area["coordinates"]] if area["type"] == "Polygon" else area["coordinates"]
    return [ring for part in parts for ring in part]


def main() -> None:
    say(
        f"machine: {machine()}, load {load_average()}, shapely {shapely.__version__}, GEOS {shapely.geos_version_string}"
    )
    say(
        f"limits: {geo.MAX_VERTICES} points, {geo.MAX_RING_VERTICES} per outline, "
        f"{geo.MAX_PARTS} parts, {geo.MAX_HOLES} holes a part, estimate {geo.MAX_OVERLAPS:,}"
    )
    print(f"{'case':72} {'points':>7} {'estimate':>12} {'outcome':>32} {'ms':>9}")
    for name, area in cases():
        rings = rings_of(area)
        points = sum(len(ring) for ring in rings)
        estimate = geo._overlap_estimate(rings)
        outcome, ms = timed(lambda area=area: geo.parse_area(area))
        print(f"{name:72} {points:7} {estimate:12,} {outcome:>32} {ms:9.1f}", flush=True)
    say(
        f"unguarded: the same shapes given straight to shapely (one run each, {UNGUARDED_LIMIT} s at most)"
    )
    for index, (name, _area) in enumerate(cases()):
        for call in ("is_valid", "make_valid"):
            print(f"{name:72} {call:>12} {unguarded(index, call):>12}", flush=True)


def unguarded(index: int, call: str) -> str:
    """Time one shapely call in a child process, stopped after UNGUARDED_LIMIT seconds."""
    code = (
        "import sys, time, shapely; sys.argv = ['bench']; import geometry;"
        "from shapely.geometry import shape;"
        f"g = shape(geometry.cases()[{index}][1]); t = time.perf_counter();"
        f"shapely.{call}(g); print((time.perf_counter() - t) * 1000)"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=Path(__file__).parent,
            capture_output=True,
            text=True,
            timeout=UNGUARDED_LIMIT,
        )
    except subprocess.TimeoutExpired:
        return f"> {UNGUARDED_LIMIT} s"
    if done.returncode:
        return "failed"
    return f"{float(done.stdout):.1f} ms"


if __name__ == "__main__":
    main()
