"""Charts drawn on the server as SVG, which need no script and read out as images with a
title and a description (each chart is followed by its data as a table on the page).

- `day_chart`: a bar per day (how many observations noticed something), and the day's mean
  of the category's numeric field (an odour's intensity) as a line over them.
- `heat_map`: the observations counted by cell of the map grid (`core.maps.cluster_rows`, in
  SQL), each cell shaded by its count, over the outlines of the town's neighbourhoods.
"""

from __future__ import annotations

import math
from typing import Any

from django.db.models import QuerySet
from shapely.geometry import shape

from parvis.core.geo import BBox
from parvis.core.maps import cell_size, cluster_rows

WIDTH, HEIGHT, MARGIN = 640, 220, 28
#: Shades from few to many, light to dark (each against white text or lines at AA contrast
#: where text is drawn: the counts are in the table, not on the cells).
SHADES = ["#fde0c5", "#facba6", "#f59e72", "#ea6f4a", "#b9382a"]


def day_chart(days: list[dict[str, Any]], *, mean_max: int | None) -> dict[str, Any]:
    """Bars and a line for the rows of `selectors.daily`."""
    top = max([day["noticed"] for day in days] + [1])
    step = (WIDTH - 2 * MARGIN) / max(len(days), 1)
    inner = HEIGHT - 2 * MARGIN
    bars, points = [], []
    for i, day in enumerate(days):
        x = MARGIN + i * step
        height = inner * day["noticed"] / top
        bars.append(
            {"x": round(x + step * 0.1, 1), "y": round(HEIGHT - MARGIN - height, 1),
             "width": round(max(step * 0.8, 0.5), 1), "height": round(height, 1)}
        )  # fmt: skip
        if mean_max and day["mean"] is not None:
            y = HEIGHT - MARGIN - inner * day["mean"] / mean_max
            points.append(f"{x + step / 2:.1f},{y:.1f}")
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "margin": MARGIN,
        "baseline": HEIGHT - MARGIN,
        "top": top,
        "bars": bars,
        "line": " ".join(points),
        "mean_max": mean_max,
    }


def heat_map(
    observations: QuerySet[Any], *, box: BBox, outlines: list[dict], columns: int = 48
) -> dict[str, Any]:
    """The observations of `observations` counted by cell over `box` (about `columns` cells
    across), as shaded squares over `outlines` (GeoJSON areas): one GROUP BY."""
    zoom = max(0, min(20, round(math.log2(360.0 / 4 / ((box.max_lon - box.min_lon) / columns)))))
    size = cell_size(zoom)
    x_scale = math.cos(math.radians((box.min_lat + box.max_lat) / 2))
    span_x, span_y = (box.max_lon - box.min_lon) * x_scale, box.max_lat - box.min_lat
    scale = (WIDTH - 2 * MARGIN) / span_x
    height = round(span_y * scale + 2 * MARGIN)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return MARGIN + (lon - box.min_lon) * x_scale * scale, MARGIN + (box.max_lat - lat) * scale

    rows = list(cluster_rows(observations, box, zoom))
    top = max([row["count"] for row in rows] + [1])
    cells = []
    for row in rows:
        x, y = xy(row["cell_x"] * size, (row["cell_y"] + 1) * size)
        side_x, side_y = size * x_scale * scale, size * scale
        shade = SHADES[min(len(SHADES) - 1, int(len(SHADES) * row["count"] / (top + 1)))]
        cells.append(
            {"x": round(x, 1), "y": round(y, 1), "width": round(side_x, 1),
             "height": round(side_y, 1), "fill": shade}
        )  # fmt: skip
    paths = []
    for area in outlines:
        for polygon in getattr(shape(area), "geoms", [shape(area)]):
            ring = [xy(lon, lat) for lon, lat in polygon.exterior.coords]
            paths.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + " Z")
    hottest = sorted(rows, key=lambda row: -row["count"])[:10]
    return {
        "width": WIDTH,
        "height": height,
        "cells": cells,
        "outlines": paths,
        "hottest": [
            {"count": row["count"], "lat": row["mean_lat"], "lon": row["mean_lon"]}
            for row in hottest
        ],
        "shades": SHADES,
        "top": top,
    }
