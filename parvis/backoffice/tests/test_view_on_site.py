"""The back office's "view on site" shortcut redirects only those who may see the object
(issue 7, item 3).

`/backoffice/r/<content type>/<id>/` redirects to the object's public address. Before,
Django's own shortcut answered every staff role alike, so a moderator or an elected official
learnt the address (the slug) of a draft article they may not open; now they get the same
404 as for an object that does not exist. Checked against the old code: the moderator's,
the elected official's and the HR officer's cases answered 302 to /actualites/….
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.contenttypes.models import ContentType

from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.news.models import Article
from parvis.news.tests.factories import make_article

pytestmark = pytest.mark.django_db

DRAFT_SLUG = "new-swimming-pool-budget"


def shortcut_url(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return f"/backoffice/r/{content_type.pk}/{obj.pk}/"


@pytest.mark.parametrize(
    ("role", "redirected"),
    [
        # Those who write and publish news: they may open the draft in the back office.
        (Role.COMMUNICATION_OFFICER, True),
        (Role.ADMINISTRATOR, True),
        # Staff with no permission on news articles.
        (Role.MODERATOR, False),
        (Role.ELECTED_OFFICIAL, False),
        (Role.HR_OFFICER, False),
        (Role.FAMILY_SERVICES_OFFICER, False),
        (Role.TECHNICAL_SERVICES_OFFICER, False),
    ],
)
def test_only_roles_that_may_see_a_draft_are_sent_to_its_address(
    client, staff_member, role, redirected
):
    draft = make_article(DRAFT_SLUG, publish=False)
    sign_in(client, staff_member(role))

    response = client.get(shortcut_url(draft))

    if redirected:
        assert response.status_code == 302
        assert response["Location"].endswith(draft.get_absolute_url())
    else:
        assert response.status_code == 404
        assert "Location" not in response
        assert DRAFT_SLUG not in response.content.decode()


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.COMMUNICATION_OFFICER])
def test_a_missing_object_and_a_hidden_one_answer_alike(client, staff_member, role):
    draft = make_article(DRAFT_SLUG, publish=False)
    content_type = ContentType.objects.get_for_model(Article)
    sign_in(client, staff_member(role))

    missing = client.get(f"/backoffice/r/{content_type.pk}/{draft.pk + 1000}/")
    nonsense = client.get(f"/backoffice/r/{content_type.pk}/not-a-number/")
    unknown_type = client.get("/backoffice/r/999999/1/")

    assert (missing.status_code, nonsense.status_code, unknown_type.status_code) == (404, 404, 404)


def test_signing_in_is_still_asked_first(client):
    draft = make_article(DRAFT_SLUG, publish=False)
    url = shortcut_url(draft)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(url, safe='')}"
