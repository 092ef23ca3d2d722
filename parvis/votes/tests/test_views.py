"""Voting through the pages: the ballot of each method, every refusal with its message,
4xx and nothing saved, one ballot per person, secrecy, results only after closing, the
receipt in the published list, the staff's export, and the anonymous page cache."""

from __future__ import annotations

import datetime
import time

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from parvis.accounts.roles import Role
from parvis.accounts.services import role_grant
from parvis.addresses.models import Address, Street
from parvis.votes.models import Ballot, Consultation, Eligibility, Method, Residence, VoterRecord
from parvis.votes.tests.factories import make_consultation, option_ids

pytestmark = pytest.mark.django_db

URL = "/en/consultations/place-du-marche/"


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def errors_of(response) -> dict[str, str]:
    soup = soup_of(response)
    found = {
        element["id"].removeprefix("id_").removesuffix("_error"): element.get_text(
            " ", strip=True
        ).removeprefix("Error: ")
        for element in soup.select("[id$=_error]")
    }
    summary = soup.select_one(".form-errors")
    if summary is not None:
        found["form"] = summary.get_text(" ", strip=True)
    return found


def counts(consultation: Consultation) -> tuple[int, int]:
    return (
        Ballot.objects.filter(consultation=consultation).count(),
        VoterRecord.objects.filter(consultation=consultation).count(),
    )


def vote(client: Client, data: dict, slug: str = "place-du-marche"):
    return client.post(f"/en/consultations/{slug}/vote/", data)


@pytest.fixture
def voter(client, resident) -> Client:
    client.force_login(resident)
    return client


# --- casting a ballot -----------------------------------------------------------------------


def test_a_resident_votes_gets_a_receipt_and_the_register_and_ballot_match(voter, resident):
    consultation = make_consultation()
    ids = option_ids(consultation)

    form = voter.get(f"{URL}vote/")
    assert form.status_code == 200
    assert [i["value"] for i in soup_of(form).select("input[name=choices]")] == [
        str(ids["Arbres"]),
        str(ids["Fontaine"]),
        str(ids["Bancs"]),
    ]
    done = vote(voter, {"choices": ids["Fontaine"]})

    assert done.status_code == 200
    receipt = soup_of(done).select_one("code.receipt").get_text()
    ballot = Ballot.objects.get()
    assert str(ballot.pk) == receipt
    assert ballot.choices == [ids["Fontaine"]]
    line = VoterRecord.objects.get()
    assert (line.consultation_id, line.voter_id) == (consultation.pk, resident.pk)
    # The second visit says the vote is done, and offers no form.
    again = voter.get(f"{URL}vote/")
    assert "You have already voted" in again.content.decode()
    assert soup_of(again).select("form.form") == []


def test_a_second_tab_posting_after_the_first_is_told_and_nothing_is_duplicated(voter):
    consultation = make_consultation()
    ids = option_ids(consultation)
    vote(voter, {"choices": ids["Arbres"]})

    second = vote(voter, {"choices": ids["Bancs"]})

    assert second.status_code == 409
    assert "You have already voted in this consultation" in second.content.decode()
    assert counts(consultation) == (1, 1)
    assert Ballot.objects.get().choices == [ids["Arbres"]]


def test_a_second_tab_posting_an_empty_form_after_the_first_is_told_it_voted(voter):
    consultation = make_consultation()
    ids = option_ids(consultation)
    vote(voter, {"choices": ids["Arbres"]})

    second = vote(voter, {})

    assert second.status_code == 409
    assert "You have already voted in this consultation" in second.content.decode()
    assert soup_of(second).select("form.form") == []
    assert counts(consultation) == (1, 1)


def test_the_ballot_carries_neither_voter_nor_time():
    fields = {field.name for field in Ballot._meta.get_fields()}
    assert fields == {"id", "consultation", "choices"}
    assert Ballot._meta.pk.name == "id" and Ballot._meta.pk.get_internal_type() == "UUIDField"


def test_an_approval_ballot_up_to_k(voter):
    consultation = make_consultation(method=Method.APPROVAL, max_choices=2)
    ids = option_ids(consultation)

    response = vote(voter, {"choices": [ids["Arbres"], ids["Bancs"]]})

    assert response.status_code == 200
    assert sorted(Ballot.objects.get().choices) == sorted([ids["Arbres"], ids["Bancs"]])


