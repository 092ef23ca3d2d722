"""The HTTP answer of an invoice's PDF (the invoice or its receipt), for guardians and staff:
downloaded, never kept by a shared cache."""

from __future__ import annotations

from django.http import HttpResponse

from parvis.family.models import Invoice


def pdf_response(content: bytes, invoice: Invoice, *, receipt: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    name = f"{'recu' if receipt else 'facture'}-{invoice.number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
