"""Spaces with a councillor, categories and suggestions for the tests, made through the
services as residents and officials would."""

from __future__ import annotations

from typing import Any

from conftest import make_user
from parvis.spaces.models import MemberRole
from parvis.spaces.tests.factories import make_member, make_space
from parvis.suggestions import services
from parvis.suggestions.models import Category, Suggestion

#: A point inside the test town (settings.MAP_BOUNDS).
INSIDE = (46.81, 1.69)


def make_category(slug: str = "cadre-de-vie", name: str = "Cadre de vie") -> Category:
    return Category.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def make_neighbourhood(slug: str = "centre-ville", **fields: Any):
    """A neighbourhood and its councillor (a resident without any staff role)."""
    space = make_space(slug, **fields)
    councillor = make_user(f"elu.{slug}@example.org", display_name=f"Élu {slug}")
    make_member(
        space,
        councillor,
        MemberRole.COUNCILLOR,
        title=f"Conseillère du quartier {slug}",
        public_name="Hélène Garnier",
    )
    return space, councillor


def make_suggestion(author: Any, space: Any, title: str = "Des bancs", **fields: Any) -> Suggestion:
    fields.setdefault("category", make_category())
    fields.setdefault("text", "Quelques bancs le long de l'avenue.")
    return services.suggestion_submit(author=author, space=space, title=title, **fields)
