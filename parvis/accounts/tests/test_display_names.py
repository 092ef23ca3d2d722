"""Public names: normalised, never invisible, never rearranging the page around them, never
the town's or its staff's. The same rule on every path that sets one."""

from __future__ import annotations

import importlib

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.exceptions import ValidationError

from conftest import make_user
from parvis.accounts.models import User
from parvis.accounts.names import display_name_clean
from parvis.accounts.services import user_update
from parvis.accounts.tests.helpers import sign_in
from parvis.core.tests.forms import form_data
from parvis.demo import content, people

pytestmark = pytest.mark.django_db

PROFILE = "/en/accounts/profile/"

CONTROL = "A public name cannot contain line breaks, tabs or other control characters."
BIDI = (
    "A public name cannot contain characters that change the direction of the text "
    "(such as U+202E)."
)
INVISIBLE = (
    "A public name cannot contain invisible characters (such as zero-width spaces or "
    "blank fillers)."
)
UNASSIGNED = (
    "A public name cannot contain private-use or unassigned characters, which devices "
    "show differently or not at all."
)
MARKS = "A public name cannot pile more than 4 accents on one letter."
BLANK = (
    "A public name needs at least one visible letter, digit or sign. Leave the field "
    "empty to appear as “a resident”."
)


def reserved(term: str) -> str:
    return (
        f"A public name cannot include “{term}”: it belongs to the town or its staff. "
        "Please choose another name."
    )


BAD_NAMES = [
    # Line breaks and other control characters: a name on several lines, in e-mail too.
    ("Camille\r\nM.", CONTROL),
    ("Camille\nModérateur", CONTROL),
    ("Camille\tM.", CONTROL),
    ("Camille\u2028M.", CONTROL),
    # Direction controls: "Cam‮ille" shows its end reversed, and whatever follows it.
    ("Cam\u202eille", BIDI),
    ("\u202dCamille", BIDI),
    ("\u2067Camille\u2069", BIDI),
    ("Camille\u200f", BIDI),
    ("\u061cCamille", BIDI),
    # Invisible characters, alone or inside a name.
    ("\u200b\u200b\u200b", INVISIBLE),
    ("\u3164", INVISIBLE),
    ("\uffa0\uffa0", INVISIBLE),
    ("\u2800 \u2800", INVISIBLE),
    ("\u2060", INVISIBLE),
    ("\ufeffCamille", INVISIBLE),
    ("Cam\u00adille", INVISIBLE),
    ("Ca\u200dmille", INVISIBLE),
    ("Camille\U000e0041", INVISIBLE),
    ("Camille \u3164", INVISIBLE),
    # Nothing to see: marks without a letter.
    ("\u0301\u0301", BLANK),
    # Accents piled up until they cover the lines above and below.
    ("Z\u0300\u0301\u0302\u0303\u0304\u0306", MARKS),
    ("Camille\ue000", UNASSIGNED),
    # The town, its town hall and its staff, however written.
    ("Mairie de Villeneuve-du-Parvis", reserved("Villeneuve-du-Parvis")),
    ("Mairie  de Villeneuve", reserved("Mairie")),
    ("MAIRIE DE VILLENEUVE", reserved("Mairie")),
    ("Mairíe", reserved("Mairie")),
    ("M A I R I E", reserved("Mairie")),
    ("ＭＡＩＲＩＥ", reserved("Mairie")),
    ("𝐌𝐚𝐢𝐫𝐢𝐞", reserved("Mairie")),
    ("La mairie vous informe", reserved("Mairie")),
    ("Ville de Villeneuve", reserved("Ville de")),
    ("Villeneuve-du-Parvis", reserved("Villeneuve-du-Parvis")),
    ("villeneuve du parvis", reserved("Villeneuve-du-Parvis")),
    ("VilleneuveDuParvis", reserved("Villeneuve-du-Parvis")),
    ("Ville d’Exemple", reserved("Ville d’")),
    ("Hôtel de ville", reserved("Hôtel de ville")),
    ("Modérateur", reserved("Modérateur")),
    ("moderateur", reserved("Modérateur")),
    ("\u041c\u043edérateur", reserved("Modérateur")),  # Cyrillic Em and O
    ("Camille, modératrice", reserved("Modératrice")),
    ("Moderator", reserved("Moderator")),
    ("Administrateur", reserved("Administrateur")),
    ("Adm1n", reserved("Admin")),
    ("The administrator", reserved("Administrator")),
    ("Élu", reserved("Élu")),
    ("Hélène, élue", reserved("Élue")),
    ("Chargé de communication", reserved("Chargé de communication")),
    ("Communication officer", reserved("Communication officer")),
    ("Habitant vérifié", reserved("Habitant vérifié")),
    ("Verified resident", reserved("Verified resident")),
    ("Équipe Parvis", reserved("Parvis")),
]

GOOD_NAMES = [
    # As typed, and as stored.
    ("Zoë O’Neill", "Zoë O’Neill"),
    ("Nguyễn Văn An", "Nguyễn Văn An"),
    ("محمد", "محمد"),
    ("李雷", "李雷"),
    ("Παύλος", "Παύλος"),
    ("Дмитрий", "Дмитрий"),
    ("Jean-Pierre L'Hôte", "Jean-Pierre L'Hôte"),
    ("María José Carreño Quiñones", "María José Carreño Quiñones"),
    ("Marie-Claude D.", "Marie-Claude D."),
    # Persian needs the zero-width non-joiner between these two letters.
    ("علی\u200cرضا", "علی\u200cرضا"),
    ("Camille ❤️", "Camille ❤️"),
    # Surnames near a reserved word are not it.
    ("Pierre Lemaire", "Pierre Lemaire"),
    ("Bruno Le Maire", "Bruno Le Maire"),
    ("Lucie Delubac", "Lucie Delubac"),
    ("Gaël Uhl", "Gaël Uhl"),
    ("Club de badminton", "Club de badminton"),
    # Normalised: white space collapsed and trimmed, full-width letters made plain.
    ("  Zoë \u00a0\u2003 O’Neill  ", "Zoë O’Neill"),
    ("ｃａｍｉｌｌｅ", "camille"),
    ("Camille\u202fM.", "Camille M."),
    # White space only is no name: the person appears as "a resident".
    ("\u3000\u00a0 ", ""),
    ("", ""),
]


