"""Signing in with OpenID Connect (FranceConnect profile), against a real provider.

The provider is `oidc-provider-mock`, an authlib-based OpenID provider started on loopback
for this module. Parvis's client is registered with it like a town registers with
FranceConnect, so the redirect URI must match exactly, and it requires a `nonce`. The test
plays the browser: the Django test client for Parvis, `requests` for the provider's pages.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from oidc_provider_mock import run_server_in_thread

from parvis.accounts.models import User
from parvis.accounts.oidc.config import FRANCECONNECT_SCOPES, oidc_settings
from parvis.accounts.oidc.views import ID_TOKEN_SESSION_KEY
from parvis.accounts.roles import Role

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # the provider library's own

SITE = "https://ville.example"
CALLBACK = "https://ville.example/accounts/oidc/franceconnect/login/callback/"
LOGIN = "/accounts/oidc/franceconnect/login/"
# The mock implements the standard OpenID scopes, where names come with `profile`;
# FranceConnect's own scopes (one per claim) are checked on the authorization request.
SCOPES = ["openid", "profile", "email"]

_subjects = itertools.count(1)


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A running OpenID provider; yields its issuer URL."""
    with run_server_in_thread(require_client_registration=True, require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def registered_client(provider: str) -> dict[str, Any]:
    """Parvis registered at the provider, with its callback as the only redirect URI."""
    response = requests.post(
        f"{provider}/oauth2/clients",
        json={"redirect_uris": [CALLBACK], "token_endpoint_auth_method": "client_secret_post"},
        timeout=5,
    )
    assert response.status_code == 201
    return response.json()


def configure(settings: Any, provider: str, client: dict[str, Any], **overrides: Any) -> None:
    values = {
        "issuer": provider,
        "client_id": client["client_id"],
        "client_secret": client["client_secret"],
        "scopes": SCOPES,
        **overrides,
    }
    settings.OIDC, settings.SOCIALACCOUNT_PROVIDERS = oidc_settings(**values)
    settings.SITE_URL = SITE


@pytest.fixture
def oidc(settings: Any, provider: str, registered_client: dict[str, Any]) -> str:
    configure(settings, provider, registered_client)
    return provider


def person_at_provider(provider: str, *, acr: str | None = "eidas1", **claims: Any) -> str:
    """Create a person at the provider (as FranceConnect knows them); returns their `sub`.

    Their ID tokens state the level `acr`, or none when it is None.
    """
    sub = f"fc-subject-{next(_subjects)}"
    claims = {
        "given_name": "Marianne",
        "family_name": "Dupont",
        "email": f"{sub}@fc.example",
        "email_verified": True,
        **({"acr": acr} if acr is not None else {}),
        **claims,
    }
    response = requests.put(f"{provider}/users/{sub}", json=claims, timeout=5)
    assert response.status_code == 204
    return sub


def start_login(browser: Client, path: str = LOGIN) -> str:
    """Press "Sign in with FranceConnect"; returns the authorization URL Parvis sends to."""
    response = browser.post(path)
    assert response.status_code == 302
    return response["Location"]


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {**query_of(url), **changes}
    return urlunsplit(parts._replace(query=urlencode(query)))


def consent_at_provider(authorization_url: str, sub: str) -> str:
    """The person signs in at the provider; returns where the provider sends the browser."""
    response = requests.post(authorization_url, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def come_back(browser: Client, callback_url: str) -> Any:
    parts = urlsplit(callback_url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == CALLBACK
    return browser.get(parts.path, query_of(callback_url))


def full_login(browser: Client, sub: str) -> Any:
    return come_back(browser, consent_at_provider(start_login(browser), sub))


def refusal_heading() -> str:
    with translation.override("fr"):
        return gettext("Third-Party Login Failure")


# --- the sign-in page ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_has_no_provider_button_when_oidc_is_not_configured(client, settings):
    settings.OIDC, settings.SOCIALACCOUNT_PROVIDERS = oidc_settings(issuer="")

    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert "/accounts/oidc/" not in response.content.decode()


@pytest.mark.django_db
def test_login_page_offers_the_provider_when_oidc_is_configured(client, oidc):
    response = client.get("/accounts/login/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<form method="post" action="{LOGIN}?process=login">' in html
    with translation.override("fr"):
        label = gettext("Sign in with %(name)s") % {"name": "FranceConnect"}
    assert label in html


@pytest.mark.django_db
def test_a_get_on_the_login_url_does_not_leave_for_the_provider(client, oidc):
    # Leaving for the provider is a POST, so a link on another site cannot start it.
    response = client.get(LOGIN)

    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()


# --- the authorization request ------------------------------------------------------------------


@pytest.mark.django_db
def test_authorization_request_carries_state_nonce_acr_and_the_configured_scopes(
    client, settings, provider, registered_client
):
    configure(settings, provider, registered_client, scopes=list(FRANCECONNECT_SCOPES))

    url = start_login(client)

    assert url.startswith(f"{provider}/oauth2/authorize?")
    params = query_of(url)
    assert params["client_id"] == registered_client["client_id"]
    assert params["redirect_uri"] == CALLBACK
    assert params["response_type"] == "code"
    assert sorted(params["scope"].split()) == sorted(FRANCECONNECT_SCOPES)
    assert params["acr_values"] == "eidas1"
    assert len(params["state"]) >= 16
    assert len(params["nonce"]) >= 32
    # A second attempt gets fresh values: neither is predictable.
    again = query_of(start_login(client))
    assert again["state"] != params["state"]
    assert again["nonce"] != params["nonce"]


@pytest.mark.django_db
def test_a_visitor_cannot_change_the_level_of_assurance_or_the_scopes(client, oidc):
    url = start_login(
        client, f"{LOGIN}?auth_params=acr_values%3Deidas0%26prompt%3Dnone&scope=phone"
    )

    params = query_of(url)
    assert params["acr_values"] == "eidas1"
    assert "prompt" not in params
    assert sorted(params["scope"].split()) == sorted(SCOPES)


@pytest.mark.django_db
def test_the_callback_is_the_registered_one_whatever_the_page_language(client, oidc):
    url = start_login(client, f"/en{LOGIN}")

    assert query_of(url)["redirect_uri"] == CALLBACK


@pytest.mark.django_db
def test_the_callback_is_on_site_url_whatever_host_the_request_named(client, oidc):
    # Given a request naming another of ALLOWED_HOSTS, with a port
    response = client.post(LOGIN, HTTP_HOST="localhost:8443")

    # Then the provider is still given the registered callback, on SITE_URL
    assert response.status_code == 302
    assert query_of(response["Location"])["redirect_uri"] == CALLBACK


# --- a full round trip --------------------------------------------------------------------------


@pytest.mark.django_db
def test_first_login_creates_a_verified_resident_with_names_and_email(client, oidc):
    sub = person_at_provider(oidc, given_name="Marianne", family_name="Dupont")

    response = full_login(client, sub)

    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(socialaccount__uid=sub)
    assert user.email == f"{sub}@fc.example"
    assert (user.first_name, user.last_name) == ("Marianne", "Dupont")
    assert user.display_name == ""
    assert user.roles == frozenset({Role.VERIFIED_RESIDENT})
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [
        (user.email, True)
    ]
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.session[ID_TOKEN_SESSION_KEY].count(".") == 2


@pytest.mark.django_db
def test_login_from_an_english_page_lands_back_in_english(client, oidc):
    sub = person_at_provider(oidc)

    response = come_back(
        client, consent_at_provider(start_login(client, f"/en{LOGIN}?next=/en/spaces/"), sub)
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/spaces/"


@pytest.mark.django_db
def test_second_login_finds_the_same_account(client, oidc):
    sub = person_at_provider(oidc)
    full_login(client, sub)
    first = User.objects.get(socialaccount__uid=sub)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session

    response = full_login(client, sub)

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == first.pk
    assert User.objects.count() == 1
    assert SocialAccount.objects.filter(uid=sub).count() == 1


@pytest.mark.django_db
def test_an_existing_account_is_marked_verified_when_it_signs_in_again(client, oidc):
    sub = person_at_provider(oidc)
    full_login(client, sub)
    user = User.objects.get(socialaccount__uid=sub)
    user.role_assignments.all().delete()
    client.post("/accounts/logout/")

    full_login(client, sub)

    user.forget_roles()
    assert user.roles == frozenset({Role.VERIFIED_RESIDENT})


@pytest.mark.django_db
def test_a_provider_that_does_not_verify_identity_makes_plain_residents(
    client, settings, provider, registered_client
):
    configure(settings, provider, registered_client, verifies_identity=False)
    sub = person_at_provider(provider)

    full_login(client, sub)

    assert User.objects.get(socialaccount__uid=sub).roles == frozenset()


@pytest.mark.django_db
def test_a_resident_connects_the_identity_to_their_account_and_becomes_verified(
    client, oidc, resident
):
    client.force_login(resident)
    sub = person_at_provider(oidc, email="another-address@fc.example")

    url = start_login(client, f"{LOGIN}?process=connect")
    response = come_back(client, consent_at_provider(url, sub))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/3rdparty/"
    assert SocialAccount.objects.get(uid=sub).user == resident
    resident.forget_roles()
    assert resident.roles == frozenset({Role.VERIFIED_RESIDENT})
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_an_identity_with_the_address_of_a_local_account_does_not_take_it_over(
    client, oidc, resident, mailbox, run_tasks
):
    sub = person_at_provider(oidc, email=resident.email)

    response = full_login(client, sub)

    # Answered as a sign-up waiting for its e-mail (nothing tells who has an account);
    # the owner of the address is told by e-mail, and can connect the identity once signed in.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()
    assert User.objects.count() == 1
    assert resident.roles == frozenset()
    run_tasks()
    (message,) = mailbox.to(resident.email)
    with translation.override("fr"):
        assert message["Subject"].strip().endswith(gettext("Account Already Exists"))


@pytest.mark.django_db
def test_a_next_to_another_site_is_not_followed_after_the_provider(client, oidc):
    sub = person_at_provider(oidc)

    url = start_login(client, f"{LOGIN}?next=//evil.example/")
    response = come_back(client, consent_at_provider(url, sub))

    assert response.status_code == 302
    assert response["Location"] == "/"


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["forged-state-value", ""])
def test_a_callback_with_a_wrong_or_missing_state_is_refused(client, oidc, state):
    sub = person_at_provider(oidc)
    callback = consent_at_provider(start_login(client), sub)
    params = query_of(callback)
    if state:
        params["state"] = state
    else:
        del params["state"]

    response = client.get(urlsplit(callback).path, params)

    assert response.status_code == 401
    assert refusal_heading() in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_a_state_is_used_once(client, oidc):
    sub = person_at_provider(oidc)
    callback = consent_at_provider(start_login(client), sub)
    assert come_back(client, callback).status_code == 302
    client.post("/accounts/logout/")

    replay = come_back(client, callback)

    assert replay.status_code == 401
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_callback_from_another_browser_is_refused(client, oidc):
    # The state lives in the session of the browser that started: a link with a valid
    # code and state, sent to someone else (login CSRF), does not sign them in.
    sub = person_at_provider(oidc)
    callback = consent_at_provider(start_login(client), sub)
    victim = Client()

    response = come_back(victim, callback)

    assert response.status_code == 401
    assert "_auth_user_id" not in victim.session
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_an_id_token_with_another_nonce_is_refused(client, oidc):
    sub = person_at_provider(oidc)
    url = start_login(client)
    # The provider puts in the ID token whatever nonce the request carried.
    tampered = with_query(url, nonce="a-nonce-that-parvis-never-issued-0123456789")

    response = come_back(client, consent_at_provider(tampered, sub))

    assert response.status_code == 401
    assert refusal_heading() in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert ID_TOKEN_SESSION_KEY not in client.session
    assert User.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("acr", ["eidas0", "", "urn:other:level", None])
def test_an_id_token_below_the_requested_level_is_refused(client, oidc, acr):
    sub = person_at_provider(oidc, acr=acr)

    response = full_login(client, sub)

    assert response.status_code == 401
    assert refusal_heading() in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_without_acr_values_configured_no_level_is_asked_nor_checked(
    client, settings, provider, registered_client
):
    configure(settings, provider, registered_client, acr_values="")
    sub = person_at_provider(provider, acr=None)

    url = start_login(client)
    response = come_back(client, consent_at_provider(url, sub))

    assert "acr_values" not in query_of(url)
    assert response.status_code == 302
    assert User.objects.filter(socialaccount__uid=sub).exists()


@pytest.mark.django_db
def test_a_stronger_eidas_level_than_asked_is_accepted(client, oidc):
    sub = person_at_provider(oidc, acr="eidas2")

    response = full_login(client, sub)

    assert response.status_code == 302
    assert User.objects.get(socialaccount__uid=sub).is_verified_resident


# --- logout at the provider ---------------------------------------------------------------------


@pytest.mark.django_db
def test_logout_ends_the_session_at_the_provider_too(client, oidc, settings):
    sub = person_at_provider(oidc)
    full_login(client, sub)
    id_token = client.session[ID_TOKEN_SESSION_KEY]

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    end_session = response["Location"]
    assert end_session.startswith(f"{oidc}/oauth2/end_session?")
    params = query_of(end_session)
    assert params["id_token_hint"] == id_token
    assert params["post_logout_redirect_uri"] == f"{settings.SITE_URL}/accounts/oidc/logged-out/"
    assert params["state"]
    assert "_auth_user_id" not in client.session
    # The person confirms at the provider, which sends them back with the state.
    form = requests.get(end_session, timeout=5)
    assert form.status_code == 200
    confirmed = requests.post(
        f"{oidc}/oauth2/end_session/confirm",
        data={"redirect_uri": f"{params['post_logout_redirect_uri']}?state={params['state']}"},
        allow_redirects=False,
        timeout=5,
    )
    assert confirmed.status_code == 302
    back = urlsplit(confirmed.headers["Location"])
    assert back.path == "/accounts/oidc/logged-out/"

    page = client.get(back.path, query_of(confirmed.headers["Location"]))

    assert page.status_code == 200
    with translation.override("fr"):
        both = gettext("You are signed out of this site and of your identity provider.")
    assert both in page.content.decode()


@pytest.mark.django_db
def test_logout_from_an_english_page_comes_back_to_the_registered_address(client, oidc, settings):
    full_login(client, person_at_provider(oidc))

    response = client.post("/en/accounts/logout/")

    params = query_of(response["Location"])
    assert params["post_logout_redirect_uri"] == f"{settings.SITE_URL}/accounts/oidc/logged-out/"


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["forged", "", None])
def test_coming_back_with_a_forged_state_does_not_claim_the_provider_logout(client, state):
    query = {} if state is None else {"state": state}

    page = client.get("/accounts/oidc/logged-out/", query)

    html = page.content.decode()
    assert page.status_code == 200
    with translation.override("fr"):
        both = gettext("You are signed out of this site and of your identity provider.")
        here = gettext("You are signed out of this site.")
    assert both not in html
    assert here in html


@pytest.mark.django_db
def test_a_local_account_logs_out_locally_only(client, resident, oidc):
    client.force_login(resident)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_birthdate_claim_is_kept_and_updated_at_each_login(client, oidc):
    sub = person_at_provider(oidc, birthdate="2011-03-14")

    full_login(client, sub)

    user = User.objects.get(socialaccount__uid=sub)
    assert user.birth_date is not None and user.birth_date.isoformat() == "2011-03-14"
    requests.put(
        f"{oidc}/users/{sub}",
        json={
            "given_name": "Marianne",
            "family_name": "Dupont",
            "email": f"{sub}@fc.example",
            "email_verified": True,
            "acr": "eidas1",
            "birthdate": "2011-03-15",
        },
        timeout=5,
    )
    client.post("/accounts/logout/")
    full_login(client, sub)
    user.refresh_from_db()
    assert user.birth_date.isoformat() == "2011-03-15"
