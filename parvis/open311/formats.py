"""Open311's two formats: JSON, and XML written with xml.etree (every text escaped).

A document is a list of items, each a dict of simple values (str, int, float, bool, None,
and datetime, written in ISO 8601 with its offset: "2026-07-14T10:30:05+02:00") or of
nested lists of dicts (a service definition's attributes, an attribute's values); the XML
gives the root element, each item's element, and the element of each nested list's items.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET

import orjson
from django.http import HttpResponse

FORMATS = ("json", "xml")
CONTENT_TYPES = {"json": "application/json", "xml": "text/xml; charset=utf-8"}
#: The element of the items of each nested list, by the list's name.
ITEM_ELEMENTS = {
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _append(parent: ET.Element, name: str, value: Any) -> None:
    element = ET.SubElement(parent, name)
    if isinstance(value, list):
        for item in value:
            child = ET.SubElement(element, ITEM_ELEMENTS.get(name, "item"))
            if isinstance(item, dict):
                _fill(child, item)
            else:
                child.text = _text(item)
    elif isinstance(value, dict):
        _fill(element, value)
    else:
        element.text = _text(value)


def _fill(element: ET.Element, item: dict[str, Any]) -> None:
    for name, value in item.items():
        _append(element, name, value)


def render(
    fmt: str, data: Any, *, root: str = "", item: str = "", status: int = 200
) -> HttpResponse:
    """`data` (a list of items, or one item for XML's single-element documents) in `fmt`."""
    if fmt == "xml":
        if isinstance(data, list):
            element = ET.Element(root)
            for entry in data:
                _fill(ET.SubElement(element, item), entry)
        else:
            element = ET.Element(root)
            _fill(element, data)
        body = ET.tostring(element, encoding="utf-8", xml_declaration=True)
    else:
        body = orjson.dumps(data)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def errors(fmt: str, status: int, descriptions: list[str]) -> HttpResponse:
    """The specification's errors, each with the HTTP status as its code:
    `[{"code": 400, "description": …}]` or
    `<errors><error><code>400</code><description>…</description></error></errors>`."""
    items = [{"code": status, "description": description} for description in descriptions]
    return render(fmt, items, root="errors", item="error", status=status)
