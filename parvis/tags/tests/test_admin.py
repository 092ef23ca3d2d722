"""Tags in the back office: every write goes through the services, and only publishers write.

Staff sign in through the real pages, with their password and their authenticator's code.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.core.models import AuditEntry
from parvis.news.tests.factories import make_article
from parvis.tags.models import Tag
from parvis.tags.tests.factories import audit_of, found, make_tag

pytestmark = pytest.mark.django_db

CHANGELIST = "/backoffice/tags/tag/"


@pytest.fixture
def tag() -> Tag:
    tag = make_tag("Travaux", "travaux")
    make_article("new-library", title="The library opens", tags=[tag])
    return tag


def signed_in(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_an_officer_renames_a_tag_and_search_follows(officer, tag):
    client = signed_in(officer)
    assert client.get(f"{CHANGELIST}{tag.pk}/change/").status_code == 200

    response = client.post(
        f"{CHANGELIST}{tag.pk}/change/", {"name": "Chantiers", "slug": "chantiers", "_save": "1"}
    )

    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    assert list(Tag.objects.values_list("name", "slug")) == [("Chantiers", "chantiers")]
    assert audit_of(tag.pk) == [
        ("tag.create", None, "Travaux", {}),
        (
            "tag.update",
            "communication.officer@mairie.example",
            "Chantiers",
            {"before": {"name": "Travaux", "slug": "travaux"}},
        ),
    ]
    assert found(Client(), "chantiers") == ["/news/new-library/"]
    assert found(Client(), "travaux") == []


def test_an_officer_creates_a_tag(officer):
    client = signed_in(officer)

    response = client.post(
        f"{CHANGELIST}add/", {"name": "Culture", "slug": "culture", "_save": "1"}
    )

    assert response.status_code == 302
    tag = Tag.objects.get()
    assert (tag.name, tag.slug) == ("Culture", "culture")
    assert audit_of(tag.pk) == [
        ("tag.create", "communication.officer@mairie.example", "Culture", {})
    ]


def test_a_name_already_taken_is_refused_and_nothing_is_written(officer, tag):
    make_tag("Culture", "culture")
    client = signed_in(officer)
    entries = AuditEntry.objects.count()

    response = client.post(
        f"{CHANGELIST}{tag.pk}/change/", {"name": "Culture", "slug": "travaux", "_save": "1"}
    )

    assert response.status_code == 400  # the form again, with its error
    assert Tag.objects.get(pk=tag.pk).name == "Travaux"
    assert AuditEntry.objects.count() == entries
    assert found(Client(), "travaux") == ["/news/new-library/"]


def test_an_administrator_deletes_a_tag_and_search_forgets_its_name(administrator, tag):
    client = signed_in(administrator)

    response = client.post(f"{CHANGELIST}{tag.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert Tag.objects.count() == 0
    assert audit_of(tag.pk)[-1] == ("tag.delete", "administrator@mairie.example", "Travaux", {})
    assert found(Client(), "travaux") == []
    assert found(Client(), "library") == ["/news/new-library/"]


def test_deleting_tags_from_the_list_goes_through_the_service_for_each(administrator, tag):
    culture = make_tag("Culture", "culture")
    client = signed_in(administrator)

    response = client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [tag.pk, culture.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert Tag.objects.count() == 0
    deleted = AuditEntry.objects.filter(action="tag.delete").order_by("target_repr")
    assert [(e.target_repr, e.actor.email) for e in deleted] == [
        ("Culture", "administrator@mairie.example"),
        ("Travaux", "administrator@mairie.example"),
    ]
    assert found(Client(), "travaux") == []


# --- who may do what (parvis/tags/permissions.py, parvis/accounts/roles.py) ------------------

EDITORS = [Role.COMMUNICATION_OFFICER, Role.ADMINISTRATOR]
OTHER_STAFF = [
    Role.HR_OFFICER,
    Role.FAMILY_SERVICES_OFFICER,
    Role.TECHNICAL_SERVICES_OFFICER,
    Role.ELECTED_OFFICIAL,
    Role.MODERATOR,
]


@pytest.mark.parametrize("role", EDITORS)
def test_the_people_who_publish_may_rename_tags(staff_member, tag, role):
    client = signed_in(staff_member(role))

    response = client.post(
        f"{CHANGELIST}{tag.pk}/change/", {"name": "Chantiers", "slug": "travaux", "_save": "1"}
    )

    assert response.status_code == 302
    assert Tag.objects.get(pk=tag.pk).name == "Chantiers"


@pytest.mark.parametrize("role", OTHER_STAFF)
def test_other_staff_may_neither_add_nor_rename_nor_delete_tags(staff_member, tag, role):
    client = signed_in(staff_member(role))
    entries = AuditEntry.objects.count()

    renamed = client.post(
        f"{CHANGELIST}{tag.pk}/change/", {"name": "Chantiers", "slug": "travaux", "_save": "1"}
    )
    added = client.post(f"{CHANGELIST}add/", {"name": "Culture", "slug": "culture", "_save": "1"})
    deleted = client.post(f"{CHANGELIST}{tag.pk}/delete/", {"post": "yes"})

    assert (renamed.status_code, added.status_code, deleted.status_code) == (403, 403, 403)
    assert list(Tag.objects.values_list("name", flat=True)) == ["Travaux"]
    assert AuditEntry.objects.count() == entries


def test_an_officer_may_not_delete_a_tag(officer, tag):
    client = signed_in(officer)

    response = client.post(f"{CHANGELIST}{tag.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert list(Tag.objects.values_list("name", flat=True)) == ["Travaux"]
    assert [entry[0] for entry in audit_of(tag.pk)] == ["tag.create"]


def test_a_resident_is_refused_and_a_visitor_sent_to_sign_in(resident, tag):
    client = signed_in(resident)
    data = {"name": "Chantiers", "slug": "travaux", "_save": "1"}

    refused = client.post(f"{CHANGELIST}{tag.pk}/change/", data)
    visitor = Client().post(f"{CHANGELIST}{tag.pk}/change/", data)

    assert refused.status_code == 403
    assert visitor.status_code == 302
    assert visitor["Location"].startswith("/accounts/login/?next=")
    assert Tag.objects.get(pk=tag.pk).name == "Travaux"
