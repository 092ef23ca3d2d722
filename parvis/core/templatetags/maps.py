"""`{% map "layer" %}`: a map of a layer an app declared (`parvis.core.maps`), and its list;
`{% pin_map %}`: one pin on a map, to choose a place in a form or to show where something is."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from parvis.core.maps import get_layer
from parvis.core.pagination import paginate

register = template.Library()


@register.simple_tag(takes_context=True)
def map(context: template.Context, key: str, heading: str = "h2") -> SafeString:
    """The map of layer `key`: a link that skips it, the map (shown by its script), and the
    list of what it shows, a page at a time (`?page=N`), which is all a reader without
    JavaScript gets. `heading`: the level of its title ("h2", or "h3" under an h2)."""
    layer = get_layer(key)
    if layer is None:
        raise template.TemplateSyntaxError(f"No map layer {key!r} is declared.")
    request = context.get("request")
    page_obj = paginate(
        layer.queryset(), request.GET.get("page") if request else None, per_page=layer.per_page
    )
    items = [
        {"title": layer.title(obj), "url": layer.url(obj), "object": obj}
        for obj in page_obj.object_list
    ]
    return render_to_string(
        "core/_map.html",
        {
            "layer": layer,
            "items": items,
            "objects": page_obj.object_list,
            "page_obj": page_obj,
            "heading": heading if heading in ("h2", "h3", "h4") else "h2",
            **_tiles(),
        },
        request=request,
    )


@register.inclusion_tag("core/_pin_map.html")
def pin_map(
    *,
    lat_field: str = "",
    lon_field: str = "",
    at: Any = None,
    label: str | Promise = "",
    title: str | Promise = "",
) -> dict[str, Any]:
    """A pin on a map of the town (`static/parvis/js/pin.js`), shown only with JavaScript.

    `{% pin_map lat_field="id_lat" lon_field="id_lon" %}`: the pin chooses a place for a form,
    filling the fields of those ids (tap the map, drag the pin, or reach it with Tab and move
    it with the arrow keys); the fields, or an address, stay the way without JavaScript.
    `{% pin_map at=object %}`: the pin shows where `object` (anything with `lat` and `lon`,
    a `core.geo.Located`) is; the page writes the position too, for readers without it.
    `label` (the map's) and `title` (the pin's) are the caller's words, neutral by default.
    One pin map per page: its element is `#pin-map`, its announcements `#pin-map-status`.
    """
    if bool(lat_field) == (at is not None) or bool(lat_field) != bool(lon_field):
        raise template.TemplateSyntaxError("pin_map takes either lat_field and lon_field, or at.")
    if lat_field:
        words = {
            "label": label
            or _(
                "Map to choose the place: tap it, or reach the pin with Tab and move it with "
                "the arrow keys."
            ),
            "title": title or _("The chosen place: move it with the arrow keys"),
            # pin.js puts the numbers in place of {lat} and {lon}.
            "placed": _("Pin placed at latitude %(lat)s, longitude %(lon)s.")
            % {"lat": "{lat}", "lon": "{lon}"},
        }
    else:
        words = {
            "label": label or _("Map of the place"),
            "title": title or _("The place"),
            "at": f"{at.lat!r},{at.lon!r}",
        }
    return {"lat_field": lat_field, "lon_field": lon_field, **words, **_tiles()}


def _tiles() -> dict[str, Any]:
    """What a map's script needs of the settings: the town's box and the tiles."""
    min_lon, min_lat, max_lon, max_lat = settings.MAP_BOUNDS
    return {
        "bounds": f"{min_lon},{min_lat},{max_lon},{max_lat}",
        "tile_url": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "max_zoom": settings.MAP_MAX_ZOOM,
    }
