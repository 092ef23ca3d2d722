"""Maps: the layers apps declare, their points or clusters by box and zoom, and their lists.

An app whose objects have a place (`parvis.core.geo.Located`: `lat` and `lon` columns with an
index) declares a layer in its `manifest.py`:

    map_layer(
        "reports",
        label=_("Reports"),
        queryset=selectors.public_reports,       # what the public may see, fetched as needed
        title=lambda report: report.title,
        url=lambda report: report.get_absolute_url(),
    )

and shows it on any page with `{% load maps %}{% map "reports" %}`: a Leaflet map
(`static/parvis/js/map.js`, tiles from MAP_TILE_URL) that asks `/map/reports/?bbox=…&zoom=…`
as it moves, preceded by a link that skips it and followed, always, by the list alternative
rendered on the server (paginated, `?page=N`), which is what shows without JavaScript.

**The endpoint** answers a GeoJSON FeatureCollection: the objects themselves (`kind: point`,
with `title` and `url`; a layer declared with `geometry=` gives an object's own geometry, a
LineString say, with its position in `position`, where the map puts its pin) when at most `MAX_POINTS` lie in the box, else clusters (`kind:
cluster`, with `count`) counted in SQL: the box is cut in cells of a quarter of a map tile at
that zoom, and one GROUP BY on the cell's index gives each cell's count and mean position. Two
queries at most, whatever the number of objects. A layer of many objects (an answer counted
MAP_CELLS_FROM or more) has them counted ahead by the worker, in cells of a few zooms
(`MapCell`), and adds cells up while nothing it was counted from has changed: a million
reports answer in a few milliseconds at any zoom (bench/README.md). The box is snapped outwards to the cells'
grid, so a map moved a little asks the same question: with `bbox` and `zoom` declared as
query parameters, answers are kept by the page cache and given again until an object of the
layer's model changes (declare the model with `invalidates()`, as for its pages).

Bad input (a missing parameter, not numbers, NaN or infinity, a box off the globe, inverted,
or wider than `MAX_TILES` tiles at its zoom, a zoom outside 0 to 20) is answered 400 with a JSON
`{"error": …}`.
"""

from __future__ import annotations

import itertools
import math
import operator
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Avg, Count, F, Model, QuerySet, Sum
from django.db.models.functions import Floor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from parvis.core import generations, pagecache
from parvis.core.geo import BBox
from parvis.core.models import MapCell, MapCellBuild
from parvis.core.registry import Registry

#: The most objects an answer lists one by one; more in the box are counted in clusters.
MAX_POINTS = 200
#: Cells per map tile side: a cluster stands for at most a 64-pixel square of a 256-pixel tile.
CELLS_PER_TILE = 4
#: The widest box answered, in tiles at its zoom (a large screen shows about 8 by 5).
MAX_TILES = 16
MAX_ZOOM = 20
#: The zooms whose clusters a layer's cells (`MapCell`) count ahead, finest first: a screen at
#: zoom z adds up the cells of the first of these at or above z (at most 4 per cluster), or of
#: the coarsest. Above the finest, a screen holds few enough rows to count them.
CELL_ZOOMS = (16, 14, 12, 10, 8)
CELL_ZOOM = CELL_ZOOMS[0]
#: A box's coordinates as the page cache keeps them: degrees with at most 7 decimals.
NUMBER = r"-?[0-9]{1,3}(\.[0-9]{1,7})?"
BBOX_PATTERN = rf"{NUMBER},{NUMBER},{NUMBER},{NUMBER}"
ZOOM_PATTERN = r"[0-9]|1[0-9]|20"


@dataclass(frozen=True)
class MapLayer:
    key: str
    label: Any
    model: type[Model]
    queryset: Callable[[], QuerySet[Any]]
    title: Callable[[Any], str]
    url: Callable[[Any], str]
    #: A partial rendering the list alternative's `objects`; None: a plain list of links.
    list_template: str | None
    per_page: int
    #: An object's own GeoJSON geometry (a LineString, say) drawn instead of a pin at its
    #: position; None: a pin. Clusters are counted on the position whatever this says.
    geometry: Callable[[Any], dict[str, Any] | None] | None = None


