"""Throttling of sign-in and sign-up (allauth's rate limits, kept in the cache)."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import PASSWORD, make_user
from parvis.accounts.models import User


def too_many_failures() -> str:
    with translation.override("fr"):
        return escape(gettext("Too many failed login attempts. Try again later."))


def too_many_attempts_page() -> str:
    with translation.override("fr"):
        return escape(gettext("Too many attempts"))


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_repeated_failed_logins_on_one_account_lock_it_for_a_while(client, resident):
    for _ in range(5):
        failed = client.post("/accounts/login/", {"login": resident.email, "password": "nope"})
        assert failed.status_code == 400
        assert too_many_failures() not in failed.content.decode()

    # Even the right password is refused now: the guesser cannot tell.
    response = client.post("/accounts/login/", {"login": resident.email, "password": PASSWORD})

    assert response.status_code == 400
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

    assert response.status_code == 400
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

    assert response.status_code == 400
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
    assert too_many_attempts_page() in response.content.decode()
