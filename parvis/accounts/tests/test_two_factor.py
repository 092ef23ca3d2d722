"""Two-factor authentication (TOTP with recovery codes) in front of the back office."""

from __future__ import annotations

import html
import re

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import PASSWORD, totp_code
from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in

BACKOFFICE = "/backoffice/"


def shown_secret(page: str) -> str:
    match = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page)
    assert match, "the activation page shows the secret to type into an app"
    return match.group(1)


def shown_recovery_codes(page: str) -> list[str]:
    match = re.search(r'<textarea[^>]*id="recovery_codes"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, "the recovery codes page lists the codes"
    return html.unescape(match.group(1)).split()


@pytest.mark.django_db
def test_staff_without_totp_sets_it_up_then_reaches_the_back_office(client, staff_member):
    user = staff_member(Role.COMMUNICATION_OFFICER, totp=False)
    sign_in(client, user)

    response = client.get(BACKOFFICE)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/?next=%2Fbackoffice%2F"

    # Setting up a second factor is a sensitive act: allauth asks for the password again.
    asked = client.get(response["Location"])
    assert asked.status_code == 302
    assert asked["Location"].startswith("/accounts/reauthenticate/?next=")
    confirmed = client.post(asked["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == response["Location"]
    page = client.get(confirmed["Location"])
    assert page.status_code == 200
    secret = shown_secret(page.content.decode())
    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 400
    assert not Authenticator.objects.filter(user=user).exists()

    activated = client.post("/accounts/2fa/totp/activate/", {"code": pyotp.TOTP(secret).now()})

    assert activated.status_code == 302
    assert activated["Location"] == "/accounts/2fa/recovery-codes/"
    codes = shown_recovery_codes(client.get(activated["Location"]).content.decode())
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
    # The code typed to activate counts as this session's second factor.
    assert client.get(BACKOFFICE).status_code == 200


@pytest.mark.django_db
def test_staff_with_totp_signs_in_with_password_and_code(client, officer):
    response = client.post("/accounts/login/", {"login": officer.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    # Password alone is not a sign-in yet.
    assert "_auth_user_id" not in client.session
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
    assert wrong.status_code == 400
    assert "_auth_user_id" not in client.session

    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(officer)})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == officer.pk
    assert client.get(BACKOFFICE).status_code == 200


@pytest.mark.django_db
def test_a_code_is_refused_when_used_twice(client, officer):
    code = totp_code(officer)
    client.post("/accounts/login/", {"login": officer.email, "password": PASSWORD})
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    client.post("/accounts/logout/")

    client.post("/accounts/login/", {"login": officer.email, "password": PASSWORD})
    again = client.post("/accounts/2fa/authenticate/", {"code": code})

    assert again.status_code == 400
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_recovery_code_works_once(client, officer):
    codes = RecoveryCodes.activate(officer).get_unused_codes()
    client.post("/accounts/login/", {"login": officer.email, "password": PASSWORD})

    response = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == officer.pk
    assert client.get(BACKOFFICE).status_code == 200
    client.post("/accounts/logout/")
    cache.clear()

    client.post("/accounts/login/", {"login": officer.email, "password": PASSWORD})
    again = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})

    assert again.status_code == 400
    assert "_auth_user_id" not in client.session
    with translation.override("fr"):
        assert escape(gettext("Incorrect code.")) in again.content.decode()
    # Another code still works.
    assert client.post("/accounts/2fa/authenticate/", {"code": codes[1]}).status_code == 302


@pytest.mark.django_db
def test_a_session_opened_before_totp_existed_must_prove_a_code(client, staff_member):
    user = staff_member(Role.MODERATOR, totp=False)
    sign_in(client, user)
    # TOTP is set up elsewhere (another browser) after this session was opened.
    secret = pyotp.random_base32()
    TOTP.activate(user, secret)

    response = client.get(BACKOFFICE)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/reauthenticate/?next=%2Fbackoffice%2F"
    assert client.post(response["Location"], {"code": "000000"}).status_code == 400
    assert client.get(BACKOFFICE).status_code == 302
    cache.clear()
    proved = client.post(response["Location"], {"code": pyotp.TOTP(secret).now()})
    assert proved.status_code == 302
    assert proved["Location"] == BACKOFFICE
    assert client.get(BACKOFFICE).status_code == 200


@pytest.mark.django_db
def test_a_session_opened_by_force_without_any_code_must_prove_one(client, administrator):
    client.force_login(administrator)

    response = client.get(BACKOFFICE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["resident", "verified"])
def test_non_staff_get_403_from_the_back_office(client, resident, persona):
    if persona == "verified":
        from parvis.accounts.services import identity_verified

        identity_verified(user=resident)
    sign_in(client, resident)

    response = client.get(BACKOFFICE)

    assert response.status_code == 403


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/backoffice/spaces/space/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fbackoffice%2Fspaces%2Fspace%2F"


@pytest.mark.django_db
def test_the_admin_login_page_leads_to_the_accounts_sign_in(client):
    response = client.get("/backoffice/login/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fbackoffice%2F"


@pytest.mark.django_db
def test_a_staff_member_cannot_switch_totp_off_while_holding_a_staff_role(client, officer):
    sign_in(client, officer)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    page = client.get("/accounts/2fa/totp/deactivate/")
    response = client.post("/accounts/2fa/totp/deactivate/")

    assert page.status_code == 200
    assert response.status_code == 400
    with translation.override("fr"):
        refusal = gettext("You cannot deactivate two-factor authentication.")
    assert escape(refusal) in response.content.decode()
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()