_layers: Registry[MapLayer] = Registry("map layer")


def map_layer(
    key: str,
    *,
    label: Any,
    queryset: Callable[[], QuerySet[Any]],
    title: Callable[[Any], str],
    url: Callable[[Any], str],
    list_template: str | None = None,
    per_page: int = 20,
    geometry: Callable[[Any], dict[str, Any] | None] | None = None,
) -> MapLayer:
    """Declare a map layer: the objects of `queryset()` (a `Located` model, with what `title`
    and `url` read already selected), named `label` on the map and its list. `geometry`,
    if given, gives an object's own GeoJSON geometry (a line): shown as it is when the
    objects are listed one by one, its position still marked by a pin."""
    if not re.fullmatch(r"[a-z][a-z0-9_-]{0,39}", key):
        raise ValueError(f"A map layer's key is lowercase letters, digits, - and _: {key!r}.")
    model = queryset().model
    return _layers.add(
        key,
        MapLayer(
            key=key,
            label=label,
            model=model,
            queryset=queryset,
            title=title,
            url=url,
            list_template=list_template,
            per_page=per_page,
            geometry=geometry,
        ),
    )


def map_layers() -> list[MapLayer]:
    return _layers.values()


def get_layer(key: str) -> MapLayer | None:
    return _layers.get(key)


def unregister(key: str) -> None:
    """Forget a layer (tests that declare one for their own duration)."""
    _layers.remove(key)


# --- the grid -------------------------------------------------------------------------------------


def cell_size(zoom: int) -> float:
    """A cell's side in degrees of longitude at `zoom` (latitude: the same degrees, which
    the map shows taller by 1/cos(latitude); a town spans too little latitude to matter)."""
    return 360.0 / (2**zoom) / CELLS_PER_TILE


def snap(box: BBox, zoom: int) -> BBox:
    """`box` grown outwards to whole cells at `zoom`, within the globe."""
    size = cell_size(zoom)
    return BBox(
        min_lon=max(-180.0, math.floor(box.min_lon / size) * size),
        min_lat=max(-90.0, math.floor(box.min_lat / size) * size),
        max_lon=min(180.0, math.ceil(box.max_lon / size) * size),
        max_lat=min(90.0, math.ceil(box.max_lat / size) * size),
    )


class BadRequest(ValueError):
    pass


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise BadRequest(_("The box must be four numbers.")) from None
    if not math.isfinite(value):
        raise BadRequest(_("The box must be four numbers."))
    return value


def parse_query(bbox: str | None, zoom: str | None) -> tuple[BBox, int]:
    """The box and zoom of `?bbox=min_lon,min_lat,max_lon,max_lat&zoom=N`, checked and snapped;
    BadRequest with a message saying what is wrong."""
    if not zoom or not zoom.isascii() or not zoom.isdigit() or len(zoom) > 2:
        raise BadRequest(_("Give the zoom as a whole number from 0 to 20."))
    level = int(zoom)
    if level > MAX_ZOOM:
        raise BadRequest(_("Give the zoom as a whole number from 0 to 20."))
    if not bbox:
        raise BadRequest(_("Give the box as min_lon,min_lat,max_lon,max_lat, in degrees (WGS 84)."))
    parts = bbox.split(",")
    if len(parts) != 4 or any(len(part) > 30 for part in parts):
        raise BadRequest(_("The box must be four numbers."))
    min_lon, min_lat, max_lon, max_lat = (_number(part) for part in parts)
    if not (
        -180 <= min_lon <= 180
        and -180 <= max_lon <= 180
        and -90 <= min_lat <= 90
        and -90 <= max_lat <= 90
    ):
        raise BadRequest(_("The box is not on the globe."))
    if min_lon >= max_lon or min_lat >= max_lat:
        raise BadRequest(_("The box's minimums must be below its maximums."))
    widest = 360.0 / (2**level) * MAX_TILES
    if max_lon - min_lon > widest or max_lat - min_lat > widest:
        raise BadRequest(_("The box is too large for this zoom."))
    return snap(BBox(min_lon, min_lat, max_lon, max_lat), level), level


# --- the answer -----------------------------------------------------------------------------------


