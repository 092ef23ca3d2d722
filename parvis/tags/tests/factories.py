"""Tags and what reads them, for the tags tests: made through the services, as staff would."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from parvis.core.models import AuditEntry
from parvis.tags.models import Tag
from parvis.tags.services import tag_save


def make_tag(name: str = "Travaux", slug: str = "travaux", *, actor: Any = None) -> Tag:
    return tag_save(tag=Tag(name=name, slug=slug), actor=actor)


def audit_of(tag_id: int) -> list[tuple[str, str | None, str, dict]]:
    """The audit trail of one tag: (action, actor's e-mail, name recorded, details), oldest first."""
    entries = AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Tag), target_id=str(tag_id)
    ).order_by("pk")
    return [
        (entry.action, entry.actor.email if entry.actor else None, entry.target_repr, entry.data)
        for entry in entries.select_related("actor")
    ]


def found(client: Client, words: str) -> list[str]:
    """The addresses the site search gives for `words`, as a visitor sees them, sorted."""
    page = BeautifulSoup(client.get("/search/", {"q": words}).content, "html.parser")
    return sorted(a["href"] for a in page.select(".search-result__title a"))
