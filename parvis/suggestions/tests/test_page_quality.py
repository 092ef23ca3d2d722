"""The suggestion pages as tools read them: valid HTML (the W3C Nu validator, in one run)
with no skipped heading level, signed in as an official (the answer form) or not, and their
structured data (extruct): a suggestion is a DiscussionForumPosting whose official answers
are Comments signed with a name and a function; every page has its BreadcrumbList, in
French and in English."""

from __future__ import annotations

import pytest
from extruct import extract

from parvis.suggestions import services
from parvis.suggestions.tests.factories import make_neighbourhood, make_suggestion
from tests.test_html_validity import describe, heading_skips, validate

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


@pytest.fixture
def answered(resident):
    space, councillor = make_neighbourhood("vieux-bourg")
    suggestion = make_suggestion(
        resident, space, title="Des bancs", lat=46.81, lon=1.69, address_text=""
    )
    services.suggestion_answer(
        suggestion=suggestion, actor=councillor, text="Nous étudions.", to_status="under_study"
    )
    return suggestion, councillor


def pages(suggestion) -> dict[str, tuple[str, list[str]]]:
    slug = suggestion.space.slug
    return {
        "suggestions": ("/suggestions/", ["BreadcrumbList"]),
        "space-suggestions": (f"/spaces/{slug}/suggestions/", ["BreadcrumbList"]),
        "suggestion": (
            f"/suggestions/{suggestion.pk}/",
            ["DiscussionForumPosting", "BreadcrumbList"],
        ),
    }


def test_the_suggestion_pages_are_valid_html(client, answered, resident, tmp_path):
    suggestion, councillor = answered
    html = {}
    for name, (path, _types) in pages(suggestion).items():
        for prefix in ("", "/en"):
            response = client.get(prefix + path)
            assert response.status_code == 200, path
            html[f"{name}{prefix.replace('/', '-')}"] = response.content.decode()
    client.force_login(councillor)
    html["suggestion-official"] = client.get(f"/en/suggestions/{suggestion.pk}/").content.decode()
    client.force_login(resident)
    html["suggestion-form"] = client.get(
        f"/en/spaces/{suggestion.space.slug}/suggestions/new/"
    ).content.decode()
    html["space-section"] = client.get(f"/en/spaces/{suggestion.space.slug}/").content.decode()
    for name, text in html.items():
        (tmp_path / f"{name}.html").write_text(text, encoding="utf-8")
    errors = validate(tmp_path)
    assert errors == [], "\n" + describe(errors)
    assert {name: heading_skips(text) for name, text in html.items() if heading_skips(text)} == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_suggestion_pages_describe_themselves(client, answered, prefix):
    suggestion, _councillor = answered
    for path, types in pages(suggestion).values():
        html = client.get(prefix + path).content.decode()
        data = extract(html, base_url=SITE + prefix + path, syntaxes=["json-ld", "opengraph"])
        assert sorted(item["@type"] for item in data["json-ld"]) == sorted(types), path
        trail = next(item for item in data["json-ld"] if item["@type"] == "BreadcrumbList")
        assert all(element["item"].startswith("http") for element in trail["itemListElement"])
    html = client.get(f"{prefix}/suggestions/{suggestion.pk}/").content.decode()
    data = extract(html, base_url=SITE, syntaxes=["json-ld", "opengraph"])
    posting = next(i for i in data["json-ld"] if i["@type"] == "DiscussionForumPosting")
    assert posting["comment"][0]["@type"] == "Comment"
    assert posting["comment"][0]["author"]["jobTitle"] == "Conseillère du quartier vieux-bourg"
    assert posting["contentLocation"]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 46.81,
        "longitude": 1.69,
    }
    properties = dict(data["opengraph"][0]["properties"])
    assert properties["og:type"] == "article"
    assert properties["og:title"].startswith("Des bancs")
