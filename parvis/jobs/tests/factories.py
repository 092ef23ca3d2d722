"""Job offers and applications for the tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from parvis.core.tests.documents import PDF
from parvis.core.uploads import check_document
from parvis.jobs.models import Application, Offer
from parvis.jobs.services import application_submit, offer_save


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


def make_application(offer: Offer | None = None, **fields: Any) -> Application:
    """An application sent through the service, with a small PDF as its CV."""
    fields.setdefault("first_name", "Camille")
    fields.setdefault("last_name", "Martin")
    fields.setdefault("email", "camille@example.org")
    fields.setdefault("letter_text", "Je souhaite rejoindre vos équipes.")
    fields.setdefault("consent", True)
    fields.setdefault("cv", check_document(SimpleUploadedFile("cv.pdf", PDF)))
    application, _secret = application_submit(offer=offer, **fields)
    return application