def test_a_ranked_ballot_keeps_the_order_of_the_ranks(voter):
    consultation = make_consultation(method=Method.RANKED)
    ids = option_ids(consultation)

    form = soup_of(voter.get(f"{URL}vote/"))
    assert [s["name"] for s in form.select("select")] == ["rank_1", "rank_2", "rank_3"]
    response = vote(voter, {"rank_1": ids["Bancs"], "rank_2": ids["Arbres"], "rank_3": ""})

    assert response.status_code == 200
    assert Ballot.objects.get().choices == [ids["Bancs"], ids["Arbres"]]


def test_a_budget_ballot_within_the_budget(voter):
    consultation = make_consultation(method=Method.BUDGET, costs=[60, 30, 10], budget=100)
    ids = option_ids(consultation)

    response = vote(voter, {"choices": [ids["Arbres"], ids["Fontaine"], ids["Bancs"]]})

    assert response.status_code == 200
    assert counts(consultation) == (1, 1)


# --- refusals: a message, 4xx, nothing saved ------------------------------------------------


@pytest.mark.parametrize(
    ("method", "extra", "data", "field", "message"),
    [
        (Method.SINGLE, {}, {}, "choices", "Choose an option."),
        (Method.SINGLE, {}, {"choices": "999999"}, "choices", "One of the choices is not an option"),
        (Method.APPROVAL, {"max_choices": 2}, {"choices": ["A", "F", "B"]}, "choices",
         "Choose 2 options at most."),
        (Method.RANKED, {}, {"rank_1": "A", "rank_2": "A"}, "form",
         "Give each option one rank at most."),
        (Method.RANKED, {}, {"rank_1": "999999"}, "rank_1", "One of the choices is not an option"),
        (Method.RANKED, {}, {"rank_1": "", "rank_2": "A"}, "form",
         "Fill the ranks in order, from the first."),
        (Method.BUDGET, {"budget": 80}, {"choices": ["A", "F"]}, "choices",
         "The projects you chose cost 90 euros, more than the budget of 80 euros."),
    ],
)  # fmt: skip
def test_bad_ballots_are_refused_next_to_the_choices_and_nothing_is_saved(
    voter, method, extra, data, field, message
):
    consultation = make_consultation(method=method, costs=[60, 30, 10], **extra)
    ids = option_ids(consultation)
    letters = {"A": ids["Arbres"], "F": ids["Fontaine"], "B": ids["Bancs"]}

    def real(value):
        if isinstance(value, list):
            return [letters.get(v, v) for v in value]
        return letters.get(value, value)

    response = vote(voter, {key: real(value) for key, value in data.items()})

    assert response.status_code == 400
    assert message in errors_of(response)[field]
    assert counts(consultation) == (0, 0)


@pytest.mark.parametrize(("state", "message"), [
    ("closed", "Voting is closed."),
    ("upcoming", "Voting has not opened yet."),
])  # fmt: skip
def test_outside_its_dates_a_consultation_refuses_ballots(voter, state, message):
    consultation = make_consultation(state=state)
    ids = option_ids(consultation)

    response = vote(voter, {"choices": ids["Arbres"]})

    assert response.status_code == 410
    assert message in soup_of(response).select_one("[role=alert]").get_text()
    assert counts(consultation) == (0, 0)


def test_an_anonymous_visitor_is_sent_to_sign_in():
    make_consultation()
    response = Client().get(f"{URL}vote/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/") or response[
        "Location"
    ].startswith("/accounts/login/")


def test_a_post_without_the_csrf_token_is_refused(resident):
    consultation = make_consultation()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(resident)

    response = browser.post(f"{URL}vote/", {"choices": option_ids(consultation)["Arbres"]})

    assert response.status_code == 403
    assert counts(consultation) == (0, 0)


def test_only_verified_residents_when_asked(voter, resident):
    consultation = make_consultation(eligibility=Eligibility.VERIFIED)
    ids = option_ids(consultation)

    refused = vote(voter, {"choices": ids["Arbres"]})
    assert refused.status_code == 403
    assert "This vote is for verified residents" in refused.content.decode()
    assert counts(consultation) == (0, 0)

    role_grant(user=resident, role=Role.VERIFIED_RESIDENT, granted_by=None)
    assert vote(voter, {"choices": ids["Arbres"]}).status_code == 200
    assert counts(consultation) == (1, 1)


