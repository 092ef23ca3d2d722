"""The back office speaks French by default and carries the town's name and logo."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from parvis.accounts.tests.helpers import sign_in


@pytest.mark.django_db
def test_the_back_office_is_in_french_by_default(client, administrator):
    sign_in(client, administrator)
    with translation.override("fr"):
        recent_fr = gettext("Recent actions")
    with translation.override("en"):
        recent_en = gettext("Recent actions")
    assert recent_fr != recent_en  # Django's admin ships its French catalogue

    french = client.get("/backoffice/").content.decode()
    english = client.get("/en/backoffice/").content.decode()

    assert '<html lang="fr"' in french
    assert recent_fr in french
    assert recent_en not in french
    assert '<html lang="en"' in english
    assert recent_en in english


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("logo", "src"),
    [
        ("parvis/img/town-logo.svg", "/static/parvis/img/town-logo.svg"),
        ("https://cdn.saint-test.example/blason.png", "https://cdn.saint-test.example/blason.png"),
    ],
)
def test_the_back_office_shows_the_towns_name_and_logo(client, administrator, settings, logo, src):
    settings.PARVIS_TOWN = {**settings.PARVIS_TOWN, "name": "Saint-Test-sur-Mer", "logo": logo}
    sign_in(client, administrator)

    html = client.get("/backoffice/").content.decode()

    assert "<title>" in html
    assert "Saint-Test-sur-Mer</title>" in html
    assert '<div id="site-name">' in html
    header = html.split('<div id="site-name">', 1)[1].split("</div>", 1)[0]
    assert "Saint-Test-sur-Mer" in header
    assert f'<img src="{src}"' in header
    assert "Villeneuve-du-Parvis" not in html
