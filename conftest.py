"""Fixtures shared by every test: personas, a real SMTP server, the task worker.

The suite runs in parallel (`python3 dev.py test` passes `-n auto` to pytest-xdist): each
worker has its own test database (pytest-django adds `_gw0`, `_gw1`… to its name), its own
temporary folders and media storage, its own servers on free loopback ports, and its own
in-process cache. No test reaches the network beyond loopback (tests/network_guard.py).

Personas are the same everywhere: `resident`, `other_resident`, `officer` (communication
officer), `moderator`, `administrator`, and `staff_member(role)` for any staff role. Staff
personas have TOTP set up; `totp_code(user)` gives the current code as an app would.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from unittest import mock

import pyotp
import pytest
from aiosmtpd.controller import Controller
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.core.management import call_command

from parvis.accounts.models import User
from parvis.accounts.roles import Role
from parvis.accounts.services import role_grant
from parvis.core.tests.subprocesses import migrated_template, parvis_env, run_parvis

PASSWORD = "correct-horse-battery-staple-42"

pytest_plugins = ["tests.network_guard"]


# --- tests that need PostgreSQL -------------------------------------------------------------


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Tests marked `postgresql` (row locks held by two connections at once, a server's own
    database) run in CI's PostgreSQL pass and are left out of the SQLite one: deselected, and
    said so in the summary, rather than skipped."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    left_out = [item for item in items if item.get_closest_marker("postgresql")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


# --- e-mail through a real SMTP server ------------------------------------------------------


def received_message(content: bytes) -> EmailMessage:
    """An e-mail as a mail reader shows it. Django folds a long encoded header (a subject
    with accents, List-Unsubscribe) right after its name, and the parser keeps that folding
    space in front of the value: readers drop it, so do we."""
    message = message_from_bytes(content, policy=policy.default)
    for name, value in list(message.items()):
        if str(value) != str(value).strip():
            message.replace_header(name, str(value).strip())
    return message  # type: ignore[return-value]


class _Collector:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = received_message(envelope.content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self.lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Controller]:
    collector = _Collector()
    # aiosmtpd checks its own socket on start, so it needs a real port number, not 0.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    controller.collector = collector  # type: ignore[attr-defined]
    yield controller
    controller.stop()


class Mailbox:
    """What the SMTP server received during one test."""

    def __init__(self, collector: _Collector) -> None:
        self._collector = collector

    @property
    def messages(self) -> list[EmailMessage]:
        with self._collector.lock:
            return list(self._collector.messages)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["X-Envelope-To"]]

    def clear(self) -> None:
        with self._collector.lock:
            self._collector.messages.clear()

    @staticmethod
    def text(message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """A cheap hasher for every test: personas are created and sign in thousands of times,
    and the production hasher's cost (PBKDF2, over a million rounds) is not what they check.
    The tests of that cost (accounts/tests/test_enumeration.py) set it back."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, smtp_server: Controller, tmp_path_factory: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path_factory.mktemp("media"), "base_url": "/media/"},
        },
        # Private files (CVs, invoices) of tests stay out of the working tree too.
        "private": {
            "BACKEND": "parvis.core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path_factory.mktemp("private")},
        },
    }
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        # Run with REDIS_URL set, clearing the cache below would empty the Redis database
        # every worker (and the developer's site) uses. The tests of Redis itself start a
        # process of their own on a key prefix of their own (core/tests/test_settings.py).
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if "pages" in settings.CACHES:
        settings.CACHES = {k: v for k, v in settings.CACHES.items() if k != "pages"}
    from django.core.cache import cache

    cache.clear()
    # Pages are rendered for every request, as the views' tests expect (query counts, rows
    # written without model signals between two requests); the page cache's own tests turn
    # it on with the `page_cache` fixture.
    settings.PAGE_CACHE = False
    # Likewise every part of a page (parvis.core.fragments): the `fragment_cache` fixture.
    settings.FRAGMENT_CACHE = False