def years_ago(years: int, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def test_an_age_range_needs_a_known_birth_date_and_one_within_it(voter, resident):
    consultation = make_consultation(min_age=11, max_age=17)
    ids = option_ids(consultation)

    unknown = vote(voter, {"choices": ids["Arbres"]})
    assert unknown.status_code == 403
    assert soup_of(unknown).select_one("[role=alert]").get_text() == (
        "This vote is for people aged 11 to 17. Your date of birth is not known: it is given "
        "by FranceConnect when you sign in with it."
    )
    resident.birth_date = years_ago(18)  # 18 today: one year too old
    resident.save()
    too_old = vote(voter, {"choices": ids["Arbres"]})
    assert too_old.status_code == 403
    assert "Your age does not fall within it." in too_old.content.decode()
    assert counts(consultation) == (0, 0)

    resident.birth_date = years_ago(17, days=-1)  # 17 tomorrow: 16 today
    resident.save()
    assert vote(voter, {"choices": ids["Arbres"]}).status_code == 200
    assert counts(consultation) == (1, 1)


def make_address(number: int, *, lat: float, lon: float) -> Address:
    street, _c = Street.objects.get_or_create(
        name="Rue de la Gare", postcode="36000", insee_code="36044", town_name="Villeneuve"
    )
    return Address.objects.create(
        ban_id=f"36044_0001_{number:05d}", street=street, number=number, lat=lat, lon=lon
    )


def test_residence_in_the_area_is_checked_on_the_declared_home(voter, resident):
    consultation = make_consultation(residents_of_area=True)
    ids = option_ids(consultation)

    undeclared = vote(voter, {"choices": ids["Arbres"]})
    assert undeclared.status_code == 403
    assert "declare your home address first" in undeclared.content.decode()
    assert soup_of(undeclared).select_one("a[href^='/en/votes/home/']") is not None

    Residence.objects.create(user=resident, address=make_address(1, lat=46.90, lon=1.60))
    outside = vote(voter, {"choices": ids["Arbres"]})
    assert outside.status_code == 403
    assert "your declared home is outside it" in outside.content.decode()
    assert counts(consultation) == (0, 0)

    Residence.objects.filter(user=resident).update(
        address=make_address(2, lat=46.81, lon=1.69)
    )  # inside the centre's square
    assert vote(voter, {"choices": ids["Arbres"]}).status_code == 200


# --- results --------------------------------------------------------------------------------


def cast(consultation: Consultation, choices: list[int], count: int = 1) -> None:
    for _n in range(count):
        Ballot.objects.create(consultation=consultation, choices=choices)


def test_no_count_anywhere_before_closing(client):
    consultation = make_consultation()
    cast(consultation, [option_ids(consultation)["Arbres"]], 3)

    assert client.get(f"{URL}results/").status_code == 404
    assert client.get(f"{URL}ballots/").status_code == 404
    page = client.get(URL).content.decode()
    assert "Vote" in page
    assert "ballot cast" not in page and "results" not in page.lower().split("<main")[-1]


def test_results_after_closing_with_a_chart_and_its_table(client):
    consultation = make_consultation(state="closed", method=Method.RANKED)
    ids = option_ids(consultation)
    a, f, b = ids["Arbres"], ids["Fontaine"], ids["Bancs"]
    cast(consultation, [a, f], 4)
    cast(consultation, [f, b], 3)
    cast(consultation, [b, f], 2)

    response = client.get(f"{URL}results/")

    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.select_one("svg.chart title").get_text() == "First choices"
    assert [
        [cell.get_text() for cell in row.select("th, td")]
        for row in soup.select("table")[0].select("tbody tr")
    ] == [
        ["Fontaine", "3", "33.3 %", "Chosen"],
        ["Arbres", "4", "44.4 %", "—"],
        ["Bancs", "2", "22.2 %", "—"],
    ]
    rounds = [
        [cell.get_text() for cell in row.select("th, td")]
        for row in soup.select("table")[1].select("tbody tr")
    ]
    assert rounds == [["1", "4", "3", "2", "0", "Bancs"], ["2", "4", "5", "—", "0", "—"]]
    assert "Chosen: Fontaine" in response.content.decode()


def test_the_voter_finds_their_receipt_in_the_list_once_closed(voter):
    consultation = make_consultation()
    receipt = (
        soup_of(vote(voter, {"choices": option_ids(consultation)["Bancs"]}))
        .select_one("code.receipt")
        .get_text()
    )
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=2),
        closes_at=timezone.now() - datetime.timedelta(minutes=1),
    )

    listed = Client().get(f"{URL}ballots/")

    assert [c.get_text() for c in soup_of(listed).select("ul.receipts code")] == [receipt]


