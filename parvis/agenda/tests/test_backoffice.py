"""The back office of the agenda: a communication officer adds an event (its occurrences
written out, the act recorded); bad input is answered next to its field, in the words of the
services, and nothing is saved."""

from __future__ import annotations

import pytest
from django.utils import translation

from parvis.accounts.tests.helpers import sign_in
from parvis.agenda.models import Event, Occurrence
from parvis.core.models import AuditEntry

pytestmark = pytest.mark.django_db

ADD = "/backoffice/agenda/event/add/"


def form(**overrides):
    data = {
        "title": "Marché de producteurs",
        "slug": "",
        "summary": "",
        "description": "",
        "category": "",
        "image_alt": "",
        "starts_at_0": "2027-05-01",
        "starts_at_1": "08:00",
        "ends_at_0": "2027-05-01",
        "ends_at_1": "13:00",
        "rrule": "FREQ=WEEKLY;COUNT=4",
        "exdates": "",
        "place_name": "Place du marché",
        "address": "",
        "lat": "",
        "lon": "",
        "online_url": "",
        "online_label": "",
        "organiser": "",
        "organiser_url": "",
        "is_free": "on",
        "price": "",
        "price_text": "",
        "accessibility": "",
        "capacity": "",
        "registration_closes_at_0": "",
        "registration_closes_at_1": "",
        "space": "",
        "status": "scheduled",
        "is_published": "on",
    }
    data.update(overrides)
    return data


def test_an_officer_adds_a_recurring_event(client, officer):
    sign_in(client, officer)
    assert client.get(ADD).status_code == 200
    response = client.post(ADD, form())
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.slug == "marche-de-producteurs"
    assert Occurrence.objects.filter(event=event).count() == 4
    assert AuditEntry.objects.filter(action="agenda.event.create", actor=officer).count() == 1


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"ends_at_1": "07:00", "rrule": ""},
            {"ends_at": ["The end cannot come before the start."]},
        ),
        (
            {"rrule": "FREQ=HOURLY"},
            {
                "rrule": [
                    "An event repeats every day at most: use DAILY, WEEKLY, MONTHLY or YEARLY."
                ]
            },
        ),
        (
            {"rrule": "", "registration_required": "on", "capacity": "-2"},
            {"capacity": ["Ensure this value is greater than or equal to %(limit_value)s."]},
        ),
        (
            {"rrule": "", "registration_required": "on", "capacity": "0"},
            {"capacity": ["Give at least one place, or leave it empty for no limit."]},
        ),
        (
            {"place_name": ""},
            {"place_name": ["Give a place, an online location, or both."]},
        ),
    ],
)
def test_bad_input_is_answered_next_to_its_field(client, officer, overrides, errors):
    sign_in(client, officer)
    response = client.post(ADD, form(**overrides))
    assert response.status_code == 400  # an invalid form answers 400 (core.middleware)
    # The back office speaks French: each message as the catalogue says it.
    with translation.override("fr"):
        expected = {
            field: [translation.gettext(text) % {"limit_value": 0} for text in texts]
            for field, texts in errors.items()
        }
    assert response.context["adminform"].form.errors == expected
    assert not Event.objects.exists() and not Occurrence.objects.exists()
