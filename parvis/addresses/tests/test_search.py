"""The autocomplete (JSON), the address field's server-side resolution and the lookup page."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db import connection

from parvis.addresses.forms import NeighbourhoodLookupForm
from parvis.addresses.selectors import address_resolve, address_search
from parvis.addresses.tests.conftest import ban_file, ban_line, run_import
from parvis.spaces.tests.factories import make_space

pytestmark = pytest.mark.django_db

# The Gare neighbourhood covers lon 3.0-3.01 (Rue de la Gare); the rest is outside any.
GARE = {
    "type": "Polygon",
    "coordinates": [[[3.0, 50.0], [3.01, 50.0], [3.01, 50.01], [3.0, 50.01], [3.0, 50.0]]],
}


@pytest.fixture
def town(gare_street):
    run_import(gare_street)
    return make_space("gare", name="Gare", boundary=GARE)


def labels(text: str) -> list[str]:
    return [address.label for address in address_search(text)]


def test_number_aware_accent_and_case_insensitive_prefix_search(town):
    assert labels("12 rue de la ga") == [
        "12 Rue de la Gare, 59999 Villeneuve-du-Parvis",
        "12 bis Rue de la Gare, 59999 Villeneuve-du-Parvis",
    ]
    assert labels("12 bis RUE DE LA GARE") == ["12 bis Rue de la Gare, 59999 Villeneuve-du-Parvis"]
    assert labels("12 eglise") == ["12 Avenue de l'Église, 59999 Villeneuve-du-Parvis"]
    assert labels("5 place des éCLU") == ["5 Place des Écluses, 59999 Villeneuve-du-Parvis"]
    # Without a number: the numbers of the matching streets, in order.
    assert labels("gare") == [
        "1 Rue de la Gare, 59999 Villeneuve-du-Parvis",
        "12 Rue de la Gare, 59999 Villeneuve-du-Parvis",
        "12 bis Rue de la Gare, 59999 Villeneuve-du-Parvis",
    ]
    # 12 is in two streets; the town's words and postcode narrow nothing here.
    assert len(labels("12 villeneuve")) == 3
    assert labels("7 rue de la gare") == []
    assert labels("rue de la poste") == []
    assert labels("12") == []


def test_the_json_answer_names_the_neighbourhood(client, town):
    response = client.get("/addresses/search/", {"q": "12 rue de la gare"})
    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {
                "id": "59999_0100_00012",
                "label": "12 Rue de la Gare, 59999 Villeneuve-du-Parvis",
                "lat": 50.0012,
                "lon": 3.0012,
                "neighbourhood": {"name": "Gare", "url": "/spaces/gare/"},
            },
            {
                "id": "59999_0100_00012_bis",
                "label": "12 bis Rue de la Gare, 59999 Villeneuve-du-Parvis",
                "lat": 50.0013,
                "lon": 3.0013,
                "neighbourhood": {"name": "Gare", "url": "/spaces/gare/"},
            },
        ]
    }
    english = client.get("/en/addresses/search/", {"q": "5 place des ecluses"}).json()
    assert english["results"][0]["neighbourhood"] is None


def test_the_json_answer_is_kept_by_the_page_cache_until_addresses_change(
    client, town, page_cache, gare_street
):
    first = client.get("/addresses/search/", {"q": "12 rue de la gare"})
    again = client.get("/addresses/search/", {"q": "12 rue de la gare"})
    assert (first["X-Parvis-Cache"], again["X-Parvis-Cache"]) == ("miss", "hit")
    run_import(gare_street.replace("3.0012;50.0012", "3.0099;50.0099"))
    fresh = client.get("/addresses/search/", {"q": "12 rue de la gare"})
    assert fresh["X-Parvis-Cache"] == "miss"
    assert fresh.json()["results"][0]["lon"] == 3.0099


def test_the_autocomplete_is_rate_limited(client, town, settings):
    for _ in range(120):
        assert client.get("/addresses/search/", {"q": "gare"}).status_code == 200
    refused = client.get("/addresses/search/", {"q": "gare"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert refused.json()["error"].startswith("Vous avez fait cette action trop souvent.")


def test_resolving_a_typed_address(town):
    # The label the autocomplete fills in is one address, even where others begin alike.
    exact = address_resolve("12 Rue de la Gare, 59999 Villeneuve-du-Parvis")
    assert exact.address is not None and exact.address.ban_id == "59999_0100_00012"
    assert address_resolve("12 bis rue de la gare").address.ban_id == "59999_0100_00012_bis"
    ambiguous = address_resolve("12 rue de la gare")
    assert ambiguous.address is None
    assert [found.ban_id for found in ambiguous.candidates] == [
        "59999_0100_00012",
        "59999_0100_00012_bis",
    ]
    chosen = address_resolve("12 rue de la gare", choice="59999_0100_00012_bis")
    assert chosen.address.ban_id == "59999_0100_00012_bis"
    unknown_choice = address_resolve("1 rue de la gare", choice="nope")
    assert unknown_choice.address.ban_id == "59999_0100_00001"


def test_the_field_resolves_or_shows_the_choices_next_to_it(town):
    form = NeighbourhoodLookupForm({"address": "5 place des ecluses"})
    assert form.is_valid()
    assert form.cleaned_data["address"].ban_id == "59999_0300_00005"

    form = NeighbourhoodLookupForm({"address": "12 rue de la gare"})
    assert not form.is_valid()
    assert form.errors["address"] == [
        "Plusieurs adresses correspondent. Choisissez-en une ci-dessous, ou tapez aussi le numéro."
    ]
    html = BeautifulSoup(str(form["address"]), "html.parser")
    choices = [
        (radio["value"], radio.parent.get_text(" ", strip=True))
        for radio in html.select("input[type=radio][name=address-choice]")
    ]
    assert choices == [
        ("59999_0100_00012", "12 Rue de la Gare, 59999 Villeneuve-du-Parvis (Gare)"),
        ("59999_0100_00012_bis", "12 bis Rue de la Gare, 59999 Villeneuve-du-Parvis (Gare)"),
    ]
    assert html.select_one("input[type=text]")["value"] == "12 rue de la gare"

    form = NeighbourhoodLookupForm(
        {"address": "12 rue de la gare", "address-choice": "59999_0100_00012_bis"}
    )
    assert form.is_valid()
    assert form.cleaned_data["address"].suffix == "bis"

    form = NeighbourhoodLookupForm({"address": "99 rue inconnue"})
    assert not form.is_valid()
    assert form.errors["address"] == [
        "Aucune adresse de la commune ne correspond à «\u00a099 rue inconnue\u00a0». Vérifiez "
        "l’orthographe, ou tapez le nom de la rue seul pour voir ses numéros."
    ]
    assert not NeighbourhoodLookupForm({"address": "  "}).is_valid()


def test_the_lookup_page_works_without_javascript(client, town):
    page = client.get("/addresses/")
    assert page.status_code == 200
    html = BeautifulSoup(page.content, "html.parser")
    field = html.select_one("input#id_address")
    assert field["list"] == "id_address-suggestions"
    assert field["data-address-search"] == "/addresses/search/"
    assert html.select_one("script[src$='addresses/address-field.js']") is not None

    ambiguous = client.get("/addresses/", {"address": "12 rue de la gare"})
    assert ambiguous.status_code == 400
    html = BeautifulSoup(ambiguous.content, "html.parser")
    assert len(html.select("input[name=address-choice]")) == 2

    found = client.get(
        "/addresses/", {"address": "12 rue de la gare", "address-choice": "59999_0100_00012"}
    )
    assert found.status_code == 200
    html = BeautifulSoup(found.content, "html.parser")
    assert html.select_one("#lookup-result").get_text() == (
        "12 Rue de la Gare, 59999 Villeneuve-du-Parvis"
    )
    assert html.select_one("#lookup-result + p a")["href"] == "/spaces/gare/"

    outside = client.get("/en/addresses/", {"address": "5 place des ecluses"})
    assert "in no neighbourhood" in outside.content.decode()


def test_a_prefix_ending_in_z_or_9_finds_its_words():
    # The range's end is "ga{" and "5999:": in a language's collation (PostgreSQL's default)
    # "gazelle" sorts after "ga{"; the words' column compares bytes, so it is found.
    run_import(
        ban_file(
            ban_line("59999_0400_00003", "3", "", "Rue de la Gazelle", "3.1", "50.1"),
        )
    )
    assert labels("3 rue de la gaz") == ["3 Rue de la Gazelle, 59999 Villeneuve-du-Parvis"]
    assert labels("3 gazelle 59999") == ["3 Rue de la Gazelle, 59999 Villeneuve-du-Parvis"]
    if connection.vendor == "postgresql":  # whatever the database's own collation
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT collation_name FROM information_schema.columns "
                "WHERE table_name = 'addresses_streetword' AND column_name = 'word'"
            )
            assert cursor.fetchone() == ("C",)
