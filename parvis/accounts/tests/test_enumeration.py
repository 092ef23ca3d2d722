"""Nobody learns who has an account here: sign-up, sign-in and reset answer alike, in the
same time, whether or not the address typed has an account.

The times are compared, not measured: each path runs several times and the medians must be
within a factor of two of each other. Before, a sign-up with an address in use answered
about thirteen times faster than with a new one (no password was hashed), which a script
could tell apart. These tests use the production password hasher: with the fast one the
other tests use, hashing costs nothing and the difference would not show.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable

import pytest
from django.conf import global_settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.test import Client

from conftest import make_user

RUNS = 11
PASSWORD_TYPED = "a-passphrase-someone-types-19"


@pytest.fixture
def production_hashing(settings):
    # parvis.settings keeps Django's default list (PBKDF2 first), as production runs it.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


def median_seconds(
    first: Callable[[int], object], second: Callable[[int], object]
) -> tuple[float, float]:
    """The median times of RUNS attempts of each, taken in turns (a moment when the machine
    is busy slows both alike); limits are reset before each, as time would."""
    times: tuple[list[float], list[float]] = ([], [])
    for run in range(RUNS):
        for attempt, kept in zip((first, second), times, strict=True):
            cache.clear()
            start = time.perf_counter()
            attempt(run)
            kept.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def hashing_seconds() -> float:
    """What hashing one password costs with the hasher in use: the difference a script
    could see, which the answers must not show."""
    start = time.perf_counter()
    make_password(PASSWORD_TYPED)
    return time.perf_counter() - start


def assert_alike(first: float, second: float) -> None:
    # Within a factor of two; or, for answers too quick for a ratio to mean anything on a
    # busy machine, apart by less than a quarter of a password's hashing.
    assert 0.5 <= first / second <= 2.0 or abs(first - second) < hashing_seconds() / 4, (
        f"{first:.4f}s against {second:.4f}s"
    )


def sign_up(email: str, client: Client | None = None):
    return (client or Client()).post(
        "/accounts/signup/",
        {"email": email, "password1": PASSWORD_TYPED, "password2": PASSWORD_TYPED},
    )


def answer(client: Client, response, email: str) -> tuple:
    """What a visitor sees of `response`: its status and redirection, then the page it leads
    to, the address typed and the form tokens set aside."""
    page = client.get(response["Location"])
    html = page.content.decode().replace(email, "ADDRESS")
    html = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "TOKEN", html)
    return response.status_code, response["Location"], page.status_code, html


@pytest.mark.django_db
def test_a_sign_up_takes_as_long_with_an_address_in_use_as_with_a_new_one(production_hashing):
    make_user("camille.resident@example.org")

    in_use, new = median_seconds(
        lambda run: sign_up("camille.resident@example.org"),
        lambda run: sign_up(f"nouvelle{run}@example.org"),
    )

    assert_alike(in_use, new)


@pytest.mark.django_db
def test_a_wrong_sign_in_takes_as_long_for_an_account_as_for_no_account(production_hashing):
    make_user("camille.resident@example.org")

    def sign_in(email: str):
        return Client().post("/accounts/login/", {"login": email, "password": PASSWORD_TYPED})

    account, no_account = median_seconds(
        lambda run: sign_in("camille.resident@example.org"),
        lambda run: sign_in(f"personne{run}@example.org"),
    )

    assert_alike(account, no_account)


@pytest.mark.django_db
def test_a_reset_takes_as_long_for_an_account_as_for_no_account(production_hashing):
    make_user("camille.resident@example.org")

    def reset(email: str):
        return Client().post("/accounts/password/reset/", {"email": email})

    account, no_account = median_seconds(
        lambda run: reset("camille.resident@example.org"),
        lambda run: reset(f"personne{run}@example.org"),
    )

    assert_alike(account, no_account)


@pytest.mark.django_db
def test_a_sign_up_answers_alike_for_an_address_in_use_and_a_new_one(mailbox, run_tasks):
    make_user("camille.resident@example.org")
    answers = []
    for email in ("camille.resident@example.org", "nouvelle@example.org"):
        client = Client()
        answers.append(answer(client, sign_up(email, client), email))

    assert answers[0] == answers[1]
    assert answers[0][:3] == (302, "/accounts/confirm-email/", 200)
    # Each address gets one e-mail: a confirmation, or a word to the owner of the account.
    run_tasks()
    assert sorted(m["X-Envelope-To"] for m in mailbox.messages) == [
        "camille.resident@example.org",
        "nouvelle@example.org",
    ]


@pytest.mark.django_db
def test_a_reset_answers_alike_for_an_account_and_for_no_account():
    make_user("camille.resident@example.org")
    answers = []
    for email in ("camille.resident@example.org", "personne@example.org"):
        client = Client()
        response = client.post("/accounts/password/reset/", {"email": email})
        answers.append(answer(client, response, email))

    assert answers[0] == answers[1]
    assert answers[0][:3] == (302, "/accounts/password/reset/done/", 200)


@pytest.mark.django_db
def test_a_wrong_sign_in_answers_alike_for_an_account_and_for_no_account():
    make_user("camille.resident@example.org")
    pages = []
    for email in ("camille.resident@example.org", "personne@example.org"):
        response = Client().post("/accounts/login/", {"login": email, "password": "not-it"})
        html = response.content.decode().replace(email, "ADDRESS")
        pages.append((response.status_code, re.sub(r'value="\w{32,}"', "TOKEN", html)))

    assert pages[0] == pages[1]
    assert pages[0][0] == 400
