"""Throttling of sign-in, sign-up, reset and two-factor codes (allauth's rate limits, kept in
the cache): every refusal for too many attempts answers 429 and says in Retry-After how many
seconds are left."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import PASSWORD, make_user, totp_code
from parvis.accounts.models import User
from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in


def too_many_failures() -> str:
    with translation.override("fr"):
        return escape(gettext("Too many failed login attempts. Try again later."))


def too_many_attempts_page() -> str:
    with translation.override("fr"):
        return escape(gettext("Too many attempts"))


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def retry_after(response) -> int:
    """The Retry-After of a 429, which must be a whole number of seconds, at least one."""
    value = response["Retry-After"]
    assert value.isdigit() and int(value) >= 1, value
    return int(value)


@pytest.mark.django_db
def test_repeated_failed_logins_on_one_account_lock_it_for_a_while(client, resident):
    for _ in range(5):
        failed = client.post("/accounts/login/", {"login": resident.email, "password": "nope"})
        assert failed.status_code == 400
        assert too_many_failures() not in failed.content.decode()

    # Even the right password is refused now: the guesser cannot tell.
    response = client.post("/accounts/login/", {"login": resident.email, "password": PASSWORD})

    # The form again, with the address typed, refused as too many attempts (not as a typing
    # mistake) for the five minutes the lockout lasts.
    assert response.status_code == 429
    assert 290 <= retry_after(response) <= 300
    assert too_many_failures() in response.content.decode()
    assert f'value="{resident.email}"' in response.content.decode()
    assert not signed_in(client)


@pytest.mark.django_db
def test_repeated_failed_logins_from_one_address_are_refused(client, db):
    for number in range(10):
        failed = client.post(
            "/accounts/login/", {"login": f"guess{number}@example.org", "password": "nope"}
        )
        assert failed.status_code == 400
    victim = make_user("victim@example.org")

    response = client.post("/accounts/login/", {"login": victim.email, "password": PASSWORD})

    assert response.status_code == 429
    assert 50 <= retry_after(response) <= 60  # the per-address limit counts a minute
    assert too_many_failures() in response.content.decode()
    assert not signed_in(client)


@pytest.mark.django_db
def test_failures_from_another_address_do_not_lock_out_this_one(client, resident):
    for number in range(10):
        client.post(
            "/accounts/login/",
            {"login": f"guess{number}@example.org", "password": "nope"},
            REMOTE_ADDR="203.0.113.9",
        )

    response = client.post(
        "/accounts/login/",
        {"login": resident.email, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )

    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_escape_the_limit(client, resident):
    # With no trusted proxy configured, X-Forwarded-For is the visitor's own words.
    for number in range(10):
        client.post(
            "/accounts/login/",
            {"login": f"guess{number}@example.org", "password": "nope"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )

    response = client.post(
        "/accounts/login/",
        {"login": resident.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )

    assert response.status_code == 429
    assert not signed_in(client)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_visitors_are_told_apart(client, resident, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(10):
        client.post(
            "/accounts/login/",
            {"login": f"guess{number}@example.org", "password": "nope"},
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )

    response = client.post(
        "/accounts/login/",
        {"login": resident.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )

    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_repeated_sign_ups_from_one_address_are_refused(client):
    for number in range(10):
        response = client.post(
            "/accounts/signup/",
            {"email": f"new{number}@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
        assert response.status_code == 302
        client.logout()

    response = client.post(
        "/accounts/signup/",
        {"email": "one.too.many@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 429
    assert 3500 <= retry_after(response) <= 3600  # ten sign-ups an hour from one address
    html = response.content.decode()
    assert too_many_attempts_page() in html
    assert "<h1>" in html and html.count("<h1") == 1
    assert not User.objects.filter(email="one.too.many@example.org").exists()
    assert User.objects.count() == 10


@pytest.mark.django_db
def test_a_flood_of_login_posts_gets_429(client):
    for _ in range(30):
        client.post("/accounts/login/", {"login": "", "password": ""})

    response = client.post("/accounts/login/", {"login": "", "password": ""})

    assert response.status_code == 429
    assert 50 <= retry_after(response) <= 60  # thirty posts a minute from one address
    assert too_many_attempts_page() in response.content.decode()


@pytest.mark.django_db
def test_the_lockout_of_an_account_holds_whatever_host_name_or_port_is_named(client, resident):
    # Every host of ALLOWED_HOSTS, with any port, reaches the site: the lockout counted
    # failures per host, so each port gave five more guesses at the same account.
    for port in range(8001, 8006):
        failed = client.post(
            "/accounts/login/",
            {"login": resident.email, "password": "nope"},
            HTTP_HOST=f"127.0.0.1:{port}",
        )
        assert failed.status_code == 400

    response = client.post(
        "/accounts/login/",
        {"login": resident.email.upper(), "password": PASSWORD},
        HTTP_HOST="localhost:9000",
    )

    assert response.status_code == 429
    assert 290 <= retry_after(response) <= 300
    assert not signed_in(client)


@pytest.mark.django_db
def test_repeated_reset_requests_for_one_address_get_429_with_the_wait(client, resident, mailbox):
    for _ in range(5):
        sent = client.post("/accounts/password/reset/", {"email": resident.email})
        assert sent.status_code == 302

    response = client.post("/accounts/password/reset/", {"email": resident.email})

    assert response.status_code == 429
    assert 50 <= retry_after(response) <= 60  # five requests a minute for one address
    assert too_many_attempts_page() in response.content.decode()
    # Another address is not held back by this one's limit.
    other = client.post("/accounts/password/reset/", {"email": "someone.else@example.org"})
    assert other.status_code == 302


@pytest.mark.django_db
def test_repeated_wrong_codes_lock_the_second_step_with_429(client, officer):
    client.post("/accounts/login/", {"login": officer.email, "password": PASSWORD})
    for _ in range(5):
        wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
        assert wrong.status_code == 400
        assert "Retry-After" not in wrong

    # Even the right code is refused now, for the five minutes the lockout lasts.
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(officer)})

    assert response.status_code == 429
    assert 290 <= retry_after(response) <= 300
    assert too_many_failures() in response.content.decode()
    assert not signed_in(client)


@pytest.mark.django_db
def test_repeated_wrong_codes_when_proving_the_second_factor_again_get_429(client, officer):
    sign_in(client, officer)
    for _ in range(5):
        wrong = client.post("/accounts/2fa/reauthenticate/", {"code": "000000"})
        assert wrong.status_code == 400

    response = client.post("/accounts/2fa/reauthenticate/", {"code": totp_code(officer)})

    assert response.status_code == 429
    assert 290 <= retry_after(response) <= 300


@pytest.mark.django_db
def test_repeated_wrong_codes_when_setting_up_totp_get_429(client, staff_member):
    user = staff_member(Role.MODERATOR, totp=False)
    sign_in(client, user)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    for _ in range(5):
        wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
        assert wrong.status_code == 400

    response = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})

    assert response.status_code == 429
    assert 290 <= retry_after(response) <= 300
    assert not Authenticator.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_repeated_wrong_passwords_when_confirming_ones_identity_get_429(client, resident):
    client.force_login(resident)
    for _ in range(5):
        wrong = client.post("/accounts/reauthenticate/", {"password": "nope"})
        assert wrong.status_code == 400

    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    assert response.status_code == 429
    assert 290 <= retry_after(response) <= 300
    assert too_many_failures() in response.content.decode()


@pytest.mark.django_db
def test_too_many_identity_confirmations_get_429_with_the_wait(client, resident):
    client.force_login(resident)
    for _ in range(10):
        client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    assert response.status_code == 429
    assert 50 <= retry_after(response) <= 60  # ten a minute per account
    assert too_many_attempts_page() in response.content.decode()
