"""Reading configuration from the environment, with clear errors on bad values.

Every variable Parvis reads is listed once in `.env.example` and `docs/configuration.md`.
A secret may also be given as `NAME_FILE`, the path of a file holding it (container secrets).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is not None:
        return value
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc}") from exc
    return None


def string(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value.strip()


def boolean(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no).")


def integer(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from exc
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def decimal_pair(name: str, default: tuple[float, float]) -> tuple[float, float]:
    """A "latitude,longitude" pair."""
    value = _raw(name)
    if value is None or not value.strip():
        return default
    try:
        lat_text, lon_text = value.split(",")
        lat, lon = float(lat_text), float(lon_text)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not 'latitude,longitude'.") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ImproperlyConfigured(f"{name}={value!r} is outside the globe.")
    return lat, lon


def bbox(
    name: str, centre: tuple[float, float], *, margin: tuple[float, float]
) -> tuple[float, float, float, float]:
    """A "min_lon,min_lat,max_lon,max_lat" box; empty: `margin` (lat, lon) degrees around the
    (lat, lon) `centre`."""
    value = _raw(name)
    if value is None or not value.strip():
        lat, lon = centre
        box = (lon - margin[1], lat - margin[0], lon + margin[1], lat + margin[0])
        return tuple(round(value, 7) for value in box)  # type: ignore[return-value]
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in value.split(","))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not 'min_lon,min_lat,max_lon,max_lat'."
        ) from exc
    if not (-180 <= min_lon < max_lon <= 180 and -90 <= min_lat < max_lat <= 90):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a box on the globe (min_lon,min_lat,max_lon,max_lat)."
        )
    return min_lon, min_lat, max_lon, max_lat


def listing(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; blanks dropped."""
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def mapping(name: str, default: dict | None = None) -> dict:
    """A JSON object (a backend's options)."""
    value = _raw(name)
    if value is None or not value.strip():
        return dict(default or {})
    try:
        parsed = json.loads(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {exc}") from exc
    if not isinstance(parsed, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object.")
    return parsed


def choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = string(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}.")
    return value
