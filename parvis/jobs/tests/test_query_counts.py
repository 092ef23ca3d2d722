"""The job offers' pages, and the application forms, issue as many SQL queries with 1,000
offers as with 10; the back office's list of applications as many with 200 as with 10."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.jobs.models import Application, ApplicationEvent, Offer
from parvis.jobs.tests.factories import days, make_application, make_offer

SMALL, LARGE = 10, 1_000

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def add_offers(count: int) -> None:
    start = Offer.objects.count()
    Offer.objects.bulk_create(
        Offer(
            slug=f"offre-{n}", reference=f"R-{n}", title=f"Offre {n}",
            department=f"Service {n % 7}", category="ABC"[n % 3], contract_type="contract",
            place="Mairie", description="x", profile="y", published_on=days(-2),
            closes_on=days(10), is_published=True,
        )
        for n in range(start, start + count)
    )  # fmt: skip


@pytest.mark.parametrize(
    "url",
    [
        "/jobs/",
        "/jobs/?category=A&department=Service+3",
        "/jobs/?page=2",
        "/jobs/jardinier/",
        "/jobs/jardinier/apply/",
        "/jobs/applications/new/",
    ],
)
def test_the_pages_do_not_grow_with_the_number_of_offers(client, url):
    make_offer("jardinier")
    add_offers(SMALL + 20)
    queries_for(client, url)  # warm
    small = queries_for(client, url)

    add_offers(LARGE)

    assert queries_for(client, url) == small


def add_applications(offer: Offer, count: int) -> None:
    """`count` more applications to `offer`, each with a line of history, copied from one."""
    model = Application.objects.filter(offer=offer).first() or make_application(offer)
    start = Application.objects.count()
    created = Application.objects.bulk_create(
        Application(
            reference=f"CAND-T-{n}", offer=offer, first_name="Camille", last_name=f"N{n}",
            email=f"c{n}@example.org", cv=model.cv.name, letter_text="x", language="fr",
            secret_digest=f"{n:064d}", consent_at=model.consent_at,
        )
        for n in range(start, start + count)
    )  # fmt: skip
    ApplicationEvent.objects.bulk_create(
        ApplicationEvent(application=application, kind="note", text="Lu.")
        for application in created
    )


@pytest.mark.parametrize("changelist", [True, False])
def test_the_back_office_of_applications_does_not_grow_with_their_number(
    client, staff_member, changelist
):
    offer = make_offer("jardinier")
    add_applications(offer, SMALL)
    first = Application.objects.order_by("id").first()
    url = (
        "/backoffice/jobs/application/"
        if changelist
        else f"/backoffice/jobs/application/{first.pk}/change/"
    )
    sign_in(client, staff_member(Role.HR_OFFICER))
    queries_for(client, url)  # warm
    small = queries_for(client, url)

    add_applications(offer, 200)

    assert queries_for(client, url) == small
