"""WebSocket routes apps declare in their manifests, served under /ws/ (Channels).

    websocket("live/<int:pk>/", SessionConsumer)

answers `ws(s)://<site>/ws/live/12/` with `SessionConsumer` (a Channels consumer class).
`parvis/asgi.py` routes every declared path behind the allowed hosts' origin check and the
session's authentication (`scope["user"]`), in the order apps are installed. WebSockets are
served by the ASGI interface only: `parvis run` serves them (one process, the in-memory
channel layer), `parvis serve --interface asgi` at scale (the Redis channel layer, shared
with the WSGI processes that broadcast): docs/deployment.md.

Services broadcast after their transaction commits with `broadcast_on_commit(group, event)`:
every consumer that joined `group` receives `{"type": "broadcast", "event": event}` (its
`broadcast` handler), in every process the channel layer reaches.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from asgiref.sync import async_to_sync
from channels.security.websocket import OriginValidator
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, path

from parvis.core.registry import Registry

logger = logging.getLogger("parvis.websockets")

#: Where every WebSocket route goes: nginx proxies this prefix with the Upgrade headers.
PREFIX = "ws/"

_GROUP_NAME = re.compile(r"[A-Za-z0-9._-]{1,99}")


@dataclass(frozen=True)
class WebSocketRoute:
    route: str
    consumer: Any


_routes: Registry[WebSocketRoute] = Registry("WebSocket route")


def websocket(route: str, consumer: Any) -> WebSocketRoute:
    """Serve `consumer` (a Channels consumer class) at /ws/`route` (Django's path syntax:
    "live/<int:pk>/"). One declaration per route."""
    if route.startswith("/") or not route.endswith("/"):
        raise ValueError(f"A WebSocket route has no leading slash and ends with one: {route!r}.")
    return _routes.add(route, WebSocketRoute(route=route, consumer=consumer))


class AllowedHostsOrigins(OriginValidator):
    """Channels' `AllowedHostsOriginValidator`, reading ALLOWED_HOSTS at each connection
    rather than once at start-up (so that settings changed by tests, too, are obeyed): a
    page of another site cannot open a WebSocket with the reader's session."""

    def __init__(self, application: Any) -> None:
        super().__init__(application, [])

    @property
    def allowed_origins(self) -> list[str]:
        return list(settings.ALLOWED_HOSTS)

    @allowed_origins.setter
    def allowed_origins(self, value: list[str]) -> None:
        """Set by the parent's constructor; the settings are read instead."""


def websocket_urlpatterns() -> list[URLPattern]:
    """The URL patterns of every declared WebSocket route, for Channels' URLRouter."""
    return [path(PREFIX + entry.route, entry.consumer.as_asgi()) for entry in _routes]


def group_name(*parts: object) -> str:
    """A channel-layer group name from parts: group_name("live", 12) is "live.12"."""
    name = ".".join(str(part) for part in parts)
    if not _GROUP_NAME.fullmatch(name):
        raise ValueError(f"Not a valid group name: {name!r}.")
    return name


def broadcast(group: str, event: dict[str, Any]) -> None:
    """Send `event` to every consumer in `group` now. A channel layer that fails (Redis
    down) is logged, never raised: what was written stays written, readers reload."""
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, {"type": "broadcast", "event": event})
    except Exception:
        logger.exception("Could not broadcast to %s.", group)


def broadcast_on_commit(group: str, event: dict[str, Any]) -> None:
    """Send `event` to `group` once the current transaction commits (never if it rolls back)."""
    transaction.on_commit(lambda: broadcast(group, event))
