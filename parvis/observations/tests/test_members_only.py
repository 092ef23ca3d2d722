"""A campaign whose results are for its members only (a health panel): anonymous readers and
signed-in non-members read its description and how to join, never its charts or heat map;
its members, signed in, see them. The anonymous copy the page cache keeps never holds the
results, a member's page is never served from it, and the open data leaves the campaign's
observations out. Expected values are written by hand."""

from __future__ import annotations

import pytest

from parvis.accounts.tests.helpers import sign_in
from parvis.core.datasets import dataset_rows
from parvis.observations.models import Campaign, Member
from parvis.observations.tests.test_campaigns import record

pytestmark = pytest.mark.django_db

PAGE = "/en/observations/reseau-des-nez/"
RESULTS = ('id="over-time"', 'class="heat-map"', 'class="chart"')
JOIN = "This campaign shows its charts and its map to its members only."


@pytest.fixture
def panel(campaign) -> Campaign:
    Campaign.objects.filter(pk=campaign.pk).update(results_for_members=True)
    campaign.refresh_from_db()
    return campaign


def shows_results(html: str) -> bool:
    found = [marker in html for marker in RESULTS]
    assert found in ([True] * 3, [False] * 3), found
    return found[0]


def test_anonymous_readers_and_non_members_read_how_to_join(client, panel, member, other_resident):
    record(member, 1, 4)
    html = client.get(PAGE).content.decode()
    assert not shows_results(html)
    assert JOIN in html and 'href="/en/observations/reseau-des-nez/join/"' in html
    assert "4.0" not in html

    sign_in(client, other_resident)
    html = client.get(PAGE).content.decode()
    assert not shows_results(html) and JOIN in html


def test_a_signed_in_member_sees_the_results(client, panel, member, resident):
    record(member, 1, 4)
    sign_in(client, resident)
    html = client.get(PAGE).content.decode()
    assert shows_results(html)
    assert JOIN not in html


def test_the_cached_anonymous_copy_never_has_results_nor_serves_a_member(
    client, panel, member, resident, page_cache
):
    record(member, 1, 4)
    first = client.get(PAGE)
    assert first["X-Parvis-Cache"] == "miss"
    again = client.get(PAGE)
    assert again["X-Parvis-Cache"] == "hit"
    assert not shows_results(again.content.decode())

    sign_in(client, resident)
    mine = client.get(PAGE)
    assert "X-Parvis-Cache" not in mine  # rendered for the member, neither served nor kept
    assert shows_results(mine.content.decode())
    assert "no-store" in mine["Cache-Control"]

    client.logout()
    anonymous = client.get(PAGE)
    assert anonymous["X-Parvis-Cache"] == "hit"
    assert not shows_results(anonymous.content.decode())


def test_turning_the_setting_on_refreshes_the_cached_copy(client, campaign, member, page_cache):
    record(member, 1, 4)
    assert shows_results(client.get(PAGE).content.decode())
    assert client.get(PAGE)["X-Parvis-Cache"] == "hit"

    campaign.results_for_members = True
    campaign.save()

    fresh = client.get(PAGE)
    assert fresh["X-Parvis-Cache"] == "miss"
    assert not shows_results(fresh.content.decode())


def test_the_open_data_leaves_members_only_campaigns_out(campaign, member, resident):
    other = Campaign.objects.create(
        name="Panel santé", slug="panel-sante", category=campaign.category,
        starts_on=campaign.starts_on, is_published=True, results_for_members=True,
    )  # fmt: skip
    record(member, 1, 4)
    record(Member.objects.create(campaign=other, user=resident), 1, 3)
    assert [row["campaign"] for row in dataset_rows("observations")] == ["reseau-des-nez"]
