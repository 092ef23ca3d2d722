"""The campaign the tests of observations share, and a member of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.observations.models import Campaign, Member
from parvis.reports.tests.factories import make_category, make_town

DAY = timedelta(days=1)


@pytest.fixture
def campaign() -> Campaign:
    make_town()
    return Campaign.objects.create(
        name="Réseau des nez",
        slug="reseau-des-nez",
        category=make_category("odeur"),
        starts_on=timezone.localdate() - 60 * DAY,
        is_published=True,
        invitation_code="NEZ2026A",
    )


@pytest.fixture
def member(campaign, resident) -> Member:
    return Member.objects.create(campaign=campaign, user=resident)
