"""The demo town's council: 24 meetings, 22 sets of real PDF minutes whose text was read,
150 deliberations with outcomes and votes, found by a word of their minutes; a second run
writes nothing."""

from __future__ import annotations

import pytest

from parvis.council.models import Deliberation, Document, Extraction, Meeting, Outcome
from parvis.demo.council import council_ensure
from parvis.search.engine import search

pytestmark = pytest.mark.django_db


def test_the_demo_council_is_built_once():
    assert council_ensure() == {"council meeting": 24, "council document": 22, "deliberation": 150}
    assert Meeting.objects.filter(status="planned").count() == 2
    assert Document.objects.filter(extraction=Extraction.DONE).count() == 22
    minutes = Document.objects.order_by("meeting__starts_at").first()
    assert "Membres en exercice : 29" in minutes.text
    assert Deliberation.objects.filter(outcome=Outcome.ADOPTED).count() > 100
    for deliberation in Deliberation.objects.filter(outcome=Outcome.ADOPTED):
        assert deliberation.voters <= 29 and deliberation.votes_for > 0
    # "Rapporteur" is written only in the minutes: every deliberation is found by it.
    results = search("rapporteur", kinds=["council_deliberations"]).results
    assert len(results) > 0
    assert council_ensure() == {}
    assert Deliberation.objects.count() == 150
