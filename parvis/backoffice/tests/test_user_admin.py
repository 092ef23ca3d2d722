"""Accounts in the back office: administrators change them through the services, moderators
only read them."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import make_user
from parvis.accounts.models import RoleAssignment, User
from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.core.models import AuditEntry
from parvis.core.tests.forms import form_data

HELD = "role_assignments"
GRANT = "role_assignments-2"


def change_url(user: User) -> str:
    return f"/backoffice/accounts/user/{user.pk}/change/"


def change_form(client, user: User) -> dict[str, str]:
    page = client.get(change_url(user))
    assert page.status_code == 200
    return form_data(page.content.decode(), "user_form")


def held_row(data: dict[str, str], role: Role, user: User) -> str:
    """The prefix of the row of `role` among the roles held."""
    assignment = RoleAssignment.objects.get(user=user, role=role)
    for key, value in data.items():
        if key.startswith(f"{HELD}-") and key.endswith("-id") and value == str(assignment.pk):
            return key.removesuffix("-id")
    raise AssertionError(f"{role} is not listed on the page")


def last_administrator_message() -> str:
    with translation.override("fr"):
        return escape(
            gettext("This is the last active administrator: give the role to someone else first.")
        )


@pytest.mark.django_db
def test_an_administrator_grants_a_role_through_the_service(client, administrator, resident):
    sign_in(client, administrator)
    data = change_form(client, resident)
    data[f"{GRANT}-0-role"] = Role.MODERATOR

    response = client.post(change_url(resident), data)

    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=resident)
    assert (assignment.role, assignment.granted_by) == (Role.MODERATOR, administrator)
    entry = AuditEntry.objects.get(action="role.grant", target_id=str(resident.pk))
    assert (entry.actor, entry.data) == (administrator, {"role": "moderator"})


@pytest.mark.django_db
def test_granting_a_role_already_held_changes_nothing(client, administrator, moderator):
    sign_in(client, administrator)
    data = change_form(client, moderator)
    data[f"{GRANT}-0-role"] = Role.MODERATOR

    response = client.post(change_url(moderator), data)

    assert response.status_code == 400
    assert RoleAssignment.objects.filter(user=moderator).count() == 1
    assert not AuditEntry.objects.filter(action="role.grant", actor=administrator).exists()


@pytest.mark.django_db
def test_an_administrator_revokes_a_role_through_the_service(client, administrator, moderator):
    sign_in(client, administrator)
    data = change_form(client, moderator)
    data[f"{held_row(data, Role.MODERATOR, moderator)}-DELETE"] = "on"

    response = client.post(change_url(moderator), data)

    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=moderator).exists()
    entry = AuditEntry.objects.get(action="role.revoke")
    assert (entry.actor, entry.target_id, entry.data) == (
        administrator,
        str(moderator.pk),
        {"role": "moderator"},
    )


@pytest.mark.django_db
def test_the_last_administrator_keeps_the_role(client, administrator):
    sign_in(client, administrator)
    data = change_form(client, administrator)
    data[f"{held_row(data, Role.ADMINISTRATOR, administrator)}-DELETE"] = "on"

    response = client.post(change_url(administrator), data)

    assert response.status_code == 400
    assert last_administrator_message() in response.content.decode()
    assert RoleAssignment.objects.filter(user=administrator, role=Role.ADMINISTRATOR).exists()
    assert not AuditEntry.objects.filter(action="role.revoke").exists()


@pytest.mark.django_db
def test_an_administrator_role_can_go_when_another_administrator_remains(client, administrator):
    other = make_user("second.admin@mairie.example", roles=(Role.ADMINISTRATOR,), totp=True)
    sign_in(client, administrator)
    data = change_form(client, other)
    data[f"{held_row(data, Role.ADMINISTRATOR, other)}-DELETE"] = "on"

    response = client.post(change_url(other), data)

    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=other).exists()


@pytest.mark.django_db
def test_the_last_administrator_cannot_be_deactivated(client, administrator):
    sign_in(client, administrator)
    data = change_form(client, administrator)
    del data["is_active"]

    response = client.post(change_url(administrator), data)

    assert response.status_code == 400
    assert last_administrator_message() in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_active


@pytest.mark.django_db
def test_an_administrator_changes_names_and_deactivates_an_account(client, administrator, resident):
    sign_in(client, administrator)
    data = change_form(client, resident)
    data.update(first_name="Camille", last_name="Martin", email="hijack@example.org")
    del data["is_active"]

    response = client.post(change_url(resident), data)

    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.first_name, resident.last_name, resident.is_active) == (
        "Camille",
        "Martin",
        False,
    )
    # The address is the owner's to change, with verification.
    assert resident.email == "camille.resident@example.org"
    entry = AuditEntry.objects.get(action="account.update")
    assert (entry.actor, entry.data) == (
        administrator,
        {"fields": ["first_name", "is_active", "last_name"]},
    )


@pytest.mark.django_db
def test_a_moderator_reads_an_account_but_cannot_change_it(client, moderator, resident):
    sign_in(client, moderator)
    page = client.get(change_url(resident))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert resident.email in page.content.decode()

    response = client.post(
        change_url(resident),
        {"display_name": "Changed", "first_name": "X", "last_name": "Y", "is_active": ""},
    )

    assert response.status_code == 403
    resident.refresh_from_db()
    assert (resident.display_name, resident.is_active) == ("Camille", True)
    assert not AuditEntry.objects.filter(actor=moderator).exists()


@pytest.mark.django_db
def test_a_moderator_cannot_grant_roles(client, moderator, resident):
    sign_in(client, moderator)

    response = client.post(
        change_url(resident),
        {
            f"{GRANT}-TOTAL_FORMS": "1",
            f"{GRANT}-INITIAL_FORMS": "0",
            f"{GRANT}-0-role": Role.ADMINISTRATOR,
        },
    )

    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=resident).exists()


@pytest.mark.django_db
def test_an_administrator_resets_a_lost_second_factor(client, administrator, officer):
    sign_in(client, administrator)

    response = client.post(
        "/backoffice/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [str(officer.pk)]},
    )

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=officer).exists()
    entry = AuditEntry.objects.get(action="account.mfa_reset")
    assert (entry.actor, entry.target_id) == (administrator, str(officer.pk))
    # At the next visit, the officer sets TOTP up again before entering.
    client.post("/accounts/logout/")
    sign_in(client, officer)
    visit = client.get("/backoffice/")
    assert visit.status_code == 302
    assert visit["Location"] == "/accounts/2fa/totp/activate/?next=%2Fbackoffice%2F"


@pytest.mark.django_db
def test_nobody_adds_or_deletes_accounts_from_the_back_office(client, administrator, resident):
    sign_in(client, administrator)

    add = client.get("/backoffice/accounts/user/add/")
    delete = client.post(f"/backoffice/accounts/user/{resident.pk}/delete/", {"post": "yes"})

    assert add.status_code == 403
    assert delete.status_code == 403
    assert User.objects.filter(pk=resident.pk).exists()


@pytest.mark.django_db
def test_the_audit_trail_is_read_only_even_for_administrators(client, administrator, resident):
    sign_in(client, administrator)
    entry = AuditEntry.objects.filter(action="role.grant").first()

    change = client.post(f"/backoffice/core/auditentry/{entry.pk}/change/", {"action": "x"})
    delete = client.post(f"/backoffice/core/auditentry/{entry.pk}/delete/", {"post": "yes"})

    assert change.status_code == 403
    assert delete.status_code == 403
    entry.refresh_from_db()
    assert entry.action == "role.grant"


@pytest.mark.django_db
def test_secrets_never_show_in_the_back_office(client, administrator, officer, run_tasks):
    sign_in(client, administrator)
    client.post("/accounts/password/reset/", {"email": officer.email})
    run_tasks()  # the reset request's task writes the message, queued as a task of its own
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.get(task_path="parvis.core.mail.deliver_email")
    totp = Authenticator.objects.get(user=officer, type=Authenticator.Type.TOTP)

    task_page = client.get(f"/backoffice/django_tasks_database/dbtaskresult/{task.pk}/change/")
    totp_page = client.get(f"/backoffice/mfa/authenticator/{totp.pk}/change/")

    assert task_page.status_code == 200
    assert "/accounts/password/reset/key/" not in task_page.content.decode()
    assert totp_page.status_code == 200
    assert totp.data["secret"] not in totp_page.content.decode()
