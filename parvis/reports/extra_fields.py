"""The extra fields a category of reports asks for, defined as data in the back office.

A category's `extra_fields` is a list of definitions, each a dict:
`{"key": "intensity", "label": "Intensité", "kind": "integer", "min": 1, "max": 5,
"required": true}`. Kinds: `integer` (with `min`/`max`), `choice` (with `choices`, a list of
strings), `text` (at most `max_length`, 500 by default) and `time` ("HH:MM"). The definitions
are checked when saved (`check_definitions`); the values a resident gives are checked against
them (`clean_values`), each error tied to its field's key.
"""

from __future__ import annotations

import math
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

KINDS = ("integer", "choice", "text", "time")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
TEXT_MAX_LENGTH = 500


def check_definitions(definitions: Any) -> list[dict]:
    """The definitions as given if they are well formed; ValidationError otherwise."""
    if not isinstance(definitions, list):
        raise ValidationError(_("The extra fields must be a list."), code="not_a_list")
    seen: set[str] = set()
    for number, field in enumerate(definitions, start=1):
        where = _("Extra field %(number)d: ") % {"number": number}
        if not isinstance(field, dict):
            raise ValidationError(where + _("it must be an object."), code="not_an_object")
        key = field.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
            raise ValidationError(
                where + _("its key must be lowercase letters, digits or underscores."),
                code="bad_key",
            )
        if key in seen:
            raise ValidationError(where + _("its key is used twice."), code="duplicate_key")
        seen.add(key)
        if not isinstance(field.get("label"), str) or not field["label"].strip():
            raise ValidationError(where + _("it needs a label."), code="no_label")
        kind = field.get("kind")
        if kind not in KINDS:
            raise ValidationError(
                where + _("its kind must be one of: %(kinds)s.") % {"kinds": ", ".join(KINDS)},
                code="bad_kind",
            )
        if kind == "integer":
            low, high = field.get("min"), field.get("max")
            if not (type(low) is int and type(high) is int and low <= high):
                raise ValidationError(
                    where + _("an integer needs whole numbers min ≤ max."), code="bad_range"
                )
        if kind == "choice":
            choices = field.get("choices")
            if (
                not isinstance(choices, list)
                or not choices
                or not all(isinstance(c, str) and c.strip() for c in choices)
            ):
                raise ValidationError(
                    where + _("a choice needs a list of non-empty choices."), code="bad_choices"
                )
        if not isinstance(field.get("required", False), bool):
            raise ValidationError(
                where + _("“required” must be true or false."), code="bad_required"
            )
    return definitions


def clean_values(definitions: list[dict], values: dict[str, Any]) -> dict[str, Any]:
    """The values kept for a report (only the defined keys, typed); a ValidationError whose
    error dict is keyed by the fields' keys otherwise."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, ValidationError] = {}
    for field in definitions:
        key = field["key"]
        raw = values.get(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if field.get("required"):
                errors[key] = ValidationError(_("This field is required."), code="required")
            continue
        try:
            cleaned[key] = _clean_one(field, raw)
        except ValidationError as error:
            errors[key] = error
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_one(field: dict, raw: Any) -> Any:
    kind = field["kind"]
    if kind == "integer":
        try:
            number = float(str(raw).strip())
        except ValueError:
            raise ValidationError(_("Enter a whole number."), code="invalid") from None
        if not math.isfinite(number) or number != int(number):
            raise ValidationError(_("Enter a whole number."), code="invalid")
        value = int(number)
        if not field["min"] <= value <= field["max"]:
            raise ValidationError(
                _("Enter a number from %(min)d to %(max)d.")
                % {"min": field["min"], "max": field["max"]},
                code="out_of_range",
            )
        return value
    text = str(raw).strip()
    if kind == "choice":
        if text not in field["choices"]:
            raise ValidationError(_("Choose one of the options offered."), code="invalid_choice")
        return text
    if kind == "time":
        if not _TIME.match(text):
            raise ValidationError(_("Enter a time as HH:MM."), code="invalid_time")
        return text
    limit = field.get("max_length", TEXT_MAX_LENGTH)
    if len(text) > limit:
        raise ValidationError(
            _("At most %(limit)d characters.") % {"limit": limit}, code="too_long"
        )
    return text
