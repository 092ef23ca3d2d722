"""A suspension stops a member of staff's back-office work too (issue 7, found beyond item 7).

`suspended_until` says "the person can read but not write anything on the site", and the
role backend's docstring said a suspended account holds no permission; yet the backend only
looked at `is_active`, so a suspended communication officer still published news and a
suspended administrator still changed roles. Checked against the old code: both lists
answered 200 while suspended.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in

pytestmark = pytest.mark.django_db

ARTICLES = "/backoffice/news/article/"
USERS = "/backoffice/accounts/user/"


@pytest.mark.parametrize(
    ("role", "page"),
    [(Role.COMMUNICATION_OFFICER, ARTICLES), (Role.ADMINISTRATOR, USERS)],
)
def test_a_suspended_member_of_staff_loses_the_back_office_until_the_suspension_ends(
    client, staff_member, role, page
):
    member = staff_member(role)
    sign_in(client, member)
    assert client.get(page).status_code == 200

    member.suspended_until = timezone.now() + timedelta(days=2)
    member.save(update_fields=["suspended_until"])
    assert client.get(page).status_code == 403
    assert client.post(f"{page}add/", {}).status_code == 403

    member.suspended_until = timezone.now() - timedelta(minutes=1)
    member.save(update_fields=["suspended_until"])
    assert client.get(page).status_code == 200


def test_a_suspended_administrator_holds_no_permission(staff_member):
    administrator = staff_member(Role.ADMINISTRATOR)
    assert administrator.has_perm("accounts.change_user")

    administrator.suspended_until = timezone.now() + timedelta(hours=1)
    assert not administrator.has_perm("accounts.change_user")
    assert not administrator.has_module_perms("accounts")
    assert administrator.get_all_permissions() == set()
