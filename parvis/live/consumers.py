"""The WebSocket of a live session's page (/ws/live/<pk>/): it joins the session's public
group and relays what the services broadcast. With `?queue=1`, a moderator of the session
also joins the moderators' group (the waiting questions); anyone else asking for it is
refused. Readers send nothing: everything they do goes through the page's forms."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from parvis.live import selectors
from parvis.live.events import public_group, queue_group
from parvis.live.permissions import can_moderate

#: Close codes (4000-4999 are the application's): no such session; the queue refused.
NOT_FOUND = 4404
FORBIDDEN = 4403


def _groups_for(pk: int, user: Any, wants_queue: bool) -> list[str] | int:
    session = selectors.session_for_page(pk)
    if session is None:
        return NOT_FOUND
    if not wants_queue:
        return [public_group(pk)]
    if not can_moderate(user, session):
        return FORBIDDEN
    return [public_group(pk), queue_group(pk)]


class SessionConsumer(AsyncJsonWebsocketConsumer):
    joined: list[str]

    async def connect(self) -> None:
        self.joined = []
        pk = int(self.scope["url_route"]["kwargs"]["pk"])
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        wants_queue = query.get("queue") == ["1"]
        groups = await database_sync_to_async(_groups_for)(pk, self.scope.get("user"), wants_queue)
        if isinstance(groups, int):
            await self.close(code=groups)
            return
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self.joined = groups
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for group in self.joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """Readers have nothing to say here."""

    async def broadcast(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