def field_errors(response) -> list[str]:
    """The errors shown under the field (each read out after a hidden "Error:")."""
    page = BeautifulSoup(response.content, "html.parser")
    block = page.select_one("#id_display_name_error")
    assert block is not None, "the error is next to the field"
    return [" ".join(item.get_text().split()).removeprefix("Error: ") for item in block("li")]


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_the_profile_refuses_a_bad_public_name_next_to_the_field(client, resident, name, message):
    client.force_login(resident)

    response = client.post(PROFILE, {"display_name": name})

    assert response.status_code == 400
    assert field_errors(response) == [message]
    resident.refresh_from_db()
    assert resident.display_name == "Camille"


@pytest.mark.parametrize(("name", "stored"), GOOD_NAMES)
def test_the_profile_keeps_real_names_normalised(client, resident, name, stored):
    client.force_login(resident)

    response = client.post(PROFILE, {"display_name": name})

    assert response.status_code == 302, response.content.decode()[:3000]
    resident.refresh_from_db()
    assert resident.display_name == stored


def test_the_town_s_own_name_is_reserved_whatever_it_is(client, resident, settings):
    client.force_login(resident)
    # Another town's name is anyone's.
    assert client.post(PROFILE, {"display_name": "Saint-Aubin-sur-Loire"}).status_code == 302

    settings.PARVIS_TOWN = {**settings.PARVIS_TOWN, "name": "Saint-Aubin-sur-Loire"}

    for name in ["Saint-Aubin-sur-Loire", "SAINT AUBIN SUR LOIRE", "saint-aubin-sur-loire !"]:
        response = client.post(PROFILE, {"display_name": name})
        assert response.status_code == 400, name
        assert field_errors(response) == [reserved("Saint-Aubin-sur-Loire")]


def test_a_too_long_name_after_normalisation_is_refused(client, resident):
    # One character that NFKC turns into 18: 5 of them are 90 characters once normalised.
    client.force_login(resident)

    response = client.post(PROFILE, {"display_name": "\ufdfa" * 5})

    assert response.status_code == 400
    assert field_errors(response) == ["Ensure this value has at most 80 characters (it has 90)."]
    resident.refresh_from_db()
    assert resident.display_name == "Camille"


def test_the_back_office_refuses_the_same_names(client, administrator, resident):
    sign_in(client, administrator)
    url = f"/en/backoffice/accounts/user/{resident.pk}/change/"
    data = form_data(client.get(url).content.decode(), "user_form")

    data["display_name"] = "Mairie de Villeneuve"
    refused = client.post(url, data)
    data["display_name"] = "Cam\u202eille"
    reversed_ = client.post(url, data)
    data["display_name"] = "  Zoë   O’Neill "
    accepted = client.post(url, data)

    for response, message in ((refused, reserved("Mairie")), (reversed_, BIDI)):
        assert response.status_code == 400
        page = BeautifulSoup(response.content, "html.parser")
        assert message in " ".join(page.select_one(".field-display_name").get_text().split())
    assert accepted.status_code == 302
    resident.refresh_from_db()
    assert resident.display_name == "Zoë O’Neill"


def test_the_service_refuses_what_the_forms_refuse(administrator, resident):
    resident.display_name = "Modérateur\u202e"

    with pytest.raises(ValidationError):
        user_update(user=resident, fields=["display_name"], actor=administrator)

    resident.refresh_from_db()
    assert resident.display_name == "Camille"


def test_every_name_of_the_demo_town_is_accepted_as_it_is():
    names = [account.display_name for account in people.ACCOUNTS]
    names += [voice.display_name for voice in people.VOICES]
    names += [n.councillor.display_name for n in content.NEIGHBOURHOODS if n.councillor]
    names.append(content.TRAM_LEAD.display_name)
    assert len(names) > 20

    assert [display_name_clean(name) for name in names] == names


def test_the_migration_cleans_the_names_saved_before():
    migration = importlib.import_module("parvis.accounts.migrations.0004_display_names_cleaned")
    saved = {
        "a@example.org": "Cam\u202eille",
        "b@example.org": "\u3164",
        "c@example.org": "Camille\nM.",
        "d@example.org": "  Zoë \u00a0 O’Neill ",
        "e@example.org": "Nguyễn Văn An",
        "f@example.org": "Mairie de Villeneuve",
        "g@example.org": "",
    }
    for email, name in saved.items():
        make_user(email, display_name=name)

    migration.clean_display_names(apps, None)

    assert dict(User.objects.values_list("email", "display_name")) == {
        "a@example.org": "",
        "b@example.org": "",
        "c@example.org": "",
        "d@example.org": "Zoë O’Neill",
        "e@example.org": "Nguyễn Văn An",
        # A reserved word may be a real surname: moderators decide.
        "f@example.org": "Mairie de Villeneuve",
        "g@example.org": "",
    }
