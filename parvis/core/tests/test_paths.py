"""Objects' paths are reversed once and then filled in (`parvis.core.paths`): the same
paths as `reverse()`, in each language."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from parvis.core.paths import object_path, page_path_in


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_path_is_the_one_reverse_gives_in_each_language(language):
    with translation.override(language):
        paths = [
            object_path("spaces:detail", slug="vieux-bourg"),
            object_path("spaces:detail", slug="centre-ville"),
            object_path("spaces:page", slug="vieux-bourg", page_slug="histoire"),
            object_path("news:announcement", pk=42),
        ]
        expected = [
            reverse("spaces:detail", kwargs={"slug": "vieux-bourg"}),
            reverse("spaces:detail", kwargs={"slug": "centre-ville"}),
            reverse("spaces:page", kwargs={"slug": "vieux-bourg", "page_slug": "histoire"}),
            reverse("news:announcement", kwargs={"pk": 42}),
        ]

    prefix = "/en" if language == "en" else ""
    assert (
        paths
        == expected
        == [
            f"{prefix}/spaces/vieux-bourg/",
            f"{prefix}/spaces/centre-ville/",
            f"{prefix}/spaces/vieux-bourg/pages/histoire/",
            f"{prefix}/announcements/42/",
        ]
    )


def test_a_value_the_route_does_not_take_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        object_path("spaces:detail", slug="vieux bourg/../admin")


@pytest.mark.django_db
def test_a_pages_alternates_and_language_menu_name_it_in_each_language(client, settings):
    site = settings.SITE_URL
    page = client.get("/en/news/?page=1&utm_source=x", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'<link rel="alternate" hreflang="fr" href="{site}/news/">' in page
    assert f'<link rel="alternate" hreflang="en" href="{site}/en/news/">' in page
    assert f'<link rel="alternate" hreflang="x-default" href="{site}/news/">' in page
    assert '<a href="/news/?page=1&amp;utm_source=x" hreflang="fr" lang="fr">Français</a>' in page


def test_a_path_that_names_no_page_has_no_version_in_another_language(rf):
    request = rf.get("/en/nowhere/")
    request.resolver_match = None

    assert page_path_in(request, "fr") is None
