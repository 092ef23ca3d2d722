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
from typing import Any

from django.utils.safestring import SafeString, mark_safe

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
