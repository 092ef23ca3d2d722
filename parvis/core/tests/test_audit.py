"""Each civic act leaves one audit entry: who did what to what, written by its service."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError

from conftest import make_user
from parvis.accounts.models import User
from parvis.accounts.roles import Role
from parvis.accounts.services import role_grant, role_revoke
from parvis.core.audit import audit_record
from parvis.core.models import AuditEntry
from parvis.spaces.models import MemberRole, Space, SpaceKind
from parvis.spaces.services import (
    membership_add,
    membership_remove,
    membership_save,
    space_delete,
    space_save,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user() -> User:
    user = make_user("admin@mairie.example", roles=(Role.ADMINISTRATOR,))
    AuditEntry.objects.all().delete()  # its own grant is not under test
    return user


def entries() -> list[tuple]:
    return [
        (
            entry.actor,
            entry.action,
            entry.target_type,
            entry.target_id,
            entry.target_repr,
            entry.data,
        )
        for entry in AuditEntry.objects.order_by("id")
    ]


def test_granting_and_revoking_a_role_are_audited_once_each(admin_user, resident):
    user_type = ContentType.objects.get_for_model(User)

    assert role_grant(user=resident, role=Role.MODERATOR, granted_by=admin_user) is True
    assert role_grant(user=resident, role=Role.MODERATOR, granted_by=admin_user) is False
    assert role_revoke(user=resident, role=Role.MODERATOR, revoked_by=admin_user) is True
    assert role_revoke(user=resident, role=Role.MODERATOR, revoked_by=admin_user) is False

    target = (user_type, str(resident.pk), resident.email)
    assert entries() == [
        (admin_user, "role.grant", *target, {"role": "moderator"}),
        (admin_user, "role.revoke", *target, {"role": "moderator"}),
    ]


def test_creating_and_updating_a_space_are_audited(officer):
    AuditEntry.objects.all().delete()
    space = Space(kind=SpaceKind.PROJECT, slug="tramway", name="Tramway")

    space_save(space=space, actor=officer)
    space.name = "Tramway line A"
    space_save(space=space, actor=officer)

    space_type = ContentType.objects.get_for_model(Space)
    assert entries() == [
        (officer, "space.create", space_type, str(space.pk), "Tramway", {}),
        (officer, "space.update", space_type, str(space.pk), "Tramway line A", {}),
    ]


def test_adding_and_removing_a_member_are_audited_on_the_space(officer, resident):
    space = space_save(space=Space(kind=SpaceKind.COUNCIL, slug="youth", name="Youth"), actor=None)
    AuditEntry.objects.all().delete()

    membership = membership_add(space=space, user=resident, role=MemberRole.MEMBER, actor=officer)
    again = membership_add(space=space, user=resident, role=MemberRole.MEMBER, actor=officer)
    assert again.pk == membership.pk  # idempotent: the second call added nothing
    membership_remove(membership=membership, actor=officer)

    space_type = ContentType.objects.get_for_model(Space)
    details = {"user_id": resident.pk, "role": "member"}
    assert entries() == [
        (officer, "space.member_add", space_type, str(space.pk), "Youth", details),
        (officer, "space.member_remove", space_type, str(space.pk), "Youth", details),
    ]


def test_an_entry_outlives_its_target_and_reads_well_after(officer):
    space = space_save(
        space=Space(kind=SpaceKind.THEME, slug="culture", name="Culture"), actor=None
    )
    space_pk = space.pk

    space_delete(space=space, actor=officer)

    entry = AuditEntry.objects.get(action="space.delete")
    assert (entry.actor, entry.target_id, entry.target_repr) == (officer, str(space_pk), "Culture")
    assert Space.objects.filter(pk=space_pk).exists() is False


def test_an_act_without_a_signed_in_person_has_no_actor():
    entry = audit_record(actor=AnonymousUser(), action="system.purge")

    assert (entry.actor, entry.target_type, entry.target_id, entry.target_repr) == (
        None,
        None,
        "",
        "",
    )


def test_an_entry_is_rolled_back_with_the_act_it_records(officer):
    space_save(space=Space(kind=SpaceKind.THEME, slug="culture", name="Culture"), actor=None)
    AuditEntry.objects.all().delete()

    with pytest.raises(IntegrityError):
        space_save(space=Space(kind=SpaceKind.THEME, slug="culture", name="Again"), actor=officer)

    assert AuditEntry.objects.count() == 0
    assert Space.objects.count() == 1


def test_changing_a_member_from_a_form_is_audited_as_an_update(officer, resident):
    space = space_save(space=Space(kind=SpaceKind.COUNCIL, slug="youth", name="Youth"), actor=None)
    membership = membership_add(space=space, user=resident, role=MemberRole.MEMBER, actor=None)
    AuditEntry.objects.all().delete()

    membership.title = "Secretary"
    membership_save(membership=membership, actor=officer)

    assert [(e.actor, e.action, e.target_repr) for e in AuditEntry.objects.all()] == [
        (officer, "space.member_update", "Youth")
    ]
