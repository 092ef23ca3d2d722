"""A WebSocket client speaking ASGI to the application in the test's process, as a server
would: Channels' `WebsocketCommunicator` without `channels.testing`, whose import needs
daphne (a server Parvis does not use)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote, urlparse

from asgiref.testing import ApplicationCommunicator


class WebsocketClient(ApplicationCommunicator):
    def __init__(self, application: Any, path: str, headers: list[tuple[bytes, bytes]]) -> None:
        parsed = urlparse(path)
        super().__init__(
            application,
            {
                "type": "websocket",
                "path": unquote(parsed.path),
                "query_string": parsed.query.encode("utf-8"),
                "headers": headers,
                "subprotocols": [],
                "client": ("127.0.0.1", 50000),
                "server": ("testserver", 80),
            },
        )

    async def connect(self, timeout: float = 5) -> tuple[bool, int | None]:
        """(True, None) when accepted, (False, close code) when refused."""
        await self.send_input({"type": "websocket.connect"})
        answer = await self.receive_output(timeout)
        if answer["type"] == "websocket.close":
            return False, answer.get("code", 1000)
        return True, None

    async def receive_json_from(self, timeout: float = 5) -> Any:
        answer = await self.receive_output(timeout)
        assert answer["type"] == "websocket.send", answer
        return json.loads(answer["text"])

    async def receive_nothing(self, timeout: float = 0.3) -> bool:
        """True when nothing came within `timeout` seconds."""
        return await super().receive_nothing(timeout)

    async def disconnect(self, code: int = 1000, timeout: float = 5) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)
