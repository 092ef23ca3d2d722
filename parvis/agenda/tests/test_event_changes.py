"""What an event's edit does to its registrants: places added move the waiting list (the
first in line confirmed and e-mailed); the event cancelled tells every registrant, confirmed
or waiting, and nobody whose registration was cancelled already."""

from __future__ import annotations

import pytest
from django.utils import translation

from conftest import Mailbox
from parvis.agenda import registrations
from parvis.agenda.models import EventStatus, Registration, RegistrationStatus
from parvis.agenda.services import event_save
from parvis.agenda.tests.test_registrations import make_event

pytestmark = pytest.mark.django_db


def _register(event, name: str, email: str) -> Registration:
    with translation.override("en"):
        registration, _secret = registrations.registration_create(
            event=event, name=name, email=email
        )
    return registration


def test_places_added_confirm_the_first_in_line(mailbox, run_tasks):
    event = make_event(capacity=1)
    _register(event, "Alice", "alice@example.org")
    _register(event, "Bruno", "bruno@example.org")
    _register(event, "Chloé", "chloe@example.org")
    run_tasks()
    mailbox.clear()

    event.capacity = 2
    event_save(event=event)
    run_tasks()

    assert list(
        Registration.objects.filter(event=event).order_by("id").values_list("name", "status")
    ) == [
        ("Alice", RegistrationStatus.CONFIRMED),
        ("Bruno", RegistrationStatus.CONFIRMED),
        ("Chloé", RegistrationStatus.WAITING),
    ]
    assert [message["X-Envelope-To"] for message in mailbox.messages] == ["bruno@example.org"]
    assert mailbox.messages[0]["Subject"] == (
        "A place freed up, your registration is confirmed: Atelier compost"
    )


def test_an_event_cancelled_tells_each_registrant_once(mailbox, run_tasks):
    event = make_event(capacity=1)
    _register(event, "Alice", "alice@example.org")
    _register(event, "Bruno", "bruno@example.org")
    gone = _register(event, "Chloé", "chloe@example.org")
    registrations.registration_cancel_by_staff(registration=gone, actor=None)
    run_tasks()
    mailbox.clear()

    event.status = EventStatus.CANCELLED
    event_save(event=event)
    event_save(event=event)  # saved again: nobody is told twice
    run_tasks()

    assert sorted(message["X-Envelope-To"] for message in mailbox.messages) == [
        "alice@example.org",
        "bruno@example.org",
    ]
    assert {message["Subject"] for message in mailbox.messages} == {"Cancelled: Atelier compost"}
    assert "“Atelier compost” is cancelled" in Mailbox.text(mailbox.messages[0])
