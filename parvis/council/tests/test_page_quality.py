"""The council's public pages as tools read them: valid HTML (the W3C Nu validator, in one
run) with no skipped heading level, and their structured data (extruct): a meeting is an
Event, every page has its BreadcrumbList, in French and in English. Deliberations have no
schema.org type that fits a local council's decision (Legislation is for laws), so their
pages carry their trail only."""

from __future__ import annotations

import pytest
from extruct import extract

from parvis.council.tests.test_pages import council, town  # noqa: F401 (fixtures)
from tests.test_html_validity import describe, heading_skips, validate

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


def pages(meeting_pk: int) -> dict[str, tuple[str, list[str]]]:
    return {
        "council-home": ("/council/", ["BreadcrumbList"]),
        "council-meeting": (f"/council/meetings/{meeting_pk}/", ["Event", "BreadcrumbList"]),
        "council-archive": ("/council/deliberations/2025/", ["BreadcrumbList"]),
        "council-deliberation": ("/council/deliberations/2025-001/", ["BreadcrumbList"]),
    }


def test_the_council_pages_are_valid_html(client, council, tmp_path):  # noqa: F811
    html = {}
    for name, (path, _types) in pages(council.pk).items():
        for prefix in ("", "/en"):
            response = client.get(prefix + path)
            assert response.status_code == 200, path
            html[f"{name}{prefix.replace('/', '-')}"] = response.content.decode()
    for name, text in html.items():
        (tmp_path / f"{name}.html").write_text(text, encoding="utf-8")
    errors = validate(tmp_path)
    assert errors == [], "\n" + describe(errors)
    assert {name: heading_skips(text) for name, text in html.items() if heading_skips(text)} == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_council_pages_describe_themselves(client, council, prefix):  # noqa: F811
    for path, types in pages(council.pk).values():
        html = client.get(prefix + path).content.decode()
        data = extract(html, base_url=SITE + prefix + path, syntaxes=["json-ld"])
        assert sorted(item["@type"] for item in data["json-ld"]) == sorted(types), path
        trail = next(item for item in data["json-ld"] if item["@type"] == "BreadcrumbList")
        assert all(element["item"].startswith("http") for element in trail["itemListElement"]), path
