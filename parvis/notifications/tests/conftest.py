import socket
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from conftest import received_message


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    # Links in e-mails are absolute, built on SITE_URL; a value of the tests' own.
    settings.SITE_URL = "https://ville.example"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "ville.example"]


class ScriptedHandler:
    """An SMTP server's answers to DATA, in order (then "250 OK"); what it accepted, by session."""

    def __init__(self) -> None:
        self.replies: list[str] = []
        self.accepted: list[tuple[int, EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = self.replies.pop(0) if self.replies else "250 OK"
        if reply.startswith("250"):
            message = received_message(envelope.content)
            self.accepted.append((id(session), message))
        return reply

    @property
    def recipients(self) -> list[str]:
        return [message["To"] for _, message in self.accepted]

    @property
    def connections(self) -> int:
        return len({session for session, _ in self.accepted})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def scripted_smtp(settings: Any) -> Iterator[ScriptedHandler]:
    """A real SMTP server of this test's own, answering as the test scripts it."""
    handler = ScriptedHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_PORT = controller.port
    yield handler
    controller.stop()
