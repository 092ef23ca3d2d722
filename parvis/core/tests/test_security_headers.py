"""Every kind of page carries the same strict security headers, error pages included."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import HttpResponse
from django.test import Client

from parvis.core.tests.images import image_bytes
from parvis.spaces.tests.factories import make_page, make_space

EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    # Images from the site, small inline ones, and the map tiles of the default tile server
    # (MAP_TILE_URL): its origin only, never a wildcard.
    "img-src": ["'self'", "data:", "https://tile.openstreetmap.org"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


# No page uses a camera, a microphone, a position, payments, USB or ad topics.
EXPECTED_PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "autoplay": "()",
    "browsing-topics": "()",
    "camera": "()",
    "clipboard-read": "()",
    "display-capture": "()",
    "encrypted-media": "()",
    "fullscreen": "(self)",
    "gamepad": "()",
    "geolocation": "()",
    "gyroscope": "()",
    "hid": "()",
    "identity-credentials-get": "()",
    "idle-detection": "()",
    "interest-cohort": "()",
    "local-fonts": "()",
    "local-network-access": "()",
    "magnetometer": "()",
    "microphone": "()",
    "midi": "()",
    "otp-credentials": "()",
    "payment": "()",
    "picture-in-picture": "()",
    "publickey-credentials-create": "()",
    "publickey-credentials-get": "()",
    "screen-wake-lock": "()",
    "serial": "()",
    "storage-access": "()",
    "usb": "()",
    "window-management": "()",
    "xr-spatial-tracking": "()",
}


def permissions(header: str) -> dict[str, str]:
    return dict(item.strip().split("=", 1) for item in header.split(","))


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_secure_headers(response) -> None:
    csp = response["Content-Security-Policy"]
    assert directives(csp) == EXPECTED_CSP
    for weakness in ("unsafe-inline", "unsafe-eval", "unsafe-hashes", "*", "http:", "https:"):
        assert weakness not in csp.split(), weakness
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert permissions(response["Permissions-Policy"]) == EXPECTED_PERMISSIONS_POLICY


def assert_nothing_inline(response) -> None:
    """No script, style or handler in the page that the policy above would block."""
    page = BeautifulSoup(response.content, "html.parser")
    # Structured data (JSON-LD) is a data block, never run: the policy has no say in it.
    inline = [s for s in page.find_all("script") if not s.get("src")]
    assert [s for s in inline if s.get("type") != "application/ld+json"] == []
    assert page.find_all("style") == []
    assert page.find_all(style=True) == []
    for tag in page.find_all(True):
        assert not [name for name in tag.attrs if name.lower().startswith("on")], tag
        for attribute in ("href", "src", "action"):
            assert not str(tag.get(attribute, "")).lower().startswith("javascript:"), tag


@pytest.fixture
def town(db):
    space = make_space("centre-ville", name="Centre-ville", description="**Hello**")
    make_page(space, "history")
    return space


PUBLIC_PAGES = [
    ("/", 200),
    ("/en/", 200),
    ("/spaces/", 200),
    ("/spaces/kind/neighbourhood/", 200),
    ("/spaces/centre-ville/", 200),
    ("/spaces/centre-ville/pages/history/", 200),
    ("/search/?q=centre", 200),
    ("/legal/notice/", 200),
    ("/legal/privacy/", 200),
    ("/legal/accessibility/", 200),
    ("/accounts/login/", 200),
    ("/accounts/signup/", 200),
    ("/accounts/password/reset/", 200),
    ("/no-such-page/", 404),
    ("/en/spaces/nowhere/", 404),
    ("/accounts/subscriptions/", 302),
    ("/backoffice/", 302),
]


@pytest.mark.parametrize(("url", "status"), PUBLIC_PAGES)
def test_public_pages_and_their_errors_carry_the_headers(client, town, url, status):
    response = client.get(url)

    assert response.status_code == status
    assert_secure_headers(response)
    if response["Content-Type"].startswith("text/html") and status != 302:
        assert_nothing_inline(response)


def test_pages_of_a_signed_in_resident_carry_the_headers(client, town, resident):
    client.force_login(resident)

    for url in ["/spaces/centre-ville/", "/accounts/subscriptions/", "/accounts/profile/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_secure_headers(response)
        assert_nothing_inline(response)


def test_a_form_sent_back_with_errors_carries_the_headers(client, db):
    response = client.post("/accounts/signup/", {"email": "not-an-address"})

    assert response.status_code == 400
    assert_secure_headers(response)
    assert_nothing_inline(response)


def test_the_csrf_refusal_carries_the_headers(town, resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)

    response = client.post("/accounts/subscriptions/follow/", {"target": f"spaces.space:{town.pk}"})

    assert response.status_code == 403
    assert_secure_headers(response)
    assert_nothing_inline(response)


def test_the_rate_limit_page_carries_the_headers(client, town, resident):
    client.force_login(resident)
    follow = {"target": f"spaces.space:{town.pk}", "next": "/spaces/centre-ville/"}
    for _ in range(30):
        client.post("/accounts/subscriptions/follow/", follow)

    response = client.post("/accounts/subscriptions/follow/", follow)

    assert response.status_code == 429
    assert_secure_headers(response)
    assert_nothing_inline(response)


@pytest.mark.urls("parvis.core.tests.urls")
@pytest.mark.parametrize(
    ("url", "status"),
    [("/test/explode/", 500), ("/test/database-lost/", 503), ("/test/suspicious/", 400)],
)
def test_server_error_pages_carry_the_headers(settings, url, status):
    settings.DEBUG = False

    response = Client(raise_request_exception=False).get(url)

    assert response.status_code == status
    assert_secure_headers(response)
    assert_nothing_inline(response)


def test_the_413_and_malformed_length_pages_carry_the_headers(settings, client):
    settings.MAX_REQUEST_BODY = 2048

    too_large = client.generic("POST", "/spaces/", b"x" * 4096)
    malformed = client.generic("POST", "/spaces/", b"x", CONTENT_LENGTH="abc")

    assert too_large.status_code == 413
    assert malformed.status_code == 400
    for response in (too_large, malformed):
        assert_secure_headers(response)
        assert_nothing_inline(response)


def test_health_and_media_files_carry_the_headers(client, db):
    name = storages["default"].save("spaces/covers/a.png", ContentFile(image_bytes("PNG")))

    for response in (client.get("/health/"), client.get(f"/media/{name}")):
        assert response.status_code == 200
        assert_secure_headers(response)


def test_the_checkers_of_these_tests_refuse_weak_headers_and_inline_code():
    # Guards the checkers themselves: were they blind, every test above would pass.
    weak = HttpResponse("<p onclick='go()'>x</p>")
    weak["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'unsafe-inline'"

    with pytest.raises(AssertionError):
        assert_secure_headers(weak)
    with pytest.raises(AssertionError):
        assert_nothing_inline(weak)
    with pytest.raises(AssertionError):
        assert_nothing_inline(HttpResponse("<script>alert(1)</script>"))