def test_staff_export_the_ballots_and_totals_of_a_closed_consultation(client, officer):
    from parvis.accounts.tests.helpers import sign_in

    consultation = make_consultation(state="closed")
    ids = option_ids(consultation)
    cast(consultation, [ids["Arbres"]], 2)
    VoterRecord.objects.create(consultation=consultation, voter=None)
    sign_in(client, officer)

    response = client.post(
        "/backoffice/votes/consultation/",
        {"action": "export_ballots", "_selected_action": [consultation.pk]},
    )

    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Consultation;Ligne;Bulletin;Choix;Votes"
    ballots = sorted(str(b) for b in Ballot.objects.values_list("id", flat=True))
    assert lines[1:] == [
        f"place-du-marche;bulletin;{ballots[0]};Arbres;",
        f"place-du-marche;bulletin;{ballots[1]};Arbres;",
        "place-du-marche;total;;Arbres;2",
        "place-du-marche;total;;Fontaine;0",
        "place-du-marche;total;;Bancs;0",
        "place-du-marche;bulletins;;;2",
        "place-du-marche;liste d’émargement;;;1",
    ]


def test_staff_cannot_export_an_open_consultation(client, officer):
    from parvis.accounts.tests.helpers import sign_in

    consultation = make_consultation()
    sign_in(client, officer)

    response = client.post(
        "/backoffice/votes/consultation/",
        {"action": "export_ballots", "_selected_action": [consultation.pk]},
        follow=True,
    )

    assert "Les bulletins ne sont exportés qu’une fois le vote clos" in response.content.decode()


# --- lists and the page cache ---------------------------------------------------------------


def test_the_lists_show_open_coming_and_closed(client):
    make_consultation("ouverte", state="open", title="Ouverte")
    make_consultation("prochaine", state="upcoming", title="Prochaine")
    make_consultation("fermee", state="closed", title="Fermée")

    soup = soup_of(client.get("/en/consultations/"))
    sections = {
        s.h2.get_text(): [a.get_text() for a in s.select(".card__title a")]
        for s in soup.select("main section")
    }
    assert sections == {"Open now": ["Ouverte"], "Coming": ["Prochaine"], "Closed": ["Fermée"]}
    space = soup_of(client.get("/en/spaces/centre-ville/consultations/"))
    assert [a.get_text() for a in space.select(".card__title a")] == [
        "Ouverte",
        "Prochaine",
        "Fermée",
    ]


def test_a_change_or_the_closing_time_makes_the_cached_page_fresh(client, page_cache):
    consultation = make_consultation(closes_at=timezone.now() + datetime.timedelta(seconds=2))
    assert client.get(URL)["X-Parvis-Cache"] == "miss"
    assert client.get(URL)["X-Parvis-Cache"] == "hit"

    option = consultation.options.get(title="Bancs")
    option.title = "Bancs et tables"
    option.save()
    fresh = client.get(URL)
    assert fresh["X-Parvis-Cache"] == "miss"
    assert "Bancs et tables" in fresh.content.decode()
    assert client.get(URL)["X-Parvis-Cache"] == "hit"

    # A ballot moves nothing: the page shows no count.
    Ballot.objects.create(consultation=consultation, choices=[option.pk])
    assert client.get(URL)["X-Parvis-Cache"] == "hit"

    while timezone.now() < consultation.closes_at:
        time.sleep(0.1)
    closed = client.get(URL)
    assert closed["X-Parvis-Cache"] == "miss"
    assert "See the results" in closed.content.decode()


def test_the_ballot_page_is_never_cached(voter, page_cache):
    make_consultation()
    response = voter.get(f"{URL}vote/")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_the_space_page_lists_its_open_votes(client):
    make_consultation("ouverte", state="open", title="Ouverte")
    make_consultation("fermee", state="closed", title="Fermée")

    soup = soup_of(client.get("/en/spaces/centre-ville/"))

    section = soup.select_one("#space-consultations").find_parent("section")
    assert [a.get_text() for a in section.select(".card__title a")] == ["Ouverte"]


def test_declaring_a_home_refuses_an_unknown_address_next_to_the_field(voter, resident):
    response = voter.post("/en/votes/home/", {"address": "99 rue introuvable"})

    assert response.status_code == 400
    assert "No address of the town matches" in errors_of(response)["address"]
    assert not Residence.objects.filter(user=resident).exists()


def test_once_voting_opened_staff_can_no_longer_change_the_options_nor_the_method(client, officer):
    from parvis.accounts.tests.helpers import sign_in

    consultation = make_consultation()
    sign_in(client, officer)

    page = soup_of(client.get(f"/backoffice/votes/consultation/{consultation.pk}/change/"))

    assert page.select("[name=method]") == []
    assert page.select("[name^=options-][name$=-title]") == []
    assert page.select("[name=title]") != []
    coming = make_consultation("prochaine", state="upcoming")
    before = soup_of(client.get(f"/backoffice/votes/consultation/{coming.pk}/change/"))
    assert len(before.select("[name=method]")) == 1
    assert len(before.select("[name^=options-][name$=-title]:not([name*=__prefix__])")) == 3
