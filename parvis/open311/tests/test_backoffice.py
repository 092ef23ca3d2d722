"""API keys in the back office: an administrator makes one, sees it once, turns it off."""

from __future__ import annotations

import re

import pytest

from parvis.accounts.tests.helpers import sign_in
from parvis.open311.models import ApiKey
from parvis.open311.services import api_key_use, hash_key

pytestmark = pytest.mark.django_db


def test_an_administrator_makes_a_key_shown_once(client, administrator):
    sign_in(client, administrator)
    response = client.post(
        "/backoffice/open311/apikey/add/", {"name": "Appli Quartiers"}, follow=True
    )
    assert response.status_code == 200
    text = response.content.decode()
    found = re.search(r"La clé de Appli Quartiers est ([-_A-Za-z0-9]{43})", text)
    assert found is not None
    raw = found.group(1)
    key = ApiKey.objects.get()
    assert (key.name, key.prefix, key.is_active) == ("Appli Quartiers", raw[:8], True)
    assert key.key_hash == hash_key(raw) and raw not in key.key_hash
    assert api_key_use(raw) == key

    page = client.get(f"/backoffice/open311/apikey/{key.pk}/change/").content.decode()
    assert raw not in page and raw[:8] in page
    response = client.post(f"/backoffice/open311/apikey/{key.pk}/change/", {"name": "Appli"})
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.is_active is False
    assert api_key_use(raw) is None


def test_a_resident_cannot_see_the_keys(client, resident):
    sign_in(client, resident)
    response = client.get("/backoffice/open311/apikey/")
    assert response.status_code in (302, 403)
