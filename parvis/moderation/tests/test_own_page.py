"""Contributions decided on a page of their own (`moderated_on_own_page`), in the one queue
and its counts; the directory's proposals are the first of them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from parvis.accounts.tests.helpers import sign_in
from parvis.comments.models import Comment
from parvis.comments.tests.factories import make_comment
from parvis.directory.models import ChangeProposal, ProposalStatus
from parvis.directory.services import proposal_create, proposal_decide
from parvis.directory.tests.factories import make_category, make_entry
from parvis.moderation.models import Decision
from parvis.moderation.registry import moderated_on_own_page, moderated_type_by_key
from parvis.moderation.selectors import dashboard_counts
from parvis.moderation.tests.test_queue import DASHBOARD, DECIDE, QUEUE, fr, queue_items, soup

pytestmark = pytest.mark.django_db


def item_id(obj) -> str:
    return f"item-{ContentType.objects.get_for_model(type(obj)).pk}{obj.pk}"


@pytest.fixture
def moderating(client, moderator):
    sign_in(client, moderator)
    return client


@pytest.fixture
def town_hall(db):
    return make_entry(make_category(), name="Mairie", slug="mairie", phone="02 54 00 00 00")


def test_a_pending_proposal_waits_in_the_queue_with_a_link_to_its_decision_page(
    moderating, council_page, town_hall, resident, other_resident
):
    proposal = proposal_create(
        entry=town_hall,
        proposer=resident,
        values={"phone": "02 54 99 99 99"},
        comment="Le numéro a changé.",
    )
    comment = make_comment(council_page, other_resident, "En attente")
    ChangeProposal.objects.filter(pk=proposal.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )

    response = moderating.get(QUEUE)

    assert response.status_code == 200
    assert queue_items(response) == [item_id(proposal), item_id(comment)]
    item = soup(response).select_one(f"#{item_id(proposal)}")
    text = item.get_text(" ", strip=True)
    assert fr("A change to “%(name)s”") % {"name": "Mairie"} in text
    assert fr("%(field)s: %(value)s") % {"field": fr("Telephone"), "value": "02 54 99 99 99"} in (
        text
    )
    assert fr("Comment: %(comment)s") % {"comment": "Le numéro a changé."} in text
    assert resident.email in text
    assert item.select("form") == []
    (link,) = item.select(".moderation-item__decide a")
    assert link["href"] == f"/backoffice/directory/changeproposal/{proposal.pk}/change/"
    assert link.get_text(strip=True) == fr("Decide field by field")
    assert moderating.get(link["href"]).status_code == 200


def test_a_decided_proposal_leaves_the_queue_and_its_counts(
    moderating, moderator, town_hall, resident
):
    proposal = proposal_create(entry=town_hall, proposer=resident, values={"phone": "1"})
    assert (dashboard_counts().pending["directory"], dashboard_counts().pending_total) == (1, 1)

    proposal_decide(proposal=proposal, accepted=set(), actor=moderator)

    assert queue_items(moderating.get(QUEUE)) == []
    assert (dashboard_counts().pending["directory"], dashboard_counts().pending_total) == (0, 0)


def test_proposals_are_counted_as_waiting_never_as_flagged(
    moderating, town_hall, resident, other_resident, council_page
):
    proposal_create(entry=town_hall, proposer=resident, values={"phone": "1"})
    proposal_create(
        entry=None,
        proposer=other_resident,
        values={"name": "Crèche des Lilas", "category": "mairie", "lat": "46.81", "lon": "1.69"},
    )
    make_comment(council_page, resident, "En attente")

    response = moderating.get(DASHBOARD)

    counts = dashboard_counts()
    assert (counts.pending_total, counts.flagged_total) == (3, 0)
    rows = soup(response).select("#content-main table")[0].select("tbody tr")
    shown = [row.get_text(" ", strip=True) for row in rows]
    # The types moderated in the queue first (comments, reports…), then the others (the
    # directory's proposals, the wiki's held edits…).
    assert shown[0] == f"{fr('Comments')} 1 0"
    assert f"{fr('Directory proposals')} 2 —" in shown[shown.index(f"{fr('Comments')} 1 0") :]
    assert shown.index(f"{fr('Directory proposals')} 2 —") > max(
        i for i, row in enumerate(shown) if not row.endswith("—")
    )
    waiting = soup(moderating.get(QUEUE)).select(".moderation-tabs a")[0].get_text(strip=True)
    assert waiting == f"{fr('Waiting for review')} (3)"


def test_the_queue_filters_proposals_by_their_key_and_keeps_them_out_of_other_tabs(
    moderating, town_hall, resident, council_page
):
    proposal = proposal_create(
        entry=None,
        proposer=resident,
        values={"name": "Crèche des Lilas", "category": "mairie", "lat": "46.81", "lon": "1.69"},
    )
    make_comment(council_page, resident, "En attente")

    only = moderating.get(f"{QUEUE}?type=directory")
    flagged = moderating.get(f"{QUEUE}?show=flagged&type=directory")
    hidden = moderating.get(f"{QUEUE}?show=hidden")

    assert queue_items(only) == [item_id(proposal)]
    assert fr("A new directory entry") in soup(only).select_one(f"#{item_id(proposal)}").text
    assert queue_items(flagged) == queue_items(hidden) == []


def test_the_queues_decision_form_does_not_decide_a_proposal(moderating, town_hall, resident):
    proposal = proposal_create(entry=town_hall, proposer=resident, values={"phone": "1"})
    ref = f"{ContentType.objects.get_for_model(ChangeProposal).pk}:{proposal.pk}"

    response = moderating.post(DECIDE, {"item": ref, "action": "approve", "days": 7})

    proposal.refresh_from_db()
    assert response.status_code == 302
    assert proposal.status == ProposalStatus.PENDING
    assert Decision.objects.count() == 0


def test_a_key_is_declared_once_whichever_way_it_is_moderated():
    assert moderated_type_by_key("directory").model is ChangeProposal

    with pytest.raises(ImproperlyConfigured, match="moderation key 'comment' is declared twice"):
        moderated_on_own_page(
            Comment,
            key="comment",
            label="Comments",
            pending=Comment.objects.none,
            text=str,
            url=str,
        )