def in_box(queryset: QuerySet[Any], box: BBox) -> QuerySet[Any]:
    return queryset.filter(
        lat__gte=box.min_lat, lat__lte=box.max_lat, lon__gte=box.min_lon, lon__lte=box.max_lon
    )


def _feature(lon: float, lat: float, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": properties,
    }


def _rounded(coordinates: Any) -> Any:
    if isinstance(coordinates, list | tuple):
        return [_rounded(item) for item in coordinates]
    return round(coordinates, 6)


def _point_feature(layer: MapLayer, obj: Any) -> dict[str, Any]:
    """One object: a pin at its position, or its own geometry (with its position, where
    the map pins it) when the layer gives one other than a point."""
    properties = {"kind": "point", "id": obj.pk, "title": layer.title(obj), "url": layer.url(obj)}
    own = layer.geometry(obj) if layer.geometry is not None else None
    if not own or own.get("type") == "Point":
        return _feature(obj.lon, obj.lat, properties)
    properties["position"] = [round(obj.lon, 6), round(obj.lat, 6)]
    return {
        "type": "Feature",
        "geometry": {"type": own["type"], "coordinates": _rounded(own["coordinates"])},
        "properties": properties,
    }


def cluster_rows(queryset: QuerySet[Any], box: BBox, zoom: int) -> QuerySet[Any]:
    """The query counting the objects of `queryset` in `box` by cell at `zoom`: one GROUP BY
    on the cell's index (floor of the position over the cell's size), in SQL."""
    size = cell_size(zoom)
    return (
        in_box(queryset.order_by(), box)
        .annotate(
            cell_x=Floor(F("lon") / size),
            cell_y=Floor(F("lat") / size),
        )
        .values("cell_x", "cell_y")
        # COUNT(*), not of a column: the (lat, lon) index then holds all the query reads
        # (an index-only scan on PostgreSQL). No ORDER BY: the database may hash the groups
        # rather than sort every row; the few cells are sorted here.
        .annotate(count=Count("*"), mean_lon=Avg("lon"), mean_lat=Avg("lat"))
    )


def clusters(queryset: QuerySet[Any], box: BBox, zoom: int) -> list[dict[str, Any]]:
    """The objects of `queryset` in `box`, counted by cell at `zoom`, as GeoJSON features."""
    return _as_clusters(list(cluster_rows(queryset, box, zoom)))


def _as_clusters(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        _feature(row["mean_lon"], row["mean_lat"], {"kind": "cluster", "count": row["count"]})
        for row in sorted(rows, key=_cell_order)
    ]


def _cell_order(row: dict[str, Any]) -> tuple[float, float]:
    return row["cell_y"], row["cell_x"]


# --- cells counted ahead -------------------------------------------------------------------------
#
# Counting a million rows by cell takes longer than a map may wait (bench/README.md), however
# the query is planned. A layer whose clusters once counted MAP_CELLS_FROM objects or more gets
# its objects counted ahead by the worker, once per cell of CELL_ZOOM: the clusters at that zoom
# and below are then sums of a few thousand cells. The cells are used only while every
# generation their counting query read is unchanged (the rule of the page cache): after any
# change of the layer's objects the answers come from the rows again, exact, and the worker
# counts the cells again.


def _cell_rows(queryset: QuerySet[Any], zoom: int) -> QuerySet[Any]:
    size = cell_size(zoom)
    return (
        queryset.order_by()
        .annotate(cell_x=Floor(F("lon") / size), cell_y=Floor(F("lat") / size))
        .values("cell_x", "cell_y")
        .annotate(count=Count("*"), sum_lon=Sum("lon"), sum_lat=Sum("lat"))
    )


_INSERT_CELLS = (
    "INSERT INTO core_mapcell (layer, level, cx, cy, count, sum_lon, sum_lat) "
    "SELECT %s, %s, c.cell_x, c.cell_y, c.count, c.sum_lon, c.sum_lat FROM "
)
_INSERT_COARSER = (
    "INSERT INTO core_mapcell (layer, level, cx, cy, count, sum_lon, sum_lat) "
    "SELECT layer, %s, FLOOR(cx / %s), FLOOR(cy / %s), SUM(count), SUM(sum_lon), SUM(sum_lat) "
    "FROM core_mapcell WHERE layer = %s AND level = %s "
    "GROUP BY layer, FLOOR(cx / %s), FLOOR(cy / %s)"
)


