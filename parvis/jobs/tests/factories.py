"""Job offers for the tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from parvis.jobs.models import Offer
from parvis.jobs.services import offer_save


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def make_offer(slug: str = "agent-espaces-verts", **fields: Any) -> Offer:
    fields.setdefault("title", slug.replace("-", " ").capitalize())
    fields.setdefault("reference", f"2026-RH-{slug[:20]}")
    fields.setdefault("department", "Espaces verts")
    fields.setdefault("category", "C")
    fields.setdefault("framework", "Technique — adjoints techniques")
    fields.setdefault("contract_type", "civil_servant")
    fields.setdefault("place", "Centre technique municipal")
    fields.setdefault("description", "Entretien des parcs et jardins.")
    fields.setdefault("profile", "Goût du travail en extérieur.")
    fields.setdefault("published_on", days(-3))
    fields.setdefault("closes_on", days(20))
    fields.setdefault("is_published", True)
    return offer_save(offer=Offer(slug=slug, **fields), actor=None)
