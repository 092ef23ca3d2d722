"""What a signed-in person is shown is kept by no cache, the browser's included (what
anonymous readers get is public: test_httpcache.py). Every answer says which browser
features its page may use."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import PASSWORD
from parvis.accounts.tests.helpers import sign_in
from parvis.core.tests.test_security_headers import EXPECTED_PERMISSIONS_POLICY, permissions
from parvis.spaces.tests.factories import make_page, make_space

pytestmark = pytest.mark.django_db

NO_STORE = "private, no-store"


@pytest.fixture
def town(db):
    space = make_space("centre-ville", name="Centre-ville")
    make_page(space, "history")
    return space


SIGNED_IN_PAGES = [
    ("/", 200),
    ("/en/", 200),
    ("/spaces/centre-ville/", 200),
    ("/spaces/centre-ville/pages/history/", 200),
    ("/search/?q=centre", 200),
    ("/accounts/profile/", 200),
    ("/en/accounts/profile/", 200),
    ("/accounts/subscriptions/", 200),
    ("/legal/privacy/", 200),
    ("/news/feed/rss/", 200),
    ("/no-such-page/", 404),
]


@pytest.mark.parametrize(("url", "status"), SIGNED_IN_PAGES)
def test_every_page_shown_to_a_signed_in_resident_is_not_stored(
    client, town, resident, url, status
):
    client.force_login(resident)

    response = client.get(url)

    assert response.status_code == status
    assert response["Cache-Control"] in (NO_STORE, "no-store")


def test_a_view_s_public_caching_gives_way_for_a_signed_in_person(client, resident):
    anonymous = Client().get("/source.tar.gz")
    client.force_login(resident)

    signed_in = client.get("/source.tar.gz")

    assert anonymous["Cache-Control"] == "public, max-age=86400"
    assert signed_in["Cache-Control"] == NO_STORE


def test_a_view_that_already_forbids_storing_keeps_its_own_header(client, officer):
    sign_in(client, officer)

    response = client.get("/backoffice/")

    assert response.status_code == 200
    # Django's never_cache, on every back-office page.
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_the_answers_of_a_sign_in_and_a_sign_out_are_not_stored(client, resident):
    signed_in = client.post("/accounts/login/", {"login": resident.email, "password": PASSWORD})
    page = client.get("/accounts/profile/")
    client.post("/accounts/logout/")
    after = client.get("/spaces/")

    assert signed_in.status_code == 302
    assert page["Cache-Control"] == NO_STORE
    assert "no-store" not in after.get("Cache-Control", "")


def test_static_files_carry_the_permissions_policy(settings, tmp_path):
    # Served by WhiteNoise, before any of Django's middleware but the policy's own.
    (tmp_path / "parvis.css").write_text("body { color: black }")
    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_AUTOREFRESH = True

    response = Client().get("/static/parvis.css")

    assert response.status_code == 200
    assert b"color: black" in b"".join(response.streaming_content)
    assert permissions(response["Permissions-Policy"]) == EXPECTED_PERMISSIONS_POLICY


def test_the_policy_gives_no_position_camera_microphone_or_payment(client, db):
    policy = permissions(client.get("/").headers["Permissions-Policy"])

    for feature in ("geolocation", "camera", "microphone", "payment", "usb", "browsing-topics"):
        assert policy[feature] == "()", feature
    assert [feature for feature, allowed in policy.items() if allowed != "()"] == ["fullscreen"]
    assert policy["fullscreen"] == "(self)"