def cells_build(key: str) -> int:
    """Count the objects of layer `key` by cell of each of CELL_ZOOMS (the finest from its
    rows, each coarser one from the finer), replacing its cells; how many cells it has. The generations are taken before the count: a change committed meanwhile
    makes the cells stale at once, never fresh without it."""
    layer = get_layer(key)
    if layer is None:
        raise ValueError(f"There is no map layer {key!r}.")
    sql, params = _cell_rows(layer.queryset(), CELL_ZOOM).query.sql_with_params()
    snapshot = generations.refresh(generations.Snapshot())
    dependencies = sorted((name, snapshot.values.get(name, 0)) for name in pagecache.keys_read(sql))
    expires = pagecache.next_due(snapshot)
    with transaction.atomic():
        MapCell.objects.filter(layer=key).delete()
        # The ORM's own SQL for the layer's query, its values as parameters.
        insert = _INSERT_CELLS + "(" + sql + ") c"
        with connection.cursor() as cursor:
            cursor.execute(insert, [key, CELL_ZOOM, *params])
            built = cursor.rowcount
            for finer, level in itertools.pairwise(CELL_ZOOMS):
                factor = float(2 ** (finer - level))
                cursor.execute(_INSERT_COARSER, [level, factor, factor, key, finer, factor, factor])
                built += cursor.rowcount
        MapCellBuild.objects.update_or_create(
            layer=key,
            defaults={
                "dependencies": [list(pair) for pair in dependencies],
                "expires": expires,
                "built_at": timezone.now(),
            },
        )
    # This process asks for them at once; the others within CELLS_RECHECK seconds.
    _known_builds.pop(key, None)
    return built


@task(queue_name="maintenance")
def count_layer_cells(key: str) -> int:
    try:
        return cells_build(key)
    finally:
        cache.delete(_asked_key(key))


def _asked_key(key: str) -> str:
    return f"parvis:map-cells-asked:{key}"


def _ask_for_cells(key: str) -> None:
    """Have the worker count layer `key`'s cells, unless this was asked and not yet done."""
    if cache.add(_asked_key(key), 1, timeout=600):
        transaction.on_commit(lambda: count_layer_cells.enqueue(key))


#: What each process knows of each layer's cells: {key: (total, asked at, build)}, where
#: `build` is None (no cells) or the (dependencies, expires) of the cells, as read when the
#: generations' total was `total`, at `asked at` (monotonic). Asked again when anything
#: changed, or CELLS_RECHECK seconds later (the worker may have counted them since).
Build = tuple[tuple[tuple[str, int], ...], float | None]
_known_builds: dict[str, tuple[int, float, Build | None]] = {}
CELLS_RECHECK = 5.0


def forget_cells() -> None:
    """Know nothing of any layer's cells (tests whose database was rolled back)."""
    _known_builds.clear()


def _build_of(key: str, snapshot: generations.Snapshot) -> Build | None:
    total, now = snapshot.values.get(generations.ANY, 0), time.monotonic()
    known = _known_builds.get(key)
    if known is not None and known[0] == total and now - known[1] < CELLS_RECHECK:
        return known[2]
    row = MapCellBuild.objects.filter(layer=key).values_list("dependencies", "expires").first()
    build = None if row is None else (tuple((dep, value) for dep, value in row[0]), row[1])
    _known_builds[key] = (total, now, build)
    return build


def _fresh_cells(request: HttpRequest | None, key: str) -> bool:
    """Whether layer `key` has cells counted at the generations of now."""
    snapshot = generations.current()
    build = _build_of(key, snapshot)
    if build is None or not pagecache.is_fresh(*build, snapshot.values, time.time()):
        return False
    # The answer stands for the tables the cells were counted from: a cached copy of it
    # lasts as long as they are unchanged, as the cells do.
    pagecache.depends_on(request, *(name for name, __ in build[0]))
    return True


