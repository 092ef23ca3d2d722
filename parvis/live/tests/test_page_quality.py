"""Every page type of live sessions, read as search engines and link previews read it
(extruct: the JSON-LD types, OpenGraph, canonical addresses), and checked by the W3C Nu
validator with no heading skipping a level; the pages signed-in people see too (forms)."""

from __future__ import annotations

import pytest

from parvis.live.models import Answer, SessionState
from parvis.live.tests.factories import official_create, question_create, session_create
from parvis.spaces.models import Space, SpaceKind
from tests.test_html_validity import describe, heading_skips, validate
from tests.test_structured_data import SITE, english, og, read

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(resident, moderator):
    space = Space.objects.create(kind=SpaceKind.PROJECT, slug="tram", name="Tram T1")
    official = official_create(space)
    live = session_create(space, officials=[official], moderators=[moderator])
    done = session_create(space, state=SessionState.PUBLISHED, title="Le dépôt du tram")
    for session in (live, done):
        question = question_create(session, resident, text="Quand ?", votes=3)
        Answer.objects.create(question=question, official_name="Jeanne Martin", text="En mars.")
    question_create(live, resident, text="En attente", status="pending")
    return {"live": live, "done": done, "official": official, "moderator": moderator}


def pages(sessions) -> dict[str, tuple[str, list[str], str]]:
    live, done = sessions["live"].pk, sessions["done"].pk
    return {
        "list": ("/live/", ["BreadcrumbList"], "website"),
        "session": (f"/live/{live}/", ["Event", "BreadcrumbList"], "website"),
        "session by time": (f"/live/{live}/?order=time", ["Event", "BreadcrumbList"], "website"),
        "published session": (f"/live/{done}/", ["Event", "BreadcrumbList"], "website"),
        "transcript": (f"/live/{done}/transcript/", ["WebPage", "BreadcrumbList"], "article"),
    }


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_live_page_describes_itself(client, sessions, language):
    for name, (french, types, og_type) in pages(sessions).items():
        path = french if language == "fr" else english(french)
        soup, data = read(client, path)
        assert [block["@type"] for block in data["json-ld"]] == types, name
        tags = og(data)
        assert tags["og:type"] == [og_type], name
        assert len(tags["og:title"]) == 1 and tags["og:title"][0]
        assert len(tags["og:description"]) == 1 and tags["og:description"][0]
        canonical = [link["href"] for link in soup.select('link[rel="canonical"]')]
        assert canonical == [SITE + path.split("?")[0]], name


def test_every_live_page_is_valid_html_and_its_headings_skip_no_level(
    client, sessions, resident, tmp_path
):
    live = sessions["live"].pk
    visits = [(None, path) for path, _t, _o in pages(sessions).values()]
    visits += [
        (resident, f"/live/{live}/"),
        (sessions["official"], f"/live/{live}/"),
        (sessions["moderator"], f"/live/{live}/queue/"),
    ]
    for n, (user, path) in enumerate(visits):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        response = client.get(english(path))
        assert response.status_code == 200, path
        html = response.content.decode()
        (tmp_path / f"page-{n}.html").write_text(html, encoding="utf-8")
        assert heading_skips(html) == [], path
    errors = validate(tmp_path)
    assert errors == [], "\n" + describe(errors)
