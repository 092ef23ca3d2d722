"""The resident's proposal form (signed in, bad input next to its field, rate-limited) and
the moderator's page in the back office: current and proposed values per field, accepted or
rejected one by one."""

from __future__ import annotations

import pytest

from parvis.accounts.tests.helpers import sign_in
from parvis.addresses.services import addresses_import
from parvis.directory.models import ChangeProposal, Entry, ProposalStatus, Revision
from parvis.directory.tests.factories import make_category, make_entry, make_town

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    make_town()
    addresses_import(
        lines=[
            "id;numero;rep;nom_voie;code_postal;code_insee;nom_commune;lon;lat\n",
            "36999_0010_00001;1;;Rue de la Halle;36000;36999;Villeneuve-du-Parvis;1.6900;46.8100\n",
            "36999_0010_00009;9;;Route du Loin;36000;36999;Villeneuve-du-Parvis;9.0000;40.0000\n",
        ]
    )
    return make_entry(make_category(), 1, name="Mairie", phone="02 54 00 00 00")


def form_data(**overrides):
    data = {
        "name": "Mairie",
        "category": "mairie",
        "address": "",
        "opening_hours": "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00",
        "phone": "02 54 00 00 00",
        "email": "",
        "website": "",
        "wheelchair": "",
        "accessibility": "",
        "description": "",
        "comment": "",
    }
    data.update(overrides)
    return data


URL = "/en/directory/service-0001/propose/"


def test_proposing_needs_an_account(client, entry):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_a_resident_proposes_a_change(client, entry, resident):
    client.force_login(resident)
    assert client.get(URL).status_code == 200
    response = client.post(URL, form_data(phone="02 54 99 99 99", address="1 Rue de la Halle"))
    assert response.status_code == 302
    proposal = ChangeProposal.objects.get()
    assert proposal.values == {
        "phone": "02 54 99 99 99",
        "address_text": "1 Rue de la Halle, 36000 Villeneuve-du-Parvis",
        "lat": "46.81",
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("opening_hours", "du lundi au vendredi", "OpenStreetMap syntax"),
        ("website", "not a url", "Enter a valid URL."),
        ("email", "nobody", "Enter a valid email address."),
        ("address", "9 Route du Loin", "outside the town"),
        ("category", "nosuch", "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_saved(
    client, entry, resident, field, value, message
):
    client.force_login(resident)
    response = client.post(URL, form_data(**{field: value}))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_error"' in html or f"id_{field}" in html.split(message)[0][-2000:]
    assert not ChangeProposal.objects.exists()


def test_proposing_nothing_new_is_refused(client, entry, resident):
    client.force_login(resident)
    response = client.post(URL, form_data())
    assert response.status_code == 400 and "Change at least one field." in response.content.decode()


def test_proposals_are_rate_limited(client, entry, resident, settings):
    client.force_login(resident)
    statuses = [
        client.post(URL, form_data(phone=f"02 54 00 00 {n:02d}")).status_code for n in range(1, 12)
    ]
    assert statuses[:10] == [302] * 10 and statuses[10] == 429


def test_the_moderator_accepts_field_by_field(client, entry, resident, moderator):
    client.force_login(resident)
    client.post(URL, form_data(phone="02 54 99 99 99", website="https://mairie.example"))
    proposal = ChangeProposal.objects.get()
    client.logout()
    sign_in(client, moderator)
    url = f"/backoffice/directory/changeproposal/{proposal.pk}/change/"
    page = client.get(url).content.decode()
    assert "02 54 00 00 00" in page and "02 54 99 99 99" in page
    assert 'name="accept_phone"' in page and 'name="accept_website"' in page
    response = client.post(url, {"accept_phone": "on"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECIDED
    assert proposal.decisions == {"phone": "accepted", "website": "rejected"}
    assert Entry.objects.get().phone == "02 54 99 99 99"
    assert 'name="accept_phone"' not in client.get(url).content.decode()


def test_an_administrator_edit_records_its_revisions(client, entry, administrator):
    sign_in(client, administrator)
    url = f"/backoffice/directory/entry/{entry.pk}/change/"
    assert client.get(url).status_code == 200

    def edit(lat):
        return client.post(
            url,
            {
                "name": "Mairie",
                "slug": "service-0001",
                "category": entry.category_id,
                "lat": lat,
                "lon": "1.69",
                "opening_hours": "",
                "wheelchair": "",
                "published": "on",
                "revisions-TOTAL_FORMS": "0",
                "revisions-INITIAL_FORMS": "0",
            },
        )

    response = edit("nan")
    assert response.status_code == 400  # refused: NaN
    assert set(response.context_data["adminform"].form.errors) == {"lat"}
    response = edit("48.0")
    assert response.status_code == 400
    assert set(response.context_data["adminform"].form.errors) == {"lat", "lon"}
    entry.refresh_from_db()
    assert entry.lat == pytest.approx(46.81001)
    response = edit("46.8102")
    assert response.status_code == 302
    changed = set(Revision.objects.filter(entry=entry).values_list("field", flat=True))
    assert changed == {"lat", "address_text", "opening_hours", "phone"}  # the last three emptied
