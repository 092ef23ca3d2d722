"""The agenda's services: what `event_save` refuses (each with its message, nothing saved),
recurrences in local time across a daylight-saving change, slugs, the iCalendar sequence,
the audit trail, the search, and `event_delete`."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from parvis.agenda.models import Event, Occurrence
from parvis.agenda.services import event_delete, event_save
from parvis.agenda.tests.factories import event_create, paris
from parvis.core.models import AuditEntry
from parvis.search.models import SearchDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def refused(**overrides) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        event_create(**overrides)
    assert Event.objects.count() == 0
    assert Occurrence.objects.count() == 0
    assert AuditEntry.objects.count() == 0
    return caught.value.message_dict


def test_an_end_before_the_start_is_refused_and_nothing_is_saved():
    errors = refused(starts_at=paris(2027, 5, 1, 18), ends_at=paris(2027, 5, 1, 17))
    assert errors == {"ends_at": ["The end cannot come before the start."]}


def test_an_invalid_rule_is_refused_and_nothing_is_saved():
    errors = refused(rrule="FREQ=SOMETIMES")
    assert errors == {
        "rrule": ["An event repeats every day at most: use DAILY, WEEKLY, MONTHLY or YEARLY."]
    }
    errors = refused(rrule="FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31")
    assert list(errors) == ["rrule"]


def test_a_negative_capacity_is_refused_and_nothing_is_saved():
    errors = refused(registration_required=True, capacity=-3)
    assert errors == {"capacity": ["Give at least one place, or leave it empty for no limit."]}


def test_an_event_nowhere_is_refused():
    errors = refused(place_name="", address="")
    assert errors == {"place_name": ["Give a place, an online location, or both."]}


def test_a_weekly_event_stays_at_ten_across_the_change_to_summer_time():
    # Sundays 21 and 28 March 2027 (the clocks go forward that night) and 4 April.
    event = event_create(
        starts_at=paris(2027, 3, 21, 10),
        ends_at=paris(2027, 3, 21, 11, 30),
        rrule="FREQ=WEEKLY;COUNT=3",
    )
    times = list(
        Occurrence.objects.filter(event=event)
        .order_by("starts_at")
        .values_list("starts_at", "ends_at")
    )
    utc = datetime.UTC
    assert times == [
        (datetime.datetime(2027, 3, 21, 9, tzinfo=utc), datetime.datetime(2027, 3, 21, 10, 30, tzinfo=utc)),
        (datetime.datetime(2027, 3, 28, 8, tzinfo=utc), datetime.datetime(2027, 3, 28, 9, 30, tzinfo=utc)),
        (datetime.datetime(2027, 4, 4, 8, tzinfo=utc), datetime.datetime(2027, 4, 4, 9, 30, tzinfo=utc)),
    ]  # fmt: skip
    assert event.last_ends_at == datetime.datetime(2027, 4, 4, 9, 30, tzinfo=utc)


def test_an_endless_recurrence_is_written_out_to_the_horizon_only():
    event = event_create(rrule="FREQ=MONTHLY")
    count = Occurrence.objects.filter(event=event).count()
    # Two years ahead, month by month: 24 or 25 occurrences, never an endless list.
    assert count in (24, 25)
    assert Event.objects.get(pk=event.pk).last_ends_at is None


def test_slugs_come_from_titles_and_stay_unique():
    first = event_create(title="Fête de la musique")
    second = event_create(title="Fête de la musique")
    assert (first.slug, second.slug) == ("fete-de-la-musique", "fete-de-la-musique-2")
    with pytest.raises(ValidationError) as caught:
        event_create(title="Autre", slug="fete-de-la-musique")
    assert caught.value.message_dict == {"slug": ["Another event already has this web address."]}


def test_the_sequence_rises_only_when_what_a_calendar_shows_changes():
    event = event_create()
    assert event.sequence == 0
    event.accessibility = "Accès de plain-pied."
    event_save(event=event)
    assert Event.objects.get(pk=event.pk).sequence == 0
    event.starts_at += datetime.timedelta(hours=1)
    event.ends_at += datetime.timedelta(hours=1)
    event_save(event=event)
    assert Event.objects.get(pk=event.pk).sequence == 1
    assert Occurrence.objects.get(event=event).starts_at == event.starts_at
    event.place_name = "Médiathèque"
    event_save(event=event)
    assert Event.objects.get(pk=event.pk).sequence == 2


def test_saving_records_the_act_and_indexes_the_published_event(officer):
    event = event_create(title="Marché de Noël", actor=officer)
    entry = AuditEntry.objects.get(action="agenda.event.create")
    assert (entry.action, entry.actor, entry.target_id) == (
        "agenda.event.create",
        officer,
        str(event.pk),
    )
    assert SearchDocument.objects.filter(title="Marché de Noël").count() == 1
    event.is_published = False
    event_save(event=event, actor=officer)
    assert SearchDocument.objects.filter(title="Marché de Noël").count() == 0


def test_deleting_an_event_takes_its_occurrences_and_document(officer):
    event = event_create(title="Loto", rrule="FREQ=WEEKLY;COUNT=4")
    assert Occurrence.objects.count() == 4
    event_delete(event=event, actor=officer)
    assert (Event.objects.count(), Occurrence.objects.count()) == (0, 0)
    assert SearchDocument.objects.filter(title="Loto").count() == 0
    assert AuditEntry.objects.filter(action="agenda.event.delete").count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_editors_changing_an_event_at_once_each_raise_its_sequence():
    # Each save reads the event's row under its lock: ten edits at once, ten raises, and the
    # occurrences of the last one written, never a mix.
    from parvis.core.tests.concurrency import run_at_once

    event = event_create(
        title="Bal", starts_at=paris(2027, 6, 5, 20), ends_at=paris(2027, 6, 5, 23)
    )
    hours = list(range(10, 20))

    def edit() -> int:
        hour = hours.pop()
        copy = Event.objects.get(pk=event.pk)
        copy.starts_at = paris(2027, 6, 6, hour)
        copy.ends_at = paris(2027, 6, 6, hour + 1)
        event_save(event=copy)
        return hour

    run_at_once(10, edit)

    saved = Event.objects.get(pk=event.pk)
    assert saved.sequence == 10
    assert list(Occurrence.objects.filter(event=saved).values_list("starts_at", flat=True)) == [
        saved.starts_at
    ]
