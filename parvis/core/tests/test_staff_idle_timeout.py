"""Staff sessions end after STAFF_SESSION_IDLE_TIMEOUT without a request, whatever "remember
me" said; residents keep theirs. The clock is moved, nobody sleeps."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from conftest import PASSWORD, totp_code
from parvis.accounts.roles import Role
from parvis.accounts.services import role_grant
from parvis.accounts.tests.helpers import sign_in
from parvis.core.tests.subprocesses import parvis_env, run_parvis

pytestmark = pytest.mark.django_db

BACKOFFICE = "/en/backoffice/"
SIGNED_OUT = (
    "You were signed out after 30 minutes without activity, as every staff account is. "
    "Sign in again to go on."
)


class Clock:
    """timezone.now(), moved forward at will."""

    def __init__(self) -> None:
        self.offset = timedelta()
        self._real_now = timezone.now

    def now(self):
        return self._real_now() + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    moved = Clock()
    monkeypatch.setattr(timezone, "now", moved.now)
    return moved


def sign_in_remembered(client, user, *, remember: bool) -> None:
    data = {"login": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    response = client.post("/accounts/login/", data)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    cache.clear()
    assert client.post(response["Location"], {"code": totp_code(user)}).status_code == 302


@pytest.mark.parametrize("remember", [True, False], ids=["remembered", "not-remembered"])
def test_staff_are_signed_out_after_30_idle_minutes(client, officer, clock, remember):
    sign_in_remembered(client, officer, remember=remember)
    assert client.get(BACKOFFICE).status_code == 200

    clock.advance(minutes=29)
    assert client.get(BACKOFFICE).status_code == 200
    # Each request starts the 30 minutes again.
    clock.advance(minutes=29)
    assert client.get(BACKOFFICE).status_code == 200

    clock.advance(minutes=31)
    response = client.get(BACKOFFICE)

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/en/backoffice/"
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"])
    assert SIGNED_OUT in login_page.content.decode()
    assert client.get(BACKOFFICE).status_code == 302
    # Back through the front door, with password and code.
    sign_in(client, officer)
    assert client.get(BACKOFFICE).status_code == 200


def test_the_idle_time_applies_to_every_page_a_staff_member_opens(client, moderator, clock):
    sign_in(client, moderator)
    client.get("/en/accounts/profile/")

    clock.advance(minutes=31)
    response = client.get("/en/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/en/accounts/profile/"


def test_residents_keep_their_session(client, resident, clock):
    sign_in(client, resident)

    clock.advance(hours=6)
    response = client.get("/en/accounts/profile/")

    assert response.status_code == 200
    assert int(client.session["_auth_user_id"]) == resident.pk


def test_the_idle_time_is_a_setting(client, administrator, clock, settings):
    settings.STAFF_SESSION_IDLE_TIMEOUT = 5 * 60
    sign_in(client, administrator)
    client.get(BACKOFFICE)

    clock.advance(minutes=4)
    assert client.get(BACKOFFICE).status_code == 200
    clock.advance(minutes=6)
    response = client.get(BACKOFFICE, follow=True)

    assert response.redirect_chain[0] == ("/en/accounts/login/?next=/en/backoffice/", 302)
    assert (
        "You were signed out after 5 minutes without activity, as every staff account is. "
        "Sign in again to go on."
    ) in response.content.decode()


def test_a_form_sent_after_the_idle_time_changes_nothing(client, administrator, resident, clock):
    sign_in(client, administrator)
    url = f"{BACKOFFICE}accounts/user/{resident.pk}/change/"
    assert client.get(url).status_code == 200

    clock.advance(minutes=45)
    response = client.post(url, {"display_name": "Changed", "first_name": "", "last_name": ""})

    assert response.status_code == 302
    # What was sent is lost: back to the sign-in page, not to an address that takes forms.
    assert response["Location"] == "/en/accounts/login/"
    resident.refresh_from_db()
    assert resident.display_name == "Camille"


def test_a_role_granted_to_a_signed_in_resident_starts_the_count(client, resident, clock):
    sign_in(client, resident)
    clock.advance(hours=2)
    role_grant(user=resident, role=Role.MODERATOR, granted_by=None)
    assert client.get("/en/accounts/profile/").status_code == 200

    clock.advance(minutes=31)

    assert client.get("/en/accounts/profile/").status_code == 302


def test_the_environment_sets_the_idle_time_and_refuses_a_too_short_one(tmp_path):
    shown = run_parvis(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(settings.STAFF_SESSION_IDLE_TIMEOUT, "
        "settings.SECRET_KEY_FALLBACKS)",
        env=parvis_env(tmp_path, STAFF_SESSION_IDLE_TIMEOUT="900", SECRET_KEY_FALLBACKS="a,b"),
    )
    refused = run_parvis("check", env=parvis_env(tmp_path, STAFF_SESSION_IDLE_TIMEOUT="30"))

    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip().splitlines()[-1] == "900 ['a', 'b']"
    assert refused.returncode == 1
    assert refused.stderr == (
        "parvis: the configuration is not valid: STAFF_SESSION_IDLE_TIMEOUT=30 must be at "
        "least 60.\n"
    )
