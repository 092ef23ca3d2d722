"""The `next` parameter of sign-in and sign-out never leads to another site."""

from __future__ import annotations

import pytest

from conftest import PASSWORD

HOSTILE = [
    "//evil.example",
    "//evil.example/spaces/",
    "https:evil.example",
    "https://evil.example/",
    "http://testserver@evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    " //evil.example",
    "data:text/html,<script>alert(1)</script>",
]


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", HOSTILE)
def test_login_refuses_a_next_to_another_site(client, resident, next_url):
    response = client.post(
        "/accounts/login/", {"login": resident.email, "password": PASSWORD, "next": next_url}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == resident.pk


@pytest.mark.django_db
def test_login_page_never_reflects_markup_from_next(client):
    response = client.get("/accounts/login/", {"next": '"><script>alert(1)</script>'})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
def test_login_honours_a_next_on_this_site(client, resident):
    response = client.post(
        "/accounts/login/", {"login": resident.email, "password": PASSWORD, "next": "/spaces/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/spaces/"


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", HOSTILE)
def test_logout_refuses_a_next_to_another_site(client, resident, next_url):
    client.force_login(resident)

    response = client.post("/accounts/logout/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_honours_a_next_on_this_site(client, resident):
    client.force_login(resident)

    response = client.post("/accounts/logout/", {"next": "/spaces/"})

    assert response.status_code == 302
    assert response["Location"] == "/spaces/"


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", HOSTILE)
def test_signup_refuses_a_next_to_another_site(client, next_url, settings):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "nouveau@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": next_url,
        },
    )

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert not response["Location"].lower().startswith(("javascript:", "data:"))