def cell_clusters(key: str, box: BBox, zoom: int) -> list[dict[str, Any]]:
    """Layer `key`'s clusters in `box` at `zoom` (at most CELL_ZOOM), added up from its cells
    of the first of CELL_ZOOMS at or above `zoom`: one GROUP BY over at most 4 times as many
    cells as the answer has clusters (a screen of the town at zoom 13: about a thousand)."""
    level = min((z for z in CELL_ZOOMS if z >= zoom), default=CELL_ZOOMS[-1])
    size = cell_size(level)
    factor = float(2 ** (level - zoom))
    # The box is snapped to the cells of `zoom`, which are whole cells of `level`.
    bounds = [
        round(box.min_lon / size),
        round(box.max_lon / size),
        round(box.min_lat / size),
        round(box.max_lat / size),
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT FLOOR(cx / %s) AS x, FLOOR(cy / %s) AS y, SUM(count), SUM(sum_lon), "
            "SUM(sum_lat) FROM core_mapcell WHERE layer = %s AND level = %s AND cx >= %s "
            "AND cx < %s AND cy >= %s AND cy < %s GROUP BY FLOOR(cx / %s), FLOOR(cy / %s)",
            [factor, factor, key, level, *bounds, factor, factor],
        )
        rows = cursor.fetchall()
    return [
        {
            "cell_x": x,
            "cell_y": y,
            "count": int(count),
            "mean_lon": lon / count,
            "mean_lat": lat / count,
        }
        for x, y, count, lon, lat in rows
    ]


def _in_order(found: list[Any], queryset: QuerySet[Any]) -> list[Any]:
    """`found` sorted as `queryset` orders its objects, by those of its ordering's fields
    that are the objects' own (then by key)."""
    found.sort(key=_key)
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    for name in reversed(ordering):
        if not isinstance(name, str):
            continue
        field = name.lstrip("-")
        if field and "__" not in field and field != "?" and hasattr(queryset.model, field):
            try:
                found.sort(key=operator.attrgetter(field), reverse=name.startswith("-"))
            except TypeError:  # a field left empty on some: the keys' order for those
                continue
    return found


def _key(obj: Any) -> Any:
    return obj.pk


def _total(rows: list[dict[str, Any]]) -> int:
    return sum(row["count"] for row in rows)


def features(
    layer: MapLayer, box: BBox, zoom: int, request: HttpRequest | None = None
) -> dict[str, Any]:
    """The GeoJSON FeatureCollection of `layer` in `box` at `zoom`: points or clusters.
    `request`: the one this answers, told what the answer depends on when it comes from
    the layer's cells."""
    counted: list[dict[str, Any]] | None = None
    if zoom <= CELL_ZOOM and _fresh_cells(request, layer.key):
        counted = cell_clusters(layer.key, box, zoom)
        if _total(counted) <= MAX_POINTS:
            counted = None  # few enough to list
    if counted is None:
        queryset = layer.queryset()
        # Asked in no order (the database walks the position's index, never another one for
        # an ORDER BY whose LIMIT the box may make it walk far), put in the layer's order here.
        found = _in_order(list(in_box(queryset.order_by(), box)[: MAX_POINTS + 1]), queryset)
        if len(found) <= MAX_POINTS:
            return _collection(box, [_point_feature(layer, obj) for obj in found])
        counted = list(cluster_rows(queryset, box, zoom))
        if zoom <= CELL_ZOOM and _total(counted) >= settings.MAP_CELLS_FROM:
            _ask_for_cells(layer.key)
    return _collection(box, _as_clusters(counted))


def _collection(box: BBox, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "bbox": [box.min_lon, box.min_lat, box.max_lon, box.max_lat],
        "features": items,
    }


def layer_features(request: HttpRequest, key: str) -> JsonResponse:
    """`/map/<key>/?bbox=…&zoom=…`: the layer's points or clusters in the (snapped) box."""
    layer = get_layer(key)
    if layer is None:
        return JsonResponse({"error": _("There is no such map.")}, status=404)
    try:
        box, zoom = parse_query(request.GET.get("bbox"), request.GET.get("zoom"))
    except BadRequest as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(features(layer, box, zoom, request))
