"""`{% map "layer" %}`: a map of a layer an app declared (`parvis.core.maps`), and its list."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

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
    min_lon, min_lat, max_lon, max_lat = settings.MAP_BOUNDS
    return render_to_string(
        "core/_map.html",
        {
            "layer": layer,
            "items": items,
            "objects": page_obj.object_list,
            "page_obj": page_obj,
            "heading": heading if heading in ("h2", "h3", "h4") else "h2",
            "bounds": f"{min_lon},{min_lat},{max_lon},{max_lat}",
            "tile_url": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "max_zoom": settings.MAP_MAX_ZOOM,
        },
        request=request,
    )
