"""The ballot service on its own: one per person (the register's constraint), written in
one transaction with the register, and the database's own rules; the parallel requests of
the same person, and of many people, against PostgreSQL."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conftest import make_user
from parvis.accounts.services import birth_date_from_claims
from parvis.votes import services
from parvis.votes.models import Ballot, Consultation, Method, VoterRecord
from parvis.votes.tests.factories import make_consultation, option_ids

pytestmark = pytest.mark.django_db


def test_a_second_ballot_of_the_same_person_is_refused_by_the_register(resident):
    consultation = make_consultation()
    ids = option_ids(consultation)
    services.ballot_cast(consultation=consultation, voter=resident, choices=[ids["Arbres"]])

    with pytest.raises(services.AlreadyVotedError):
        services.ballot_cast(consultation=consultation, voter=resident, choices=[ids["Bancs"]])

    assert Ballot.objects.count() == 1
    assert VoterRecord.objects.count() == 1


def test_the_register_holds_one_line_per_person_and_consultation_in_the_database(resident):
    consultation = make_consultation()
    VoterRecord.objects.create(consultation=consultation, voter=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        VoterRecord.objects.create(consultation=consultation, voter=resident)


@pytest.mark.parametrize(
    "fields",
    [
        {"method": Method.APPROVAL, "max_choices": None},
        {"method": Method.BUDGET, "budget": None},
        {"min_age": 18, "max_age": 11},
    ],
)
def test_the_database_refuses_an_inconsistent_consultation(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_consultation(**fields)


def test_the_database_refuses_a_closing_before_the_opening():
    consultation = make_consultation()
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.filter(pk=consultation.pk).update(closes_at=consultation.opens_at)


def test_a_refused_ballot_writes_neither_the_ballot_nor_the_register(resident):
    consultation = make_consultation(method=Method.APPROVAL, max_choices=1)
    ids = option_ids(consultation)

    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(
            consultation=consultation, voter=resident, choices=[ids["Arbres"], ids["Bancs"]]
        )

    assert refused.value.message_dict == {"choices": ["Choisissez 1 option au plus."]}
    assert (Ballot.objects.count(), VoterRecord.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"birthdate": "2011-02-28"}, "2011-02-28"),
        ({"birthdate": "0000-00-00"}, None),
        ({"birthdate": "2011"}, None),
        ({}, None),
    ],
)
def test_the_birth_date_is_read_from_the_oidc_claim(claims, expected):
    found = birth_date_from_claims(claims)
    assert (found.isoformat() if found else None) == expected


def test_age_on_a_birthday_and_the_day_before():
    import datetime

    born = datetime.date(2010, 6, 15)
    assert services.age_on(born, datetime.date(2026, 6, 14)) == 15
    assert services.age_on(born, datetime.date(2026, 6, 15)) == 16


# --- PostgreSQL: parallel ballots ----------------------------------------------------------------


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_tabs_of_one_voter_posting_at_once_give_exactly_one_ballot():
    from parvis.core.tests.concurrency import run_at_once

    consultation = make_consultation()
    ids = option_ids(consultation)
    voter = make_user("tabs@example.org")

    def cast() -> str:
        try:
            services.ballot_cast(consultation=consultation, voter=voter, choices=[ids["Arbres"]])
        except services.AlreadyVotedError:
            return "already"
        return "cast"

    results = run_at_once(20, cast)

    assert sorted(results) == ["already"] * 19 + ["cast"]
    assert Ballot.objects.filter(consultation=consultation).count() == 1
    assert VoterRecord.objects.filter(consultation=consultation).count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_forty_voters_at_once_each_twice_give_as_many_ballots_as_register_lines():
    from parvis.core.tests.concurrency import run_at_once

    consultation = make_consultation(method=Method.RANKED)
    ids = option_ids(consultation)
    voters = [make_user(f"v{n}@example.org") for n in range(20)]
    queue = voters + voters  # each voter posts twice, in two threads

    def cast() -> str:
        voter = queue.pop()
        try:
            services.ballot_cast(
                consultation=consultation,
                voter=voter,
                choices=[ids["Bancs"], ids["Arbres"]],
            )
        except services.AlreadyVotedError:
            return "already"
        return "cast"

    results = run_at_once(40, cast)

    assert sorted(results) == ["already"] * 20 + ["cast"] * 20
    assert Ballot.objects.filter(consultation=consultation).count() == 20
    assert VoterRecord.objects.filter(consultation=consultation).count() == 20
    assert set(VoterRecord.objects.values_list("voter_id", flat=True)) == {v.pk for v in voters}