@pytest.fixture
def page_cache(settings: Any) -> None:
    """The anonymous page cache on, empty, reading the generations of this test's database
    afresh (a rolled-back test leaves generations this process had read)."""
    from parvis.core import generations, pagecache

    settings.PAGE_CACHE = True
    pagecache.clear()
    generations.forget()


@pytest.fixture
def fragment_cache(settings: Any) -> None:
    """Parts of pages kept rendered (parvis.core.fragments) on, none kept yet, reading the
    generations of this test's database afresh."""
    from parvis.core import fragments, generations

    settings.FRAGMENT_CACHE = True
    fragments.clear()
    generations.forget()


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    """Each test starts in the site's language. A request to an /en/ page leaves English
    active in the thread (LocaleMiddleware does not undo it), and the next test's reverse()
    and get_absolute_url() would then build /en/ addresses."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def mailbox(smtp_server: Controller) -> Iterator[Mailbox]:
    box = Mailbox(smtp_server.collector)  # type: ignore[attr-defined]
    box.clear()
    yield box
    box.clear()


@pytest.fixture
def run_tasks() -> Callable[[], None]:
    """Run the real task worker until the queue is empty (as `parvis worker --batch`)."""

    def run() -> None:
        # The worker recycles its connection between tasks (close_old_connections), as it
        # should in production; inside a test's transaction that would close the test's own
        # PostgreSQL connection. Django's test client suspends the same recycling around
        # each request; this does it around the worker.
        with mock.patch(
            "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
        ):
            call_command("worker", batch=True, startup_delay=False, verbosity=0)

    return run


# --- personas ------------------------------------------------------------------------------


def make_user(
    email: str, *, roles: tuple[Role, ...] = (), totp: bool = False, **fields: Any
) -> User:
    user = User.objects.create_user(email, PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    for role in roles:
        role_grant(user=user, role=role, granted_by=None)
    if totp:
        TOTP.activate(user, pyotp.random_base32())
    return user


def totp_code(user: User) -> str:
    """The current code of `user`'s authenticator, as their phone would show it."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return pyotp.TOTP(decrypt(authenticator.data["secret"])).now()


@pytest.fixture
def resident(db: Any) -> User:
    return make_user("camille.resident@example.org", display_name="Camille")


@pytest.fixture
def other_resident(db: Any) -> User:
    return make_user("dominique.voisin@example.org", display_name="Dominique")


@pytest.fixture
def staff_member(db: Any) -> Callable[[Role], User]:
    def make(role: Role, *, totp: bool = True) -> User:
        return make_user(f"{role.value.replace('_', '.')}@mairie.example", roles=(role,), totp=totp)

    return make


@pytest.fixture
def officer(staff_member: Callable[[Role], User]) -> User:
    return staff_member(Role.COMMUNICATION_OFFICER)


@pytest.fixture
def moderator(staff_member: Callable[[Role], User]) -> User:
    return staff_member(Role.MODERATOR)


@pytest.fixture
def administrator(staff_member: Callable[[Role], User]) -> User:
    return staff_member(Role.ADMINISTRATOR)


# --- Parvis in child processes (parvis.core.tests.subprocesses) ------------------------------


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory: Any) -> Path:
    """Static files collected once, as `parvis collectstatic` does before serving."""
    data_dir = tmp_path_factory.mktemp("collectstatic")
    static_root = data_dir / "static"
    done = run_parvis(
        "collectstatic", "--noinput", "-v0", env=parvis_env(data_dir, STATIC_ROOT=str(static_root))
    )
    assert done.returncode == 0, done.stderr
    return static_root


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: Any) -> Path:
    """A SQLite database migrated once per test process, for the tests that run Parvis in
    child processes: they copy it (`with_database`) rather than migrate for a minute each."""
    return migrated_template(tmp_path_factory.mktemp("migrated"))
