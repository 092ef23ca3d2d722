"""`parvis createadmin`: the first administrator, without prompts in deployment scripts."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from conftest import PASSWORD
from parvis.accounts.models import RoleAssignment, User
from parvis.accounts.roles import Role
from parvis.core.models import AuditEntry

STRONG = "granit-mairie-clocher-1789"


def createadmin(*args: str) -> str:
    out = StringIO()
    call_command("createadmin", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_creates_an_administrator_from_the_environment(monkeypatch):
    monkeypatch.setenv("PARVIS_ADMIN_PASSWORD", STRONG)

    output = createadmin("--email", "Maire@Mairie.example", "--no-input")

    user = User.objects.get()
    assert user.email == "maire@mairie.example"
    assert user.check_password(STRONG)
    assert user.roles == frozenset({Role.ADMINISTRATOR})
    assert list(
        EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")
    ) == [("maire@mairie.example", True, True)]
    assert AuditEntry.objects.filter(action="role.grant", target_id=str(user.pk)).count() == 1
    assert "Created maire@mairie.example." in output


@pytest.mark.django_db
@pytest.mark.parametrize("weak", ["12345678901234", "password", "maire@mairie.example"])
def test_a_weak_password_is_refused_with_the_validators_message(monkeypatch, weak):
    monkeypatch.setenv("PARVIS_ADMIN_PASSWORD", weak)
    with pytest.raises(ValidationError) as expected:
        validate_password(weak, User(email="maire@mairie.example"))

    with pytest.raises(CommandError) as refused:
        createadmin("--email", "maire@mairie.example", "--no-input")

    assert str(refused.value) == " ".join(expected.value.messages)
    assert not User.objects.exists()
    assert not RoleAssignment.objects.exists()


@pytest.mark.django_db
def test_running_it_again_changes_nothing(monkeypatch):
    monkeypatch.setenv("PARVIS_ADMIN_PASSWORD", STRONG)
    createadmin("--email", "maire@mairie.example", "--no-input")
    monkeypatch.setenv("PARVIS_ADMIN_PASSWORD", "another-strong-passphrase-2024")

    output = createadmin("--email", "maire@mairie.example", "--no-input")

    user = User.objects.get()
    assert user.check_password(STRONG)
    assert RoleAssignment.objects.count() == 1
    assert EmailAddress.objects.count() == 1
    assert AuditEntry.objects.filter(action="role.grant").count() == 1
    assert "Gave the administrator role to maire@mairie.example." in output


@pytest.mark.django_db
def test_an_existing_account_is_promoted(monkeypatch, resident):
    monkeypatch.delenv("PARVIS_ADMIN_PASSWORD", raising=False)

    createadmin("--email", resident.email.upper(), "--no-input")

    resident.forget_roles()
    assert resident.roles == frozenset({Role.ADMINISTRATOR})
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_without_a_password_and_no_prompt_it_stops(monkeypatch):
    monkeypatch.delenv("PARVIS_ADMIN_PASSWORD", raising=False)

    with pytest.raises(CommandError, match="PARVIS_ADMIN_PASSWORD"):
        createadmin("--email", "maire@mairie.example", "--no-input")

    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["", "not-an-address"])
def test_a_missing_or_malformed_address_is_refused(monkeypatch, email):
    monkeypatch.setenv("PARVIS_ADMIN_PASSWORD", STRONG)
    args = ["--no-input"] + (["--email", email] if email else [])

    with pytest.raises(CommandError):
        createadmin(*args)

    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_new_administrator_must_set_up_totp_before_the_back_office(client, monkeypatch):
    monkeypatch.setenv("PARVIS_ADMIN_PASSWORD", STRONG)
    createadmin("--email", "maire@mairie.example", "--no-input")

    client.post("/accounts/login/", {"login": "maire@mairie.example", "password": STRONG})
    response = client.get("/backoffice/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/?next=%2Fbackoffice%2F"
