"""Residents' proposals: only what differs is kept; a moderator accepts or rejects each
field; accepted fields are applied with a revision each, unless the entry changed meanwhile;
invalid values change nothing; the proposer hears of the decision."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from parvis.core.models import AuditEntry
from parvis.directory.models import ChangeProposal, Entry, FieldDecision, Revision
from parvis.directory.services import entry_save, proposal_create, proposal_decide
from parvis.directory.tests.factories import LAT, LON, make_category, make_entry, make_town

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    make_town()
    return make_entry(make_category(), 1, name="Mairie", phone="02 54 00 00 00")


def test_a_proposal_keeps_only_what_differs_and_what_the_resident_saw(entry, resident):
    proposal = proposal_create(
        entry=entry,
        proposer=resident,
        values={"name": "Mairie", "phone": "02 54 99 99 99", "opening_hours": "24/7"},
    )
    assert proposal.values == {"phone": "02 54 99 99 99", "opening_hours": "24/7"}
    assert proposal.base == {
        "phone": "02 54 00 00 00",
        "opening_hours": "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00",
    }
    with pytest.raises(ValidationError):
        proposal_create(entry=entry, proposer=resident, values={"name": "Mairie"})


def test_accepted_fields_are_applied_with_their_revision_and_rejected_ones_are_not(
    entry, resident, moderator, mailbox, run_tasks
):
    proposal = proposal_create(
        entry=entry,
        proposer=resident,
        values={"phone": "02 54 99 99 99", "website": "https://mairie.example"},
    )
    proposal_decide(proposal=proposal, accepted={"phone"}, actor=moderator)
    entry.refresh_from_db()
    assert (entry.phone, entry.website) == ("02 54 99 99 99", "")
    proposal.refresh_from_db()
    assert proposal.decisions == {"phone": "accepted", "website": "rejected"}
    revision = Revision.objects.get()
    assert (revision.field, revision.old, revision.new) == (
        "phone",
        "02 54 00 00 00",
        "02 54 99 99 99",
    )
    assert (revision.actor, revision.proposal) == (moderator, proposal)
    assert AuditEntry.objects.filter(action="directory.proposal_decide").count() == 1
    run_tasks()
    (message,) = mailbox.messages
    assert message["X-Envelope-To"] == resident.email
    text = mailbox.text(message)
    assert "Téléphone: Accepté" in text and "Site web: Refusé" in text
    with pytest.raises(ValidationError):
        proposal_decide(proposal=proposal, accepted={"website"}, actor=moderator)


def test_a_field_changed_since_the_proposal_is_not_overwritten(
    entry, resident, moderator, administrator
):
    proposal = proposal_create(
        entry=entry, proposer=resident, values={"phone": "02 54 99 99 99", "name": "Hôtel de ville"}
    )
    entry.phone = "02 54 11 11 11"
    entry_save(entry=entry, actor=administrator)
    proposal_decide(proposal=proposal, accepted={"phone", "name"}, actor=moderator)
    entry.refresh_from_db()
    assert (entry.phone, entry.name) == ("02 54 11 11 11", "Hôtel de ville")
    proposal.refresh_from_db()
    assert proposal.decisions == {"phone": FieldDecision.OUTDATED, "name": FieldDecision.ACCEPTED}


def test_an_invalid_accepted_value_changes_nothing(entry, resident, moderator):
    proposal = ChangeProposal.objects.create(
        entry=entry,
        proposer=resident,
        values={"opening_hours": "whenever", "phone": "02 54 99 99 99"},
        base={"opening_hours": entry.opening_hours, "phone": "02 54 00 00 00"},
    )
    with pytest.raises(ValidationError) as error:
        proposal_decide(proposal=proposal, accepted={"opening_hours", "phone"}, actor=moderator)
    assert "opening_hours" in error.value.message_dict
    entry.refresh_from_db()
    assert entry.phone == "02 54 00 00 00"
    assert not Revision.objects.exists()
    assert ChangeProposal.objects.get().status == "pending"


def test_a_new_entry_proposed_and_accepted(entry, resident, moderator):
    proposal = proposal_create(
        entry=None,
        proposer=resident,
        values={
            "name": "École du centre",
            "category": "mairie",
            "lat": repr(LAT),
            "lon": repr(LON),
            "address_text": "1 Rue de la Halle",
        },
    )
    with pytest.raises(ValidationError):
        proposal_decide(proposal=proposal, accepted={"name"}, actor=moderator)
    proposal_decide(
        proposal=proposal,
        accepted={"name", "category", "lat", "lon", "address_text"},
        actor=moderator,
    )
    created = Entry.objects.get(name="École du centre")
    assert created.slug == "ecole-du-centre" and created.lat == LAT
    assert Revision.objects.filter(entry=created).count() == 5


def test_a_new_entry_needs_a_name_a_category_and_a_place(entry, resident):
    with pytest.raises(ValidationError) as error:
        proposal_create(entry=None, proposer=resident, values={"name": "École"})
    assert set(error.value.message_dict) == {"category", "lat", "lon"}
