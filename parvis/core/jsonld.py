"""schema.org JSON-LD, built in Python and made safe to place inside a `<script>` element.

A template writes the data block itself, with the one type the Content-Security-Policy and
`tests/test_templates.py` allow for an inline script (a data block, never run):

    <script type="application/ld+json">{{ json_ld }}</script>

where `json_ld` comes from `json_ld_dumps(data)`. The text of a `<script>` element is not
HTML-escaped by the browser, so `</script>` inside a title would end the element and let
what follows run as HTML. Every `<`, `>` and `&` is therefore written as a JSON escape
(`\\u003c`…): the JSON means the same, and no markup can appear in it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

from parvis.core.links import absolute_url
from parvis.core.town import current_town

_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    # Line and paragraph separators are valid in JSON strings but not in older JavaScript.
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def json_ld_dumps(data: dict[str, Any]) -> SafeString:
    """`data` as JSON text that cannot close or open an element where it is placed."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return mark_safe(text.translate(_ESCAPES))  # noqa: S308  (no <, > or & left in it)


# "1 place de la Mairie, 36000 Villeneuve" : the street, the postcode, the town.
_FRENCH_ADDRESS = re.compile(r"^(?P<street>.+),\s*(?P<postcode>\d{5})\s+(?P<locality>.+)$")


def postal_address(address: str) -> dict[str, str] | str:
    """A schema.org PostalAddress from a French postal address written on one line.

    An address in another shape is given as it is written (schema.org accepts text).
    """
    match = _FRENCH_ADDRESS.match(address.strip())
    if match is None:
        return address
    return {
        "@type": "PostalAddress",
        "streetAddress": match["street"].strip(),
        "postalCode": match["postcode"],
        "addressLocality": match["locality"].strip(),
        "addressCountry": "FR",
    }


def town_logo_url() -> str:
    """The absolute address of the town's logo (a static file or an address of its own)."""
    town = current_town()
    return absolute_url(town.logo if town.logo_is_url else static(town.logo))


def government_organization_json_ld() -> dict[str, Any]:
    """The town as a schema.org GovernmentOrganization: name, site, logo and how to reach it.

    Without `@context`, so that it can also be placed inside another object (a page's
    publisher); the home page adds the context.
    """
    town = current_town()
    data: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "name": town.name,
        "url": absolute_url("/"),
    }
    if town.logo:
        data["logo"] = town_logo_url()
    if town.address:
        data["address"] = postal_address(town.address)
    if town.email:
        data["email"] = town.email
    if town.phone:
        data["telephone"] = town.phone
    return data


def breadcrumb_list_json_ld(trail: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """A schema.org BreadcrumbList of (name, path) pairs, first to last, with absolute URLs."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute_url(url)}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }
