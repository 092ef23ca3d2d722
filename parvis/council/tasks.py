"""The worker's part of the council: reading the text of an uploaded PDF
(`services.document_extract`), never done in the request that uploads it."""

from __future__ import annotations

from django_tasks import task

from parvis.council.services import document_extract


@task()
def extract_document_text(document_id: int) -> str:
    """Read the text of document `document_id` and index it; its extraction status after."""
    return document_extract(document_id=document_id)
