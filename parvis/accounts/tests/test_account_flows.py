"""Local accounts, end to end through the real SMTP server and the task worker."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import PASSWORD, Mailbox, make_user
from parvis.accounts.models import RoleAssignment, User
from parvis.accounts.roles import Role
from parvis.core.models import AuditEntry
from parvis.notifications.models import Subscription
from parvis.notifications.services import subscription_create
from parvis.spaces.tests.factories import make_space

NEW_PASSWORD = "an-entirely-new-passphrase-77"


def link_in(mailbox: Mailbox, address: str, path_prefix: str) -> str:
    """The path of the one link starting with `path_prefix` in the one message to `address`."""
    (message,) = mailbox.to(address)
    links = re.findall(r"https?://\S+", mailbox.text(message))
    paths = [urlsplit(link).path for link in links if urlsplit(link).path.startswith(path_prefix)]
    assert len(paths) == 1, links
    return paths[0]


def subject(message_id: str, language: str) -> str:
    # (Python's parser keeps a space where a long encoded Subject header was folded:
    # compare stripped values.)
    with translation.override(language):
        return f"[Villeneuve-du-Parvis] {gettext(message_id)}"


def signed_in_user_id(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


# --- sign-up, verification, login --------------------------------------------------------------


@pytest.mark.django_db
def test_sign_up_verify_the_address_then_sign_in(client, mailbox, run_tasks):
    address = "nouvelle.habitante@example.org"

    signup = client.post(
        "/accounts/signup/", {"email": address, "password1": PASSWORD, "password2": PASSWORD}
    )

    assert signup.status_code == 302
    assert signup["Location"] == "/accounts/confirm-email/"
    assert signed_in_user_id(client) is None
    user = User.objects.get(email=address)
    assert user.roles == frozenset()
    assert EmailAddress.objects.get(user=user).verified is False
    assert mailbox.messages == []  # queued, not sent inside the request

    run_tasks()

    (message,) = mailbox.to(address)
    assert message["Subject"].strip() == subject("Please Confirm Your Email Address", "fr")
    confirm_path = link_in(mailbox, address, "/accounts/confirm-email/")
    page = client.get(confirm_path)
    assert page.status_code == 200
    confirmed = client.post(confirm_path)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified is True

    login = client.post("/accounts/login/", {"login": address, "password": PASSWORD})

    assert login.status_code == 302
    assert login["Location"] == "/"
    assert signed_in_user_id(client) == user.pk


@pytest.mark.django_db
def test_mail_is_written_in_the_visitors_language(client, mailbox, run_tasks):
    client.post(
        "/accounts/signup/",
        {"email": "fr@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.post(
        "/en/accounts/signup/",
        {"email": "en@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    run_tasks()

    (french,) = mailbox.to("fr@example.org")
    (english,) = mailbox.to("en@example.org")
    assert french["Subject"].strip() == subject("Please Confirm Your Email Address", "fr")
    assert english["Subject"].strip() == subject("Please Confirm Your Email Address", "en")
    assert french["Subject"] != english["Subject"]


@pytest.mark.django_db
def test_sign_in_is_refused_until_the_address_is_verified(client, mailbox, run_tasks):
    address = "pas.encore@example.org"
    client.post(
        "/accounts/signup/", {"email": address, "password1": PASSWORD, "password2": PASSWORD}
    )
    client.logout()

    response = client.post("/accounts/login/", {"login": address, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert signed_in_user_id(client) is None


@pytest.mark.django_db
def test_a_wrong_password_is_refused_next_to_the_form_keeping_the_address(client, resident):
    response = client.post("/accounts/login/", {"login": resident.email, "password": "wrong"})

    html = response.content.decode()
    assert response.status_code == 400
    assert f'value="{resident.email}"' in html
    with translation.override("fr"):
        assert (
            escape(gettext("The email address and/or password you specified are not correct."))
            in html
        )
    assert signed_in_user_id(client) is None


@pytest.mark.django_db
def test_sign_up_with_bad_input_answers_400_with_messages_by_the_fields(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "not-an-address", "password1": "short", "password2": "short"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="not-an-address"' in html
    assert 'id="id_email_error"' in html
    assert 'id="id_password1_error"' in html
    assert 'aria-invalid="true"' in html
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_sign_up_with_an_address_in_use_reveals_nothing_and_tells_its_owner(
    client, resident, mailbox, run_tasks
):
    response = client.post(
        "/accounts/signup/",
        {"email": resident.email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    # The same answer as for a new address: nobody learns who has an account here.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert User.objects.count() == 1
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)
    run_tasks()
    (message,) = mailbox.to(resident.email)
    assert message["Subject"].strip() == subject("Account Already Exists", "fr")


# --- logout --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_logout_is_a_post(client, resident):
    client.force_login(resident)

    page = client.get("/accounts/logout/")

    assert page.status_code == 200
    assert signed_in_user_id(client) == resident.pk
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert signed_in_user_id(client) is None


# --- password reset ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_end_to_end(client, resident, mailbox, run_tasks):
    response = client.post("/accounts/password/reset/", {"email": resident.email})
    assert response.status_code == 302
    run_tasks()
    (message,) = mailbox.to(resident.email)
    assert message["Subject"].strip() == subject("Password Reset Email", "fr")
    key_path = link_in(mailbox, resident.email, "/accounts/password/reset/key/")

    # allauth moves the key out of the address before showing the form.
    form_page = client.get(key_path, follow=True)
    assert form_page.status_code == 200
    ((form_path, status),) = form_page.redirect_chain
    assert status == 302
    assert re.fullmatch(r"/accounts/password/reset/key/\w+-set-password/", form_path)
    mismatch = client.post(form_path, {"password1": NEW_PASSWORD, "password2": "not-the-same-one"})
    assert mismatch.status_code == 400
    done = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert done.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)
    assert not resident.check_password(PASSWORD)
    # The link works once.
    reused = client.get(key_path, follow=True)
    with translation.override("fr"):
        assert gettext("Bad Token") in reused.content.decode()
    assert 'name="password1"' not in reused.content.decode()
    replay = client.post(form_path, {"password1": PASSWORD, "password2": PASSWORD})
    assert replay.status_code == 200
    assert 'name="password1"' not in replay.content.decode()
    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)
    login = client.post("/accounts/login/", {"login": resident.email, "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert signed_in_user_id(client) == resident.pk


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_reveals_nothing(client, mailbox, run_tasks):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    run_tasks()
    # Nothing is sent to a stranger's mailbox (ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS is off).
    assert mailbox.messages == []


# --- change of e-mail ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_change_of_address_takes_effect_once_the_new_one_is_verified(
    client, resident, mailbox, run_tasks
):
    new_address = "camille.nouvelle@example.org"
    client.force_login(resident)

    response = client.post("/accounts/email/", {"action_add": "", "email": new_address})

    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.email == "camille.resident@example.org"
    assert EmailAddress.objects.get(email=new_address).verified is False
    run_tasks()
    assert mailbox.to("camille.resident@example.org") == []
    confirm_path = link_in(mailbox, new_address, "/accounts/confirm-email/")
    assert client.post(confirm_path).status_code == 302

    resident.refresh_from_db()
    assert resident.email == new_address
    assert list(
        EmailAddress.objects.filter(user=resident).values_list("email", "primary", "verified")
    ) == [(new_address, True, True)]


@pytest.mark.django_db
def test_change_of_address_to_one_already_used_never_takes_it(
    client, resident, other_resident, mailbox, run_tasks
):
    client.force_login(resident)

    response = client.post("/accounts/email/", {"action_add": "", "email": other_resident.email})

    # Answered like any change (no account enumeration); the address stays its owner's.
    assert response.status_code == 302
    run_tasks()
    # The owner is asked to confirm; even their confirmation does not move the address.
    confirm_path = link_in(mailbox, other_resident.email, "/accounts/confirm-email/")
    client.post(confirm_path)
    resident.refresh_from_db()
    assert resident.email == "camille.resident@example.org"
    assert EmailAddress.objects.get(user=other_resident).verified is True
    assert not EmailAddress.objects.filter(
        user=resident, email=other_resident.email, verified=True
    ).exists()


@pytest.mark.django_db
def test_change_of_address_with_a_malformed_one_answers_400(client, resident):
    client.force_login(resident)

    response = client.post("/accounts/email/", {"action_add": "", "email": "camille@"})

    assert response.status_code == 400
    assert 'value="camille@"' in response.content.decode()
    assert EmailAddress.objects.filter(user=resident).count() == 1


# --- profile ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_profile_saves_the_public_name(client, resident):
    client.force_login(resident)

    response = client.post("/accounts/profile/", {"display_name": "Camille M."})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    resident.refresh_from_db()
    assert resident.display_name == "Camille M."


@pytest.mark.django_db
def test_profile_refuses_a_too_long_name_keeping_it(client, resident):
    client.force_login(resident)
    too_long = "C" * 81

    response = client.post("/accounts/profile/", {"display_name": too_long})

    html = response.content.decode()
    assert response.status_code == 400
    assert f'value="{too_long}"' in html
    assert 'id="id_display_name_error"' in html
    resident.refresh_from_db()
    assert resident.display_name == "Camille"


@pytest.mark.django_db
def test_profile_needs_an_account(client):
    response = client.get("/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profile/"


# --- erasure ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_erasing_ones_account_needs_a_recent_sign_in(client, resident, settings):
    client.force_login(resident)
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0

    response = client.post("/accounts/delete/", {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/reauthenticate/?next=%2Faccounts%2Fdelete%2F"
    assert User.objects.filter(pk=resident.pk).exists()


@pytest.mark.django_db
def test_erasing_ones_account_removes_everything_that_hangs_on_it(client, resident):
    space = make_space("centre-ville")
    subscription_create(user=resident, target=space)
    RoleAssignment.objects.create(user=resident, role=Role.VERIFIED_RESIDENT)
    client.force_login(resident)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    unconfirmed = client.post("/accounts/delete/", {})
    assert unconfirmed.status_code == 400
    assert User.objects.filter(pk=resident.pk).exists()

    response = client.post("/accounts/delete/", {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/deleted/"
    assert not User.objects.filter(pk=resident.pk).exists()
    assert not EmailAddress.objects.filter(email=resident.email).exists()
    assert not Subscription.objects.filter(user_id=resident.pk).exists()
    assert not RoleAssignment.objects.filter(user_id=resident.pk).exists()
    assert signed_in_user_id(client) is None
    entry = AuditEntry.objects.get(action="account.delete")
    assert entry.data == {"user_id": resident.pk, "contributions_erased": False}
    assert client.get("/accounts/deleted/").status_code == 200


@pytest.mark.django_db
def test_the_last_administrator_cannot_erase_their_account(client, administrator):
    from parvis.accounts.tests.helpers import sign_in

    sign_in(client, administrator)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    response = client.post("/accounts/delete/", {"confirm": "on"})

    assert response.status_code == 409
    with translation.override("fr"):
        message = gettext(
            "You are the last administrator: give the administrator role to someone else "
            "before erasing your account."
        )
    assert escape(message) in response.content.decode()
    assert User.objects.filter(pk=administrator.pk).exists()
    assert administrator.roles == frozenset({Role.ADMINISTRATOR})
    assert signed_in_user_id(client) == administrator.pk


@pytest.mark.django_db
def test_an_administrator_can_go_when_another_remains(client, administrator):
    from parvis.accounts.tests.helpers import sign_in

    make_user("relief@mairie.example", roles=(Role.ADMINISTRATOR,))
    sign_in(client, administrator)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    response = client.post("/accounts/delete/", {"confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=administrator.pk).exists()
