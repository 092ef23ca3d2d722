"""A live session in two browsers served by a real ASGI server (uvicorn, with WebSockets):
a reader keeps the session's page open, a moderator publishes a waiting question from the
queue, and the reader's page shows it without reloading, announced politely; a question
asked meanwhile reaches the moderator's queue the same way. axe on both pages."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
import uvicorn
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from playwright.sync_api import Page

from conftest import make_user
from parvis.asgi import application, django_application
from parvis.live import services
from parvis.live.models import Question
from parvis.live.tests.factories import official_create, session_create, space_create
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser

static_and_pages = ASGIStaticFilesHandler(django_application)


async def served(scope: dict, receive: Any, send: Any) -> None:
    """Parvis's ASGI application, with the static files a front proxy would serve."""
    if scope["type"] == "http":
        await static_and_pages(scope, receive, send)
    else:
        await application(scope, receive, send)


class _NoSettings:
    """pytest-django enables then disables the settings its own server changes: none here."""

    def enable(self) -> None: ...

    def disable(self) -> None: ...


@pytest.fixture
def live_server(transactional_db: Any) -> Iterator[SimpleNamespace]:
    """Instead of pytest-django's WSGI server: uvicorn serving `parvis.asgi`, pages and
    WebSockets, in this process (its test database and in-memory channel layer)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            served,
            host="127.0.0.1",
            port=port,
            lifespan="off",
            ws="websockets",
            log_level="warning",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30  # a bound for a loaded machine; nothing is timed
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield SimpleNamespace(
        url=f"http://127.0.0.1:{port}", _live_server_modified_settings=_NoSettings()
    )
    server.should_exit = True
    thread.join(timeout=10)


def test_a_published_question_appears_on_the_readers_page_without_reloading(
    page: Page, new_page: Any
):
    space = space_create()
    official = official_create(space)
    host = make_user("animatrice@example.org", display_name="Léa")
    resident = make_user("camille@example.org", display_name="Camille")
    session = session_create(space, officials=[official], moderators=[host])
    question = services.question_ask(session=session, author=resident, text="Et le bruit ?")

    reader = page
    reader.goto(f"/en/live/{session.pk}/")
    reader.wait_for_selector(".live[data-live-connected]")
    assert reader.locator("#live-questions > li").count() == 0
    axe_check(reader)

    moderator = new_page()
    sign_in(moderator, host, language="en")
    moderator.goto(f"/en/live/{session.pk}/queue/")
    moderator.wait_for_selector(".live[data-live-connected]")
    axe_check(moderator)
    with moderator.expect_navigation():
        moderator.locator(f"#question-{question.pk} button[value=publish]").click()

    # The reader's page, never reloaded, shows it within a second.
    shown = reader.locator(f"#question-{question.pk} [data-q=text]")
    shown.wait_for(timeout=1000)
    assert shown.inner_text() == "Et le bruit ?"
    assert reader.locator(f"#question-{question.pk} [data-q=author]").inner_text() == "Camille"
    assert reader.locator("#live-empty").is_hidden()
    assert reader.locator("#live-announce").inner_text() != ""
    axe_check(reader)

    # A question a resident asks now (the form, without its script) reaches the moderator's
    # queue, with its buttons working.
    moderator.wait_for_selector(".live[data-live-connected]")
    asker = new_page(java_script_enabled=False)
    sign_in(asker, resident, language="en")
    asker.goto(f"/en/live/{session.pk}/")
    asker.locator("#id_text").fill("Et les arbres ?")
    with asker.expect_navigation():
        asker.locator("#ask button[type=submit]").click()
    second = Question.objects.get(text="Et les arbres ?")
    waiting = moderator.locator(f"#question-{second.pk} [data-q=text]")
    waiting.wait_for(timeout=1000)
    assert waiting.inner_text() == "Et les arbres ?"
    with moderator.expect_navigation():
        moderator.locator(f"#question-{second.pk} button[value=publish]").click()
    reader.locator(f"#question-{second.pk} [data-q=text]").wait_for(timeout=1000)
    assert reader.locator("#live-questions > li").count() == 2
