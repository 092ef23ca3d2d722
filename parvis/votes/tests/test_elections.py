"""Elections with candidates: standing (age range, once, before voting opens), staff
validating (the candidate becomes an option of the ballot), candidate pages, voting for up
to N, and the N elected with the rule for a tie at the last seat."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_user
from parvis.votes import services
from parvis.votes.models import Ballot, Candidacy, CandidacyStatus, Method
from parvis.votes.results import tally_election
from parvis.votes.tests.factories import make_consultation

pytestmark = pytest.mark.django_db

URL = "/en/consultations/conseil-des-jeunes/"


def born_years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=30)


def make_election(state: str = "upcoming", **fields):
    return make_consultation(
        "conseil-des-jeunes",
        method=Method.ELECTION,
        options=(),
        state=state,
        title="Conseil municipal des jeunes",
        max_choices=2,
        min_age=11,
        max_age=17,
        candidate_min_age=11,
        candidate_max_age=17,
        **fields,
    )


def young(email: str, age: int = 14):
    return make_user(email, birth_date=born_years_ago(age))


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_a_young_resident_stands_staff_validate_and_the_candidate_page_appears(client):
    election = make_election()
    lea = young("lea@example.org")
    client.force_login(lea)

    response = client.post(
        f"{URL}stand/",
        {"name": "Léa", "presentation": "En 4e au collège.", "projects": "Un skatepark."},
    )

    assert response.status_code == 200
    assert "Your candidacy is sent" in response.content.decode()
    candidacy = Candidacy.objects.get()
    assert (candidacy.status, candidacy.option) == (CandidacyStatus.PENDING, None)
    assert "Léa" not in client.get(URL).content.decode()

    services.candidacy_decide(candidacy=candidacy, validate=True, actor=None)

    candidacy.refresh_from_db()
    assert candidacy.option is not None and candidacy.option.title == "Léa"
    page = soup_of(client.get(URL))
    assert [a.get_text() for a in page.select(".card__title a")] == ["Léa"]
    profile = client.get(candidacy.get_absolute_url())
    assert profile.status_code == 200
    assert soup_of(profile).h1.get_text() == "Léa"
    assert "Un skatepark." in profile.content.decode()
    assert election.options.count() == 1


def test_standing_is_refused_outside_the_age_range_twice_or_once_voting_opened(client):
    election = make_election()
    client.force_login(young("adulte@example.org", age=30))

    too_old = client.get(f"{URL}stand/")
    assert too_old.status_code == 403
    assert soup_of(too_old).select_one("[role=alert]").get_text() == (
        "Your age is not within the candidates' age range."
    )

    lea = young("lea@example.org")
    services.candidacy_submit(
        consultation=election, user=lea, name="Léa", presentation="x", projects="y"
    )
    with pytest.raises(ValidationError) as twice:
        services.candidacy_submit(
            consultation=election, user=lea, name="Léa", presentation="x", projects="y"
        )
    assert twice.value.message_dict == {"__all__": ["You are already standing in this election."]}

    election.opens_at = timezone.now() - datetime.timedelta(minutes=1)
    election.save()
    with pytest.raises(ValidationError):
        services.candidacy_submit(
            consultation=election,
            user=young("tom@example.org"),
            name="Tom",
            presentation="x",
            projects="y",
        )
    assert Candidacy.objects.count() == 1


def test_a_missing_field_is_told_next_to_it_and_nothing_is_kept(client):
    make_election()
    client.force_login(young("lea@example.org"))

    response = client.post(f"{URL}stand/", {"name": "Léa", "presentation": "", "projects": ""})

    assert response.status_code == 400
    soup = soup_of(response)
    assert "Present yourself in a few sentences." in soup.select_one("#id_presentation_error").text
    assert Candidacy.objects.count() == 0


def test_voters_pick_up_to_the_seats_and_the_results_list_the_elected(client):
    election = make_election()
    names = ["Léa", "Tom", "Inès"]
    for n, name in enumerate(names):
        candidacy = services.candidacy_submit(
            consultation=election,
            user=young(f"c{n}@example.org"),
            name=name,
            presentation="x",
            projects="y",
        )
        services.candidacy_decide(candidacy=candidacy, validate=True, actor=None)
    ids = dict(election.options.values_list("title", "id"))
    election.opens_at = timezone.now() - datetime.timedelta(hours=1)
    election.save()

    voter = young("voter@example.org")
    client.force_login(voter)
    over = client.post(f"{URL}vote/", {"choices": list(ids.values())})
    assert over.status_code == 400
    assert "Choose 2 options at most." in over.content.decode()
    assert client.post(f"{URL}vote/", {"choices": [ids["Léa"], ids["Inès"]]}).status_code == 200
    Ballot.objects.bulk_create(
        [
            Ballot(consultation=election, choices=[ids["Tom"]]),
            Ballot(consultation=election, choices=[ids["Léa"]]),
        ]
    )
    election.opens_at = timezone.now() - datetime.timedelta(days=2)
    election.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    election.save()

    results = soup_of(client.get(f"{URL}results/"))

    # Léa 2, Inès 1, Tom 1: Léa and, at the tie for the last seat, Tom (validated before Inès).
    assert [a.get_text() for a in results.select("#elected ~ ul a")] == ["Léa", "Tom"]
    assert "tied for the last seat" in results.get_text()


def test_the_tally_elects_the_seats_with_the_most_votes():
    tally = tally_election([1, 2, 3, 4], 2, [[1, 2], [3], [1, 3], [4, 1]])

    # 1: 3, 3: 2, 2: 1, 4: 1
    assert [(r.option_id, r.votes, r.winner) for r in tally.rows] == [
        (1, 3, True),
        (3, 2, True),
        (2, 1, False),
        (4, 1, False),
    ]
    assert tally.tie_at_last_seat is False


def test_an_ineligible_young_voter_is_told_why(client):
    make_election(state="open")
    client.force_login(young("grand@example.org", age=19))

    response = client.get(f"{URL}vote/")

    assert response.status_code == 403
    assert "This vote is for people aged 11 to 17." in response.content.decode()


def test_a_refused_candidate_may_stand_again_and_staff_decide_on_the_new_candidacy():
    election = make_election()
    lea = young("lea@example.org")
    first = services.candidacy_submit(
        consultation=election, user=lea, name="Léa", presentation="x", projects="y"
    )
    services.candidacy_decide(candidacy=first, validate=False, actor=None)

    second = services.candidacy_submit(
        consultation=election, user=lea, name="Léa B.", presentation="Mieux dit", projects="y"
    )

    assert [(c.name, c.status) for c in Candidacy.objects.order_by("pk")] == [
        ("Léa", CandidacyStatus.REFUSED),
        ("Léa B.", CandidacyStatus.PENDING),
    ]
    # Standing a third time while the second waits is refused, as before.
    with pytest.raises(ValidationError):
        services.candidacy_submit(
            consultation=election, user=lea, name="Léa", presentation="x", projects="y"
        )
    # The refused one cannot come back beside the one standing: nothing changes.
    with pytest.raises(ValidationError) as beside:
        services.candidacy_decide(candidacy=first, validate=True, actor=None)
    assert beside.value.messages == [
        "Léa a présenté une autre candidature\u00a0: statuez sur celle-ci."
    ]
    first.refresh_from_db()
    assert (first.status, first.option_id) == (CandidacyStatus.REFUSED, None)
    assert election.options.count() == 0
    services.candidacy_decide(candidacy=second, validate=True, actor=None)
    assert list(election.options.values_list("title", flat=True)) == ["Léa B."]
